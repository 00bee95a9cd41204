/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * inproc.c: in-process throughput of validate + -cpu for one guest against
 * one host, through the public API only.
 *
 * usage: bench-inproc HOST.xml GUEST.xml SECONDS [--with-parse]
 * The guest is parsed once and then validated and turned into -cpu over and
 * over (what a daemon holding a parsed definition does); --with-parse parses
 * the XML every time too.
 * Prints: "<ops> ops in <s> s: <ops/s> per second, <us> us each".
 */
#include <armcpu/armcpu.h>
#include <armcpu/guest.h>
#include <armcpu/hostcaps.h>
#include <armcpu/validate.h>

#include <stdio.h>
#include <stdlib.h>

int
main(int argc, char **argv)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuRegistry) reg = NULL;
    g_autoptr(ArmcpuHostCaps) caps = NULL;
    g_autofree char *guest = NULL;
    gsize len = 0;
    const ArmcpuAccelCaps *acc;
    double seconds, elapsed;
    gint64 start, ops = 0;

    gboolean with_parse = argc == 5 && g_str_equal(argv[4], "--with-parse");
    g_autoptr(ArmcpuGuestCpu) parsed = NULL;
    g_autoptr(ArmcpuReport) parse_report = NULL;

    if (argc != 4 && !with_parse) {
        fprintf(stderr, "usage: %s HOST.xml GUEST.xml SECONDS [--with-parse]\n", argv[0]);
        return 2;
    }
    seconds = atof(argv[3]);
    if (!(reg = armcpu_registry_load_default(&err)) ||
        !(caps = armcpu_host_caps_parse_file(argv[1], reg, &err)) ||
        !(acc = armcpu_host_caps_pick_accel(caps, ARMCPU_ACCEL_LAST, &err)) ||
        !g_file_get_contents(argv[2], &guest, &len, &err)) {
        fprintf(stderr, "bench-inproc: %s\n", err->message);
        return 1;
    }
    parse_report = armcpu_report_new(argv[2]);
    parsed = armcpu_guest_cpu_parse_string(guest, len, argv[2], parse_report, &err);
    if (!parsed) {
        fprintf(stderr, "bench-inproc: %s\n", err->message);
        return 1;
    }
    start = g_get_monotonic_time();
    do {
        for (int i = 0; i < 100; i++, ops++) {
            g_autoptr(ArmcpuReport) report = armcpu_report_new(argv[2]);
            g_autoptr(ArmcpuGuestCpu) fresh =
                with_parse ? armcpu_guest_cpu_parse_string(guest, len, argv[2], report, NULL)
                           : NULL;
            const ArmcpuGuestCpu *cpu = with_parse ? fresh : parsed;
            g_autofree char *arg = armcpu_guest_cpu_cmdline(cpu, reg, acc, report);
            if (!arg) {
                g_autofree char *text = armcpu_report_format_text(report);
                fprintf(stderr, "bench-inproc: the guest is not valid on this host:\n%s", text);
                return 1;
            }
        }
        elapsed = (double)(g_get_monotonic_time() - start) / 1e6;
    } while (elapsed < seconds);
    printf("%" G_GINT64_FORMAT " ops in %.2f s: %.0f per second, %.2f us each\n", ops, elapsed,
           (double)ops / elapsed, elapsed * 1e6 / (double)ops);
    return 0;
}
