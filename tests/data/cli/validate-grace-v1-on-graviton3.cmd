# a custom named model the host cannot run: each blocker with the model's value
--host examples/hosts/graviton3.xml validate tests/data/cli/guests/grace-v1.xml
