# forced values start, but a host that does not support them is no match
--host examples/hosts/graviton3.xml compare tests/data/cli/guests/force.xml
