/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * valueset.c: sets of supported values (tokens and inclusive number ranges).
 */
#include "value-priv.h"

#include <string.h>

struct _ArmcpuValueSet {
    ArmcpuKind kind;
    GArray *items; /* ArmcpuValueItem, text owned */
};

static void
item_clear(gpointer p)
{
    ArmcpuValueItem *item = p;

    g_free((char *)item->text);
}

ArmcpuValueSet *
armcpu_value_set_new(ArmcpuKind kind)
{
    ArmcpuValueSet *set = g_new0(ArmcpuValueSet, 1);

    g_assert((unsigned)kind < ARMCPU_KIND_LAST);
    set->kind = kind;
    set->items = g_array_new(FALSE, TRUE, sizeof(ArmcpuValueItem));
    g_array_set_clear_func(set->items, item_clear);
    return set;
}

void
armcpu_value_set_free(ArmcpuValueSet *set)
{
    if (!set)
        return;
    g_array_unref(set->items);
    g_free(set);
}

ArmcpuKind
armcpu_value_set_kind(const ArmcpuValueSet *set)
{
    return set->kind;
}

guint
armcpu_value_set_size(const ArmcpuValueSet *set)
{
    return set->items->len;
}

const ArmcpuValueItem *
armcpu_value_set_item(const ArmcpuValueSet *set, guint i)
{
    g_return_val_if_fail(i < set->items->len, NULL);
    return &g_array_index(set->items, ArmcpuValueItem, i);
}

static gboolean
has_text(const ArmcpuValueSet *set, const char *text)
{
    for (guint i = 0; i < set->items->len; i++) {
        if (strcmp(g_array_index(set->items, ArmcpuValueItem, i).text, text) == 0)
            return TRUE;
    }
    return FALSE;
}

static void
append(ArmcpuValueSet *set, const char *text, gboolean is_range, guint64 min, guint64 max)
{
    ArmcpuValueItem item = {g_strdup(text), is_range, min, max};

    if (has_text(set, text)) {
        g_free((char *)item.text);
        return;
    }
    g_array_append_val(set->items, item);
}

ArmcpuValueSet *
armcpu_value_set_copy(const ArmcpuValueSet *set)
{
    ArmcpuValueSet *copy = armcpu_value_set_new(set->kind);

    for (guint i = 0; i < set->items->len; i++) {
        const ArmcpuValueItem *it = &g_array_index(set->items, ArmcpuValueItem, i);
        append(copy, it->text, it->is_range, it->min, it->max);
    }
    return copy;
}

/* "A-B" or "N"; numbers never contain '-', so the dash is unambiguous. */
static gboolean
parse_range(const char *item, guint64 *min, guint64 *max, gboolean *is_range, GError **error)
{
    const char *dash = strchr(item, '-');

    if (!dash) {
        *is_range = FALSE;
        if (!armcpu_number_parse(item, min, error))
            return FALSE;
        *max = *min;
        return TRUE;
    }
    g_autofree char *lo = g_strndup(item, (gsize)(dash - item));
    g_autofree char *q = armcpu_quote(item);
    if (!armcpu_number_parse(lo, min, NULL) || !armcpu_number_parse(dash + 1, max, NULL)) {
        g_set_error(error, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_RANGE,
                    "range %s is not of the form MIN-MAX", q);
        return FALSE;
    }
    if (*min > *max) {
        g_set_error(error, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_RANGE,
                    "range %s has its minimum above its maximum", q);
        return FALSE;
    }
    *is_range = TRUE;
    return TRUE;
}

