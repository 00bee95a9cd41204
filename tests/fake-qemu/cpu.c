/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cpu.c: the guest CPU of a `-machine virt` fake: `-cpu MODEL,k=v,...` applied
 * over the defaults of the replies file's "qom" section, with the few
 * cross-property rules of QEMU 7.2 that armcpu's verify tests need (SVE vector
 * lengths, pauth-impdef). The rules follow the observed behaviour recorded in
 * reference/qmp-and-qemu.md sections 7 and 8.
 */
#include "fake-qemu.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define FQ_SVE_MAX_VQ 16

void
fq_cpu_free(FqCpu *cpu)
{
    if (!cpu)
        return;
    g_free(cpu->model);
    g_free(cpu->type_name);
    json_object_put(cpu->props);
    g_free(cpu);
}

static json_object *
member(json_object *obj, const char *key)
{
    json_object *val = NULL;

    if (!obj || !json_object_is_type(obj, json_type_object))
        return NULL;
    if (!json_object_object_get_ex(obj, key, &val))
        return NULL;
    return val;
}

static gboolean
parse_bool(const char *s, gboolean *out)
{
    static const char *const on[] = {"on", "true", "yes"};
    static const char *const off[] = {"off", "false", "no"};

    for (gsize i = 0; i < G_N_ELEMENTS(on); i++) {
        if (strcmp(s, on[i]) == 0) {
            *out = TRUE;
            return TRUE;
        }
        if (strcmp(s, off[i]) == 0) {
            *out = FALSE;
            return TRUE;
        }
    }
    return FALSE;
}

/* Decimal or 0x hex, the whole string, no sign. */
static gboolean
parse_u64(const char *s, guint64 *out)
{
    const char *digits = s;
    guint base = 10;

    if (g_str_has_prefix(s, "0x") || g_str_has_prefix(s, "0X")) {
        digits = s + 2;
        base = 16;
    }
    if (!*digits || !g_ascii_isxdigit(*digits))
        return FALSE;
    return g_ascii_string_to_unsigned(digits, base, 0, G_MAXUINT64, out, NULL);
}

static gboolean
parse_i64(const char *s, gint64 *out)
{
    guint64 u;

    if (*s == '-') {
        if (!parse_u64(s + 1, &u) || u > (guint64)G_MAXINT64 + 1)
            return FALSE;
        *out = u == (guint64)G_MAXINT64 + 1 ? G_MININT64 : -(gint64)u;
        return TRUE;
    }
    if (!parse_u64(s, &u) || u > G_MAXINT64)
        return FALSE;
    *out = (gint64)u;
    return TRUE;
}

/* Whether JSON number @n is negative (json-c keeps u64 above INT64_MAX). */
static gboolean
json_int_negative(json_object *n)
{
    return json_object_get_int64(n) < 0;
}

/* Converts the -cpu text @text to the JSON type of @def. NULL (and *expects set)
 * when it does not parse. */
static json_object *
convert(json_object *def, const char *name, const char *text, char **problem)
{
    switch (json_object_get_type(def)) {
    case json_type_boolean: {
        gboolean b;

        if (!parse_bool(text, &b)) {
            *problem = g_strdup_printf("Parameter '%s' expects 'on' or 'off'", name);
            return NULL;
        }
        return json_object_new_boolean(b);
    }
    case json_type_int: {
        guint64 u;
        gint64 i;

        if (json_int_negative(def)) {
            if (!parse_i64(text, &i)) {
                *problem = g_strdup_printf("Parameter '%s' expects int64", name);
                return NULL;
            }
            return json_object_new_int64(i);
        }
        if (!parse_u64(text, &u)) {
            *problem = g_strdup_printf("Parameter '%s' expects uint64", name);
            return NULL;
        }
        return u > G_MAXINT64 ? json_object_new_uint64(u) : json_object_new_int64((gint64)u);
    }
    case json_type_double: {
        char *end = NULL;
        double d;

        errno = 0;
        d = g_ascii_strtod(text, &end);
        if (!*text || *end || errno) {
            *problem = g_strdup_printf("Parameter '%s' expects a number", name);
            return NULL;
        }
        return json_object_new_double(d);
    }
    case json_type_string:
        return json_object_new_string(text);
    default:
        *problem = g_strdup_printf("Property '%s' cannot be set", name);
        return NULL;
    }
}

