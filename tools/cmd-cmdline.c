/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-cmdline.c: armcpu cmdline [--offline] GUEST.xml
 */
#include "cli.h"

#include "cmd-guest.h"

#include <stdio.h>

static gboolean offline;

static const GOptionEntry entries[] = {
    {"offline", 0, 0, G_OPTION_ARG_NONE, &offline,
     "No host: define-time checks, optional features resolved as documented", NULL},
    G_OPTION_ENTRY_NULL,
};

static int
run(CliContext *ctx, int argc, char **argv)
{
    int rc = cli_parse_options(ctx, &cli_cmd_cmdline, entries, &argc, &argv);
    g_autoptr(CliGuestJob) job = NULL;
    g_autofree char *arg = NULL;

    if (rc >= 0 || (rc = cli_expect_args(&cli_cmd_cmdline, argc, 1, 1)) >= 0)
        return rc;
    job = cli_guest_job_open(ctx, argv[1], offline, &rc);
    if (!job)
        return rc;
    arg = armcpu_guest_cpu_cmdline(job->cpu, job->reg, job->host, job->report);
    if (cli_format(ctx, CLI_FORMAT_TEXT) == CLI_FORMAT_JSON) {
        cli_guest_job_print_json(job, arg != NULL, arg);
    } else {
        cli_print_problems(job->report);
        if (arg)
            printf("-cpu %s\n", arg);
    }
    return arg ? CLI_EXIT_OK : CLI_EXIT_NEGATIVE;
}

const CliCommand cli_cmd_cmdline = {
    .name = "cmdline",
    .args = "GUEST.xml",
    .summary = "Print the QEMU -cpu argument for a guest CPU (validates first)",
    .description =
        "Validates the guest (as 'validate' does), then prints -cpu MODEL,name=value,...\n"
        "Features keep document order. With a host, names and values are written in the\n"
        "dialect its QEMU speaks (feat_AES=pmull <-> SYSREG_ID_AA64ISAR0_EL1_AES=2).\n"
        "Offline, optional features with a value are emitted and flagged unchecked;\n"
        "optional features without a value are left out.\n\n"
        "Example:\n"
        "  armcpu cmdline --offline examples/guest-grace.xml\n"
        "  -cpu host,feat_RAS=1.1_base,hw_prop_WRPs=2\n\n"
        "Exit status: 0 printed, 1 invalid guest, 2 unreadable document, 3 no host.",
    .run = run,
};
