/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-probe.c: armcpu probe [--refresh] [--cached-only] [--label-prefix PREFIX]
 */
#include "cli.h"

#include <stdio.h>

static gboolean refresh;
static gboolean cached_only;
static char *label_prefix;

static const GOptionEntry entries[] = {
    {"refresh", 0, 0, G_OPTION_ARG_NONE, &refresh, "Probe even when the cache is valid", NULL},
    {"cached-only", 0, 0, G_OPTION_ARG_NONE, &cached_only,
     "Never start QEMU: the cached capabilities when they are valid, else exit 3", NULL},
    {"label-prefix", 0, 0, G_OPTION_ARG_STRING, &label_prefix,
     "Prefix of --format labels (default cpu.armcpu.io)", "PREFIX"},
    G_OPTION_ENTRY_NULL,
};

/*
 * probe --accel probes only that accelerator (answered, not cached: it is not
 * the host's whole document). The other commands always get the whole
 * document, cached, and --accel picks its section (cli_pick_accel).
 */
static ArmcpuProbeFlags
probe_flags(const CliContext *ctx)
{
    ArmcpuProbeFlags flags = refresh ? ARMCPU_PROBE_REFRESH : 0;

    if (ctx->accel == ARMCPU_ACCEL_KVM)
        flags |= ARMCPU_PROBE_ONLY_KVM;
    else if (ctx->accel == ARMCPU_ACCEL_TCG)
        flags |= ARMCPU_PROBE_ONLY_TCG;
    return flags;
}

/*
 * The cached capabilities of the emulator when the cache is valid, without
 * ever starting QEMU; NULL after printing why (exit 3).
 */
static ArmcpuHostCaps *
cached_caps(CliContext *ctx, int *rc)
{
    g_autoptr(GError) err = NULL;
    ArmcpuRegistry *reg = cli_registry(ctx);
    g_autofree char *emulator = NULL;
    g_autofree char *dir = NULL;
    g_autofree char *file = NULL;
    g_autoptr(GPtrArray) files = NULL;
    ArmcpuHostCaps *caps;

    *rc = CLI_EXIT_ENV;
    if (!reg)
        return NULL;
    emulator = armcpu_emulator_resolve(ctx->emulator, &err);
    if (!emulator) {
        cli_error("%s", err->message);
        return NULL;
    }
    dir = armcpu_cache_dir(ctx->cache_dir);
    file = armcpu_cache_file(dir, emulator);
    files = armcpu_cache_list(dir, reg);
    for (guint i = 0; i < files->len; i++) {
        const ArmcpuCacheEntry *e = g_ptr_array_index(files, i);
        if (!g_str_equal(e->path, file))
            continue;
        if (!g_str_equal(e->status, "valid")) {
            cli_error("the cached capabilities of %s are not valid (%s); run 'armcpu probe'",
                      emulator, e->status);
            return NULL;
        }
        caps = armcpu_host_caps_parse_file(file, reg, &err);
        if (!caps)
            cli_error("%s", err->message);
        return caps;
    }
    cli_error("no cached capabilities of %s in %s; run 'armcpu probe'", emulator, dir);
    return NULL;
}

static void
print_accel_text(const ArmcpuAccelCaps *acc)
{
    guint n = armcpu_accel_caps_n_props(acc);

    printf("accel %s: dialect %s, %u properties, %u CPU models\n",
           armcpu_accel_to_string(armcpu_accel_caps_accel(acc)),
           armcpu_dialect_to_string(armcpu_accel_caps_dialect(acc)), n,
           armcpu_accel_caps_n_models(acc));
    for (guint i = 0; i < n; i++) {
        const ArmcpuPropInfo *pi = armcpu_accel_caps_prop(acc, i);
        g_autofree char *set = armcpu_value_set_format(armcpu_prop_info_supported(pi));
        const char *hv = armcpu_prop_info_host_value(pi);
        printf("  %-32s %-7s %s%s%s%s\n", armcpu_prop_info_name(pi), armcpu_prop_info_type(pi), set,
               armcpu_prop_info_source(pi) == ARMCPU_SUPPORT_DERIVED ? " (derived)" : "",
               hv ? "  host=" : "", hv ? hv : "");
    }
}

