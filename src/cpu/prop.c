/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * prop.c: one registry property: accessors, values, raw encodings, order.
 */
#include "registry-priv.h"

#include "value-priv.h"

#include <string.h>

const char *
armcpu_prop_name(const ArmcpuProp *p)
{
    return p->name;
}

ArmcpuDialect
armcpu_prop_dialect(const ArmcpuProp *p)
{
    return p->dialect;
}

ArmcpuKind
armcpu_prop_kind(const ArmcpuProp *p)
{
    return p->kind;
}

ArmcpuPolicy
armcpu_prop_policy(const ArmcpuProp *p)
{
    return p->policy;
}

ArmcpuKvmWritable
armcpu_prop_kvm_writable(const ArmcpuProp *p)
{
    return p->kvm;
}

const char *
armcpu_prop_description(const ArmcpuProp *p)
{
    return p->description;
}

const char *
armcpu_prop_register(const ArmcpuProp *p)
{
    return p->has_field ? p->field.reg : NULL;
}

const char *
armcpu_prop_field(const ArmcpuProp *p)
{
    return p->has_field ? p->field.name : NULL;
}

guint
armcpu_prop_shift(const ArmcpuProp *p)
{
    return p->field.shift;
}

/* Width used by the order: the field's, 1 for bools, 64 for free numbers. */
guint
armcpu_prop_width(const ArmcpuProp *p)
{
    if (p->has_field)
        return p->field.width;
    return p->kind == ARMCPU_KIND_BOOL ? 1 : 64;
}

gboolean
armcpu_prop_is_signed(const ArmcpuProp *p)
{
    return p->has_field && p->field.is_signed;
}

const ArmcpuProp *
armcpu_prop_counterpart(const ArmcpuProp *p, ArmcpuPropPart part)
{
    if (p->dialect == ARMCPU_DIALECT_SYSREG)
        return p->named;
    return part == ARMCPU_PROP_PART_FRAC ? p->sysreg_frac : p->sysreg;
}

ArmcpuPropPart
armcpu_prop_part(const ArmcpuProp *p)
{
    return p->part;
}

guint
armcpu_prop_n_values(const ArmcpuProp *p)
{
    return p->values->len;
}

const char *
armcpu_prop_value_name(const ArmcpuProp *p, guint i)
{
    const ArmcpuPropValue *v = g_ptr_array_index(p->values, i);

    return v->name;
}

ArmcpuRaw
armcpu_prop_value_raw(const ArmcpuProp *p, guint i)
{
    const ArmcpuPropValue *v = g_ptr_array_index(p->values, i);

    return v->raw;
}

static const ArmcpuPropValue *
table_find(const ArmcpuProp *p, const char *name)
{
    for (guint i = 0; i < p->values->len; i++) {
        const ArmcpuPropValue *v = g_ptr_array_index(p->values, i);
        if (strcmp(v->name, name) == 0)
            return v;
    }
    return NULL;
}

static int
table_index(const ArmcpuProp *p, const char *name)
{
    for (guint i = 0; i < p->values->len; i++) {
        const ArmcpuPropValue *v = g_ptr_array_index(p->values, i);
        if (strcmp(v->name, name) == 0)
            return (int)i;
    }
    return -1;
}

static char *
table_names(const ArmcpuProp *p)
{
    g_autoptr(GString) s = g_string_new(NULL);

    for (guint i = 0; i < p->values->len; i++) {
        const ArmcpuPropValue *v = g_ptr_array_index(p->values, i);
        g_string_append_printf(s, "%s%s", i ? ", " : "", v->name);
    }
    return g_string_free(g_steal_pointer(&s), FALSE);
}

static gboolean
check_table(const ArmcpuProp *p, const char *text, GError **error)
{
    if (p->values->len == 0 || table_find(p, text))
        return TRUE;
    g_autofree char *q = armcpu_quote(text);
    g_autofree char *names = table_names(p);
    g_set_error(error, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_NOT_IN_TABLE,
                "%s is not a value of %s (expected one of: %s)", q, p->name, names);
    return FALSE;
}

