# compare has no XML output
--host examples/hosts/grace.xml --format xml compare tests/data/cli/guests/passthrough.xml
