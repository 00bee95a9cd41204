# no --cache-dir: $XDG_CACHE_HOME/armcpu
--emulator @FAKE_QEMU@ cache path
