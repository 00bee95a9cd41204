# Altra has no SVE: sve=off pinned; RAS is not KVM-writable, so Grace's 1.1_base
# and Altra's 1.0 have no common value: reported, left out, exit 1
baseline examples/hosts/grace.xml examples/hosts/graviton3.xml examples/hosts/altra.xml