gboolean
armcpu_prop_check_value(const ArmcpuProp *p, const char *text, GError **error)
{
    ArmcpuRaw raw;
    gboolean b;

    if (!armcpu_token_check("value", text, error))
        return FALSE;
    switch (p->kind) {
    case ARMCPU_KIND_BOOL:
        return armcpu_bool_parse(text, &b, error);
    case ARMCPU_KIND_NUMBER:
        if (!armcpu_number_parse(text, &raw.raw, error))
            return FALSE;
        if (raw.raw < p->min || raw.raw > p->max) {
            g_autofree char *q = armcpu_quote(text);
            g_set_error(error, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_OUT_OF_RANGE,
                        "%s is outside the range of %s (%" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT
                        ")",
                        q, p->name, p->min, p->max);
            return FALSE;
        }
        return TRUE;
    case ARMCPU_KIND_FRACTIONAL:
        if (!armcpu_fraction_parse(text, NULL, NULL, error))
            return FALSE;
        return check_table(p, text, error);
    case ARMCPU_KIND_ENUM:
        return check_table(p, text, error);
    case ARMCPU_KIND_STRING:
    case ARMCPU_KIND_LAST:
        break;
    }
    return TRUE;
}

gboolean
armcpu_prop_value_to_raw(const ArmcpuProp *p, const char *text, ArmcpuRaw *out, GError **error)
{
    gboolean b;

    if (!armcpu_prop_check_value(p, text, error))
        return FALSE;
    out->frac = 0;
    switch (p->kind) {
    case ARMCPU_KIND_BOOL:
        armcpu_bool_parse(text, &b, NULL);
        out->raw = b ? 1 : 0;
        return TRUE;
    case ARMCPU_KIND_NUMBER:
        return armcpu_number_parse(text, &out->raw, error);
    case ARMCPU_KIND_ENUM:
    case ARMCPU_KIND_FRACTIONAL: {
        const ArmcpuPropValue *v = table_find(p, text);
        if (v) {
            *out = v->raw;
            return TRUE;
        }
        break;
    }
    case ARMCPU_KIND_STRING:
    case ARMCPU_KIND_LAST:
        break;
    }
    g_set_error(error, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_UNNAMED,
                "the raw encoding of %s=%s is not known", p->name, text);
    return FALSE;
}

char *
armcpu_prop_raw_to_value(const ArmcpuProp *p, ArmcpuRaw raw, GError **error)
{
    switch (p->kind) {
    case ARMCPU_KIND_BOOL:
        if (raw.raw <= 1)
            return g_strdup(armcpu_bool_to_string(raw.raw == 1));
        break;
    case ARMCPU_KIND_NUMBER:
        if (raw.raw >= p->min && raw.raw <= p->max)
            return g_strdup_printf("%" G_GUINT64_FORMAT, raw.raw);
        break;
    case ARMCPU_KIND_ENUM:
    case ARMCPU_KIND_FRACTIONAL:
        for (guint i = 0; i < p->values->len; i++) {
            const ArmcpuPropValue *v = g_ptr_array_index(p->values, i);
            if (v->raw.raw == raw.raw &&
                (p->kind != ARMCPU_KIND_FRACTIONAL || v->raw.frac == raw.frac))
                return g_strdup(v->name);
        }
        break;
    case ARMCPU_KIND_STRING:
    case ARMCPU_KIND_LAST:
        break;
    }
    if (p->kind == ARMCPU_KIND_FRACTIONAL)
        g_set_error(error, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_UNNAMED,
                    "%s has no value for base %" G_GUINT64_FORMAT " frac %" G_GUINT64_FORMAT,
                    p->name, raw.raw, raw.frac);
    else
        g_set_error(error, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_UNNAMED,
                    "%s has no value for raw encoding %" G_GUINT64_FORMAT, p->name, raw.raw);
    return NULL;
}

/* Field-wise order of two (base, frac) pairs, each field LOWER. */
static ArmcpuOrder
fraction_order(ArmcpuRaw a, ArmcpuRaw b)
{
    if (a.raw == b.raw && a.frac == b.frac)
        return ARMCPU_ORDER_EQUAL;
    if (a.raw <= b.raw && a.frac <= b.frac)
        return ARMCPU_ORDER_LESS;
    if (a.raw >= b.raw && a.frac >= b.frac)
        return ARMCPU_ORDER_GREATER;
    return ARMCPU_ORDER_INCOMPARABLE;
}

