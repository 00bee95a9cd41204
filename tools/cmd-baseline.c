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

/* What the output says about one host; the document itself is freed once folded in. */
typedef struct {
    char *label;
    const char *accel;
    const char *dialect;
    GError *error; /* the document could not be used */
} Loaded;

typedef struct {
    CliContext *ctx;
    ArmcpuBaseline *baseline;
    char **files;
    Loaded *loaded;
} LoadJob;

/* Read host document @index (plus one), fold it in, drop it. */
static void
load_one(gpointer index_plus_one, gpointer user_data)
{
    LoadJob *job = user_data;
    guint i = GPOINTER_TO_UINT(index_plus_one) - 1;
    Loaded *out = &job->loaded[i];
    g_autoptr(ArmcpuHostCaps) caps = NULL;
    const ArmcpuAccelCaps *acc;
    GError *err = NULL;

    caps = armcpu_host_caps_parse_file(job->files[i], job->ctx->reg, &out->error);
    if (!caps)
        return;
    if (!(acc = armcpu_host_caps_pick_accel(caps, job->ctx->accel, &err))) {
        g_set_error(&out->error, err->domain, err->code, "%s: %s", job->files[i], err->message);
        g_error_free(err);
        return;
    }
    out->label = g_strdup(cli_accel_label(acc));
    out->accel = armcpu_accel_to_string(armcpu_accel_caps_accel(acc));
    out->dialect = armcpu_dialect_to_string(armcpu_accel_caps_dialect(acc));
    armcpu_baseline_add_host(job->baseline, acc);
}

typedef struct {
    LoadJob *job;
    guint n;
    gint next; /* the next document index to read */
} Workers;

static gpointer
worker(gpointer data)
{
    Workers *w = data;
    guint i;

    while ((i = (guint)g_atomic_int_add(&w->next, 1)) < w->n)
        load_one(GUINT_TO_POINTER(i + 1), w->job);
    return NULL;
}

/*
 * Read every host document in parallel (parsing is most of the work) and
 * fold each into @b as soon as it is read, so only a summary stays in memory.
 * The workers are joined, so their per-thread state (libxml2's) is gone too.
 * Returns FALSE after printing the first failure in argument order.
 */
static gboolean
load_hosts(CliContext *ctx, ArmcpuBaseline *b, char **files, guint n, Loaded *loaded)
{
    LoadJob job = {ctx, b, files, loaded};
    Workers w = {&job, n, 0};
    guint threads = MIN(CLAMP(g_get_num_processors(), 1, 8), n);
    g_autofree GThread **pool = g_new0(GThread *, threads);

    for (guint t = 1; t < threads; t++)
        pool[t] = g_thread_new("armcpu-load", worker, &w);
    worker(&w); /* this thread works too */
    for (guint t = 1; t < threads; t++)
        g_thread_join(pool[t]);
    for (guint i = 0; i < n; i++) {
        if (loaded[i].error) {
            cli_error("%s", loaded[i].error->message);
            return FALSE;
        }
    }
    return TRUE;
}

static void
loaded_clear(Loaded *loaded, guint n)
{
    for (guint i = 0; i < n; i++) {
        g_free(loaded[i].label);
        g_clear_error(&loaded[i].error);
    }
}

static void
print_json(const ArmcpuGuestCpu *cpu, const ArmcpuReport *report, const char *xml,
           const Loaded *loaded, guint n_hosts)
{
    g_autofree char *problems = armcpu_report_to_json(report);
    json_object *o = json_object_new_object();
    json_object *hosts = json_object_new_array();
    json_object *features = json_object_new_array();
    json_object *p = json_tokener_parse(problems);

    json_object_object_add(o, "complete",
                           json_object_new_boolean(!armcpu_report_has_errors(report)));
    for (guint i = 0; i < n_hosts; i++) {
        json_object *h = json_object_new_object();
        json_object_object_add(h, "host", json_object_new_string(loaded[i].label));
        json_object_object_add(h, "accel", json_object_new_string(loaded[i].accel));
        json_object_object_add(h, "dialect", json_object_new_string(loaded[i].dialect));
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
    g_autoptr(ArmcpuBaseline) b = NULL;
    g_autofree Loaded *loaded = NULL;
    guint n_hosts;
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
    n_hosts = (guint)argc - 1;
    b = armcpu_baseline_new(ctx->reg);
    loaded = g_new0(Loaded, n_hosts);
    if (!load_hosts(ctx, b, argv + 1, n_hosts, loaded)) {
        loaded_clear(loaded, n_hosts);
        return CLI_EXIT_USAGE;
    }
    cpu = armcpu_baseline_finish(b, want_model, report);
    xml = armcpu_guest_cpu_format(cpu);
    if (cli_format(ctx, CLI_FORMAT_XML) == CLI_FORMAT_JSON) {
        print_json(cpu, report, xml, loaded, n_hosts);
    } else {
        cli_print_problems(report);
        fputs(xml, stdout);
    }
    loaded_clear(loaded, n_hosts);
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
