# the named model's every value Altra cannot give, with its supported values
--host examples/hosts/altra.xml compare tests/data/cli/guests/grace-v1.xml
