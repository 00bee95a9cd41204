# a guest valid on Graviton3 until --feature asks for values the host cannot give
--host examples/hosts/graviton3.xml validate --feature hw_prop_WRPs=6 --feature feat_RAS=2.0 examples/guest-pinned.xml
