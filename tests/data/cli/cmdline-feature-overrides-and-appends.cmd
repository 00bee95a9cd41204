# --feature replaces the document's feature where it stands and appends a new one
cmdline --offline --feature hw_prop_WRPs=4 --feature sve-max-vq=2 --feature sve=on examples/guest-grace.xml
