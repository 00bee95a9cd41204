/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-baseline.c: armcpu baseline CAPS.xml...
 */
#include "cli.h"

#include "cmd-guest.h"

#include <json-c/json.h>
#include <stdio.h>

static gboolean want_model;

static const GOptionEntry entries[] = {
    {"model", 0, 0, G_OPTION_ARG_NONE, &want_model,
     "Give the best named model every host can run, plus the features it still needs", NULL},
    G_OPTION_ENTRY_NULL,
};

static void
print_json(const ArmcpuGuestCpu *cpu, const ArmcpuReport *report, const char *xml,
           const GPtrArray *accs)
{
    g_autofree char *problems = armcpu_report_to_json(report);
    json_object *o = json_object_new_object();
    json_object *hosts = json_object_new_array();
    json_object *features = json_object_new_array();
    json_object *p = json_tokener_parse(problems);

    json_object_object_add(o, "complete",
                           json_object_new_boolean(!armcpu_report_has_errors(report)));
    for (guint i = 0; i < accs->len; i++) {
        const ArmcpuAccelCaps *acc = g_ptr_array_index(accs, i);
        json_object *h = json_object_new_object();
        json_object_object_add(h, "host", json_object_new_string(cli_accel_label(acc)));
        json_object_object_add(
            h, "accel",
            json_object_new_string(armcpu_accel_to_string(armcpu_accel_caps_accel(acc))));
        json_object_object_add(
            h, "dialect",
            json_object_new_string(armcpu_dialect_to_string(armcpu_accel_caps_dialect(acc))));
        json_object_array_add(hosts, h);
    }
    json_object_object_add(o, "hosts", hosts);
    json_object_object_add(
        o, "mode", json_object_new_string(armcpu_cpu_mode_to_string(armcpu_guest_cpu_mode(cpu))));
    if (armcpu_guest_cpu_model(cpu))
        json_object_object_add(o, "model", json_object_new_string(armcpu_guest_cpu_model(cpu)));
    for (guint i = 0; i < armcpu_guest_cpu_n_features(cpu); i++) {
        const ArmcpuGuestFeature *f = armcpu_guest_cpu_feature(cpu, i);
        json_object *fo = json_object_new_object();
        json_object_object_add(fo, "name", json_object_new_string(f->name));
        json_object_object_add(fo, "value", json_object_new_string(f->value));
        json_object_array_add(features, fo);
    }
    json_object_object_add(o, "features", features);
    json_object_object_add(o, "cpu", json_object_new_string(xml));
    json_object_object_add(o, "explanations", p ? p : json_object_new_array());
    cli_print_json(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
                                                         JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
}

static int
run(CliContext *ctx, int argc, char **argv)
{
    int rc = cli_parse_options(ctx, &cli_cmd_baseline, entries, &argc, &argv);
    g_autoptr(GPtrArray) docs =
        g_ptr_array_new_with_free_func((GDestroyNotify)armcpu_host_caps_free);
    g_autoptr(GPtrArray) accs = g_ptr_array_new();
    g_autoptr(ArmcpuReport) report = armcpu_report_new(NULL);
    g_autoptr(ArmcpuGuestCpu) cpu = NULL;
    g_autofree char *xml = NULL;

    if (rc >= 0)
        return rc;
    if (argc - 1 < 2) {
        cli_error("'baseline' needs two or more host capabilities documents; got %d (see "
                  "'armcpu baseline --help')",
                  argc - 1);
        return CLI_EXIT_USAGE;
    }
    if (argc - 1 > ARMCPU_BASELINE_MAX_HOSTS) {
        cli_error("at most %d host documents", ARMCPU_BASELINE_MAX_HOSTS);
        return CLI_EXIT_USAGE;
    }
    if (!cli_registry(ctx))
        return CLI_EXIT_ENV;
    for (int i = 1; i < argc; i++) {
        g_autoptr(GError) err = NULL;
        ArmcpuHostCaps *caps = armcpu_host_caps_parse_file(argv[i], ctx->reg, &err);
        const ArmcpuAccelCaps *acc;
        if (!caps) {
            cli_error("%s", err->message);
            return CLI_EXIT_USAGE;
        }
        g_ptr_array_add(docs, caps);
        if (!(acc = armcpu_host_caps_pick_accel(caps, ctx->accel, &err))) {
            cli_error("%s: %s", argv[i], err->message);
            return CLI_EXIT_USAGE;
        }
        g_ptr_array_add(accs, (gpointer)acc);
    }
    cpu = armcpu_baseline((const ArmcpuAccelCaps *const *)accs->pdata, accs->len, ctx->reg,
                          want_model, report);
    xml = armcpu_guest_cpu_format(cpu);
    if (cli_format(ctx, CLI_FORMAT_XML) == CLI_FORMAT_JSON) {
        print_json(cpu, report, xml, accs);
    } else {
        cli_print_problems(report);
        fputs(xml, stdout);
    }
    return armcpu_report_has_errors(report) ? CLI_EXIT_NEGATIVE : CLI_EXIT_OK;
}

const CliCommand cli_cmd_baseline = {
    .name = "baseline",
    .args = "CAPS.xml...",
    .summary = "A guest <cpu> every listed host can run (migration-safe)",
    .description =
        "Takes two or more host capabilities documents (any dialects; --accel, else kvm\n"
        "when present, else tcg) and prints a guest <cpu>: each property at the best value\n"
        "all hosts support under the registry's order, pinned where a host's own value\n"
        "differs. Why each value was lowered, and which host limited it, goes to stderr\n"
        "(or into --format json). A property with no common value, or unordered with\n"
        "disagreeing hosts, is reported and left out, and the exit status is then 1.\n"
        "The CPU is host-passthrough when every host section is KVM, else maximum.\n\n"
        "Example:\n"
        "  armcpu baseline grace.xml graviton3.xml altra.xml > fleet-cpu.xml\n"
        "  armcpu baseline --model grace.xml graviton3.xml\n\n"
        "Exit status: 0 complete, 1 some property has no safe common value, 2 bad input.",
    .has_xml = TRUE,
    .run = run,
};
