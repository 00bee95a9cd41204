# --accel tcg picks the TCG sections of the same documents
--accel tcg baseline examples/hosts/grace.xml tests/data/cli/hosts/qemu72-tcg.xml
