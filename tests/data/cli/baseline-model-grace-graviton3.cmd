# Grace and Graviton3: only kvm-base-v1 fits both (arm-v8_4-a-v1 sets RAS 1.0,
# which neither host can give), plus the features the baseline still needs
baseline --model examples/hosts/grace.xml examples/hosts/graviton3.xml
