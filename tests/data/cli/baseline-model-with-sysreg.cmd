# the SYSREG QEMU defines no named model: no model fits, given as host-passthrough, exit 1
baseline --model examples/hosts/grace.xml examples/hosts/grace-sysreg.xml
