/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * plan.c: resolving each guest feature against a host (or none) into the
 * options QEMU gets, translating between naming dialects on the way.
 */
#include "plan.h"

#include <armcpu/models.h>

#include "guest-priv.h"
#include "qemu/hostcaps-priv.h"
#include "registry-priv.h"
#include "validate-priv.h"

#include <string.h>

typedef struct {
    const ArmcpuGuestCpu *cpu;
    const ArmcpuRegistry *reg;
    const ArmcpuAccelCaps *host;
    const char *host_label;
    ArmcpuReport *report;
    GArray *emits;       /* ArmcpuEmit */
    gboolean translated; /* some option was translated: names may repeat */
} Planner;

static void
emit_clear(gpointer p)
{
    ArmcpuEmit *e = p;

    g_free(e->owned);
}

/*
 * Add @name=@value to the plan. @value is borrowed, or owned when @owned is
 * non-NULL (then taken). A name already in the plan is only possible after a
 * translation (the two SYSREG parts of one fractional value): kept once.
 */
static void
emit(Planner *pl, const ArmcpuGuestFeature *f, const char *name, const char *value, char *owned,
     gboolean checked)
{
    ArmcpuEmit e = {name, owned ? owned : value, owned, f, checked};

    if (pl->translated) {
        for (guint i = 0; i < pl->emits->len; i++) {
            if (strcmp(g_array_index(pl->emits, ArmcpuEmit, i).name, name) == 0) {
                g_free(owned);
                return;
            }
        }
    }
    g_array_append_val(pl->emits, e);
}

const char *
armcpu_plan_base_model(const ArmcpuGuestCpu *cpu)
{
    switch (cpu->mode) {
    case ARMCPU_CPU_MODE_HOST_PASSTHROUGH:
        return "host";
    case ARMCPU_CPU_MODE_MAXIMUM:
        return "max";
    case ARMCPU_CPU_MODE_CUSTOM:
    case ARMCPU_CPU_MODE_LAST:
        break;
    }
    return cpu->model;
}

/* A number already in normal form: no leading zero, hex digits lowercase. */
static gboolean
number_is_normal(const char *v)
{
    const char *d = v;

    if (v[0] == '0' && v[1] == 'x')
        d = v + 2;
    else if (v[0] == '0' && v[1] == 'X')
        return FALSE;
    if (d[0] == '0' && d[1])
        return FALSE;
    for (; *d; d++) {
        if (g_ascii_isupper(*d))
            return FALSE;
    }
    return TRUE;
}

/*
 * @value in its normal form for @kind: a static "on"/"off", @value itself
 * when already normal, or a new string stored in *@owned. A value that does
 * not parse is returned as it is (it was reported).
 */
static const char *
normal(ArmcpuKind kind, const char *value, char **owned)
{
    gboolean b;

    *owned = NULL;
    if (kind == ARMCPU_KIND_BOOL && armcpu_bool_parse(value, &b, NULL))
        return armcpu_bool_to_string(b);
    if (kind != ARMCPU_KIND_NUMBER || number_is_normal(value))
        return value;
    *owned = armcpu_value_normalize(kind, value, NULL);
    return *owned ? *owned : value;
}

#define PROBLEM(pl, sev, code, f, value, expected, ...)                                            \
    armcpu_report_add((pl)->report, (sev), (code), (f)->line, (f)->name, (value), (expected),      \
                      (pl)->host_label, __VA_ARGS__)

/* ----- translation between dialects ----- */

/* The value of @name on the host: its expansion value, or NULL. */
static const char *
host_value(const ArmcpuAccelCaps *host, const char *name)
{
    const ArmcpuPropInfo *pi = g_hash_table_lookup(host->prop_index, name);

    return pi ? pi->host_value : NULL;
}

/* The guest's value for @name, if the guest sets it too. */
static const char *
guest_value(const ArmcpuGuestCpu *cpu, const char *name)
{
    const ArmcpuGuestFeature *f = g_hash_table_lookup(cpu->by_name, name);

    return f && !f->invalid ? armcpu_feature_effective_value(f) : NULL;
}

typedef struct {
    const char *name[2];
    char *value[2];
    guint n;
} Translated;

static void
translated_clear(Translated *t)
{
    g_free(t->value[0]);
    g_free(t->value[1]);
}

