/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-libvirt.c: armcpu libvirt [--probe] [--fragment] GUEST.xml
 */
#include "cli.h"

#include "cmd-guest.h"

#include <stdio.h>

static gboolean probe;
static gboolean fragment;

static const GOptionEntry entries[] = {
    {"probe", 0, 0, G_OPTION_ARG_NONE, &probe,
     "Check against this machine's QEMU (cache or probe); default: offline unless --host", NULL},
    {"fragment", 0, 0, G_OPTION_ARG_NONE, &fragment,
     "For a <domain> input too, print only the <cpu> and <qemu:commandline> to paste", NULL},
    G_OPTION_ENTRY_NULL,
};

static int
run(CliContext *ctx, int argc, char **argv)
{
    int rc = cli_parse_options(ctx, &cli_cmd_libvirt, entries, &argc, &argv);
    g_autoptr(CliGuestJob) job = NULL;
    g_autoptr(ArmcpuLibvirtBridge) bridge = NULL;
    g_autoptr(GError) err = NULL;
    g_autofree char *data = NULL;
    g_autofree char *out = NULL;
    gsize len = 0;
    gboolean json;

    if (rc >= 0 || (rc = cli_expect_args(&cli_cmd_libvirt, argc, 1, 1)) >= 0)
        return rc;
    job = cli_guest_job_open(ctx, argv[1], !probe && !ctx->host_file, &rc);
    if (!job)
        return rc;
    json = cli_format(ctx, CLI_FORMAT_XML) == CLI_FORMAT_JSON;
    bridge = armcpu_libvirt_bridge(job->cpu, job->reg, job->host, job->report, &err);
    if (json) {
        out = armcpu_libvirt_bridge_to_json(bridge, job->file, job->host, job->report);
        cli_print_json(out);
        if (!bridge && !g_error_matches(err, ARMCPU_LIBVIRT_ERROR, ARMCPU_LIBVIRT_ERROR_INVALID))
            cli_error("%s", err->message);
        return bridge ? CLI_EXIT_OK : CLI_EXIT_NEGATIVE;
    }
    cli_print_problems(job->report);
    if (!bridge) {
        if (!g_error_matches(err, ARMCPU_LIBVIRT_ERROR, ARMCPU_LIBVIRT_ERROR_INVALID))
            cli_error("%s", err->message);
        return CLI_EXIT_NEGATIVE;
    }
    if (fragment) {
        out = armcpu_libvirt_bridge_format(bridge);
    } else {
        if (!g_file_get_contents(job->file, &data, &len, &err)) {
            cli_error("%s", err->message);
            return CLI_EXIT_USAGE;
        }
        out = armcpu_libvirt_bridge_apply(bridge, data, len, job->file, &err);
        if (!out) {
            cli_error("%s", err->message);
            return CLI_EXIT_USAGE;
        }
    }
    fputs(out, stdout);
    return CLI_EXIT_OK;
}

const CliCommand cli_cmd_libvirt = {
    .name = "libvirt",
    .args = "GUEST.xml",
    .summary = "XML for today's libvirt: <cpu> + <qemu:commandline> -global options",
    .description =
        "libvirt 9.0 drops <feature value=...> and knows only sve and sve128...sve2048 on\n"
        "aarch64. This prints the same CPU in a form it takes: a <cpu> with those features\n"
        "(require = on, disable = off), and every other option as\n"
        "  -global <cpu-type>.<name>=<value>   (host-arm-cpu, max-arm-cpu, <model>-arm-cpu)\n"
        "in a <qemu:commandline> that declares the qemu namespace itself. For a <domain>\n"
        "input the whole domain is printed with both merged in; for a <cpu> input, the\n"
        "two elements to paste. Offline (define-time checks) unless --host or --probe.\n\n"
        "Example:\n"
        "  armcpu libvirt examples/guest-sve-max-vq.xml\n\n"
        "Exit status: 0 printed, 1 invalid guest, 2 unreadable document, 3 no host.",
    .has_xml = TRUE,
    .takes_guest = TRUE,
    .run = run,
};
