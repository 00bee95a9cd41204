/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz-registry.c: libFuzzer target for the registry loader (data/cpu_map).
 *
 * The input is arm_properties.xml, a NUL byte, then arm_models.xml; without
 * a NUL byte it is the properties document and the models document is empty.
 * Whatever fails must fail with an ARMCPU_REGISTRY_ERROR naming the file;
 * whatever loads is then used the way the rest of the library uses it: every
 * property's values, raw encodings, order, derived sets and counterparts,
 * every model's settings. Invariants: a table value converts to its raw
 * encoding and back to a name of the same encoding; order is antisymmetric
 * and agrees with the sort order; every value a model sets is valid.
 * Seeds: data/cpu_map/ and small registries cut from it (tests/fuzz/seeds/registry).
 */
#include "cpu/registry-priv.h"
#include "fuzz-common.h"

#define PAIRS_MAX 12 /* values per property compared pairwise */

static ArmcpuOrder
reverse(ArmcpuOrder o)
{
    return o == ARMCPU_ORDER_LESS      ? ARMCPU_ORDER_GREATER
           : o == ARMCPU_ORDER_GREATER ? ARMCPU_ORDER_LESS
                                       : o;
}

static void
check_pair(const ArmcpuProp *p, const char *a, const char *b)
{
    ArmcpuOrder ab, ba;
    gboolean ok_ab, ok_ba;
    int sab = armcpu_prop_sort_compare(p, a, b), sba = armcpu_prop_sort_compare(p, b, a);

    if ((sab < 0) != (sba > 0) || (sab == 0) != (sba == 0))
        g_error("%s: sort order of '%s' and '%s' is not antisymmetric (%d, %d)",
                armcpu_prop_name(p), a, b, sab, sba);
    ok_ab = armcpu_prop_order(p, a, b, &ab, NULL);
    ok_ba = armcpu_prop_order(p, b, a, &ba, NULL);
    g_assert(ok_ab == ok_ba);
    if (!ok_ab)
        return;
    if (ab != reverse(ba))
        g_error("%s: order of '%s' and '%s' is %s, reversed %s", armcpu_prop_name(p), a, b,
                armcpu_order_to_string(ab), armcpu_order_to_string(ba));
    if ((ab == ARMCPU_ORDER_LESS && sab >= 0) || (ab == ARMCPU_ORDER_GREATER && sab <= 0))
        g_error("%s: '%s' is %s '%s' but sorts %d", armcpu_prop_name(p), a,
                armcpu_order_to_string(ab), b, sab);
    gboolean safe = FALSE;
    g_assert(armcpu_prop_value_is_safe(p, a, b, &safe, NULL));
    if (armcpu_prop_kind(p) == ARMCPU_KIND_FRACTIONAL ||
        armcpu_policy_is_ordered(armcpu_prop_policy(p))) {
        gboolean below = ab == ARMCPU_ORDER_LESS || ab == ARMCPU_ORDER_EQUAL;
        if (safe != below)
            g_error("%s: '%s' on a '%s' host: safe %d but order %s", armcpu_prop_name(p), a, b,
                    safe, armcpu_order_to_string(ab));
    }
}

