# the same guest against the SYSREG-dialect Grace (translated to raw fields)
--host examples/hosts/grace-sysreg.xml compare tests/data/cli/guests/passthrough-lower.xml
