# ... and invalid on Altra: RAS fixed at 1.0 there; the optional SHA3 dropped
--host examples/hosts/altra.xml validate examples/guest-grace.xml
