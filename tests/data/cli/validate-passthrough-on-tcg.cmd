# host-passthrough needs KVM; the 7.2 TCG host has none
--host tests/data/cli/hosts/qemu72-tcg.xml validate tests/data/cli/guests/passthrough.xml
