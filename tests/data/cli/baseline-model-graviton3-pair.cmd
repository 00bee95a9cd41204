# two Graviton3 hosts: the richest named model they can run is graviton3-v1
baseline --model examples/hosts/graviton3.xml tests/data/cli/hosts/graviton3-b.xml
