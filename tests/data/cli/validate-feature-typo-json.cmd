# a mistyped --feature name gets the closest property
--format json validate --offline --feature feat_RASS=2.0 examples/guest-grace.xml
