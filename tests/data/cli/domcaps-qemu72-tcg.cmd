# real QEMU 7.2 under TCG: host-passthrough unsupported; sve-max-vq stays a range
--host tests/data/cli/hosts/qemu72-tcg.xml domcapabilities
