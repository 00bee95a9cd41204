# the typed (query-cpu-props-info) and the string dialect of the same Grace agree
baseline examples/hosts/grace.xml examples/hosts/grace-typed.xml