static void
print_text(const ArmcpuHostCaps *caps)
{
    printf("emulator %s (QEMU %s)\nhost %s, kernel %s\n", armcpu_host_caps_emulator_path(caps),
           armcpu_host_caps_qemu_version(caps), armcpu_host_caps_host_arch(caps),
           armcpu_host_caps_kernel_release(caps));
    for (int a = 0; a < ARMCPU_ACCEL_LAST; a++) {
        const ArmcpuAccelCaps *acc = armcpu_host_caps_accel(caps, a);
        if (acc)
            print_accel_text(acc);
    }
}

static int
run(CliContext *ctx, int argc, char **argv)
{
    int rc = cli_parse_options(ctx, &cli_cmd_probe, entries, &argc, &argv);
    g_autoptr(ArmcpuHostCaps) caps = NULL;

    if (rc >= 0 || (rc = cli_expect_args(&cli_cmd_probe, argc, 0, 0)) >= 0)
        return rc;
    if (ctx->host_file) {
        cli_error("'probe' asks the local QEMU; --host makes no sense here");
        return CLI_EXIT_USAGE;
    }
    if (label_prefix) {
        g_autoptr(GError) err = NULL;
        if (!armcpu_label_prefix_check(label_prefix, &err)) {
            cli_error("--label-prefix: %s", err->message);
            return CLI_EXIT_USAGE;
        }
    }
    if (cached_only && refresh) {
        cli_error("--cached-only and --refresh contradict each other");
        return CLI_EXIT_USAGE;
    }
    caps = cached_only ? cached_caps(ctx, &rc) : cli_probe(ctx, probe_flags(ctx), &rc);
    if (!caps)
        return rc;
    switch (cli_format(ctx, CLI_FORMAT_XML)) {
    case CLI_FORMAT_JSON: {
        g_autofree char *json = armcpu_host_caps_to_json(caps);
        cli_print_json(json);
        break;
    }
    case CLI_FORMAT_TEXT:
        print_text(caps);
        break;
    case CLI_FORMAT_LABELS: {
        g_autoptr(GError) err = NULL;
        g_autofree char *labels = NULL;
        const ArmcpuAccelCaps *acc = cli_pick_accel(ctx, caps, ARMCPU_ACCEL_LAST, &rc);
        if (!acc)
            return rc;
        labels = armcpu_host_caps_to_labels(caps, acc, label_prefix, &err);
        if (!labels) {
            cli_error("%s", err->message);
            return CLI_EXIT_USAGE;
        }
        fputs(labels, stdout);
        break;
    }
    case CLI_FORMAT_XML:
    case CLI_FORMAT_DEFAULT: {
        g_autofree char *xml = armcpu_host_caps_format(caps);
        fputs(xml, stdout);
        break;
    }
    }
    return CLI_EXIT_OK;
}

const CliCommand cli_cmd_probe = {
    .name = "probe",
    .args = "",
    .summary = "Host capabilities: per accelerator, each CPU property's supported values",
    .description =
        "Prints the host capabilities document (from the cache when it is valid, else\n"
        "probed: QEMU started once per accelerator with -machine none, no -cpu). The\n"
        "output is a file --host and baseline accept.\n\n"
        "Example:\n"
        "  armcpu probe > $(hostname).xml\n"
        "  armcpu probe --format text\n"
        "  armcpu probe --format labels   (Kubernetes-style node labels)\n\n"
        "Exit status: 0 done, 2 bad usage, 3 QEMU missing, probe failed or timed out, no\n"
        "valid cache with --cached-only.",
    .has_xml = TRUE,
    .run = run,
};
