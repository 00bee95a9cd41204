# the same host twice: nothing differs, nothing pinned, exit 0
baseline examples/hosts/grace.xml examples/hosts/grace.xml
