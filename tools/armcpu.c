/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * armcpu.c: the command-line tool; a thin shell over libarmcpu.
 */
#include "cli.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

static const CliCommand *const commands[] = {
    &cli_cmd_probe,    &cli_cmd_domcaps, &cli_cmd_validate, &cli_cmd_cmdline, &cli_cmd_compare,
    &cli_cmd_baseline, &cli_cmd_models,  &cli_cmd_verify,   &cli_cmd_libvirt, &cli_cmd_cache,
};

static void
print_usage(FILE *out)
{
    fprintf(out, "Usage: armcpu [OPTION...] COMMAND [ARGS]\n\n"
                 "ARM (aarch64) guest CPU properties with values: probe, validate, compare,\n"
                 "baseline and emit the QEMU -cpu line.\n\nCommands:\n");
    for (gsize i = 0; i < G_N_ELEMENTS(commands); i++)
        fprintf(out, "  %-16s %-14s %s\n", commands[i]->name, commands[i]->args,
                commands[i]->summary);
    fprintf(out, "\nGlobal options (before or after the command):\n"
                 "  --emulator PATH       QEMU binary (default: qemu-system-aarch64 from PATH)\n"
                 "  --accel kvm|tcg       accelerator (default: kvm when usable, else tcg)\n"
                 "  --host CAPS.xml       use a saved host capabilities document; no probe\n"
                 "  --cache-dir DIR       capabilities cache directory\n"
                 "  --format text|xml|json  output format\n"
                 "  --timeout SEC         bound on every wait for QEMU (default 10)\n"
                 "  -v, --verbose         say more on stderr\n"
                 "  --version             print the version\n\n"
                 "Run 'armcpu COMMAND --help' for a command's options and an example.\n"
                 "Exit status: 0 success, 1 negative answer (invalid, incompatible, mismatch),\n"
                 "2 bad usage or input document, 3 environment failure (QEMU, probe, timeout).\n");
}

static const CliCommand *
find_command(const char *name)
{
    for (gsize i = 0; i < G_N_ELEMENTS(commands); i++) {
        if (strcmp(commands[i]->name, name) == 0)
            return commands[i];
    }
    return NULL;
}

static void
context_clear(CliContext *ctx)
{
    g_free(ctx->emulator);
    g_free(ctx->accel_name);
    g_free(ctx->host_file);
    g_free(ctx->cache_dir);
    g_free(ctx->format_name);
    g_strfreev(ctx->features);
    if (ctx->reg)
        armcpu_registry_unref(ctx->reg);
}

/* Global options that take a separate value ("--host FILE"). */
static gboolean
takes_value(const char *arg)
{
    static const char *const with_value[] = {"--emulator", "--accel",   "--host", "--cache-dir",
                                             "--format",   "--timeout", NULL};

    return g_strv_contains(with_value, arg);
}

static int
print_version(void)
{
    g_autoptr(ArmcpuRegistry) reg = armcpu_registry_load_default(NULL);

    printf("armcpu %s (registry %s)\n", ARMCPU_VERSION_STRING,
           reg ? armcpu_registry_version(reg) : "unavailable");
    return CLI_EXIT_OK;
}

/* Index of the command name in @argv, or 0; -1 when --help/--version came first. */
static int
find_command_index(int argc, char **argv, int *rc)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0)
            return i + 1 < argc ? i + 1 : 0;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            print_usage(stdout);
            *rc = CLI_EXIT_OK;
            return -1;
        }
        if (strcmp(a, "--version") == 0) {
            *rc = print_version();
            return -1;
        }
        if (takes_value(a))
            i++;
        else if (a[0] != '-')
            return i;
    }
    return 0;
}

int
main(int argc, char **argv)
{
    CliContext ctx = {.accel = ARMCPU_ACCEL_LAST, .timeout_sec = 10};
    const CliCommand *cmd;
    int rc = CLI_EXIT_USAGE;
    int at;

    setlocale(LC_ALL, "");
    at = find_command_index(argc, argv, &rc);
    if (at < 0)
        return rc;
    if (at == 0) {
        print_usage(stderr);
        return CLI_EXIT_USAGE;
    }
    cmd = find_command(argv[at]);
    if (!cmd) {
        cli_error("unknown command '%s' (see 'armcpu --help')", argv[at]);
        return CLI_EXIT_USAGE;
    }
    /* the command's argv: its name, then every other argument in order */
    memmove(&argv[1], &argv[0], sizeof(char *) * (size_t)at);
    argv++;
    argc--;
    argv[0] = (char *)cmd->name;
    rc = cmd->run(&ctx, argc, argv);
    context_clear(&ctx);
    return rc;
}