/*
 * Named -> SYSREG: one raw value, or two for a fractional pair. TRUE with
 * t->n == 0 when the host has no SYSREG form of @p; FALSE on a real failure.
 */
static gboolean
to_sysreg(Planner *pl, const ArmcpuProp *p, const char *v, Translated *t, GError **error)
{
    ArmcpuRaw raw;
    const ArmcpuProp *s = p->sysreg;
    const ArmcpuProp *sf = p->sysreg_frac;

    if (!s || !g_hash_table_contains(pl->host->prop_index, s->name) ||
        (sf && !g_hash_table_contains(pl->host->prop_index, sf->name)))
        return TRUE;
    if (!armcpu_prop_value_to_raw(p, v, &raw, error))
        return FALSE;
    t->name[0] = s->name;
    t->value[0] = g_strdup_printf("%" G_GUINT64_FORMAT, raw.raw);
    t->n = 1;
    if (sf) {
        t->name[1] = sf->name;
        t->value[1] = g_strdup_printf("%" G_GUINT64_FORMAT, raw.frac);
        t->n = 2;
    }
    return TRUE;
}

/* The raw value the guest gives a SYSREG part, if it does. */
static gboolean
part_raw(Planner *pl, const ArmcpuProp *part, guint64 *out)
{
    const char *v = guest_value(pl->cpu, part->name);

    return v && armcpu_number_parse(v, out, NULL);
}

/* SYSREG -> named: a name from the table; a fractional part joins its pair. */
static gboolean
to_named(Planner *pl, const ArmcpuProp *s, const char *v, Translated *t, GError **error)
{
    const ArmcpuProp *n = s->named;
    ArmcpuRaw raw = {0, 0};

    if (!n || !g_hash_table_contains(pl->host->prop_index, n->name))
        return TRUE;
    if (!armcpu_number_parse(v, &raw.raw, error))
        return FALSE;
    if (s->part != ARMCPU_PROP_PART_WHOLE) {
        const ArmcpuProp *other = s->part == ARMCPU_PROP_PART_BASE ? n->sysreg_frac : n->sysreg;
        guint64 o;
        ArmcpuRaw hv;
        if (!part_raw(pl, other, &o)) {
            /* the other field keeps the host's value */
            const char *h = host_value(pl->host, n->name);
            if (!h || !armcpu_prop_value_to_raw(n, h, &hv, NULL)) {
                g_set_error(error, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_UNNAMED,
                            "%s needs %s too to name a value of %s", s->name, other->name, n->name);
                return FALSE;
            }
            o = s->part == ARMCPU_PROP_PART_BASE ? hv.frac : hv.raw;
        }
        if (s->part == ARMCPU_PROP_PART_BASE)
            raw.frac = o;
        else {
            raw.frac = raw.raw;
            raw.raw = o;
        }
    }
    t->value[0] = armcpu_prop_raw_to_value(n, raw, error);
    if (!t->value[0])
        return FALSE;
    t->name[0] = n->name;
    t->n = 1;
    return TRUE;
}

/* ----- checking one option against the host ----- */

static gboolean
kvm_fixed(const Planner *pl, const ArmcpuPropInfo *pi, const char *value)
{
    const ArmcpuProp *p = pi->prop;
    ArmcpuOrder o;

    if (pl->host->accel != ARMCPU_ACCEL_KVM || pi->source != ARMCPU_SUPPORT_DERIVED || !p ||
        p->kvm != ARMCPU_KVM_WRITABLE_NO || !pi->host_value)
        return FALSE;
    return !armcpu_prop_order(p, value, pi->host_value, &o, NULL) || o != ARMCPU_ORDER_EQUAL;
}

