/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-compare.c: armcpu compare GUEST.xml
 */
#include "cli.h"

#include "cmd-guest.h"

#include <json-c/json.h>
#include <stdio.h>

static void
print_json(const CliGuestJob *job, ArmcpuCompareResult result)
{
    g_autofree char *problems = armcpu_report_to_json(job->report);
    json_object *o = json_object_new_object();
    json_object *p = json_tokener_parse(problems);

    json_object_object_add(o, "file", json_object_new_string(job->file));
    json_object_object_add(o, "host", json_object_new_string(cli_accel_label(job->host)));
    json_object_object_add(
        o, "accel",
        json_object_new_string(armcpu_accel_to_string(armcpu_accel_caps_accel(job->host))));
    json_object_object_add(o, "result",
                           json_object_new_string(armcpu_compare_result_to_string(result)));
    json_object_object_add(o, "problems", p ? p : json_object_new_array());
    cli_print_json(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
                                                         JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
}

static int
run(CliContext *ctx, int argc, char **argv)
{
    int rc = cli_parse_options(ctx, &cli_cmd_compare, NULL, &argc, &argv);
    g_autoptr(CliGuestJob) job = NULL;
    ArmcpuCompareResult result;

    if (rc >= 0 || (rc = cli_expect_args(&cli_cmd_compare, argc, 1, 1)) >= 0)
        return rc;
    job = cli_guest_job_open(ctx, argv[1], FALSE, &rc);
    if (!job)
        return rc;
    result = armcpu_guest_cpu_compare(job->cpu, job->reg, job->host, job->report);
    if (cli_format(ctx, CLI_FORMAT_TEXT) == CLI_FORMAT_JSON) {
        print_json(job, result);
    } else {
        g_autofree char *text = armcpu_report_format_text(job->report);
        fputs(text, stdout);
        printf("%s\n", armcpu_compare_result_to_string(result));
    }
    return result == ARMCPU_COMPARE_INCOMPATIBLE ? CLI_EXIT_NEGATIVE : CLI_EXIT_OK;
}

const CliCommand cli_cmd_compare = {
    .name = "compare",
    .args = "GUEST.xml",
    .summary = "identical, superset or incompatible: can this guest run on this host?",
    .description =
        "identical: the guest's CPU is the host's own; superset: every value is supported\n"
        "and the host offers more; incompatible: every offending property is listed with\n"
        "the guest's value and the host's supported values. With --host it answers for a\n"
        "saved document, so a scheduler can pre-check a migration target.\n\n"
        "Example:\n"
        "  armcpu --host altra.xml compare guest-grace.xml\n\n"
        "Exit status: 0 identical or superset, 1 incompatible, 2 bad input, 3 no host.",
    .takes_guest = TRUE,
    .run = run,
};
