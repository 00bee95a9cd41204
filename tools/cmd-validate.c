/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-validate.c: armcpu validate [--offline] GUEST.xml
 */
#include "cli.h"

#include "cmd-guest.h"

#include <stdio.h>

static gboolean offline;

static const GOptionEntry entries[] = {
    {"offline", 0, 0, G_OPTION_ARG_NONE, &offline, "Define-time checks only: no host, no probe",
     NULL},
    G_OPTION_ENTRY_NULL,
};

static void
print_text(const ArmcpuReport *report, const char *file, gboolean valid, const char *scope)
{
    guint nerr = armcpu_report_count(report, ARMCPU_SEVERITY_ERROR);
    guint nwarn = armcpu_report_count(report, ARMCPU_SEVERITY_WARNING);
    g_autofree char *problems = armcpu_report_format_text(report);
    g_autofree char *warnings =
        nwarn ? g_strdup_printf(", %u warning%s", nwarn, nwarn == 1 ? "" : "s") : g_strdup("");

    fputs(problems, stdout);
    if (valid)
        printf("%s: valid (%s)%s\n", file, scope, warnings);
    else
        printf("%s: invalid (%s): %u error%s, %u warning%s\n", file, scope, nerr,
               nerr == 1 ? "" : "s", nwarn, nwarn == 1 ? "" : "s");
}

static int
run(CliContext *ctx, int argc, char **argv)
{
    int rc = cli_parse_options(ctx, &cli_cmd_validate, entries, &argc, &argv);
    g_autoptr(CliGuestJob) job = NULL;
    gboolean valid;

    if (rc >= 0 || (rc = cli_expect_args(&cli_cmd_validate, argc, 1, 1)) >= 0)
        return rc;
    job = cli_guest_job_open(ctx, argv[1], offline, &rc);
    if (!job)
        return rc;
    valid = armcpu_guest_cpu_validate(job->cpu, job->reg, job->host, job->report) &&
            !armcpu_report_has_errors(job->report);
    if (cli_format(ctx, CLI_FORMAT_TEXT) == CLI_FORMAT_JSON)
        cli_guest_job_print_json(job, valid, NULL);
    else
        print_text(job->report, argv[1], valid, job->scope);
    return valid ? CLI_EXIT_OK : CLI_EXIT_NEGATIVE;
}

const CliCommand cli_cmd_validate = {
    .name = "validate",
    .args = "GUEST.xml",
    .summary = "Check a guest CPU: define-time, and against the host unless --offline",
    .description =
        "Reports every problem with its line: names and values, duplicates, the policy x\n"
        "value rule, values against the registry's tables and, with a host, against the\n"
        "values the host's QEMU supports.\n\n"
        "Example:\n"
        "  armcpu validate --offline examples/guest-grace.xml\n"
        "  armcpu --host grace.xml validate examples/guest-grace.xml\n\n"
        "Exit status: 0 valid, 1 invalid, 2 unreadable document, 3 no host.",
    .takes_guest = TRUE,
    .run = run,
};