/* Is @value of @pi supported? Reports what is not, per the feature's policy. */
static gboolean
check_supported(Planner *pl, const ArmcpuGuestFeature *f, const ArmcpuPropInfo *pi,
                const char *value)
{
    const char *name = pi->name;
    const char *how = pi->source == ARMCPU_SUPPORT_DERIVED ? " (derived)" : "";
    gboolean fixed = kvm_fixed(pl, pi, value);
    g_autofree char *set = NULL;

    if (!fixed && armcpu_value_set_contains(pi->supported, value))
        return TRUE;
    set = armcpu_value_set_format(pi->supported);
    if (f->policy == ARMCPU_FEATURE_FORCE) {
        PROBLEM(pl, ARMCPU_SEVERITY_WARNING, ARMCPU_PROBLEM_FORCED, f, value, set,
                "%s=%s is not among the values this host supports (%s%s); forced through", name,
                value, set, how);
        return TRUE;
    }
    if (f->policy == ARMCPU_FEATURE_OPTIONAL) {
        PROBLEM(pl, ARMCPU_SEVERITY_NOTICE, ARMCPU_PROBLEM_DROPPED, f, value, set,
                "optional %s=%s dropped: this host supports %s%s", name, value, set, how);
        return FALSE;
    }
    if (fixed)
        PROBLEM(pl, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_FIXED, f, value, pi->host_value,
                "%s=%s: KVM cannot change this field; the host's value is %s", name, value,
                pi->host_value);
    else if (armcpu_value_set_size(pi->supported) == 1)
        PROBLEM(pl, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_FIXED, f, value, set,
                "%s=%s: this host can only give %s%s", name, value, set, how);
    else
        PROBLEM(pl, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_UNSUPPORTED_VALUE, f, value, set,
                "%s=%s is not supported by this host (supported: %s%s)", name, value, set, how);
    return FALSE;
}

static void
not_on_host(Planner *pl, const ArmcpuGuestFeature *f, const ArmcpuProp *p, const char *v,
            const char *why)
{
    g_autofree char *hint = NULL;

    if (pl->host->dialect != ARMCPU_DIALECT_SYSREG)
        hint = g_strdup("");
    else if (p && p->dialect == ARMCPU_DIALECT_NAMED && p->sysreg)
        hint = g_strdup_printf(" (it lists no %s: a SYSREG host exposes only the fields KVM lets "
                               "userspace write)",
                               g_hash_table_contains(pl->host->prop_index, p->sysreg->name) &&
                                       p->sysreg_frac
                                   ? p->sysreg_frac->name
                                   : p->sysreg->name);
    else
        hint = g_strdup(" (a SYSREG host exposes only the fields KVM lets userspace write)");

    if (f->policy == ARMCPU_FEATURE_FORCE) {
        PROBLEM(pl, ARMCPU_SEVERITY_WARNING, ARMCPU_PROBLEM_FORCED, f, v, NULL,
                "this host's QEMU cannot set %s; forced through as written", f->name);
        char *owned;
        const char *n = normal(p ? p->kind : ARMCPU_KIND_STRING, v, &owned);
        emit(pl, f, f->name, n, owned, FALSE);
    } else if (f->policy == ARMCPU_FEATURE_OPTIONAL) {
        PROBLEM(pl, ARMCPU_SEVERITY_NOTICE, ARMCPU_PROBLEM_DROPPED, f, v, NULL,
                "optional %s dropped: this host's QEMU cannot set it%s", f->name, hint);
    } else if (why) {
        PROBLEM(pl, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_NO_MAPPING, f, v, NULL,
                "%s=%s has no form this host's QEMU speaks: %s", f->name, v, why);
    } else {
        PROBLEM(pl, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_NOT_ON_HOST, f, v, NULL,
                "this host's QEMU cannot set %s%s", f->name, hint);
    }
}

/*
 * Why a property of the other dialect has no counterpart at all (rather than
 * one the host's QEMU cannot set), or NULL.
 */
static char *
no_mapping(const Planner *pl, const ArmcpuProp *p)
{
    ArmcpuDialect hd = pl->host->dialect;

    if (!p || hd == ARMCPU_DIALECT_QEMU || p->dialect == ARMCPU_DIALECT_QEMU || p->dialect == hd)
        return NULL;
    if (p->dialect == ARMCPU_DIALECT_SYSREG && !p->named)
        return g_strdup_printf("the registry has no named property for the field %s.%s, and "
                               "this host's QEMU speaks the named dialect",
                               p->field.reg ? p->field.reg : p->name,
                               p->field.name ? p->field.name : "?");
    if (p->dialect == ARMCPU_DIALECT_NAMED && !p->sysreg)
        return g_strdup_printf("%s has no SYSREG_* form (it is not an ID-register field), and "
                               "this host's QEMU speaks the SYSREG dialect",
                               p->name);
    return NULL;
}

