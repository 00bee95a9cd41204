/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * verify-match.c: does what QEMU reports mean what was asked, and which
 * property does its refusal name?
 */
#include "verify-priv.h"

#include "cpu/plan.h"
#include "hostcaps-priv.h"
#include "qmp/qmp.h"
#include "util/util.h"

#include <string.h>

/* ====================================================================== */
/* Comparing values                                                        */
/* ====================================================================== */

char *
armcpu_verify_json_text(json_object *got)
{
    g_autofree char *raw = NULL;
    g_autoptr(GByteArray) bytes = NULL;

    switch (json_object_get_type(got)) {
    case json_type_boolean:
        return g_strdup(armcpu_bool_to_string(json_object_get_boolean(got)));
    case json_type_int:
        if (json_object_get_int64(got) < 0)
            return g_strdup_printf("%" G_GINT64_FORMAT, json_object_get_int64(got));
        return g_strdup_printf("%" G_GUINT64_FORMAT, json_object_get_uint64(got));
    case json_type_string:
        raw = g_strndup(json_object_get_string(got), 256);
        break;
    default:
        raw = g_strndup(json_object_to_json_string_ext(got, JSON_C_TO_STRING_PLAIN), 256);
        break;
    }
    bytes = g_byte_array_new();
    g_byte_array_append(bytes, (const guint8 *)raw, strlen(raw));
    /* the same repair as QEMU's stderr: invalid UTF-8 and control bytes shown as '?' */
    {
        char *text = armcpu_stderr_tail_text(bytes);
        for (char *c = text; *c; c++) {
            if (*c == '\n' || *c == '\t')
                *c = '?';
        }
        if (*text || !*raw)
            return text;
        g_free(text);
        return g_strdup("?");
    }
}

/* A JSON reply as a bool, when it can be read as one. */
static gboolean
got_bool(json_object *got, gboolean *out)
{
    switch (json_object_get_type(got)) {
    case json_type_boolean:
        *out = json_object_get_boolean(got);
        return TRUE;
    case json_type_int:
        if (json_object_get_int64(got) != 0 && json_object_get_int64(got) != 1)
            return FALSE;
        *out = json_object_get_int64(got) == 1;
        return TRUE;
    case json_type_string:
        return armcpu_bool_parse(json_object_get_string(got), out, NULL);
    default:
        return FALSE;
    }
}

/* A JSON reply as a u64, when it can be read as one. */
static gboolean
got_number(json_object *got, guint64 *out)
{
    switch (json_object_get_type(got)) {
    case json_type_int:
        if (json_object_get_int64(got) < 0)
            return FALSE;
        *out = json_object_get_uint64(got);
        return TRUE;
    case json_type_boolean:
        *out = json_object_get_boolean(got) ? 1 : 0;
        return TRUE;
    case json_type_string:
        return armcpu_number_parse(json_object_get_string(got), out, NULL);
    default:
        return FALSE;
    }
}

static gboolean
match_bool(const char *asked, json_object *got)
{
    gboolean a, g;

    return armcpu_bool_parse(asked, &a, NULL) && got_bool(got, &g) && a == g;
}

static gboolean
match_number(const char *asked, json_object *got)
{
    guint64 a, g;

    return armcpu_number_parse(asked, &a, NULL) && got_number(got, &g) && a == g;
}

/* A SYSREG field's number @asked against a value name of its named property. */
static gboolean
match_sysreg_name(const ArmcpuProp *p, const char *asked, const char *got)
{
    const ArmcpuProp *named = armcpu_prop_counterpart(p, ARMCPU_PROP_PART_WHOLE);
    ArmcpuRaw raw;
    guint64 a;

    if (!named || !armcpu_number_parse(asked, &a, NULL) ||
        !armcpu_prop_value_to_raw(named, got, &raw, NULL))
        return FALSE;
    return a == (armcpu_prop_part(p) == ARMCPU_PROP_PART_FRAC ? raw.frac : raw.raw);
}

/* A table value @asked of @p (enum, fractional) against what QEMU reported. */
static gboolean
match_table(const ArmcpuProp *p, const char *asked, json_object *got)
{
    ArmcpuRaw a, g;
    guint64 n;

    if (!armcpu_prop_value_to_raw(p, asked, &a, NULL))
        return FALSE;
    switch (json_object_get_type(got)) {
    case json_type_string:
        if (armcpu_prop_value_to_raw(p, json_object_get_string(got), &g, NULL))
            return a.raw == g.raw && a.frac == g.frac;
        /* a raw encoding spelt as a string */
        return armcpu_prop_kind(p) == ARMCPU_KIND_ENUM &&
               armcpu_number_parse(json_object_get_string(got), &n, NULL) && n == a.raw;
    case json_type_int:
        return armcpu_prop_kind(p) == ARMCPU_KIND_ENUM && got_number(got, &n) && n == a.raw;
    case json_type_boolean:
        return match_bool(asked, got);
    default:
        return FALSE;
    }
}

gboolean
armcpu_verify_value_matches(const ArmcpuRegistry *reg, const ArmcpuAccelCaps *host,
                            const char *name, const char *asked, json_object *got)
{
    const ArmcpuProp *p = reg ? armcpu_registry_lookup(reg, name) : NULL;
    json_type type = json_object_get_type(got);

    if (!got)
        return FALSE;
    if (type == json_type_string && strcmp(json_object_get_string(got), asked) == 0)
        return TRUE;
    switch (armcpu_verify_kind_of(reg, host, name)) {
    case ARMCPU_KIND_BOOL:
        return match_bool(asked, got);
    case ARMCPU_KIND_NUMBER:
        if (match_number(asked, got))
            return TRUE;
        return p && type == json_type_string &&
               match_sysreg_name(p, asked, json_object_get_string(got));
    case ARMCPU_KIND_ENUM:
    case ARMCPU_KIND_FRACTIONAL:
        if (p)
            return match_table(p, asked, got);
        return FALSE;
    case ARMCPU_KIND_STRING:
    case ARMCPU_KIND_LAST:
        break;
    }
    /* a property nobody describes: by the JSON type QEMU answered with */
    if (type == json_type_boolean)
        return match_bool(asked, got);
    if (type == json_type_int)
        return match_number(asked, got);
    if (type == json_type_string)
        return armcpu_verify_same_meaning(asked, json_object_get_string(got));
    return FALSE;
}

/* ====================================================================== */
/* QEMU's refusal                                                          */
/* ====================================================================== */

/* Characters that continue a property name on either side of a match. */
static gboolean
name_char(char c)
{
    return g_ascii_isalnum(c) || c == '_' || c == '-';
}

int
armcpu_verify_find_offending(const char *text, const char *const *names, guint n)
{
    const char *best_at = NULL;
    int best = -1;

    for (guint i = 0; i < n; i++) {
        gsize len = strlen(names[i]);
        for (const char *at = len ? strstr(text, names[i]) : NULL; at;
             at = strstr(at + 1, names[i])) {
            if ((at > text && name_char(at[-1])) || name_char(at[len]))
                continue;
            if (!best_at || at < best_at || (at == best_at && len > strlen(names[best]))) {
                best_at = at;
                best = (int)i;
            }
            break;
        }
    }
    return best;
}