/* Whether @value matches one "accept" entry: a JSON scalar equal to it, or a
 * string that is the value's text, a number, or a number range "a-b". */
static gboolean
accept_entry_matches(json_object *entry, json_object *value)
{
    const char *s;
    const char *dash;

    if (!json_object_is_type(entry, json_type_string))
        return json_object_equal(entry, value);
    s = json_object_get_string(entry);
    switch (json_object_get_type(value)) {
    case json_type_boolean: {
        gboolean b;

        return parse_bool(s, &b) && b == json_object_get_boolean(value);
    }
    case json_type_int: {
        guint64 v;
        guint64 lo;
        guint64 hi;
        g_autofree char *first = NULL;

        if (json_int_negative(value))
            return FALSE;
        v = json_object_get_uint64(value);
        dash = strchr(s, '-');
        if (!dash)
            return parse_u64(s, &lo) && v == lo;
        first = g_strndup(s, dash - s);
        return parse_u64(first, &lo) && parse_u64(dash + 1, &hi) && lo <= v && v <= hi;
    }
    case json_type_string:
        return strcmp(s, json_object_get_string(value)) == 0;
    default:
        return FALSE;
    }
}

static gboolean
accepted(json_object *accept, json_object *value)
{
    if (!accept)
        return TRUE;
    if (!json_object_is_type(accept, json_type_array))
        return accept_entry_matches(accept, value);
    for (size_t i = 0; i < json_object_array_length(accept); i++) {
        if (accept_entry_matches(json_object_array_get_idx(accept, i), value))
            return TRUE;
    }
    return FALSE;
}

static gboolean
in_list(json_object *list, const char *const *extra, const char *name)
{
    if (json_object_is_type(list, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(list); i++) {
            const char *s = json_object_get_string(json_object_array_get_idx(list, i));

            if (s && strcmp(s, name) == 0)
                return TRUE;
        }
    }
    for (gsize i = 0; extra && extra[i]; i++) {
        if (strcmp(extra[i], name) == 0)
            return TRUE;
    }
    return FALSE;
}

/* "sveN" with N a multiple of 128 in 128..2048: its vector quadword count. */
static guint
sve_vq_of(const char *name)
{
    guint64 bits;

    if (!g_str_has_prefix(name, "sve") || !g_ascii_isdigit(name[3]))
        return 0;
    if (!g_ascii_string_to_unsigned(name + 3, 10, 128, 128 * FQ_SVE_MAX_VQ, &bits, NULL) ||
        bits % 128)
        return 0;
    return (guint)(bits / 128);
}

static gboolean
get_bool(json_object *props, const char *name)
{
    return json_object_get_boolean(member(props, name));
}

static void
set_bool(json_object *props, const char *name, gboolean b)
{
    if (member(props, name))
        json_object_object_add(props, name, json_object_new_boolean(b));
}

static gboolean
is_pow2(guint vq)
{
    return vq && !(vq & (vq - 1));
}

static guint
highest_bit(guint32 map)
{
    guint vq = 0;

    for (guint i = 1; i <= FQ_SVE_MAX_VQ; i++) {
        if (map & (1u << (i - 1)))
            vq = i;
    }
    return vq;
}

static guint
lowest_pow2_bit(guint32 map)
{
    for (guint i = 1; i <= FQ_SVE_MAX_VQ; i++) {
        if (is_pow2(i) && (map & (1u << (i - 1))))
            return i;
    }
    return 0;
}

typedef struct {
    guint32 enabled;  /* sveN=on given explicitly (the last one wins) */
    guint32 disabled; /* sveN=off given explicitly */
    guint max_vq_opt; /* sve-max-vq given explicitly, else 0 */
} SveOpts;