static ArmcpuOrder
raw_order(const ArmcpuProp *p, ArmcpuRaw a, ArmcpuRaw b)
{
    if (p->kind == ARMCPU_KIND_FRACTIONAL)
        return fraction_order(a, b);
    if (p->has_lowest && a.raw != b.raw && (a.raw == p->lowest || b.raw == p->lowest))
        return a.raw == p->lowest ? ARMCPU_ORDER_LESS : ARMCPU_ORDER_GREATER;
    return armcpu_policy_compare(p->policy, armcpu_prop_width(p), a.raw, b.raw);
}

gboolean
armcpu_prop_order(const ArmcpuProp *p, const char *a, const char *b, ArmcpuOrder *order,
                  GError **error)
{
    ArmcpuRaw ra, rb;

    if (p->kind == ARMCPU_KIND_ENUM && p->values->len == 0) {
        if (!armcpu_prop_check_value(p, a, error) || !armcpu_prop_check_value(p, b, error))
            return FALSE;
        *order = strcmp(a, b) == 0 ? ARMCPU_ORDER_EQUAL : ARMCPU_ORDER_UNORDERED;
        return TRUE;
    }
    if (!armcpu_prop_value_to_raw(p, a, &ra, error) || !armcpu_prop_value_to_raw(p, b, &rb, error))
        return FALSE;
    *order = raw_order(p, ra, rb);
    return TRUE;
}

static gboolean
raw_is_safe(const ArmcpuProp *p, ArmcpuRaw guest, ArmcpuRaw host)
{
    if (p->kind == ARMCPU_KIND_FRACTIONAL || p->has_lowest) {
        ArmcpuOrder o = raw_order(p, guest, host);
        return o == ARMCPU_ORDER_LESS || o == ARMCPU_ORDER_EQUAL;
    }
    return armcpu_policy_is_safe(p->policy, armcpu_prop_width(p), p->safe, guest.raw, host.raw);
}

gboolean
armcpu_prop_value_is_safe(const ArmcpuProp *p, const char *guest, const char *host, gboolean *safe,
                          GError **error)
{
    ArmcpuRaw rg, rh;

    if (p->kind == ARMCPU_KIND_ENUM && p->values->len == 0) {
        if (!armcpu_prop_check_value(p, guest, error) || !armcpu_prop_check_value(p, host, error))
            return FALSE;
        *safe = p->policy == ARMCPU_POLICY_ANY || strcmp(guest, host) == 0;
        return TRUE;
    }
    if (!armcpu_prop_value_to_raw(p, guest, &rg, error) ||
        !armcpu_prop_value_to_raw(p, host, &rh, error))
        return FALSE;
    *safe = raw_is_safe(p, rg, rh);
    return TRUE;
}

static int
cmp_u64(guint64 a, guint64 b)
{
    return a < b ? -1 : a > b ? 1 : 0;
}

int
armcpu_prop_sort_compare(const ArmcpuProp *p, const char *a, const char *b)
{
    ArmcpuRaw ra, rb;
    gboolean va = armcpu_prop_value_to_raw(p, a, &ra, NULL);
    gboolean vb = armcpu_prop_value_to_raw(p, b, &rb, NULL);

    if (!va || !vb) {
        if (va != vb)
            return va ? -1 : 1;
        return strcmp(a, b);
    }
    if (p->kind == ARMCPU_KIND_FRACTIONAL) {
        int c = cmp_u64(ra.raw, rb.raw);
        return c ? c : cmp_u64(ra.frac, rb.frac);
    }
    if (armcpu_policy_is_ordered(p->policy)) {
        ArmcpuOrder o = raw_order(p, ra, rb);
        return o == ARMCPU_ORDER_LESS ? -1 : o == ARMCPU_ORDER_GREATER ? 1 : 0;
    }
    if (p->kind == ARMCPU_KIND_ENUM)
        return table_index(p, a) - table_index(p, b);
    return cmp_u64(ra.raw, rb.raw);
}

/* Add every raw value in [lo, hi] safe on @host, coalesced into ranges. */
static void
add_safe_numbers(const ArmcpuProp *p, ArmcpuValueSet *set, guint64 lo, guint64 hi, guint64 host)
{
    guint64 start = 0;
    gboolean open = FALSE;
    ArmcpuRaw h = {host, 0};

    for (guint64 v = lo;; v++) {
        ArmcpuRaw g = {v, 0};
        gboolean ok = raw_is_safe(p, g, h);
        if (ok && !open) {
            start = v;
            open = TRUE;
        } else if (!ok && open) {
            armcpu_value_set_add_range(set, start, v - 1);
            open = FALSE;
        }
        if (v == hi)
            break;
    }
    if (open)
        armcpu_value_set_add_range(set, start, hi);
}

