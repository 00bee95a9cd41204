/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * labels.c: a host's CPU properties as Kubernetes-style node labels.
 *
 * Built on the public host capabilities and registry API only: the labels are
 * a view of the document, and a scheduler must be able to compute a guest's
 * selector from the same rules (armcpu_label_name()).
 */
#include <armcpu/labels.h>
#include <armcpu/registry.h>

#include <stdarg.h>
#include <string.h>
#include "util/util.h"

ARMCPU_DEFINE_QUARK("armcpu-labels-error-quark", armcpu_labels_error)

/* Expanding a number range for translation stops here (fields are 4 bits). */
#define EXPAND_MAX 256

/* Length of the hash suffix of a mapped name, and of the kept head. */
#define HASH_DIGITS 10
#define HEAD_MAX    (ARMCPU_LABELS_NAME_MAX - 1 - HASH_DIGITS)

typedef struct {
    const char *prefix;
    GString *out;
    GString *notes;
    GHashTable *seen; /* label name -> value (owned) */
} Sink;

static gboolean
is_alnum(char c)
{
    return g_ascii_isalnum(c);
}

/* [A-Za-z0-9] at both ends, [-A-Za-z0-9_.] inside, 1..63 characters. */
static gboolean
label_name_ok(const char *s)
{
    gsize n = strlen(s);

    if (n == 0 || n > ARMCPU_LABELS_NAME_MAX || !is_alnum(s[0]) || !is_alnum(s[n - 1]))
        return FALSE;
    for (gsize i = 0; i < n; i++) {
        if (!is_alnum(s[i]) && s[i] != '-' && s[i] != '_' && s[i] != '.')
            return FALSE;
    }
    return TRUE;
}

/* A label value: empty, or a valid name. */
static gboolean
label_value_ok(const char *s)
{
    return *s == '\0' || label_name_ok(s);
}

/* A lowercase RFC 1123 DNS subdomain of at most 253 characters. */
static gboolean
prefix_ok(const char *s)
{
    gsize n = strlen(s);
    gsize part = 0;

    if (n == 0 || n > ARMCPU_LABELS_PREFIX_MAX)
        return FALSE;
    for (gsize i = 0; i <= n; i++) {
        char c = s[i];
        if (c == '.' || c == '\0') {
            if (part == 0 || s[i - 1] == '-' || part > 63)
                return FALSE;
            part = 0;
            continue;
        }
        if (!(g_ascii_islower(c) || g_ascii_isdigit(c) || (c == '-' && part > 0)))
            return FALSE;
        part++;
    }
    return TRUE;
}

gboolean
armcpu_label_prefix_check(const char *prefix, GError **error)
{
    g_autofree char *shown = NULL;

    g_return_val_if_fail(prefix != NULL, FALSE);
    if (prefix_ok(prefix))
        return TRUE;
    shown = g_strescape(prefix, NULL);
    g_set_error(error, ARMCPU_LABELS_ERROR, ARMCPU_LABELS_ERROR_PREFIX,
                "label prefix '%.300s' is not a DNS subdomain (lowercase [a-z0-9-] parts "
                "separated by dots, [a-z0-9] at both ends of each, at most %d characters)",
                shown, ARMCPU_LABELS_PREFIX_MAX);
    return FALSE;
}

char *
armcpu_label_name(const char *property, const char *suffix)
{
    g_autofree char *full = suffix ? g_strconcat(property, ".", suffix, NULL) : g_strdup(property);
    g_autofree char *hash = NULL;
    const char *start = full;
    gsize len;

    if (label_name_ok(full))
        return g_steal_pointer(&full);
    hash = g_compute_checksum_for_string(G_CHECKSUM_SHA256, full, -1);
    while (*start && !is_alnum(*start))
        start++;
    len = MIN(strlen(start), (gsize)HEAD_MAX);
    while (len > 0 && !is_alnum(start[len - 1]))
        len--;
    if (len == 0)
        return g_strndup(hash, HASH_DIGITS);
    return g_strdup_printf("%.*s-%.*s", (int)len, start, HASH_DIGITS, hash);
}

