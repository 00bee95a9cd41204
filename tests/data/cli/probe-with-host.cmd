# probe asks the local QEMU: --host is a usage error
--host examples/hosts/grace.xml probe
