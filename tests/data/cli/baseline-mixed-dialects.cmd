# a named-dialect and a SYSREG-dialect Grace: the same CPU; fields the SYSREG
# QEMU cannot set are left to each host's own value
baseline examples/hosts/grace.xml examples/hosts/grace-sysreg.xml