gboolean
armcpu_value_set_add(ArmcpuValueSet *set, const char *item, GError **error)
{
    guint64 min, max;
    gboolean is_range, b;

    if (!armcpu_token_check("value", item, error))
        return FALSE;
    switch (set->kind) {
    case ARMCPU_KIND_NUMBER:
        if (!parse_range(item, &min, &max, &is_range, error))
            return FALSE;
        append(set, item, is_range, min, max);
        return TRUE;
    case ARMCPU_KIND_BOOL:
        if (!armcpu_bool_parse(item, &b, error))
            return FALSE;
        append(set, armcpu_bool_to_string(b), FALSE, b, b);
        return TRUE;
    case ARMCPU_KIND_FRACTIONAL:
        if (!armcpu_fraction_parse(item, NULL, NULL, error))
            return FALSE;
        append(set, item, FALSE, 0, 0);
        return TRUE;
    case ARMCPU_KIND_ENUM:
    case ARMCPU_KIND_STRING:
    case ARMCPU_KIND_LAST:
        break;
    }
    append(set, item, FALSE, 0, 0);
    return TRUE;
}

void
armcpu_value_set_add_range(ArmcpuValueSet *set, guint64 min, guint64 max)
{
    g_autofree char *text = NULL;

    g_return_if_fail(set->kind == ARMCPU_KIND_NUMBER);
    g_return_if_fail(min <= max);
    if (min == max)
        text = g_strdup_printf("%" G_GUINT64_FORMAT, min);
    else
        text = g_strdup_printf("%" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT, min, max);
    append(set, text, min != max, min, max);
}

static gboolean
number_covered(const ArmcpuValueSet *set, guint64 v)
{
    for (guint i = 0; i < set->items->len; i++) {
        const ArmcpuValueItem *it = &g_array_index(set->items, ArmcpuValueItem, i);
        if (v >= it->min && v <= it->max)
            return TRUE;
    }
    return FALSE;
}

gboolean
armcpu_value_set_contains(const ArmcpuValueSet *set, const char *text)
{
    guint64 n;
    gboolean b;

    switch (set->kind) {
    case ARMCPU_KIND_NUMBER:
        return armcpu_number_parse(text, &n, NULL) && number_covered(set, n);
    case ARMCPU_KIND_BOOL:
        return armcpu_bool_parse(text, &b, NULL) && has_text(set, armcpu_bool_to_string(b));
    case ARMCPU_KIND_ENUM:
    case ARMCPU_KIND_FRACTIONAL:
    case ARMCPU_KIND_STRING:
    case ARMCPU_KIND_LAST:
        break;
    }
    return has_text(set, text);
}

/* TRUE when min..max lies inside the union of @set's ranges. */
static gboolean
range_covered(const ArmcpuValueSet *set, guint64 min, guint64 max)
{
    guint64 v = min;

    for (;;) {
        gboolean advanced = FALSE;
        for (guint i = 0; i < set->items->len; i++) {
            const ArmcpuValueItem *it = &g_array_index(set->items, ArmcpuValueItem, i);
            if (v >= it->min && v <= it->max) {
                if (it->max >= max)
                    return TRUE;
                v = it->max + 1;
                advanced = TRUE;
            }
        }
        if (!advanced)
            return FALSE;
    }
}

gboolean
armcpu_value_set_is_subset(const ArmcpuValueSet *a, const ArmcpuValueSet *b)
{
    for (guint i = 0; i < a->items->len; i++) {
        const ArmcpuValueItem *it = &g_array_index(a->items, ArmcpuValueItem, i);
        gboolean in = a->kind == ARMCPU_KIND_NUMBER && b->kind == ARMCPU_KIND_NUMBER
                          ? range_covered(b, it->min, it->max)
                          : armcpu_value_set_contains(b, it->text);
        if (!in)
            return FALSE;
    }
    return TRUE;
}

char *
armcpu_value_set_format(const ArmcpuValueSet *set)
{
    g_autoptr(GString) s = g_string_new(NULL);

    for (guint i = 0; i < set->items->len; i++) {
        if (i)
            g_string_append(s, ", ");
        g_string_append(s, g_array_index(set->items, ArmcpuValueItem, i).text);
    }
    return g_string_free(g_steal_pointer(&s), FALSE);
}
