# validate has no XML output
--host examples/hosts/grace.xml --format xml validate examples/guest-grace.xml
