/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-domcaps.c: armcpu domcapabilities
 */
#include "cli.h"

#include <stdio.h>

static void
print_text(const ArmcpuAccelCaps *acc, const ArmcpuRegistry *reg)
{
    g_autoptr(GPtrArray) ratings = armcpu_models_rate(reg, acc);

    printf("accel %s (%s dialect)\n%-32s %-10s %s\n",
           armcpu_accel_to_string(armcpu_accel_caps_accel(acc)),
           armcpu_dialect_to_string(armcpu_accel_caps_dialect(acc)), "PROPERTY", "KIND",
           "SUPPORTED VALUES");
    for (guint i = 0; i < armcpu_accel_caps_n_props(acc); i++) {
        const ArmcpuPropInfo *pi = armcpu_accel_caps_prop(acc, i);
        g_autofree char *set = armcpu_value_set_format(armcpu_prop_info_supported(pi));
        printf("%-32s %-10s %s\n", armcpu_prop_info_name(pi),
               armcpu_kind_to_string(armcpu_prop_info_kind(pi)), set);
    }
    printf("\n%-20s %s\n", "NAMED MODEL", "USABLE");
    for (guint i = 0; i < ratings->len; i++) {
        const ArmcpuModelRating *r = g_ptr_array_index(ratings, i);
        g_autofree char *b = g_strjoinv(", ", r->blockers);
        printf("%-20s %s%s%s\n", r->name, armcpu_usable_to_string(r->usable),
               *b ? "  blockers: " : "", b);
    }
}

static int
run(CliContext *ctx, int argc, char **argv)
{
    int rc = cli_parse_options(ctx, &cli_cmd_domcaps, NULL, &argc, &argv);
    g_autoptr(ArmcpuHostCaps) caps = NULL;
    const ArmcpuAccelCaps *acc;

    if (rc >= 0 || (rc = cli_expect_args(&cli_cmd_domcaps, argc, 0, 0)) >= 0)
        return rc;
    if (!(caps = cli_host_caps(ctx, &rc)) ||
        !(acc = cli_pick_accel(ctx, caps, ARMCPU_ACCEL_LAST, &rc)))
        return rc;
    switch (cli_format(ctx, CLI_FORMAT_XML)) {
    case CLI_FORMAT_JSON: {
        g_autofree char *json = armcpu_domcaps_to_json(caps, acc, ctx->reg);
        cli_print_json(json);
        break;
    }
    case CLI_FORMAT_TEXT:
        print_text(acc, ctx->reg);
        break;
    case CLI_FORMAT_XML:
    case CLI_FORMAT_LABELS: /* refused by cli_parse_options() */
    case CLI_FORMAT_DEFAULT: {
        g_autofree char *xml = armcpu_domcaps_format(caps, acc, ctx->reg);
        fputs(xml, stdout);
        break;
    }
    }
    return CLI_EXIT_OK;
}

const CliCommand cli_cmd_domcaps = {
    .name = "domcapabilities",
    .args = "",
    .summary = "Supported values and models, in libvirt's domainCapabilities shape",
    .description =
        "Like 'virsh domcapabilities', with what libvirt cannot show: every CPU property's\n"
        "type and supported values (ranges kept as ranges) under host-passthrough and\n"
        "maximum, and each named model with usable='yes|no' and its blockers.\n\n"
        "Example:\n"
        "  armcpu domcapabilities\n"
        "  armcpu --host grace.xml --format json domcapabilities\n\n"
        "Exit status: 0 done, 2 bad --host document, 3 probe failed.",
    .has_xml = TRUE,
    .run = run,
};
