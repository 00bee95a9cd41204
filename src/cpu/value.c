/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * value.c: token grammar, value parsing and the safe-order algebra.
 */
#include "value-priv.h"

#include "util/enum.h"
#include "util/util.h"

#include <string.h>

ARMCPU_DEFINE_QUARK("armcpu-value-error-quark", armcpu_value_error)

ARMCPU_ENUM_IMPL(armcpu_kind, ArmcpuKind, ARMCPU_KIND_LAST, [ARMCPU_KIND_BOOL] = "bool",
                 [ARMCPU_KIND_NUMBER] = "number", [ARMCPU_KIND_ENUM] = "enum",
                 [ARMCPU_KIND_FRACTIONAL] = "fractional", [ARMCPU_KIND_STRING] = "string")

ARMCPU_ENUM_IMPL(armcpu_policy, ArmcpuPolicy, ARMCPU_POLICY_LAST, [ARMCPU_POLICY_LOWER] = "lower",
                 [ARMCPU_POLICY_SIGNED_LOWER] = "signed-lower", [ARMCPU_POLICY_HIGHER] = "higher",
                 [ARMCPU_POLICY_HIGHER_OR_ZERO] = "higher-or-zero", [ARMCPU_POLICY_EXACT] = "exact",
                 [ARMCPU_POLICY_ANY] = "any")

ARMCPU_ENUM_TO_STRING_IMPL(
    armcpu_order, ArmcpuOrder, ARMCPU_ORDER_LAST, [ARMCPU_ORDER_LESS] = "less",
    [ARMCPU_ORDER_EQUAL] = "equal", [ARMCPU_ORDER_GREATER] = "greater",
    [ARMCPU_ORDER_INCOMPARABLE] = "incomparable", [ARMCPU_ORDER_UNORDERED] = "unordered")

gboolean
armcpu_policy_is_ordered(ArmcpuPolicy policy)
{
    return policy == ARMCPU_POLICY_LOWER || policy == ARMCPU_POLICY_SIGNED_LOWER ||
           policy == ARMCPU_POLICY_HIGHER || policy == ARMCPU_POLICY_HIGHER_OR_ZERO;
}

char *
armcpu_quote(const char *text)
{
    g_autofree char *head = g_strndup(text, 80);
    g_autofree char *esc = g_strescape(head, NULL);

    return g_strdup_printf("'%s'%s", esc, strlen(text) > 80 ? "..." : "");
}

gboolean
armcpu_token_check(const char *what, const char *token, GError **error)
{
    gsize len = strlen(token);

    if (len == 0) {
        g_set_error(error, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_EMPTY, "%s is empty", what);
        return FALSE;
    }
    if (len > ARMCPU_TOKEN_MAX) {
        g_autofree char *q = armcpu_quote(token);
        g_set_error(error, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_TOO_LONG,
                    "%s %s is %" G_GSIZE_FORMAT " bytes long; the limit is %d", what, q, len,
                    ARMCPU_TOKEN_MAX);
        return FALSE;
    }
    if (!armcpu_str_is_token(token)) {
        g_autofree char *q = armcpu_quote(token);
        g_set_error(error, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_CHARSET,
                    "%s %s has characters outside [A-Za-z0-9_.-]", what, q);
        return FALSE;
    }
    return TRUE;
}

gboolean
armcpu_bool_parse(const char *text, gboolean *out, GError **error)
{
    static const char *const yes[] = {"on", "true", "yes"};
    static const char *const no[] = {"off", "false", "no"};

    for (gsize i = 0; i < G_N_ELEMENTS(yes); i++) {
        if (g_ascii_strcasecmp(text, yes[i]) == 0) {
            *out = TRUE;
            return TRUE;
        }
        if (g_ascii_strcasecmp(text, no[i]) == 0) {
            *out = FALSE;
            return TRUE;
        }
    }
    g_autofree char *q = armcpu_quote(text);
    g_set_error(error, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_BOOL,
                "%s is not a bool (expected on/off, true/false or yes/no)", q);
    return FALSE;
}

const char *
armcpu_bool_to_string(gboolean value)
{
    return value ? "on" : "off";
}

gboolean
armcpu_number_parse(const char *text, guint64 *out, GError **error)
{
    guint base = 10;
    const char *digits = text;
    guint64 v = 0;

    if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        base = 16;
        digits = text + 2;
    }
    if (!*digits)
        goto bad;
    for (const char *p = digits; *p; p++) {
        int d = g_ascii_xdigit_value(*p);
        if (d < 0 || (guint)d >= base)
            goto bad;
        if (v > (G_MAXUINT64 - (guint)d) / base) {
            g_autofree char *q = armcpu_quote(text);
            g_set_error(error, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_OVERFLOW,
                        "number %s does not fit in 64 bits", q);
            return FALSE;
        }
        v = v * base + (guint)d;
    }
    *out = v;
    return TRUE;

bad : {
    g_autofree char *q = armcpu_quote(text);
    g_set_error(error, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_NUMBER,
                "%s is not a number (expected decimal or 0x hexadecimal)", q);
    return FALSE;
}
}