static void
plan_on_host(Planner *pl, const ArmcpuGuestFeature *f, const ArmcpuProp *p,
             const ArmcpuPropInfo *pi, const char *v)
{
    Translated t = {{NULL, NULL}, {NULL, NULL}, 0};
    g_autoptr(GError) err = NULL;
    gboolean ok = TRUE;

    if (pi) {
        char *owned;
        const char *n = normal(p ? p->kind : ARMCPU_KIND_STRING, v, &owned);
        if (check_supported(pl, f, pi, n))
            emit(pl, f, pi->name, n, owned, f->policy != ARMCPU_FEATURE_FORCE);
        else
            g_free(owned);
        return;
    }
    if (p && p->dialect == ARMCPU_DIALECT_SYSREG)
        ok = to_named(pl, p, v, &t, &err);
    else if (p)
        ok = to_sysreg(pl, p, v, &t, &err);
    if (t.n == 0) {
        g_autofree char *why = ok ? no_mapping(pl, p) : g_strdup(err->message);
        not_on_host(pl, f, p, v, why);
        translated_clear(&t);
        return;
    }
    for (guint i = 0; i < t.n; i++)
        ok = check_supported(pl, f, g_hash_table_lookup(pl->host->prop_index, t.name[i]),
                             t.value[i]) &&
             ok;
    pl->translated = TRUE;
    for (guint i = 0; ok && i < t.n; i++) {
        emit(pl, f, t.name[i], NULL, t.value[i], f->policy != ARMCPU_FEATURE_FORCE);
        t.value[i] = NULL;
    }
    translated_clear(&t);
}

/*
 * A feature outside the token grammar stays refused, even with a fresh report
 * or when it was set in memory: reported once, quoting the offending text.
 */
static void
refuse_invalid(Planner *pl, const ArmcpuGuestFeature *f)
{
    for (guint i = 0; i < armcpu_report_n_problems(pl->report); i++) {
        const ArmcpuProblem *pr = armcpu_report_problem(pl->report, i);
        if (pr->line == f->line && g_strcmp0(pr->property, f->name) == 0 &&
            (pr->code == ARMCPU_PROBLEM_NAME || pr->code == ARMCPU_PROBLEM_VALUE_SYNTAX))
            return;
    }
    armcpu_guest_feature_check_tokens(pl->report, f->line, f->name, f->value);
}

static void
plan_feature(Planner *pl, const ArmcpuGuestFeature *f, const ArmcpuProp *p,
             const ArmcpuPropInfo *pi)
{
    const char *v = armcpu_feature_effective_value(f);

    if (f->invalid) {
        refuse_invalid(pl, f);
        return;
    }
    if (!v)
        return; /* optional without a value: nothing to ask for */
    if (f->value && (f->policy == ARMCPU_FEATURE_DISABLE || f->policy == ARMCPU_FEATURE_FORBID))
        return; /* reported by the define-time checks */
    if (!pl->host) {
        if (p || f->policy != ARMCPU_FEATURE_REQUIRE) {
            char *owned;
            const char *n = normal(p ? p->kind : ARMCPU_KIND_STRING, v, &owned);
            emit(pl, f, f->name, n, owned, FALSE);
        }
        return;
    }
    if (!p && !pi && f->policy == ARMCPU_FEATURE_REQUIRE)
        return; /* unknown everywhere: reported by the define-time checks */
    plan_on_host(pl, f, p, pi, v);
}

/* ----- the model and the mode against the host ----- */

static const ArmcpuHostModel *
host_model(const ArmcpuAccelCaps *host, const char *name)
{
    for (guint i = 0; i < host->models->len; i++) {
        const ArmcpuHostModel *m = g_ptr_array_index(host->models, i);
        if (strcmp(m->name, name) == 0)
            return m;
    }
    return NULL;
}

/* Does the guest give @name itself (in either dialect), overriding a model's value? */
static gboolean
guest_overrides(const Planner *pl, const char *name)
{
    const ArmcpuProp *p = armcpu_registry_lookup(pl->reg, name);
    GHashTable *by_name = pl->cpu->by_name;

    if (g_hash_table_contains(by_name, name))
        return TRUE;
    if (!p)
        return FALSE;
    if (p->named && g_hash_table_contains(by_name, p->named->name))
        return TRUE;
    return (p->sysreg && g_hash_table_contains(by_name, p->sysreg->name)) ||
           (p->sysreg_frac && g_hash_table_contains(by_name, p->sysreg_frac->name));
}

