# a <domain type='kvm'> against a document without a KVM section
--host tests/data/cli/hosts/qemu72-tcg.xml validate examples/domain-grace.xml
