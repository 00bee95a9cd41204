# a --feature value is checked like a document's: a comma never reaches -cpu
cmdline --offline --feature 'sve=off,x-y=1' examples/guest-grace.xml
