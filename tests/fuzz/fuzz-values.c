/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz-values.c: libFuzzer target for the supported-values grammar and the
 * value algebra: armcpu_token_check, armcpu_number_parse,
 * armcpu_fraction_parse, armcpu_bool_parse, armcpu_value_normalize,
 * armcpu_value_set_add of every kind, and the registry's per-property checks.
 *
 * Input: byte 0 picks the set's kind, byte 1 a registry property, the rest
 * is one item per line (a line may hold any byte but '\n', NUL included).
 * Invariants: an accepted item is a plain token; an accepted single value is
 * a member of the set; normal forms are accepted again, are idempotent and
 * mean the same number; a set is a subset of itself and of its copy; order
 * and sort order of a property agree and are antisymmetric.
 * Seeds: the supported values of the tests/data/hostcaps documents and the
 * registry's value tables (tests/fuzz/seeds/values).
 */
#include "fuzz-common.h"

#define ITEMS_MAX 64
#define PAIRS_MAX 16 /* items of a property compared pairwise */

static void
check_item(ArmcpuValueSet *set, const char *item)
{
    g_autoptr(GError) err = NULL;
    gboolean token = armcpu_token_check("value", item, NULL);
    guint64 n, n2;
    guint ma, mi;
    gboolean b;

    g_assert(token == fuzz_is_token(item, strlen(item)));
    if (armcpu_number_parse(item, &n, &err)) {
        g_assert(*item);
    } else {
        g_assert(err && err->domain == ARMCPU_VALUE_ERROR);
        g_clear_error(&err);
    }
    if (armcpu_fraction_parse(item, &ma, &mi, NULL))
        g_assert(ma <= 999 && mi <= 999);
    (void)armcpu_bool_parse(item, &b, NULL);

    for (int k = 0; k < ARMCPU_KIND_LAST; k++) {
        g_autofree char *norm = armcpu_value_normalize(k, item, &err);
        if (!norm) {
            g_assert(err && err->domain == ARMCPU_VALUE_ERROR);
            g_clear_error(&err);
            continue;
        }
        g_assert(token);
        g_autofree char *twice = armcpu_value_normalize(k, norm, &err);
        if (!twice || strcmp(norm, twice) != 0)
            g_error("normal form of '%s' as %s is '%s', then '%s'", item, armcpu_kind_to_string(k),
                    norm, twice ? twice : err->message);
        if (k == ARMCPU_KIND_NUMBER) {
            g_assert(armcpu_number_parse(item, &n, NULL) && armcpu_number_parse(norm, &n2, NULL));
            g_assert(n == n2);
        }
    }

    if (!armcpu_value_set_add(set, item, &err)) {
        g_assert(err && err->domain == ARMCPU_VALUE_ERROR && err->message[0]);
        return;
    }
    g_assert(token);
    if (armcpu_value_set_kind(set) == ARMCPU_KIND_NUMBER && strchr(item, '-'))
        return; /* a range, not a value */
    if (!armcpu_value_set_contains(set, item))
        g_error("'%s' was added to a %s set but is not a member", item,
                armcpu_kind_to_string(armcpu_value_set_kind(set)));
}

static void
check_prop_values(const ArmcpuProp *p, GPtrArray *items)
{
    guint n = MIN(items->len, PAIRS_MAX);

    for (guint i = 0; i < n; i++) {
        const char *a = g_ptr_array_index(items, i);
        g_autoptr(GError) err = NULL;
        ArmcpuRaw raw;

        if (!armcpu_prop_check_value(p, a, &err)) {
            g_assert(err && err->domain == ARMCPU_VALUE_ERROR);
            g_assert(!armcpu_prop_value_to_raw(p, a, &raw, NULL));
            continue;
        }
        g_assert(fuzz_is_token(a, strlen(a)));
        if (armcpu_prop_value_to_raw(p, a, &raw, NULL)) {
            g_autofree char *back = armcpu_prop_raw_to_value(p, raw, NULL);
            ArmcpuRaw r2;
            if (back && !(armcpu_prop_value_to_raw(p, back, &r2, NULL) && r2.raw == raw.raw &&
                          r2.frac == raw.frac))
                g_error("%s: '%s' -> raw %" G_GUINT64_FORMAT " -> '%s' differs",
                        armcpu_prop_name(p), a, raw.raw, back);
        }
        g_autoptr(ArmcpuValueSet) derived = armcpu_prop_derive_supported(p, a, NULL);
        if (derived) {
            g_autofree char *text = armcpu_value_set_format(derived);
            g_assert(text != NULL);
        }
        for (guint j = 0; j < n; j++) {
            const char *b = g_ptr_array_index(items, j);
            int sab = armcpu_prop_sort_compare(p, a, b), sba = armcpu_prop_sort_compare(p, b, a);
            ArmcpuOrder o;
            if ((sab < 0) != (sba > 0) || (sab == 0) != (sba == 0))
                g_error("%s: sort of '%s' and '%s' is not antisymmetric", armcpu_prop_name(p), a,
                        b);
            if (armcpu_prop_order(p, a, b, &o, NULL) &&
                ((o == ARMCPU_ORDER_LESS && sab >= 0) || (o == ARMCPU_ORDER_GREATER && sab <= 0)))
                g_error("%s: '%s' is %s '%s' but sorts %d", armcpu_prop_name(p), a,
                        armcpu_order_to_string(o), b, sab);
        }
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ArmcpuRegistry *reg = fuzz_registry();
    g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(ArmcpuValueSet) set = NULL;
    const ArmcpuProp *p;
    gsize start = 2;

    if (size < 2)
        return 0;
    set = armcpu_value_set_new(data[0] % ARMCPU_KIND_LAST);
    p = armcpu_registry_prop(reg, data[1] % armcpu_registry_n_props(reg));
    for (gsize i = 2; i <= size && items->len < ITEMS_MAX; i++) {
        if (i < size && data[i] != '\n')
            continue;
        g_autofree char *item = g_malloc(i - start + 1);
        memcpy(item, data + start, i - start);
        item[i - start] = '\0';
        check_item(set, item); /* up to a NUL byte, as C callers see it */
        if (strlen(item) == i - start)
            g_ptr_array_add(items, g_steal_pointer(&item));
        start = i + 1;
    }

    g_autoptr(ArmcpuValueSet) copy = armcpu_value_set_copy(set);
    g_autofree char *text = armcpu_value_set_format(set);
    g_assert(text != NULL);
    g_assert(armcpu_value_set_size(copy) == armcpu_value_set_size(set));
    g_assert(armcpu_value_set_is_subset(set, set));
    g_assert(armcpu_value_set_is_subset(set, copy) && armcpu_value_set_is_subset(copy, set));
    for (guint i = 0; i < armcpu_value_set_size(set); i++) {
        const ArmcpuValueItem *it = armcpu_value_set_item(set, i);
        g_assert(it->min <= it->max);
        g_assert(fuzz_is_token(it->text, strlen(it->text)));
    }
    check_prop_values(p, items);
    const ArmcpuProp *sysreg = armcpu_prop_counterpart(p, ARMCPU_PROP_PART_WHOLE);
    if (sysreg)
        check_prop_values(sysreg, items);
    return 0;
}
