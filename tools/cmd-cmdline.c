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
        "  armcpu cmdline --offline examples/guest-pinned.xml\n"
        "  -cpu host,feat_AES=pmull,hw_prop_WRPs=2,feat_PAN=pan2\n"
        "  armcpu cmdline --offline --feature hw_prop_WRPs=3 --feature sve=off \\\n"
        "      examples/guest-pinned.xml\n"
        "  -cpu host,feat_AES=pmull,hw_prop_WRPs=3,feat_PAN=pan2,sve=off\n"
        "  armcpu --host examples/hosts/grace-sysreg.xml cmdline examples/guest-pinned.xml\n"
        "  -cpu host,SYSREG_ID_AA64ISAR0_EL1_AES=2,SYSREG_ID_AA64DFR0_EL1_WRPs=2,\n"
        "      SYSREG_ID_AA64MMFR1_EL1_PAN=2   (one line; the host's QEMU speaks SYSREG)\n\n"
        "Exit status: 0 printed, 1 invalid guest, 2 unreadable document, 3 no host.",
    .takes_guest = TRUE,
    .run = run,
};
