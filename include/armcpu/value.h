/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * armcpu/value.h: property values, supported-value sets and safe order.
 *
 * Every value armcpu handles is text as a user or QEMU wrote it. This module
 * checks that text against the token grammar, parses it by kind (bool,
 * number, enumerated token, fractional M.m[_suffix]), keeps sets of supported
 * values (items and inclusive ranges "a-b"), and orders raw encodings by the
 * registry's safe policy.
 */
#pragma once

#include <armcpu/common.h>

G_BEGIN_DECLS

/* Longest property name or value armcpu accepts, in bytes. */
#define ARMCPU_TOKEN_MAX 64

/* How a property's value is written. */
typedef enum {
    ARMCPU_KIND_BOOL,       /* on/off (also true/false, yes/no) */
    ARMCPU_KIND_NUMBER,     /* unsigned 64-bit, decimal or 0x hex */
    ARMCPU_KIND_ENUM,       /* a token from the property's value table */
    ARMCPU_KIND_FRACTIONAL, /* "M.m[_suffix]" naming a (base, frac) field pair */
    ARMCPU_KIND_STRING,     /* any token; a property only a host knows */
    ARMCPU_KIND_LAST
} ArmcpuKind;

ARMCPU_API const char *armcpu_kind_to_string(ArmcpuKind kind);
ARMCPU_API int armcpu_kind_from_string(const char *s);

/*
 * Which values are safe to show a guest on a host whose own value is h.
 * Ordered policies define a capability order ("a is no more than b"):
 *   LOWER          v <= h, unsigned
 *   SIGNED_LOWER   v <= h, the field read as two's complement (0xF = -1 lowest)
 *   HIGHER         v >= h (a larger value promises less)
 *   HIGHER_OR_ZERO v >= h, and 0 ("not reported") is below every other value
 * EXACT and ANY are unordered: EXACT accepts h or the field's safe value,
 * ANY accepts everything.
 */
typedef enum {
    ARMCPU_POLICY_LOWER,
    ARMCPU_POLICY_SIGNED_LOWER,
    ARMCPU_POLICY_HIGHER,
    ARMCPU_POLICY_HIGHER_OR_ZERO,
    ARMCPU_POLICY_EXACT,
    ARMCPU_POLICY_ANY,
    ARMCPU_POLICY_LAST
} ArmcpuPolicy;

ARMCPU_API const char *armcpu_policy_to_string(ArmcpuPolicy policy);
ARMCPU_API int armcpu_policy_from_string(const char *s);
/* TRUE for the four policies that order values. */
ARMCPU_API gboolean armcpu_policy_is_ordered(ArmcpuPolicy policy);

/* The answer to "how does a relate to b" under a property's safe order. */
typedef enum {
    ARMCPU_ORDER_LESS,         /* a is strictly below b: a is safe where b is */
    ARMCPU_ORDER_EQUAL,        /* the same encoding */
    ARMCPU_ORDER_GREATER,      /* a is strictly above b */
    ARMCPU_ORDER_INCOMPARABLE, /* a partial order with neither below the other */
    ARMCPU_ORDER_UNORDERED,    /* different values of an unordered property */
    ARMCPU_ORDER_LAST
} ArmcpuOrder;

ARMCPU_API const char *armcpu_order_to_string(ArmcpuOrder order);

#define ARMCPU_VALUE_ERROR (armcpu_value_error_quark())
ARMCPU_API GQuark armcpu_value_error_quark(void);

typedef enum {
    ARMCPU_VALUE_ERROR_EMPTY,        /* an empty name or value */
    ARMCPU_VALUE_ERROR_TOO_LONG,     /* longer than ARMCPU_TOKEN_MAX */
    ARMCPU_VALUE_ERROR_CHARSET,      /* a character outside [A-Za-z0-9_.-] */
    ARMCPU_VALUE_ERROR_BOOL,         /* not a bool spelling */
    ARMCPU_VALUE_ERROR_NUMBER,       /* not a decimal or 0x number */
    ARMCPU_VALUE_ERROR_OVERFLOW,     /* a number above 2^64-1 */
    ARMCPU_VALUE_ERROR_FRACTION,     /* not M.m[_suffix] */
    ARMCPU_VALUE_ERROR_RANGE,        /* a malformed or reversed range "a-b" */
    ARMCPU_VALUE_ERROR_NOT_IN_TABLE, /* a token the property's value table lacks */
    ARMCPU_VALUE_ERROR_OUT_OF_RANGE, /* a number outside the property's range */
    ARMCPU_VALUE_ERROR_UNNAMED,      /* a raw encoding with no name, or no known encoding */
    ARMCPU_VALUE_ERROR_LAST
} ArmcpuValueError;

