# raw SYSREG values -> named values; the RAS pair joins into feat_RAS=1.1_base
--host examples/hosts/grace.xml cmdline tests/data/cli/guests/sysreg-for-named.xml
