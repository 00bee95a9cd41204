baseline examples/hosts/graviton3.xml examples/hosts/grace-sysreg.xml