static void
derive_numbers(const ArmcpuProp *p, ArmcpuValueSet *set, guint64 h)
{
    if (p->has_lowest && p->max - p->min <= 0xffff) {
        add_safe_numbers(p, set, p->min, p->max, h);
        return;
    }
    switch (p->policy) {
    case ARMCPU_POLICY_LOWER:
        armcpu_value_set_add_range(set, p->min, MAX(h, p->min));
        return;
    case ARMCPU_POLICY_HIGHER:
        armcpu_value_set_add_range(set, MIN(h, p->max), p->max);
        return;
    case ARMCPU_POLICY_HIGHER_OR_ZERO:
        armcpu_value_set_add_range(set, 0, 0);
        if (h != 0)
            armcpu_value_set_add_range(set, h, p->max);
        return;
    case ARMCPU_POLICY_SIGNED_LOWER:
        if (p->max - p->min <= 0xffff) {
            add_safe_numbers(p, set, p->min, p->max, h);
            return;
        }
        armcpu_value_set_add_range(set, p->min, MAX(h, p->min));
        return;
    case ARMCPU_POLICY_EXACT:
        armcpu_value_set_add_range(set, h, h);
        if (p->safe >= p->min && p->safe <= p->max)
            armcpu_value_set_add_range(set, p->safe, p->safe);
        return;
    case ARMCPU_POLICY_ANY:
    case ARMCPU_POLICY_LAST:
        break;
    }
    armcpu_value_set_add_range(set, p->min, p->max);
}

ArmcpuValueSet *
armcpu_prop_derive_supported(const ArmcpuProp *p, const char *host_value, GError **error)
{
    ArmcpuRaw h;
    g_autoptr(ArmcpuValueSet) set = armcpu_value_set_new(p->kind);

    if (p->kind == ARMCPU_KIND_ENUM && p->values->len == 0) {
        if (!armcpu_prop_check_value(p, host_value, error) ||
            !armcpu_value_set_add(set, host_value, error))
            return NULL;
        return g_steal_pointer(&set);
    }
    if (!armcpu_prop_value_to_raw(p, host_value, &h, error))
        return NULL;
    switch (p->kind) {
    case ARMCPU_KIND_NUMBER:
        derive_numbers(p, set, h.raw);
        break;
    case ARMCPU_KIND_BOOL:
        for (guint64 v = 0; v <= 1; v++) {
            ArmcpuRaw g = {v, 0};
            if (raw_is_safe(p, g, h))
                armcpu_value_set_add(set, armcpu_bool_to_string(v == 1), NULL);
        }
        break;
    case ARMCPU_KIND_ENUM:
    case ARMCPU_KIND_FRACTIONAL:
        for (guint i = 0; i < p->values->len; i++) {
            const ArmcpuPropValue *v = g_ptr_array_index(p->values, i);
            if (raw_is_safe(p, v->raw, h))
                armcpu_value_set_add(set, v->name, NULL);
        }
        break;
    case ARMCPU_KIND_STRING:
    case ARMCPU_KIND_LAST:
        g_assert_not_reached();
    }
    return g_steal_pointer(&set);
}

ArmcpuValueSet *
armcpu_prop_all_values(const ArmcpuProp *p)
{
    ArmcpuValueSet *set = armcpu_value_set_new(p->kind);

    switch (p->kind) {
    case ARMCPU_KIND_BOOL:
        armcpu_value_set_add(set, "off", NULL);
        armcpu_value_set_add(set, "on", NULL);
        break;
    case ARMCPU_KIND_NUMBER:
        armcpu_value_set_add_range(set, p->min, p->max);
        break;
    case ARMCPU_KIND_ENUM:
    case ARMCPU_KIND_FRACTIONAL:
        for (guint i = 0; i < p->values->len; i++)
            armcpu_value_set_add(set, armcpu_prop_value_name(p, i), NULL);
        break;
    case ARMCPU_KIND_STRING:
    case ARMCPU_KIND_LAST:
        break;
    }
    return set;
}
