/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * armcpu-example.c: libarmcpu from a program of your own.
 *
 * Probes this host's QEMU (or reads a saved host capabilities document),
 * validates a guest CPU against it and prints the guest's -cpu argument: what
 * `armcpu cmdline` does, with only the public API. Build it against an
 * installed libarmcpu:
 *
 *   cc -o armcpu-example armcpu-example.c $(pkg-config --cflags --libs armcpu)
 *   ./armcpu-example --host examples/hosts/grace.xml examples/guest-grace.xml
 *   -cpu host,feat_RAS=1.1_base,hw_prop_WRPs=2,feat_AES=pmull,feat_SHA3=on,sve=off
 *
 * usage: armcpu-example [--host CAPS.xml] [--emulator QEMU] GUEST.xml
 * Exit status as armcpu(1): 0 printed, 1 invalid guest, 2 bad usage or input,
 * 3 environment failure (no registry, QEMU missing, probe failed).
 */
#include <armcpu/armcpu.h>

#include <stdio.h>
#include <string.h>

static int
usage(void)
{
    fprintf(stderr, "usage: armcpu-example [--host CAPS.xml] [--emulator QEMU] GUEST.xml\n");
    return 2;
}

int
main(int argc, char **argv)
{
    const char *host_file = NULL, *emulator = NULL, *guest_file = NULL;
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuRegistry) reg = NULL;
    g_autoptr(ArmcpuReport) report = NULL;
    g_autoptr(ArmcpuGuestCpu) cpu = NULL;
    g_autoptr(ArmcpuHostCaps) caps = NULL;
    g_autofree char *problems = NULL;
    g_autofree char *cpu_arg = NULL;
    const ArmcpuAccelCaps *host;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--host") == 0 && i + 1 < argc)
            host_file = argv[++i];
        else if (strcmp(argv[i], "--emulator") == 0 && i + 1 < argc)
            emulator = argv[++i];
        else if (argv[i][0] != '-' && !guest_file)
            guest_file = argv[i];
        else
            return usage();
    }
    if (!guest_file)
        return usage();

    /* The registry gives property names their meaning (installed data files). */
    reg = armcpu_registry_load_default(&err);
    if (!reg) {
        fprintf(stderr, "armcpu-example: %s\n", err->message);
        return 3;
    }

    /*
     * The guest. Problems inside a readable document go to the report (all of
     * them, with lines); only an unreadable document is a GError.
     */
    report = armcpu_report_new(guest_file);
    cpu = armcpu_guest_cpu_parse_file(guest_file, report, &err);
    if (!cpu) {
        fprintf(stderr, "armcpu-example: %s\n", err->message);
        return 2;
    }

    /* The host: a saved document, else the cache or a probe of QEMU. */
    if (host_file) {
        caps = armcpu_host_caps_parse_file(host_file, reg, &err);
        if (!caps) {
            fprintf(stderr, "armcpu-example: %s\n", err->message);
            return 2;
        }
    } else {
        gboolean from_cache = FALSE;
        caps = armcpu_host_caps_get(emulator, NULL, 0, 0, reg, &from_cache, &err);
        if (!caps) {
            fprintf(stderr, "armcpu-example: %s\n", err->message);
            return 3;
        }
    }

    /* The accelerator: the guest's <domain type>, else kvm when present, else tcg. */
    host = armcpu_host_caps_pick_accel(caps, armcpu_guest_cpu_accel(cpu), &err);
    if (!host) {
        fprintf(stderr, "armcpu-example: %s\n", err->message);
        return 3;
    }

    /* Validate against the host and build the -cpu argument in its dialect. */
    cpu_arg = armcpu_guest_cpu_cmdline(cpu, reg, host, report);
    problems = armcpu_report_format_text(report);
    fputs(problems, stderr);
    if (!cpu_arg)
        return 1;
    printf("-cpu %s\n", cpu_arg);
    return 0;
}