static void
check_mode_on_host(Planner *pl)
{
    const ArmcpuGuestCpu *cpu = pl->cpu;

    if (cpu->mode == ARMCPU_CPU_MODE_HOST_PASSTHROUGH && pl->host->accel != ARMCPU_ACCEL_KVM)
        armcpu_report_add(pl->report, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_MODE, cpu->line, NULL,
                          NULL, "kvm", pl->host_label,
                          "mode 'host-passthrough' needs KVM; this is the %s section of the host",
                          armcpu_accel_to_string(pl->host->accel));
}

/*
 * A named model's own values (those the guest does not override) must be in
 * the host's supported sets: each one that is not is reported on its own,
 * with the model's value and what the host supports. Returns the names of
 * the properties reported.
 */
static GHashTable *
check_named_model(Planner *pl, const ArmcpuModel *m)
{
    GHashTable *failed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    const GPtrArray *settings = armcpu_model_settings(m);
    g_autoptr(ArmcpuGuestCpu) probe = armcpu_guest_cpu_new(ARMCPU_CPU_MODE_HOST_PASSTHROUGH);
    g_autoptr(ArmcpuReport) scratch = armcpu_report_new(NULL);
    g_autoptr(GArray) emits = NULL;
    const char *name = pl->cpu->model;

    for (guint i = 0; i < settings->len; i++) {
        const ArmcpuModelSetting *s = g_ptr_array_index(settings, i);
        if (!guest_overrides(pl, s->name))
            armcpu_guest_cpu_add_feature(probe, ARMCPU_FEATURE_REQUIRE, s->name, s->value);
    }
    /* the model's values, asked for as a guest would, reveal what the host lacks */
    emits = armcpu_plan_build(probe, pl->reg, pl->host, scratch);
    for (guint i = 0; i < armcpu_report_n_problems(scratch); i++) {
        const ArmcpuProblem *pr = armcpu_report_problem(scratch, i);
        if (pr->severity != ARMCPU_SEVERITY_ERROR || !pr->property)
            continue;
        armcpu_report_add(pl->report, ARMCPU_SEVERITY_ERROR, pr->code, pl->cpu->model_line,
                          pr->property, pr->value, pr->expected, pr->source, "named model '%s': %s",
                          name, pr->message);
        g_hash_table_add(failed, g_strdup(pr->property));
    }
    return failed;
}

/*
 * A custom model: the host's QEMU must define it (when it lists its models),
 * a named model needs KVM and every value it sets supported, and QEMU's own
 * verdict, where it gives one, is heeded for what the guest does not
 * override. Where QEMU finds blockers armcpu does not, the two disagree and
 * the message says so.
 */
static void
check_model_on_host(Planner *pl)
{
    const ArmcpuGuestCpu *cpu = pl->cpu;
    const ArmcpuModel *m;
    const ArmcpuHostModel *hm;
    g_autoptr(GHashTable) failed = NULL;
    g_autoptr(GString) left = g_string_new(NULL);
    int line = cpu->model ? cpu->model_line : cpu->line;

    if (cpu->mode != ARMCPU_CPU_MODE_CUSTOM || !cpu->model || cpu->mode_reported)
        return;
    m = armcpu_registry_find_model(pl->reg, cpu->model);
    hm = host_model(pl->host, cpu->model);
    if (m && pl->host->accel != ARMCPU_ACCEL_KVM) {
        if (cpu->accel == ARMCPU_ACCEL_TCG)
            return; /* reported by the define-time checks */
        armcpu_report_add(pl->report, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_MODEL_UNUSABLE, line,
                          NULL, cpu->model, "kvm", pl->host_label,
                          "named model '%s' needs KVM; this is the %s section of the host",
                          cpu->model, armcpu_accel_to_string(pl->host->accel));
        return;
    }
    if (!hm && pl->host->models->len > 0) {
        armcpu_report_add(pl->report, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_MODEL, line, NULL,
                          cpu->model, NULL, pl->host_label,
                          "this host's QEMU has no CPU model '%s'%s", cpu->model,
                          m ? " (named models need a QEMU that defines them)" : "");
        return;
    }
    if (m)
        failed = check_named_model(pl, m);
    if (!hm || hm->usable != ARMCPU_USABLE_NO)
        return;
    for (guint i = 0; hm->blockers[i]; i++) {
        const char *b = hm->blockers[i];
        if (guest_overrides(pl, b) || (failed && g_hash_table_contains(failed, b)))
            continue;
        g_string_append_printf(left, "%s%s", left->len ? ", " : "", b);
    }
    if (left->len == 0 && (hm->blockers[0] || (failed && g_hash_table_size(failed) > 0)))
        return; /* every blocker is overridden by the guest or reported above */
    armcpu_report_add(pl->report, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_MODEL_UNUSABLE, line, NULL,
                      cpu->model, NULL, pl->host_label,
                      "QEMU says model '%s' cannot run on this host (blockers: %s)%s", cpu->model,
                      left->len ? left->str : "none given",
                      m ? "; armcpu and QEMU disagree: armcpu finds no problem there" : "");
}

