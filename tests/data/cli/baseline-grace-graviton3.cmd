# keeps SVE (sve not pinned), lowers feat_PMU to v3p4 and feat_PAN to pan2, names the limiting host;
# the MIDR fields (cpu_*) are fixed per host and differ: reported, left out, exit 1
baseline examples/hosts/grace.xml examples/hosts/graviton3.xml
