# the SYSREG QEMU defines none of the named models
--host examples/hosts/grace-sysreg.xml models
