# feat_AES=pmull -> SYSREG_ID_AA64ISAR0_EL1_AES=2; feat_CSV2=1.0 -> two SYSREG fields
--host examples/hosts/grace-sysreg.xml cmdline tests/data/cli/guests/named-for-sysreg.xml