/* The SVE vector-length rules. Returns an error message or NULL. */
static char *
finalize_sve(json_object *defaults, json_object *props, const SveOpts *o, gboolean kvm)
{
    guint32 supported = 0;
    guint32 present = 0;
    guint32 map;
    guint max;

    if (!json_object_is_type(member(props, "sve"), json_type_boolean))
        return NULL;
    {
        json_object_object_foreach(defaults, key, def)
        {
            guint vq = sve_vq_of(key);

            if (!vq)
                continue;
            present |= 1u << (vq - 1);
            if (json_object_get_boolean(def))
                supported |= 1u << (vq - 1);
        }
    }

    if (!get_bool(props, "sve")) {
        if (o->enabled) {
            guint vq = highest_bit(o->enabled);

            return g_strdup_printf("cannot enable sve%u\nSVE must be enabled to enable vector "
                                   "lengths.\nAdd sve=on to the CPU property list.",
                                   vq * 128);
        }
        for (guint vq = 1; vq <= FQ_SVE_MAX_VQ; vq++) {
            g_autofree char *name = g_strdup_printf("sve%u", vq * 128);

            set_bool(props, name, FALSE);
        }
        if (member(props, "sve-max-vq"))
            json_object_object_add(props, "sve-max-vq", json_object_new_int(0));
        set_bool(props, "sme", FALSE);
        return NULL;
    }

    if (o->enabled & ~supported) {
        guint vq = highest_bit(o->enabled & ~supported);

        if (kvm)
            return g_strdup_printf("cannot enable sve%u\nThis KVM host does not support the "
                                   "vector length %u-bits.",
                                   vq * 128, vq * 128);
        return g_strdup_printf("cannot enable sve%u", vq * 128);
    }
    if (o->max_vq_opt) {
        max = o->max_vq_opt;
        if (highest_bit(o->enabled) > max) {
            guint vq = highest_bit(o->enabled);

            return g_strdup_printf("cannot enable sve%u\nsve%u is larger than the maximum "
                                   "vector length, sve-max-vq=%u (%u bits)",
                                   vq * 128, vq * 128, max, max * 128);
        }
    } else if (o->enabled) {
        max = highest_bit(o->enabled);
    } else {
        /* Only disabled lengths: a disabled power of two caps the maximum. */
        guint cap = lowest_pow2_bit(o->disabled);
        guint32 mask;

        max = cap ? cap - 1 : highest_bit(supported);
        mask = max ? (guint32)((1ull << max) - 1) : 0;
        if (o->disabled && (max == 0 || (supported & mask & ~o->disabled) == 0)) {
            guint vq = cap ? cap : highest_bit(o->disabled);

            return g_strdup_printf("cannot disable sve%u\nDisabling sve%u results in all "
                                   "vector lengths being disabled.",
                                   vq * 128, vq * 128);
        }
        max = highest_bit(supported & mask & ~o->disabled);
    }
    map = (supported & (guint32)((1ull << max) - 1) & ~o->disabled) | o->enabled;
    for (guint vq = 1; vq < max; vq++) {
        if (!is_pow2(vq) || (map & (1u << (vq - 1))))
            continue;
        if (o->disabled & (1u << (vq - 1)))
            return g_strdup_printf("cannot disable sve%u\nsve%u is required as it is a "
                                   "power-of-two length smaller than the maximum, sve%u",
                                   vq * 128, vq * 128, max * 128);
        return g_strdup_printf("cannot set sve-max-vq=%u\nThis host does not support the "
                               "vector length %u-bits.",
                               max, vq * 128);
    }
    for (guint vq = 1; vq <= FQ_SVE_MAX_VQ; vq++) {
        g_autofree char *name = g_strdup_printf("sve%u", vq * 128);

        if (present & (1u << (vq - 1)))
            set_bool(props, name, (map & (1u << (vq - 1))) != 0);
    }
    if (member(props, "sve-max-vq"))
        json_object_object_add(props, "sve-max-vq", json_object_new_int((int)highest_bit(map)));
    return NULL;
}

static char *
finalize_pauth(json_object *props)
{
    if (!member(props, "pauth") || !member(props, "pauth-impdef"))
        return NULL;
    if (!get_bool(props, "pauth") && get_bool(props, "pauth-impdef"))
        return g_strdup("cannot enable pauth-impdef without pauth\nAdd pauth=on to the CPU "
                        "property list.");
    return NULL;
}

/* Side effects of one option, and the checks QEMU makes while applying it.
 * Returns the text after "can't apply global T.k=v: " or NULL. */
