/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-guest.c: what validate and cmdline share.
 */
#include "cmd-guest.h"

#include <json-c/json.h>
#include <string.h>

void
cli_guest_job_free(CliGuestJob *job)
{
    if (!job)
        return;
    armcpu_guest_cpu_free(job->cpu);
    armcpu_report_free(job->report);
    armcpu_host_caps_free(job->caps);
    g_free(job->scope_owned);
    g_free(job);
}

/*
 * Apply --feature NAME[=VALUE] to the parsed guest, in order: each sets NAME
 * with policy require, replacing the document's feature of that name. The
 * token grammar is checked by validation as for the document's own features.
 * FALSE after printing an error when an argument has no name.
 */
static gboolean
apply_feature_options(char **features, ArmcpuGuestCpu *cpu)
{
    for (char **f = features; f && *f; f++) {
        const char *eq = strchr(*f, '=');
        g_autofree char *name = g_strndup(*f, eq ? (gsize)(eq - *f) : strlen(*f));

        if (!*name) {
            cli_error("--feature '%s' has no property name; use --feature NAME[=VALUE]", *f);
            return FALSE;
        }
        armcpu_guest_cpu_set_feature(cpu, ARMCPU_FEATURE_REQUIRE, name, eq ? eq + 1 : NULL);
    }
    return TRUE;
}

CliGuestJob *
cli_guest_job_open(CliContext *ctx, const char *file, gboolean offline, int *rc)
{
    g_autoptr(CliGuestJob) job = g_new0(CliGuestJob, 1);
    g_autoptr(GError) err = NULL;

    job->file = file;
    job->reg = cli_registry(ctx);
    if (!job->reg) {
        *rc = CLI_EXIT_ENV;
        return NULL;
    }
    job->report = armcpu_report_new(file);
    job->cpu = armcpu_guest_cpu_parse_file(file, job->report, &err);
    if (!job->cpu) {
        cli_error("%s", err->message);
        *rc = CLI_EXIT_USAGE;
        return NULL;
    }
    if (!apply_feature_options(ctx->features, job->cpu)) {
        *rc = CLI_EXIT_USAGE;
        return NULL;
    }
    if (offline) {
        job->scope = "offline: define-time checks only";
        return g_steal_pointer(&job);
    }
    job->caps = cli_host_caps(ctx, rc);
    if (!job->caps)
        return NULL;
    job->host = cli_pick_accel(ctx, job->caps, armcpu_guest_cpu_accel(job->cpu), rc);
    if (!job->host)
        return NULL;
    job->scope_owned = g_strdup_printf("against %s on %s",
                                       armcpu_accel_to_string(armcpu_accel_caps_accel(job->host)),
                                       armcpu_host_caps_label(job->caps));
    job->scope = job->scope_owned;
    return g_steal_pointer(&job);
}

const char *
cli_accel_label(const ArmcpuAccelCaps *acc)
{
    const char *label = armcpu_accel_caps_label(acc);

    return label ? label : "host";
}

void
cli_guest_job_print_json(const CliGuestJob *job, gboolean valid, const char *cpu_arg)
{
    g_autofree char *problems = armcpu_report_to_json(job->report);
    json_object *o = json_object_new_object();
    json_object *p = json_tokener_parse(problems);

    json_object_object_add(o, "file", json_object_new_string(job->file));
    json_object_object_add(o, "valid", json_object_new_boolean(valid));
    json_object_object_add(o, "offline", json_object_new_boolean(job->host == NULL));
    if (job->host)
        json_object_object_add(o, "host", json_object_new_string(cli_accel_label(job->host)));
    if (job->host)
        json_object_object_add(
            o, "accel",
            json_object_new_string(armcpu_accel_to_string(armcpu_accel_caps_accel(job->host))));
    if (cpu_arg) {
        json_object *argv = json_object_new_array();
        json_object_object_add(o, "cpu", json_object_new_string(cpu_arg));
        json_object_array_add(argv, json_object_new_string("-cpu"));
        json_object_array_add(argv, json_object_new_string(cpu_arg));
        json_object_object_add(o, "argv", argv);
    }
    json_object_object_add(o, "problems", p ? p : json_object_new_array());
    cli_print_json(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
                                                         JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
}
