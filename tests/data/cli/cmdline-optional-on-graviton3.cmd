# feat_PMU=v3p5 dropped (Graviton3 has v3p4), feat_SHA3 applied, sve without value: nothing
--host examples/hosts/graviton3.xml cmdline tests/data/cli/guests/optional.xml