static char *
apply_checks(const char *name, json_object *defaults, json_object *value, const char *accel,
             SveOpts *o)
{
    guint vq = sve_vq_of(name);

    if (strcmp(name, "sve-max-vq") == 0) {
        guint64 n = json_object_get_uint64(value);

        if (json_int_negative(value) || n < 1 || n > FQ_SVE_MAX_VQ)
            return g_strdup("unsupported SVE vector length\nValid sve-max-vq in range [1-16]");
        o->max_vq_opt = (guint)n;
    } else if (vq) {
        guint32 bit = 1u << (vq - 1);

        if (json_object_get_boolean(value)) {
            o->enabled |= bit;
            o->disabled &= ~bit;
        } else {
            o->disabled |= bit;
            o->enabled &= ~bit;
        }
    } else if (strcmp(name, "aarch64") == 0 && !json_object_get_boolean(value) &&
               strcmp(accel, "kvm") != 0) {
        return g_strdup("'aarch64' feature cannot be disabled unless KVM is enabled and 32-bit "
                        "EL1 is supported");
    } else if (strcmp(name, "sve") == 0 && json_object_get_boolean(value) &&
               strcmp(accel, "kvm") == 0 && !get_bool(defaults, "sve")) {
        return g_strdup("'sve' feature not supported by KVM on this host");
    }
    return NULL;
}

/* The model's effective description: the "base" model's (recursively) with
 * this one's "props", "accept" and "ignore" on top. */
static gboolean
merge_model(FqReplies *r, const char *accel, json_object *desc, int depth, json_object *props,
            json_object *accept, json_object *ignore)
{
    json_object *base = member(desc, "base");
    json_object *list = member(desc, "ignore");

    if (depth > 8)
        return FALSE;
    if (json_object_is_type(base, json_type_string)) {
        const char *other = NULL;
        json_object *base_desc =
            fq_replies_qom_model(r, accel, json_object_get_string(base), &other);

        if (!base_desc || !merge_model(r, accel, base_desc, depth + 1, props, accept, ignore))
            return FALSE;
    }
    {
        json_object_object_foreach(member(desc, "props"), key, val)
        {
            json_object_object_add(props, key, json_object_get(val));
        }
    }
    if (json_object_is_type(member(desc, "accept"), json_type_object)) {
        json_object_object_foreach(member(desc, "accept"), key, val)
        {
            json_object_object_add(accept, key, json_object_get(val));
        }
    }
    for (size_t i = 0;
         json_object_is_type(list, json_type_array) && i < json_object_array_length(list); i++)
        json_object_array_add(ignore, json_object_get(json_object_array_get_idx(list, i)));
    return TRUE;
}

static FqCpu *
fail(char **stderr_text, char *message)
{
    *stderr_text = g_strdup_printf(FQ_PROG ": %s", message);
    g_free(message);
    return NULL;
}