/*
 * Check that @token is a name or value armcpu may ever put on a command
 * line: 1..ARMCPU_TOKEN_MAX bytes of [A-Za-z0-9_.-]. Commas, '=', blanks,
 * quotes, control bytes and non-ASCII are refused, so no input can add a
 * QEMU option. @what ("name", "value") starts the error message, which quotes
 * the offending text with unprintable bytes escaped.
 */
ARMCPU_API gboolean armcpu_token_check(const char *what, const char *token, GError **error);

/* Parse a bool spelling: on/off, true/false, yes/no (ASCII case-insensitive). */
ARMCPU_API gboolean armcpu_bool_parse(const char *text, gboolean *out, GError **error);
/* "on" or "off". */
ARMCPU_API const char *armcpu_bool_to_string(gboolean value);

/* Parse a decimal or 0x/0X hexadecimal unsigned 64-bit number, nothing else. */
ARMCPU_API gboolean armcpu_number_parse(const char *text, guint64 *out, GError **error);

/*
 * Parse a fractional value "M.m" or "M.m_suffix" (M and m decimal, at most
 * three digits each; suffix of [A-Za-z0-9]). Only the syntax is checked here;
 * which strings a property defines is the registry's table.
 */
ARMCPU_API gboolean armcpu_fraction_parse(const char *text, guint *major, guint *minor,
                                          GError **error);

/*
 * Check @text as a value of @kind and return its normal form (owned by the
 * caller): bools become "on"/"off", numbers keep their spelling with a
 * lowercase "0x" prefix and digits, other kinds are returned unchanged.
 */
ARMCPU_API char *armcpu_value_normalize(ArmcpuKind kind, const char *text, GError **error);

/*
 * Compare two raw encodings @a and @b of a @width-bit field under @policy.
 * Returns LESS/EQUAL/GREATER for the ordered policies and EQUAL or UNORDERED
 * for EXACT and ANY.
 */
ARMCPU_API ArmcpuOrder armcpu_policy_compare(ArmcpuPolicy policy, guint width, guint64 a,
                                             guint64 b);

/*
 * TRUE when a guest may see @guest on a host whose own value is @host:
 * compare() is LESS or EQUAL for ordered policies; for EXACT, @guest equals
 * @host or @safe; for ANY, always.
 */
ARMCPU_API gboolean armcpu_policy_is_safe(ArmcpuPolicy policy, guint width, guint64 safe,
                                          guint64 guest, guint64 host);

/* ----- supported-value sets ----- */

typedef struct _ArmcpuValueSet ArmcpuValueSet;

/* One member of a set: a token, or an inclusive number range. */
typedef struct {
    const char *text; /* as written by the source (e.g. "0-3", "0xd4f", "pmull") */
    gboolean is_range;
    guint64 min; /* numbers: the bounds (min == max for a single number) */
    guint64 max;
} ArmcpuValueItem;

/* A new empty set of values of @kind; free with armcpu_value_set_free. */
ARMCPU_API ArmcpuValueSet *armcpu_value_set_new(ArmcpuKind kind);
ARMCPU_API void armcpu_value_set_free(ArmcpuValueSet *set);
ARMCPU_API ArmcpuValueSet *armcpu_value_set_copy(const ArmcpuValueSet *set);
ARMCPU_API ArmcpuKind armcpu_value_set_kind(const ArmcpuValueSet *set);

/*
 * Add @item, parsed by the set's kind: numbers take "N" or "A-B" (inclusive,
 * A <= B, each decimal or 0x); bools take any bool spelling (stored normal);
 * other kinds take one token. A member already present is not added twice.
 * Fails with ARMCPU_VALUE_ERROR_* quoting @item.
 */
ARMCPU_API gboolean armcpu_value_set_add(ArmcpuValueSet *set, const char *item, GError **error);

/* Add the inclusive number range @min..@max (a number set only). */
ARMCPU_API void armcpu_value_set_add_range(ArmcpuValueSet *set, guint64 min, guint64 max);

ARMCPU_API guint armcpu_value_set_size(const ArmcpuValueSet *set);
ARMCPU_API const ArmcpuValueItem *armcpu_value_set_item(const ArmcpuValueSet *set, guint i);

/*
 * TRUE when the value @text is a member: numbers by numeric value (so "2",
 * "0x2" and a range "0-3" agree), bools by meaning, tokens byte for byte.
 * A @text not well-formed for the kind is not a member.
 */
ARMCPU_API gboolean armcpu_value_set_contains(const ArmcpuValueSet *set, const char *text);

/* TRUE when every member of @a is a member of @b. */
ARMCPU_API gboolean armcpu_value_set_is_subset(const ArmcpuValueSet *a, const ArmcpuValueSet *b);

/* The members joined by ", " as written ("off, aes, pmull", "0-3"). */
ARMCPU_API char *armcpu_value_set_format(const ArmcpuValueSet *set);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ArmcpuValueSet, armcpu_value_set_free)

G_END_DECLS
