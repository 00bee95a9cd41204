/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cli.c: option parsing, output and error helpers shared by the commands.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void G_GNUC_PRINTF(2, 0) vreport(const char *kind, const char *fmt, va_list ap)
{
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);

    fprintf(stderr, "armcpu: %s: %s\n", kind, msg);
}

void
cli_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport("error", fmt, ap);
    va_end(ap);
}

void
cli_warn(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport("warning", fmt, ap);
    va_end(ap);
}

static GOptionGroup *
global_group(CliContext *ctx)
{
    const GOptionEntry entries[] = {
        {"emulator", 0, 0, G_OPTION_ARG_FILENAME, &ctx->emulator,
         "QEMU binary (default: qemu-system-aarch64 from PATH)", "PATH"},
        {"accel", 0, 0, G_OPTION_ARG_STRING, &ctx->accel_name,
         "Accelerator: kvm or tcg (default: kvm when usable, else tcg)", "kvm|tcg"},
        {"host", 0, 0, G_OPTION_ARG_FILENAME, &ctx->host_file,
         "Use a saved host capabilities document instead of probing", "CAPS.xml"},
        {"cache-dir", 0, 0, G_OPTION_ARG_FILENAME, &ctx->cache_dir, "Capabilities cache directory",
         "DIR"},
        {"format", 0, 0, G_OPTION_ARG_STRING, &ctx->format_name, "Output format", "text|xml|json"},
        {"timeout", 0, 0, G_OPTION_ARG_INT, &ctx->timeout_sec,
         "Seconds to wait for QEMU at most (default 10)", "SEC"},
        {"verbose", 'v', 0, G_OPTION_ARG_NONE, &ctx->verbose, "Say more on stderr", NULL},
        G_OPTION_ENTRY_NULL,
    };
    GOptionGroup *g =
        g_option_group_new("global", "Global options", "Show global options", NULL, NULL);

    g_option_group_add_entries(g, entries);
    return g;
}

static gboolean
check_globals(CliContext *ctx, const CliCommand *cmd)
{
    static const char *const formats[] = {"text", "xml", "json", "labels"};

    if (ctx->accel_name) {
        int a = armcpu_accel_from_string(ctx->accel_name);
        if (a < 0) {
            cli_error("--accel '%s' is not kvm or tcg", ctx->accel_name);
            return FALSE;
        }
        ctx->accel = a;
    }
    if (ctx->format_name) {
        int f = armcpu_enum_from_string(formats, G_N_ELEMENTS(formats), ctx->format_name);
        if (f < 0) {
            cli_error("--format '%s' is not text, xml or json", ctx->format_name);
            return FALSE;
        }
        ctx->format = CLI_FORMAT_TEXT + f;
        if (ctx->format == CLI_FORMAT_XML && !cmd->has_xml) {
            cli_error("'%s' has no XML output; use --format text or json", cmd->name);
            return FALSE;
        }
        if (ctx->format == CLI_FORMAT_LABELS && !g_str_equal(cmd->name, "probe")) {
            cli_error("only 'probe' has --format labels; use --format text, xml or json");
            return FALSE;
        }
    }
    if (ctx->timeout_sec <= 0 || ctx->timeout_sec > 3600) {
        cli_error("--timeout must be between 1 and 3600 seconds");
        return FALSE;
    }
    return TRUE;
}

int
cli_parse_options(CliContext *ctx, const CliCommand *cmd, const GOptionEntry *entries, int *argc,
                  char ***argv)
{
    g_autofree char *param = g_strdup_printf("%s", cmd->args);
    g_autoptr(GOptionContext) oc = g_option_context_new(param);
    g_autoptr(GError) err = NULL;
    g_autofree char *prgname = g_strdup_printf("armcpu %s", cmd->name);

    g_set_prgname(prgname);
    g_option_context_set_summary(oc, cmd->summary);
    g_option_context_set_description(oc, cmd->description);
    if (entries)
        g_option_context_add_main_entries(oc, entries, NULL);
    if (cmd->takes_guest) {
        const GOptionEntry guest_entries[] = {
            {"feature", 0, 0, G_OPTION_ARG_STRING_ARRAY, &ctx->features,
             "Set a feature of the guest (policy require), replacing the document's; repeatable",
             "NAME[=VALUE]"},
            G_OPTION_ENTRY_NULL,
        };
        g_option_context_add_main_entries(oc, guest_entries, NULL);
    }
    g_option_context_add_group(oc, global_group(ctx));
    if (!g_option_context_parse(oc, argc, argv, &err)) {
        cli_error("%s (see 'armcpu %s --help')", err->message, cmd->name);
        return CLI_EXIT_USAGE;
    }
    if (!check_globals(ctx, cmd))
        return CLI_EXIT_USAGE;
    return -1;
}

int
cli_expect_args(const CliCommand *cmd, int argc, int min, int max)
{
    int n = argc - 1;

    if (n < min) {
        cli_error("'%s' needs %s (see 'armcpu %s --help')", cmd->name, cmd->args, cmd->name);
        return CLI_EXIT_USAGE;
    }
    if (max >= 0 && n > max) {
        cli_error("'%s' takes %s; got %d arguments", cmd->name, cmd->args, n);
        return CLI_EXIT_USAGE;
    }
    return -1;
}

ArmcpuRegistry *
cli_registry(CliContext *ctx)
{
    g_autoptr(GError) err = NULL;

    if (!ctx->reg) {
        ctx->reg = armcpu_registry_load_default(&err);
        if (!ctx->reg)
            cli_error("%s", err->message);
    }
    return ctx->reg;
}

CliFormat
cli_format(const CliContext *ctx, CliFormat dflt)
{
    return ctx->format == CLI_FORMAT_DEFAULT ? dflt : ctx->format;
}

void
cli_print_problems(const ArmcpuReport *report)
{
    g_autofree char *text = armcpu_report_format_text(report);

    fputs(text, stderr);
}

void
cli_print_json(const char *json)
{
    fputs(json, stdout);
    fputc('\n', stdout);
}

int
cli_exit_for_error(const GError *error)
{
    if (error->domain == ARMCPU_GUEST_ERROR || error->domain == ARMCPU_HOST_CAPS_ERROR)
        return CLI_EXIT_USAGE;
    return CLI_EXIT_ENV;
}