static gboolean
parse_small_decimal(const char **p, guint *out)
{
    guint v = 0;
    int n = 0;

    while (g_ascii_isdigit(**p)) {
        if (++n > 3)
            return FALSE;
        v = v * 10 + (guint)(**p - '0');
        (*p)++;
    }
    *out = v;
    return n > 0;
}

gboolean
armcpu_fraction_parse(const char *text, guint *major, guint *minor, GError **error)
{
    const char *p = text;
    guint ma, mi;

    if (!parse_small_decimal(&p, &ma) || *p++ != '.' || !parse_small_decimal(&p, &mi))
        goto bad;
    if (*p == '_') {
        p++;
        if (!*p)
            goto bad;
        for (; *p; p++) {
            if (!g_ascii_isalnum(*p))
                goto bad;
        }
    }
    if (*p)
        goto bad;
    if (major)
        *major = ma;
    if (minor)
        *minor = mi;
    return TRUE;

bad : {
    g_autofree char *q = armcpu_quote(text);
    g_set_error(error, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_FRACTION,
                "%s is not a fractional value (expected M.m or M.m_suffix)", q);
    return FALSE;
}
}

static char *
normalize_number(const char *text)
{
    const char *digits = text;
    gboolean hex = FALSE;

    if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        hex = TRUE;
        digits = text + 2;
    }
    while (digits[0] == '0' && digits[1])
        digits++;
    if (!hex)
        return g_strdup(digits);
    g_autofree char *lower = g_ascii_strdown(digits, -1);
    return g_strconcat("0x", lower, NULL);
}

char *
armcpu_value_normalize(ArmcpuKind kind, const char *text, GError **error)
{
    gboolean b;
    guint64 n;

    if (!armcpu_token_check("value", text, error))
        return NULL;
    switch (kind) {
    case ARMCPU_KIND_BOOL:
        if (!armcpu_bool_parse(text, &b, error))
            return NULL;
        return g_strdup(armcpu_bool_to_string(b));
    case ARMCPU_KIND_NUMBER:
        if (!armcpu_number_parse(text, &n, error))
            return NULL;
        return normalize_number(text);
    case ARMCPU_KIND_FRACTIONAL:
        if (!armcpu_fraction_parse(text, NULL, NULL, error))
            return NULL;
        return g_strdup(text);
    case ARMCPU_KIND_ENUM:
    case ARMCPU_KIND_STRING:
    case ARMCPU_KIND_LAST:
        break;
    }
    return g_strdup(text);
}

/* The field value read as two's complement of @width bits. */
static gint64
sign_extend(guint64 v, guint width)
{
    if (width == 0 || width >= 64)
        return (gint64)v;
    guint64 sign = G_GUINT64_CONSTANT(1) << (width - 1);
    v &= (sign << 1) - 1;
    return (gint64)(v ^ sign) - (gint64)sign;
}

static ArmcpuOrder
order_of(int c)
{
    return c < 0 ? ARMCPU_ORDER_LESS : c > 0 ? ARMCPU_ORDER_GREATER : ARMCPU_ORDER_EQUAL;
}

ArmcpuOrder
armcpu_policy_compare(ArmcpuPolicy policy, guint width, guint64 a, guint64 b)
{
    if (a == b)
        return ARMCPU_ORDER_EQUAL;
    switch (policy) {
    case ARMCPU_POLICY_LOWER:
        return order_of(a < b ? -1 : 1);
    case ARMCPU_POLICY_SIGNED_LOWER: {
        gint64 sa = sign_extend(a, width), sb = sign_extend(b, width);
        return order_of(sa < sb ? -1 : sa > sb ? 1 : 0);
    }
    case ARMCPU_POLICY_HIGHER:
        return order_of(a > b ? -1 : 1);
    case ARMCPU_POLICY_HIGHER_OR_ZERO:
        if (a == 0)
            return ARMCPU_ORDER_LESS;
        if (b == 0)
            return ARMCPU_ORDER_GREATER;
        return order_of(a > b ? -1 : 1);
    case ARMCPU_POLICY_EXACT:
    case ARMCPU_POLICY_ANY:
    case ARMCPU_POLICY_LAST:
        break;
    }
    return ARMCPU_ORDER_UNORDERED;
}

gboolean
armcpu_policy_is_safe(ArmcpuPolicy policy, guint width, guint64 safe, guint64 guest, guint64 host)
{
    switch (policy) {
    case ARMCPU_POLICY_EXACT:
        return guest == host || guest == safe;
    case ARMCPU_POLICY_ANY:
        return TRUE;
    case ARMCPU_POLICY_LOWER:
    case ARMCPU_POLICY_SIGNED_LOWER:
    case ARMCPU_POLICY_HIGHER:
    case ARMCPU_POLICY_HIGHER_OR_ZERO: {
        ArmcpuOrder o = armcpu_policy_compare(policy, width, guest, host);
        g_assert(o == ARMCPU_ORDER_LESS || o == ARMCPU_ORDER_EQUAL || o == ARMCPU_ORDER_GREATER);
        return o != ARMCPU_ORDER_GREATER;
    }
    case ARMCPU_POLICY_LAST:
        break;
    }
    return FALSE;
}
