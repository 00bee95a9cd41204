/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-verify.c: armcpu verify GUEST.xml
 */
#include "cli.h"

#include "cmd-guest.h"

#include <stdio.h>

static int
run(CliContext *ctx, int argc, char **argv)
{
    int rc = cli_parse_options(ctx, &cli_cmd_verify, NULL, &argc, &argv);
    g_autoptr(CliGuestJob) job = NULL;
    g_autoptr(ArmcpuVerifyResult) result = NULL;
    g_autoptr(GError) err = NULL;
    g_autofree char *out = NULL;
    gboolean json;

    if (rc >= 0 || (rc = cli_expect_args(&cli_cmd_verify, argc, 1, 1)) >= 0)
        return rc;
    job = cli_guest_job_open(ctx, argv[1], FALSE, &rc);
    if (!job)
        return rc;
    json = cli_format(ctx, CLI_FORMAT_TEXT) == CLI_FORMAT_JSON;
    /*
     * Only --emulator (or qemu-system-aarch64 from PATH) is ever run: a --host
     * document may come from another machine, and the path it records must
     * never choose a program to execute here.
     */
    result = armcpu_verify(job->cpu, job->reg, job->host, ARMCPU_ACCEL_LAST, ctx->emulator,
                           (guint)ctx->timeout_sec * 1000, job->report, &err);
    if (!result && g_error_matches(err, ARMCPU_VERIFY_ERROR, ARMCPU_VERIFY_ERROR_INVALID)) {
        if (json) {
            out = armcpu_verify_result_to_json(NULL, job->file, job->report);
            cli_print_json(out);
        } else {
            cli_print_problems(job->report);
            printf("%s: invalid (%s): QEMU was not started\n", job->file, job->scope);
        }
        return CLI_EXIT_NEGATIVE;
    }
    if (!json)
        cli_print_problems(job->report);
    if (!result) {
        cli_error("%s", err->message);
        return CLI_EXIT_ENV;
    }
    if (json) {
        out = armcpu_verify_result_to_json(result, job->file, job->report);
        cli_print_json(out);
    } else {
        out = armcpu_verify_result_format_text(result, job->file);
        fputs(out, stdout);
    }
    return armcpu_verify_result_outcome(result) == ARMCPU_VERIFY_MATCH ? CLI_EXIT_OK
                                                                       : CLI_EXIT_NEGATIVE;
}

const CliCommand cli_cmd_verify = {
    .name = "verify",
    .args = "GUEST.xml",
    .summary = "Start QEMU paused with the guest's -cpu and read every value back",
    .description =
        "Validates the guest against the host (as 'cmdline' does), starts the emulator\n"
        "paused (-S -machine virt,accel=ACCEL -m 64 -cpu ..., no guest image), reads each\n"
        "property of the -cpu argument back with qom-get and compares it with what was\n"
        "asked: on/off/true/false, decimal/hex and value names/raw encodings all agree.\n"
        "Properties QEMU changes on its own (sve=off turns the SVE lengths off) are\n"
        "listed as side effects, not as mismatches. QEMU is then stopped and reaped.\n\n"
        "The emulator run is --emulator, else qemu-system-aarch64 from PATH; never the\n"
        "path a --host document records.\n\n"
        "Example:\n"
        "  armcpu verify examples/guest-max-tcg.xml\n\n"
        "Exit status: 0 every value matches; 1 a mismatch (with a table of property,\n"
        "asked, got), a configuration QEMU refused (with QEMU's message), or an invalid\n"
        "guest; 2 unreadable document; 3 QEMU cannot be run (missing, probe failure,\n"
        "timeout).",
    .takes_guest = TRUE,
    .run = run,
};
