# the guest's feat_PMU replaces the model's: not a blocker any more
--host examples/hosts/graviton3.xml validate tests/data/cli/guests/neoverse-v2-pmu-lowered.xml
