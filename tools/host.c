/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * host.c: where a command's host capabilities come from.
 */
#include "cli.h"

#include <stdio.h>

ArmcpuHostCaps *
cli_probe(CliContext *ctx, ArmcpuProbeFlags flags, int *exit_code)
{
    g_autoptr(GError) err = NULL;
    ArmcpuRegistry *reg = cli_registry(ctx);
    gboolean from_cache = FALSE;
    ArmcpuHostCaps *caps;

    if (!reg) {
        *exit_code = CLI_EXIT_ENV;
        return NULL;
    }
    caps = armcpu_host_caps_get(ctx->emulator, ctx->cache_dir, (guint)ctx->timeout_sec * 1000,
                                flags, reg, &from_cache, &err);
    if (!caps) {
        cli_error("%s", err->message);
        *exit_code = CLI_EXIT_ENV;
        return NULL;
    }
    if (ctx->verbose)
        fprintf(stderr, "armcpu: host capabilities of %s %s\n",
                armcpu_host_caps_emulator_path(caps), from_cache ? "from the cache" : "probed");
    return caps;
}

ArmcpuHostCaps *
cli_host_caps(CliContext *ctx, int *exit_code)
{
    g_autoptr(GError) err = NULL;
    ArmcpuRegistry *reg = cli_registry(ctx);
    ArmcpuHostCaps *caps;

    if (!reg) {
        *exit_code = CLI_EXIT_ENV;
        return NULL;
    }
    if (!ctx->host_file)
        return cli_probe(ctx, 0, exit_code);
    caps = armcpu_host_caps_parse_file(ctx->host_file, reg, &err);
    if (!caps) {
        cli_error("%s", err->message);
        *exit_code = CLI_EXIT_USAGE;
    }
    return caps;
}

const ArmcpuAccelCaps *
cli_pick_accel(CliContext *ctx, const ArmcpuHostCaps *caps, ArmcpuAccel guest_accel, int *exit_code)
{
    g_autoptr(GError) err = NULL;
    ArmcpuAccel want = ctx->accel != ARMCPU_ACCEL_LAST ? ctx->accel : guest_accel;
    const ArmcpuAccelCaps *acc = armcpu_host_caps_pick_accel(caps, want, &err);

    if (!acc) {
        /* a guest that needs an accelerator the host lacks cannot run there: a
         * negative answer; an --accel the host lacks is the environment's */
        gboolean guest_asked = ctx->accel == ARMCPU_ACCEL_LAST && guest_accel != ARMCPU_ACCEL_LAST;
        cli_error("%s%s", err->message,
                  guest_asked ? " (the guest's <domain type> asks for it)" : "");
        *exit_code = guest_asked ? CLI_EXIT_NEGATIVE : CLI_EXIT_ENV;
    }
    return acc;
}