/*
 * Each feature's registry entry and host property, one hash lookup each at
 * most: the host's property already links to the registry entry of its name.
 */
static void
lookup_features(const ArmcpuGuestCpu *cpu, const ArmcpuRegistry *reg, const ArmcpuAccelCaps *host,
                const ArmcpuProp **props, const ArmcpuPropInfo **infos)
{
    gboolean linked = host && host->registry == reg;

    for (guint i = 0; i < cpu->features->len; i++) {
        const ArmcpuGuestFeature *f = g_ptr_array_index(cpu->features, i);
        if (f->invalid)
            continue;
        infos[i] = host ? g_hash_table_lookup(host->prop_index, f->name) : NULL;
        props[i] = linked && infos[i] && infos[i]->prop ? infos[i]->prop
                                                        : armcpu_registry_lookup(reg, f->name);
    }
}

GArray *
armcpu_plan_build(const ArmcpuGuestCpu *cpu, const ArmcpuRegistry *reg, const ArmcpuAccelCaps *host,
                  ArmcpuReport *report)
{
    Planner pl = {cpu, reg, host, NULL, report, NULL, FALSE};
    guint n = cpu->features->len;
    g_autofree const ArmcpuProp **props = g_new0(const ArmcpuProp *, n + 1);
    g_autofree const ArmcpuPropInfo **infos = g_new0(const ArmcpuPropInfo *, n + 1);

    pl.emits = g_array_sized_new(FALSE, FALSE, sizeof(ArmcpuEmit), cpu->features->len);
    g_array_set_clear_func(pl.emits, emit_clear);
    lookup_features(cpu, reg, host, props, infos);
    armcpu_validate_define(cpu, reg, host, report, props);
    if (host) {
        pl.host_label = armcpu_accel_caps_label(host);
        check_mode_on_host(&pl);
        check_model_on_host(&pl);
    }
    for (guint i = 0; i < cpu->features->len; i++)
        plan_feature(&pl, g_ptr_array_index(cpu->features, i), props[i], infos[i]);
    return pl.emits;
}

gboolean
armcpu_guest_cpu_validate(const ArmcpuGuestCpu *cpu, const ArmcpuRegistry *reg,
                          const ArmcpuAccelCaps *host, ArmcpuReport *report)
{
    guint before = armcpu_report_count(report, ARMCPU_SEVERITY_ERROR);
    G_GNUC_UNUSED g_autoptr(GArray) emits = armcpu_plan_build(cpu, reg, host, report);

    return armcpu_report_count(report, ARMCPU_SEVERITY_ERROR) == before;
}

char *
armcpu_plan_format(const ArmcpuGuestCpu *cpu, const GArray *emits)
{
    const char *base = armcpu_plan_base_model(cpu);
    gsize base_len = strlen(base), len = base_len + 1;
    char *out, *p;

    /* one allocation, each string measured once: this runs per scheduling decision */
    for (guint i = 0; i < emits->len; i++) {
        const ArmcpuEmit *e = &g_array_index(emits, ArmcpuEmit, i);
        len += strlen(e->name) + strlen(e->value) + 2;
    }
    out = g_malloc(len);
    p = (char *)memcpy(out, base, base_len) + base_len;
    for (guint i = 0; i < emits->len; i++) {
        const ArmcpuEmit *e = &g_array_index(emits, ArmcpuEmit, i);
        *p++ = ',';
        p = stpcpy(p, e->name);
        *p++ = '=';
        p = stpcpy(p, e->value);
    }
    *p = '\0';
    g_assert((gsize)(p - out) + 1 == len);
    return out;
}
