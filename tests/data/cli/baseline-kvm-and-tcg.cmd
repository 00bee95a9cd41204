# a KVM host and a TCG-only host: host-passthrough is impossible on the second, so maximum
baseline examples/hosts/grace.xml tests/data/cli/hosts/qemu72-tcg.xml
