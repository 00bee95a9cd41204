baseline examples/hosts/grace.xml tests/data/cli/hosts/no-such-host.xml
