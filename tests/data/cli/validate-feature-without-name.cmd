# --feature needs a property name
validate --offline --feature =2 examples/guest-grace.xml