/* ----- writing labels ----- */

static void note(Sink *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
note(Sink *s, const char *fmt, ...)
{
    va_list ap;

    g_string_append(s->notes, "# ");
    va_start(ap, fmt);
    g_string_append_vprintf(s->notes, fmt, ap);
    va_end(ap);
    g_string_append_c(s->notes, '\n');
}

/* One label "prefix/name=value"; @what names its origin in notes. */
static void
emit_named(Sink *s, const char *name, const char *value, const char *what)
{
    const char *had = g_hash_table_lookup(s->seen, name);

    if (!label_value_ok(value)) {
        note(s, "%s: value '%s' is not a valid label value; not labelled", what, value);
        return;
    }
    if (had) {
        if (!g_str_equal(had, value))
            note(s, "%s: %s/%s is already %s; not labelled again", what, s->prefix, name, had);
        return;
    }
    g_hash_table_insert(s->seen, g_strdup(name), g_strdup(value));
    g_string_append_printf(s->out, "%s/%s=%s\n", s->prefix, name, value);
}

/* The label for @property.@suffix, mapping the name when it must. */
static void
emit(Sink *s, const char *property, const char *suffix, const char *value)
{
    g_autofree char *name = armcpu_label_name(property, suffix);
    g_autofree char *plain = g_strconcat(property, ".", suffix, NULL);

    if (!g_str_equal(name, plain))
        note(s, "%s/%s stands for %s (name mapped: not a valid label name)", s->prefix, name,
             plain);
    emit_named(s, name, value, plain);
}

/* Inclusive intervals of a number set, sorted and merged. */
typedef struct {
    guint64 min, max;
} Interval;

static gint
interval_cmp(gconstpointer a, gconstpointer b)
{
    const Interval *x = a, *y = b;

    return x->min < y->min ? -1 : x->min > y->min;
}

static GArray *
number_intervals(const ArmcpuValueSet *set)
{
    GArray *in = g_array_new(FALSE, FALSE, sizeof(Interval));
    GArray *out = g_array_new(FALSE, FALSE, sizeof(Interval));

    for (guint i = 0; i < armcpu_value_set_size(set); i++) {
        const ArmcpuValueItem *it = armcpu_value_set_item(set, i);
        Interval iv = {it->min, it->max};
        g_array_append_val(in, iv);
    }
    g_array_sort(in, interval_cmp);
    for (guint i = 0; i < in->len; i++) {
        Interval iv = g_array_index(in, Interval, i);
        Interval *last = out->len ? &g_array_index(out, Interval, out->len - 1) : NULL;
        if (last && (iv.min <= last->max || iv.min - 1 == last->max)) {
            last->max = MAX(last->max, iv.max);
            continue;
        }
        g_array_append_val(out, iv);
    }
    g_array_unref(in);
    return out;
}

/* The number of members of merged @ivs, saturating at G_MAXUINT64. */
static guint64
cardinality(const GArray *ivs)
{
    guint64 n = 0;

    for (guint i = 0; i < ivs->len; i++) {
        const Interval *iv = &g_array_index(ivs, Interval, i);
        guint64 k = iv->max - iv->min;
        if (k == G_MAXUINT64 || n > G_MAXUINT64 - k - 1)
            return G_MAXUINT64;
        n += k + 1;
    }
    return n;
}

/* The labels of one property whose supported set is @set. */
static void
emit_set(Sink *s, const char *property, const ArmcpuValueSet *set)
{
    if (armcpu_value_set_size(set) == 0) {
        note(s, "%s: no supported value; not labelled", property);
        return;
    }
    if (armcpu_value_set_kind(set) == ARMCPU_KIND_NUMBER) {
        g_autoptr(GArray) ivs = number_intervals(set);
        if (ivs->len == 1) {
            const Interval *iv = &g_array_index(ivs, Interval, 0);
            g_autofree char *lo = g_strdup_printf("%" G_GUINT64_FORMAT, iv->min);
            g_autofree char *hi = g_strdup_printf("%" G_GUINT64_FORMAT, iv->max);
            emit(s, property, "min", lo);
            emit(s, property, "max", hi);
            return;
        }
        if (cardinality(ivs) > ARMCPU_LABELS_MAX_VALUES) {
            g_autofree char *text = armcpu_value_set_format(set);
            note(s, "%s: %s has holes and over %d values; not labelled", property, text,
                 ARMCPU_LABELS_MAX_VALUES);
            return;
        }
        for (guint i = 0; i < ivs->len; i++) {
            const Interval *iv = &g_array_index(ivs, Interval, i);
            for (guint64 v = iv->min;; v++) {
                g_autofree char *text = g_strdup_printf("%" G_GUINT64_FORMAT, v);
                emit(s, property, text, "true");
                if (v == iv->max)
                    break;
            }
        }
        return;
    }
    for (guint i = 0; i < armcpu_value_set_size(set); i++)
        emit(s, property, armcpu_value_set_item(set, i)->text, "true");
}

/* ----- what a guest can be given ----- */

/*
 * The values a guest can get: the supported set, except that under KVM a
 * field KVM cannot change (registry kvm='no', set derived from the host's
 * value) keeps only the host's own value, as start-time validation decides.
 */
static ArmcpuValueSet *
effective_set(const ArmcpuAccelCaps *acc, const ArmcpuPropInfo *pi)
{
    const ArmcpuValueSet *set = armcpu_prop_info_supported(pi);
    const ArmcpuProp *p = armcpu_prop_info_registry(pi);
    const char *hv = armcpu_prop_info_host_value(pi);
    ArmcpuValueSet *own;

    if (armcpu_accel_caps_accel(acc) != ARMCPU_ACCEL_KVM || !p ||
        armcpu_prop_info_source(pi) != ARMCPU_SUPPORT_DERIVED ||
        armcpu_prop_kvm_writable(p) != ARMCPU_KVM_WRITABLE_NO || !hv)
        return armcpu_value_set_copy(set);
    own = armcpu_value_set_new(armcpu_value_set_kind(set));
    if (armcpu_value_set_contains(set, hv))
        armcpu_value_set_add(own, hv, NULL);
    return own;
}

/* Each member of @set as text (numbers in decimal); FALSE when too many. */
static gboolean
members(const ArmcpuValueSet *set, GPtrArray *out)
{
    if (armcpu_value_set_kind(set) != ARMCPU_KIND_NUMBER) {
        for (guint i = 0; i < armcpu_value_set_size(set); i++)
            g_ptr_array_add(out, g_strdup(armcpu_value_set_item(set, i)->text));
        return TRUE;
    }
    g_autoptr(GArray) ivs = number_intervals(set);
    if (cardinality(ivs) > EXPAND_MAX)
        return FALSE;
    for (guint i = 0; i < ivs->len; i++) {
        const Interval *iv = &g_array_index(ivs, Interval, i);
        for (guint64 v = iv->min;; v++) {
            g_ptr_array_add(out, g_strdup_printf("%" G_GUINT64_FORMAT, v));
            if (v == iv->max)
                break;
        }
    }
    return TRUE;
}

/* The members of number set @set that @to accepts (numbers translate as they are). */
static ArmcpuValueSet *
intersect_numbers(const ArmcpuValueSet *set, const ArmcpuProp *to)
{
    g_autoptr(ArmcpuValueSet) all = armcpu_prop_all_values(to);
    g_autoptr(GArray) a = number_intervals(set);
    g_autoptr(GArray) b = number_intervals(all);
    ArmcpuValueSet *out = armcpu_value_set_new(ARMCPU_KIND_NUMBER);

    for (guint i = 0; i < a->len; i++) {
        const Interval *x = &g_array_index(a, Interval, i);
        for (guint j = 0; j < b->len; j++) {
            const Interval *y = &g_array_index(b, Interval, j);
            guint64 lo = MAX(x->min, y->min), hi = MIN(x->max, y->max);
            if (lo <= hi)
                armcpu_value_set_add_range(out, lo, hi);
        }
    }
    return out;
}

/* Named -> SYSREG: the raw field values (fractional: each field on its own). */
static void
translate_to_sysreg(Sink *s, const ArmcpuAccelCaps *acc, const ArmcpuProp *p,
                    const ArmcpuValueSet *set)
{
    gboolean fractional = armcpu_prop_kind(p) == ARMCPU_KIND_FRACTIONAL;
    const ArmcpuProp *base =
        armcpu_prop_counterpart(p, fractional ? ARMCPU_PROP_PART_BASE : ARMCPU_PROP_PART_WHOLE);
    const ArmcpuProp *frac = fractional ? armcpu_prop_counterpart(p, ARMCPU_PROP_PART_FRAC) : NULL;
    g_autoptr(GPtrArray) vals = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(ArmcpuValueSet) bs = armcpu_value_set_new(ARMCPU_KIND_NUMBER);
    g_autoptr(ArmcpuValueSet) fs = armcpu_value_set_new(ARMCPU_KIND_NUMBER);

    if (!base || (fractional && !frac) || armcpu_accel_caps_lookup(acc, armcpu_prop_name(base)) ||
        (frac && armcpu_accel_caps_lookup(acc, armcpu_prop_name(frac))))
        return;
    if (armcpu_value_set_kind(set) == ARMCPU_KIND_NUMBER &&
        armcpu_prop_kind(base) == ARMCPU_KIND_NUMBER && !frac) {
        g_autoptr(ArmcpuValueSet) same = intersect_numbers(set, base);
        emit_set(s, armcpu_prop_name(base), same);
        return;
    }
    if (!members(set, vals)) {
        note(s, "%s: too many values to translate to %s", armcpu_prop_name(p),
             armcpu_prop_name(base));
        return;
    }
    for (guint i = 0; i < vals->len; i++) {
        ArmcpuRaw raw;
        if (!armcpu_prop_value_to_raw(p, g_ptr_array_index(vals, i), &raw, NULL))
            continue;
        armcpu_value_set_add_range(bs, raw.raw, raw.raw);
        armcpu_value_set_add_range(fs, raw.frac, raw.frac);
    }
    if (armcpu_value_set_size(bs) == 0)
        return;
    emit_set(s, armcpu_prop_name(base), bs);
    if (frac)
        emit_set(s, armcpu_prop_name(frac), fs);
}

/* SYSREG -> named: the table names of the raw values (a fractional pair at its base). */
static void
translate_to_named(Sink *s, const ArmcpuAccelCaps *acc, const ArmcpuProp *p,
                   const ArmcpuValueSet *set)
{
    const ArmcpuProp *n = armcpu_prop_counterpart(p, ARMCPU_PROP_PART_WHOLE);
    ArmcpuPropPart part = armcpu_prop_part(p);
    g_autoptr(ArmcpuValueSet) out = NULL;

    if (!n || armcpu_accel_caps_lookup(acc, armcpu_prop_name(n)) ||
        armcpu_value_set_kind(set) != ARMCPU_KIND_NUMBER || part == ARMCPU_PROP_PART_FRAC)
        return;
    if (part == ARMCPU_PROP_PART_WHOLE && armcpu_prop_kind(n) == ARMCPU_KIND_NUMBER) {
        out = intersect_numbers(set, n);
    } else if (part == ARMCPU_PROP_PART_WHOLE) {
        g_autoptr(GPtrArray) vals = g_ptr_array_new_with_free_func(g_free);
        out = armcpu_value_set_new(armcpu_prop_kind(n));
        if (!members(set, vals)) {
            note(s, "%s: too many values to translate to %s", armcpu_prop_name(p),
                 armcpu_prop_name(n));
            return;
        }
        for (guint i = 0; i < vals->len; i++) {
            ArmcpuRaw raw = {0, 0};
            g_autofree char *v = NULL;
            if (!armcpu_number_parse(g_ptr_array_index(vals, i), &raw.raw, NULL))
                continue;
            v = armcpu_prop_raw_to_value(n, raw, NULL);
            if (v)
                armcpu_value_set_add(out, v, NULL);
        }
    } else {
        /* a fractional value needs both of its fields supported */
        const ArmcpuProp *other = armcpu_prop_counterpart(n, ARMCPU_PROP_PART_FRAC);
        const ArmcpuPropInfo *opi =
            other ? armcpu_accel_caps_lookup(acc, armcpu_prop_name(other)) : NULL;
        g_autoptr(ArmcpuValueSet) oset = NULL;
        if (!opi)
            return;
        oset = effective_set(acc, opi);
        out = armcpu_value_set_new(armcpu_prop_kind(n));
        for (guint i = 0; i < armcpu_prop_n_values(n); i++) {
            ArmcpuRaw raw = armcpu_prop_value_raw(n, i);
            g_autofree char *b = g_strdup_printf("%" G_GUINT64_FORMAT, raw.raw);
            g_autofree char *f = g_strdup_printf("%" G_GUINT64_FORMAT, raw.frac);
            if (armcpu_value_set_contains(set, b) && armcpu_value_set_contains(oset, f))
                armcpu_value_set_add(out, armcpu_prop_value_name(n, i), NULL);
        }
    }
    if (armcpu_value_set_size(out) > 0)
        emit_set(s, armcpu_prop_name(n), out);
}

static void
emit_property(Sink *s, const ArmcpuAccelCaps *acc, const ArmcpuPropInfo *pi)
{
    g_autoptr(ArmcpuValueSet) set = effective_set(acc, pi);
    const ArmcpuProp *p = armcpu_prop_info_registry(pi);

    emit_set(s, armcpu_prop_info_name(pi), set);
    if (!p || armcpu_value_set_size(set) == 0)
        return;
    if (armcpu_prop_dialect(p) == ARMCPU_DIALECT_NAMED)
        translate_to_sysreg(s, acc, p, set);
    else if (armcpu_prop_dialect(p) == ARMCPU_DIALECT_SYSREG)
        translate_to_named(s, acc, p, set);
}

/* A meta label about the section; names without '.' never meet a property's. */
static void
emit_meta(Sink *s, const char *name, const char *value)
{
    if (value)
        emit_named(s, name, value, name);
}

char *
armcpu_host_caps_to_labels(const ArmcpuHostCaps *caps, const ArmcpuAccelCaps *acc,
                           const char *prefix, GError **error)
{
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_autoptr(GString) notes = g_string_new(NULL);
    GString *out;
    Sink s;

    g_return_val_if_fail(caps != NULL, NULL);
    if (!prefix)
        prefix = ARMCPU_LABELS_DEFAULT_PREFIX;
    if (!armcpu_label_prefix_check(prefix, error))
        return NULL;
    if (!acc && !(acc = armcpu_host_caps_pick_accel(caps, ARMCPU_ACCEL_LAST, NULL))) {
        const char *label = armcpu_host_caps_label(caps);
        g_set_error(error, ARMCPU_LABELS_ERROR, ARMCPU_LABELS_ERROR_ACCEL,
                    "%s has no accelerator section to label",
                    label ? label : "the host capabilities document");
        return NULL;
    }
    out = g_string_new(NULL);
    s = (Sink){.prefix = prefix, .out = out, .notes = notes, .seen = seen};
    emit_meta(&s, "accel", armcpu_accel_to_string(armcpu_accel_caps_accel(acc)));
    emit_meta(&s, "dialect", armcpu_dialect_to_string(armcpu_accel_caps_dialect(acc)));
    emit_meta(&s, "qemu-version", armcpu_host_caps_qemu_version(caps));
    emit_meta(&s, "armcpu-version", armcpu_host_caps_armcpu_version(caps));
    for (guint i = 0; i < armcpu_accel_caps_n_props(acc); i++)
        emit_property(&s, acc, armcpu_accel_caps_prop(acc, i));
    g_string_append_len(out, notes->str, notes->len);
    return g_string_free(out, FALSE);
}
