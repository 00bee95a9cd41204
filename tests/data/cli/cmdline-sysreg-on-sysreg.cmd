# a SYSREG guest on a SYSREG host: as written
--host examples/hosts/grace-sysreg.xml cmdline tests/data/cli/guests/sysreg-writable.xml