FqCpu *
fq_cpu_new(FqReplies *r, const char *accel, const char *cpu_arg, gboolean apply_options,
           const char *const *extra_ignore, char **stderr_text)
{
    g_autoptr(FqCpu) cpu = g_new0(FqCpu, 1);
    g_auto(GStrv) parts = g_strsplit(cpu_arg ? cpu_arg : "cortex-a15", ",", -1);
    const char *other = NULL;
    json_object *desc;
    g_autoptr(json_object) defaults = NULL;
    g_autoptr(json_object) accept = NULL;
    g_autoptr(json_object) ignore = NULL;
    json_object *type_name;
    SveOpts o = {0};
    char *msg;

    cpu->model = g_strdup(parts[0]);
    for (guint i = 1; parts[i]; i++) {
        if (!strchr(parts[i], '='))
            return fail(stderr_text,
                        g_strdup_printf("Expected key=value format, found %s.", parts[i]));
    }
    desc = fq_replies_qom_model(r, accel, cpu->model, &other);
    if (!desc) {
        if (fq_replies_is_transcript(r) || !cpu_arg) {
            /* Nothing to model: a CPU with no properties; the transcript
             * answers the read-back itself. */
            cpu->type_name = g_strdup_printf("%s-arm-cpu", cpu->model);
            cpu->props = json_object_new_object();
            return g_steal_pointer(&cpu);
        }
        if (other && strcmp(other, "kvm") == 0 && strcmp(cpu->model, "host") != 0)
            return fail(stderr_text,
                        g_strdup_printf("'%s' CPU model requires KVM (-accel kvm)", cpu->model));
        return fail(stderr_text, g_strdup_printf("unable to find CPU model '%s'", cpu->model));
    }
    type_name = member(desc, "typename");
    cpu->type_name = type_name ? g_strdup(json_object_get_string(type_name))
                               : g_strdup_printf("%s-arm-cpu", cpu->model);
    defaults = json_object_new_object();
    accept = json_object_new_object();
    ignore = json_object_new_array();
    if (!merge_model(r, accel, desc, 0, defaults, accept, ignore))
        return fail(stderr_text, g_strdup_printf("fake-qemu: the qom \"base\" of model '%s' "
                                                 "is missing or circular",
                                                 cpu->model));
    if (json_object_deep_copy(defaults, &cpu->props, NULL) != 0)
        return fail(stderr_text, g_strdup("fake-qemu: cannot copy the qom defaults"));

    for (guint i = 1; apply_options && parts[i]; i++) {
        g_autofree char *name = g_strndup(parts[i], strchr(parts[i], '=') - parts[i]);
        const char *text = strchr(parts[i], '=') + 1;
        json_object *def = member(cpu->props, name);
        g_autofree char *problem = NULL;
        json_object *value;

        if (in_list(ignore, extra_ignore, name))
            continue;
        if (!def)
            return fail(stderr_text,
                        g_strdup_printf("can't apply global %s.%s=%s: Property "
                                        "'%s.%s' not found",
                                        cpu->type_name, name, text, cpu->type_name, name));
        value = convert(def, name, text, &problem);
        if (!value)
            return fail(stderr_text, g_strdup_printf("can't apply global %s.%s=%s: %s",
                                                     cpu->type_name, name, text, problem));
        if (!accepted(member(accept, name), value)) {
            json_object_put(value);
            if (strcmp(name, "sve-max-vq") == 0)
                problem = g_strdup("unsupported SVE vector length\nValid sve-max-vq in range "
                                   "[1-16]");
            else
                problem = g_strdup_printf("Property '%s': invalid value '%s'", name, text);
            return fail(stderr_text, g_strdup_printf("can't apply global %s.%s=%s: %s",
                                                     cpu->type_name, name, text, problem));
        }
        problem = apply_checks(name, defaults, value, accel, &o);
        if (problem) {
            json_object_put(value);
            return fail(stderr_text, g_strdup_printf("can't apply global %s.%s=%s: %s",
                                                     cpu->type_name, name, text, problem));
        }
        json_object_object_add(cpu->props, name, value);
    }

    if (!apply_options)
        return g_steal_pointer(&cpu);
    msg = finalize_sve(defaults, cpu->props, &o, strcmp(accel, "kvm") == 0);
    if (!msg)
        msg = finalize_pauth(cpu->props);
    if (!msg && json_object_is_type(member(desc, "fail"), json_type_string))
        msg = g_strdup(json_object_get_string(member(desc, "fail")));
    if (msg)
        return fail(stderr_text, msg);
    return g_steal_pointer(&cpu);
}

static const char *
qom_type_of(json_object *value)
{
    switch (json_object_get_type(value)) {
    case json_type_boolean:
        return "bool";
    case json_type_int:
        return json_int_negative(value) ? "int64" : "uint64";
    case json_type_double:
        return "number";
    case json_type_string:
        return "string";
    default:
        return "any";
    }
}

static json_object *
qom_entry(const char *name, const char *type)
{
    json_object *entry = json_object_new_object();

    json_object_object_add(entry, "name", json_object_new_string(name));
    json_object_object_add(entry, "type", json_object_new_string(type));
    return entry;
}

json_object *
fq_cpu_qom_list(FqCpu *cpu)
{
    json_object *list = json_object_new_array();

    json_object_array_add(list, qom_entry("type", "string"));
    json_object_array_add(list, qom_entry("realized", "bool"));
    json_object_object_foreach(cpu->props, name, value)
    {
        json_object_array_add(list, qom_entry(name, qom_type_of(value)));
    }
    return fq_return_new(list);
}

json_object *
fq_cpu_qom_get(FqCpu *cpu, const char *property)
{
    json_object *value;
    g_autofree char *desc = NULL;

    if (strcmp(property, "type") == 0)
        return fq_return_new(json_object_new_string(cpu->type_name));
    if (strcmp(property, "realized") == 0)
        return fq_return_new(json_object_new_boolean(TRUE));
    value = member(cpu->props, property);
    if (value)
        return fq_return_new(json_object_get(value));
    desc = g_strdup_printf("Property '%s.%s' not found", cpu->type_name, property);
    return fq_error_new("GenericError", desc);
}
