# Atomic=1 has no named value, LSUI no named property: errors, not guesses
--host examples/hosts/grace.xml cmdline tests/data/cli/guests/sysreg-unnamed-raw.xml
