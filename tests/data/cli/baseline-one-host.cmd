# one host is no fleet: usage error
baseline examples/hosts/grace.xml