static void
check_prop(const ArmcpuProp *p)
{
    g_autoptr(ArmcpuValueSet) all = armcpu_prop_all_values(p);
    g_autofree char *text = armcpu_value_set_format(all);
    g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func(g_free);

    g_assert(text != NULL);
    g_assert(fuzz_is_token(armcpu_prop_name(p), strlen(armcpu_prop_name(p))));
    for (int part = 0; part < ARMCPU_PROP_PART_LAST; part++) {
        const ArmcpuProp *c = armcpu_prop_counterpart(p, part);
        if (c)
            g_assert(armcpu_prop_name(c) != NULL);
    }
    for (guint i = 0; i < armcpu_prop_n_values(p); i++) {
        const char *name = armcpu_prop_value_name(p, i);
        ArmcpuRaw raw = armcpu_prop_value_raw(p, i), back;
        g_autoptr(GError) err = NULL;

        g_assert(fuzz_is_token(name, strlen(name)));
        if (!armcpu_prop_check_value(p, name, &err)) {
            /* a table entry outside [min, max] of a number property */
            g_assert(err->domain == ARMCPU_VALUE_ERROR);
            continue;
        }
        g_assert(armcpu_prop_value_to_raw(p, name, &back, NULL));
        g_autofree char *again = armcpu_prop_raw_to_value(p, raw, NULL);
        if (armcpu_prop_kind(p) == ARMCPU_KIND_ENUM ||
            armcpu_prop_kind(p) == ARMCPU_KIND_FRACTIONAL) {
            ArmcpuRaw r2;
            g_assert(back.raw == raw.raw && back.frac == raw.frac);
            g_assert(again != NULL);
            g_assert(armcpu_prop_value_to_raw(p, again, &r2, NULL));
            g_assert(r2.raw == raw.raw && r2.frac == raw.frac);
        }
        if (values->len < PAIRS_MAX)
            g_ptr_array_add(values, g_strdup(name));
    }
    if (armcpu_prop_kind(p) == ARMCPU_KIND_BOOL) {
        g_ptr_array_add(values, g_strdup("off"));
        g_ptr_array_add(values, g_strdup("on"));
    } else if (armcpu_prop_kind(p) == ARMCPU_KIND_NUMBER) {
        const ArmcpuValueItem *it = armcpu_value_set_item(all, 0);
        g_ptr_array_add(values, g_strdup_printf("%" G_GUINT64_FORMAT, it->min));
        g_ptr_array_add(values, g_strdup_printf("%" G_GUINT64_FORMAT, it->max));
        g_ptr_array_add(values, g_strdup_printf("0x%" G_GINT64_MODIFIER "x",
                                                it->min + (it->max - it->min) / 2));
    }
    for (guint i = 0; i < values->len; i++) {
        const char *v = g_ptr_array_index(values, i);
        g_autoptr(GError) err = NULL;
        g_autoptr(ArmcpuValueSet) derived = armcpu_prop_derive_supported(p, v, &err);

        if (derived) {
            g_autofree char *d = armcpu_value_set_format(derived);
            if (!armcpu_value_set_is_subset(derived, all)) {
                g_autofree char *a = armcpu_value_set_format(all);
                g_error("%s: values derived from host value '%s' (%s) are not all values (%s)",
                        armcpu_prop_name(p), v, d, a);
            }
        } else {
            g_assert(err && err->domain == ARMCPU_VALUE_ERROR);
        }
        for (guint j = 0; j < values->len; j++)
            check_pair(p, v, g_ptr_array_index(values, j));
    }
}

static void
check_registry(const ArmcpuRegistry *reg)
{
    for (guint i = 0; i < armcpu_registry_n_props(reg); i++) {
        const ArmcpuProp *p = armcpu_registry_prop(reg, i);
        check_prop(p);
        g_assert(armcpu_registry_lookup(reg, armcpu_prop_name(p)) == p);
        for (int part = 0; part < ARMCPU_PROP_PART_LAST; part++) {
            const ArmcpuProp *c = armcpu_prop_counterpart(p, part);
            if (c && armcpu_prop_dialect(c) == ARMCPU_DIALECT_SYSREG)
                check_prop(c);
        }
    }
    for (guint i = 0; i < armcpu_registry_n_models(reg); i++) {
        const ArmcpuModel *m = armcpu_registry_model(reg, i);
        const GPtrArray *settings = armcpu_model_settings(m);

        g_assert(armcpu_registry_find_model(reg, armcpu_model_name(m)) == m);
        for (guint j = 0; j < settings->len; j++) {
            const ArmcpuModelSetting *s = g_ptr_array_index(settings, j);
            const ArmcpuProp *p = armcpu_registry_lookup(reg, s->name);
            g_autoptr(GError) err = NULL;
            if (!p || !armcpu_prop_check_value(p, s->value, &err))
                g_error("model %s sets %s=%s, which the registry refuses: %s", armcpu_model_name(m),
                        s->name, s->value, err ? err->message : "unknown");
            g_assert(g_strcmp0(armcpu_model_get(m, s->name), s->value) == 0);
        }
    }
    (void)armcpu_registry_suggest(reg, "feat_AEZ");
    (void)armcpu_registry_suggest(reg, "SYSREG_ID_AA64ISAR0_EL1_AEZ");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char empty_models[] = "<cpuMap arch='aarch64' kind='models' version='1'/>";
    const char *text = (const char *)data;
    const char *nul = memchr(data, 0, size);
    gsize props_len = nul ? (gsize)(nul - text) : size;
    const char *models = nul ? nul + 1 : empty_models;
    gsize models_len = nul ? size - props_len - 1 : strlen(empty_models);
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuRegistry) reg =
        armcpu_registry_load_data(text, props_len, models, models_len, &err);

    if (!reg) {
        g_assert(err && err->domain == ARMCPU_REGISTRY_ERROR);
        g_assert(g_str_has_prefix(err->message, "arm_properties.xml") ||
                 g_str_has_prefix(err->message, "arm_models.xml"));
        return 0;
    }
    g_assert(err == NULL);
    check_registry(reg);
    return 0;
}
