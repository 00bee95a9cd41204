# a guest document is not a host capabilities document
baseline examples/hosts/grace.xml examples/guest-grace.xml
