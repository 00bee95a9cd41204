/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-models.c: armcpu models
 */
#include "cli.h"

#include "cmd-guest.h"

#include <json-c/json.h>
#include <stdio.h>

static json_object *
strv_json(const char *const *v)
{
    json_object *arr = json_object_new_array();

    for (guint i = 0; v[i]; i++)
        json_object_array_add(arr, json_object_new_string(v[i]));
    return arr;
}

/*
 * Why @r cannot run on @acc: the errors of a guest asking for the bare
 * model, each naming the property, the model's value and what the host
 * supports. Owned by the caller.
 */
static ArmcpuReport *
reasons(const ArmcpuRegistry *reg, const ArmcpuAccelCaps *acc, const ArmcpuModelRating *r)
{
    g_autoptr(ArmcpuGuestCpu) cpu = armcpu_guest_cpu_new(ARMCPU_CPU_MODE_CUSTOM);
    ArmcpuReport *report = armcpu_report_new(NULL);

    if (r->usable != ARMCPU_USABLE_NO)
        return report;
    armcpu_guest_cpu_set_model(cpu, r->name);
    armcpu_guest_cpu_validate(cpu, reg, acc, report);
    return report;
}

static json_object *
reasons_json(const ArmcpuReport *report)
{
    json_object *arr = json_object_new_array();

    for (guint i = 0; i < armcpu_report_n_problems(report); i++) {
        const ArmcpuProblem *p = armcpu_report_problem(report, i);
        json_object *o;
        if (p->severity != ARMCPU_SEVERITY_ERROR)
            continue;
        o = json_object_new_object();
        if (p->property)
            json_object_object_add(o, "property", json_object_new_string(p->property));
        if (p->value)
            json_object_object_add(o, "value", json_object_new_string(p->value));
        if (p->expected)
            json_object_object_add(o, "expected", json_object_new_string(p->expected));
        json_object_object_add(o, "message", json_object_new_string(p->message));
        json_object_array_add(arr, o);
    }
    return arr;
}

static void
print_json(const ArmcpuRegistry *reg, const ArmcpuAccelCaps *acc, const GPtrArray *ratings)
{
    json_object *o = json_object_new_object();
    json_object *arr = json_object_new_array();

    json_object_object_add(o, "host", json_object_new_string(cli_accel_label(acc)));
    json_object_object_add(
        o, "accel", json_object_new_string(armcpu_accel_to_string(armcpu_accel_caps_accel(acc))));
    for (guint i = 0; i < ratings->len; i++) {
        const ArmcpuModelRating *r = g_ptr_array_index(ratings, i);
        g_autoptr(ArmcpuReport) why = reasons(reg, acc, r);
        json_object *m = json_object_new_object();
        json_object_object_add(m, "name", json_object_new_string(r->name));
        json_object_object_add(m, "usable",
                               json_object_new_string(armcpu_usable_to_string(r->usable)));
        json_object_object_add(m, "blockers", strv_json((const char *const *)r->blockers));
        json_object_object_add(m, "reasons", reasons_json(why));
        json_object_object_add(m, "inQemu", json_object_new_boolean(r->in_qemu));
        json_object_object_add(m, "qemuUsable",
                               json_object_new_string(armcpu_usable_to_string(r->qemu)));
        json_object_object_add(m, "qemuBlockers", strv_json((const char *const *)r->qemu_blockers));
        json_object_object_add(m, "disagree", json_object_new_boolean(r->disagree));
        json_object_array_add(arr, m);
    }
    json_object_object_add(o, "models", arr);
    cli_print_json(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
                                                         JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
}

static void
print_text(const ArmcpuRegistry *reg, const ArmcpuAccelCaps *acc, const GPtrArray *ratings)
{
    gboolean header = FALSE;

    printf("%-18s %-7s %-7s %s\n", "MODEL", "USABLE", "QEMU", "BLOCKERS");
    for (guint i = 0; i < ratings->len; i++) {
        const ArmcpuModelRating *r = g_ptr_array_index(ratings, i);
        g_autofree char *b = g_strjoinv(", ", r->blockers);
        g_autofree char *line = g_strdup_printf(
            "%-18s %-7s %-7s %s%s", r->name, armcpu_usable_to_string(r->usable),
            armcpu_usable_to_string(r->qemu), b, r->disagree ? "  (armcpu and QEMU disagree)" : "");
        g_strchomp(line);
        printf("%s\n", line);
    }
    /* why each unusable model cannot run: the model's value and the host's */
    for (guint i = 0; i < ratings->len; i++) {
        const ArmcpuModelRating *r = g_ptr_array_index(ratings, i);
        g_autoptr(ArmcpuReport) why = reasons(reg, acc, r);
        for (guint j = 0; j < armcpu_report_n_problems(why); j++) {
            const ArmcpuProblem *p = armcpu_report_problem(why, j);
            if (p->severity != ARMCPU_SEVERITY_ERROR)
                continue;
            if (!header)
                printf("\nWhy not, on %s (%s):\n", cli_accel_label(acc),
                       armcpu_accel_to_string(armcpu_accel_caps_accel(acc)));
            header = TRUE;
            printf("  %s\n", p->message);
        }
    }
}

static int
run(CliContext *ctx, int argc, char **argv)
{
    int rc = cli_parse_options(ctx, &cli_cmd_models, NULL, &argc, &argv);
    g_autoptr(ArmcpuHostCaps) caps = NULL;
    g_autoptr(GPtrArray) ratings = NULL;
    const ArmcpuAccelCaps *acc;

    if (rc >= 0 || (rc = cli_expect_args(&cli_cmd_models, argc, 0, 0)) >= 0)
        return rc;
    if (!(caps = cli_host_caps(ctx, &rc)) ||
        !(acc = cli_pick_accel(ctx, caps, ARMCPU_ACCEL_LAST, &rc)))
        return rc;
    ratings = armcpu_models_rate(ctx->reg, acc);
    if (cli_format(ctx, CLI_FORMAT_TEXT) == CLI_FORMAT_JSON)
        print_json(ctx->reg, acc, ratings);
    else
        print_text(ctx->reg, acc, ratings);
    return CLI_EXIT_OK;
}

const CliCommand cli_cmd_models = {
    .name = "models",
    .args = "",
    .summary = "Named CPU models and whether this host can run them",
    .description =
        "For each named model (kvm-base-v1 ... grace-v1, graviton3-v1): usable yes/no on\n"
        "this host, the properties that block it, and QEMU's own verdict where QEMU\n"
        "reports one (with a note when the two disagree). Below the table, each blocker\n"
        "is explained: the model's value and the values this host supports.\n\n"
        "Example:\n"
        "  armcpu --host graviton3.xml models\n\n"
        "Exit status: 0 done, 2 bad --host document, 3 probe failed.",
    .run = run,
};
