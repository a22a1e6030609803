# the boot test's inittab (tests/cmd_init.sh): every command, then the
# supervision itself: a respawn back-off, a TCP connection netmoon sees on lo
# (and the full netmoon, whose process resolver, without the sock_diag modules
# here, reads /proc/net), orphans init must reap, and a SIGTERM to PID 1 that
# powers the machine off
wait    rt_test a "b c"
wait    cat /proc/version
wait    hexdump -n 32 /init
wait    ls /
wait    stat /init
wait    sysinfo
respawn boothelp crash
once    netmoon -i lo -b -I 10 --duration 4 -e 0 -Z 65534
once    netmoon-full -i lo --json --duration 4 -e 0 -Z 65534 tcp port 5000
sleep   1.5
wait    boothelp status netmoon
wait    boothelp tcp 5000 100000
wait    boothelp orphans 20
sleep   3
wait    boothelp zombies
wait    netmoon -i lo --sandbox-selftest
wait    boothelp kill 1 15
sleep   30
