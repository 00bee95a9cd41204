# a SYSREG guest naming fields KVM does not let userspace write (RAS): errors
--host examples/hosts/grace-sysreg.xml cmdline tests/data/cli/guests/sysreg-for-named.xml
