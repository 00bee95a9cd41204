/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * baseline.c: the best CPU every host of a fleet can run.
 *
 * Each host's properties are first brought into one vocabulary (the named
 * dialect where the registry knows a property, so SYSREG hosts and named
 * hosts meet), then each property's supported sets are intersected and the
 * best common value is chosen by the registry's order.
 */
#include <armcpu/baseline.h>

#include "guest-priv.h"
#include "qemu/hostcaps-priv.h"
#include "registry-priv.h"

#include <string.h>

/* One property as one host offers it, in the common vocabulary. */
typedef struct {
    const ArmcpuProp *prop; /* nullable: unknown to the registry */
    ArmcpuValueSet *set;
    char *host_value; /* nullable */
} View;

static void
view_free(gpointer p)
{
    View *v = p;

    armcpu_value_set_free(v->set);
    g_free(v->host_value);
    g_free(v);
}

static View *
view_new(const ArmcpuProp *prop, ArmcpuValueSet *set, char *host_value)
{
    View *v = g_new0(View, 1);

    v->prop = prop;
    v->set = set;
    v->host_value = host_value;
    return v;
}

/* Raw @raw as a number string, to ask a SYSREG set. */
static gboolean
set_has_raw(const ArmcpuValueSet *set, guint64 raw)
{
    char buf[32];

    g_snprintf(buf, sizeof(buf), "%" G_GUINT64_FORMAT, raw);
    return armcpu_value_set_contains(set, buf);
}

static char *
raw_name(const ArmcpuProp *n, const char *base, const char *frac)
{
    ArmcpuRaw raw = {0, 0};

    if (!base || !armcpu_number_parse(base, &raw.raw, NULL) ||
        (frac && !armcpu_number_parse(frac, &raw.frac, NULL)))
        return NULL;
    return armcpu_prop_raw_to_value(n, raw, NULL);
}

/* A SYSREG field's set, read as values of its named property @n. */
static View *
view_of_sysreg(const ArmcpuProp *n, const ArmcpuPropInfo *base, const ArmcpuPropInfo *frac)
{
    ArmcpuValueSet *set = armcpu_value_set_new(n->kind);
    g_autoptr(ArmcpuValueSet) all = NULL;

    if (n->kind == ARMCPU_KIND_NUMBER) {
        for (guint i = 0; i < armcpu_value_set_size(base->supported); i++) {
            const ArmcpuValueItem *it = armcpu_value_set_item(base->supported, i);
            guint64 lo = MAX(it->min, n->min), hi = MIN(it->max, n->max);
            if (lo <= hi)
                armcpu_value_set_add_range(set, lo, hi);
        }
    } else {
        all = armcpu_prop_all_values(n);
        for (guint i = 0; i < armcpu_value_set_size(all); i++) {
            const char *v = armcpu_value_set_item(all, i)->text;
            ArmcpuRaw raw;
            if (armcpu_prop_value_to_raw(n, v, &raw, NULL) &&
                set_has_raw(base->supported, raw.raw) &&
                (!frac || set_has_raw(frac->supported, raw.frac)))
                armcpu_value_set_add(set, v, NULL);
        }
    }
    return view_new(n, set, raw_name(n, base->host_value, frac ? frac->host_value : NULL));
}

/* Every property of @acc in the common vocabulary: name -> View*. */
static GHashTable *
host_views(const ArmcpuAccelCaps *acc)
{
    GHashTable *views = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, view_free);

    for (guint i = 0; i < acc->props->len; i++) {
        const ArmcpuPropInfo *pi = g_ptr_array_index(acc->props, i);
        const ArmcpuProp *p = pi->prop;
        const ArmcpuProp *n = p && p->dialect == ARMCPU_DIALECT_SYSREG ? p->named : NULL;
        View *v;

        if (n && p->part == ARMCPU_PROP_PART_FRAC)
            continue; /* read with its base field */
        if (n && p->part == ARMCPU_PROP_PART_BASE) {
            const ArmcpuPropInfo *f = g_hash_table_lookup(acc->prop_index, n->sysreg_frac->name);
            if (!f)
                continue; /* half a pair cannot name a value */
            v = view_of_sysreg(n, pi, f);
        } else if (n) {
            v = view_of_sysreg(n, pi, NULL);
        } else {
            v = view_new(p, armcpu_value_set_copy(pi->supported), g_strdup(pi->host_value));
        }
        g_hash_table_replace(views, (gpointer)(v->prop ? v->prop->name : pi->name), v);
    }
    return views;
}

/* ----- set algebra ----- */

static ArmcpuValueSet *
intersect(const ArmcpuValueSet *a, const ArmcpuValueSet *b)
{
    ArmcpuValueSet *out = armcpu_value_set_new(armcpu_value_set_kind(a));

    for (guint i = 0; i < armcpu_value_set_size(a); i++) {
        const ArmcpuValueItem *x = armcpu_value_set_item(a, i);
        if (armcpu_value_set_kind(a) != ARMCPU_KIND_NUMBER) {
            if (armcpu_value_set_contains(b, x->text))
                armcpu_value_set_add(out, x->text, NULL);
            continue;
        }
        for (guint j = 0; j < armcpu_value_set_size(b); j++) {
            const ArmcpuValueItem *y = armcpu_value_set_item(b, j);
            guint64 lo = MAX(x->min, y->min), hi = MIN(x->max, y->max);
            if (lo <= hi)
                armcpu_value_set_add_range(out, lo, hi);
        }
    }
    return out;
}

static gboolean
same_value(const ArmcpuProp *p, ArmcpuKind kind, const char *a, const char *b)
{
    ArmcpuOrder o;

    if (!a || !b)
        return FALSE;
    if (p)
        return armcpu_prop_order(p, a, b, &o, NULL) && o == ARMCPU_ORDER_EQUAL;
    g_autofree char *na = armcpu_value_normalize(kind, a, NULL);
    g_autofree char *nb = armcpu_value_normalize(kind, b, NULL);
    return na && nb && strcmp(na, nb) == 0;
}

/* ----- choosing the best common value ----- */

typedef struct {
    const char *name;
    const ArmcpuProp *prop;
    ArmcpuKind kind;
    GPtrArray *views; /* View*, one per host, borrowed */
    ArmcpuValueSet *common;
} Choice;

/* The best number of a common set under an ordered policy. */
static char *
best_number(const ArmcpuProp *p, const ArmcpuValueSet *common)
{
    guint64 best = 0;
    gboolean have = FALSE;

    for (guint i = 0; i < armcpu_value_set_size(common); i++) {
        const ArmcpuValueItem *it = armcpu_value_set_item(common, i);
        guint64 cand[2] = {it->min, it->max};
        if (p->policy == ARMCPU_POLICY_HIGHER_OR_ZERO && it->min == 0 && it->max > 0)
            cand[0] = 1; /* the best non-zero value of 0..max */
        for (int k = 0; k < 2; k++) {
            if (!have || armcpu_policy_compare(p->policy, armcpu_prop_width(p), cand[k], best) ==
                             ARMCPU_ORDER_GREATER)
                best = cand[k];
            have = TRUE;
        }
    }
    return g_strdup_printf("%" G_GUINT64_FORMAT, best);
}

/* The maximal values of a common set; one when the order is total. */
static GPtrArray *
maximal_values(const ArmcpuProp *p, const ArmcpuValueSet *common)
{
    GPtrArray *top = g_ptr_array_new();
    guint n = armcpu_value_set_size(common);

    for (guint i = 0; i < n; i++) {
        const char *a = armcpu_value_set_item(common, i)->text;
        gboolean dominated = FALSE;
        for (guint j = 0; j < n && !dominated; j++) {
            ArmcpuOrder o;
            const char *b = armcpu_value_set_item(common, j)->text;
            dominated = armcpu_prop_order(p, a, b, &o, NULL) && o == ARMCPU_ORDER_LESS;
        }
        if (!dominated)
            g_ptr_array_add(top, (gpointer)a);
    }
    return top;
}

/* Fractional: the field-wise minimum of the hosts' own values, if named and common. */
static char *
fraction_meet(const Choice *c)
{
    ArmcpuRaw meet = {G_MAXUINT64, G_MAXUINT64};

    for (guint i = 0; i < c->views->len; i++) {
        const View *v = g_ptr_array_index(c->views, i);
        ArmcpuRaw r;
        if (!v->host_value || !armcpu_prop_value_to_raw(c->prop, v->host_value, &r, NULL))
            return NULL;
        meet.raw = MIN(meet.raw, r.raw);
        meet.frac = MIN(meet.frac, r.frac);
    }
    g_autofree char *name = armcpu_prop_raw_to_value(c->prop, meet, NULL);
    return name && armcpu_value_set_contains(c->common, name) ? g_steal_pointer(&name) : NULL;
}

/* Every host reports the same own value: that one, if all can give it. */
static char *
agreed_value(const Choice *c)
{
    const View *first = g_ptr_array_index(c->views, 0);

    for (guint i = 1; i < c->views->len; i++) {
        const View *v = g_ptr_array_index(c->views, i);
        if (!same_value(c->prop, c->kind, first->host_value, v->host_value))
            return NULL;
    }
    if (!first->host_value || !armcpu_value_set_contains(c->common, first->host_value))
        return NULL;
    return armcpu_value_normalize(c->kind, first->host_value, NULL);
}

static char *
only_value(const ArmcpuValueSet *common)
{
    const ArmcpuValueItem *it;

    if (armcpu_value_set_size(common) != 1)
        return NULL;
    it = armcpu_value_set_item(common, 0);
    if (it->is_range && it->min != it->max)
        return NULL;
    return g_strdup(it->text);
}

/* The best common value, or NULL with *@why set. */
static char *
choose(const Choice *c, const char **why)
{
    const ArmcpuProp *p = c->prop;
    char *v;

    if (p && (armcpu_policy_is_ordered(p->policy) || p->kind == ARMCPU_KIND_FRACTIONAL)) {
        if (p->kind == ARMCPU_KIND_NUMBER)
            return best_number(p, c->common);
        g_autoptr(GPtrArray) top = maximal_values(p, c->common);
        if (top->len == 1)
            return g_strdup(g_ptr_array_index(top, 0));
        if ((v = fraction_meet(c)))
            return v;
        *why = "its common values are not ordered against each other";
        return NULL;
    }
    if ((v = agreed_value(c)) || (v = only_value(c->common)))
        return v;
    if (p && p->policy == ARMCPU_POLICY_EXACT) {
        ArmcpuRaw safe = {p->safe, 0};
        g_autofree char *s = armcpu_prop_raw_to_value(p, safe, NULL);
        if (s && armcpu_value_set_contains(c->common, s))
            return g_steal_pointer(&s);
    }
    *why = p ? "the hosts disagree and its policy gives no order to choose by"
             : "the hosts disagree and armcpu knows no order for it";
    return NULL;
}

/* ----- explaining ----- */

typedef struct {
    const ArmcpuRegistry *reg;
    const ArmcpuAccelCaps *const *hosts;
    guint n_hosts;
    ArmcpuReport *report;
} Ctx;

static const char *
label(const ArmcpuAccelCaps *acc)
{
    const char *l = armcpu_accel_caps_label(acc);

    return l ? l : "(host)";
}

static void
explain(const Ctx *ctx, const Choice *c, const char *chosen)
{
    g_autoptr(GString) lowered = g_string_new(NULL);
    g_autoptr(GString) limited = g_string_new(NULL);

    for (guint i = 0; i < c->views->len; i++) {
        const View *v = g_ptr_array_index(c->views, i);
        if (same_value(c->prop, c->kind, v->host_value, chosen))
            g_string_append_printf(limited, "%s%s", limited->len ? ", " : "", label(ctx->hosts[i]));
        else
            g_string_append_printf(lowered, "%s%s (%s)", lowered->len ? ", " : "",
                                   label(ctx->hosts[i]), v->host_value ? v->host_value : "unknown");
    }
    if (limited->len)
        g_string_prepend(limited, "limited by ");
    armcpu_report_add(ctx->report, ARMCPU_SEVERITY_NOTICE, ARMCPU_PROBLEM_LOWERED, 0, c->name,
                      chosen, NULL, limited->len ? limited->str + strlen("limited by ") : NULL,
                      "%s=%s: pinned; differs on %s; %s", c->name, chosen, lowered->str,
                      limited->len ? limited->str : "no host has it as its own value");
}

static void
report_no_common(const Ctx *ctx, const Choice *c, const char *why)
{
    g_autoptr(GString) sets = g_string_new(NULL);

    for (guint i = 0; i < c->views->len; i++) {
        const View *v = g_ptr_array_index(c->views, i);
        g_autofree char *s = armcpu_value_set_format(v->set);
        g_string_append_printf(sets, "%s%s: %s", i ? "; " : "", label(ctx->hosts[i]), s);
    }
    if (!why)
        armcpu_report_add(ctx->report, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_NO_COMMON, 0, c->name,
                          NULL, NULL, NULL, "%s: no value every host supports (%s); left out",
                          c->name, sets->str);
    else
        armcpu_report_add(ctx->report, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_DISAGREE, 0, c->name,
                          NULL, NULL, NULL, "%s: %s (%s); left out, pin it yourself", c->name, why,
                          sets->str);
}

/* ----- the fleet ----- */

static int
compare_strings(gconstpointer a, gconstpointer b)
{
    return g_strcmp0(*(const char *const *)a, *(const char *const *)b);
}

/* Registry properties in data-file order, then unknown ones by name. */
static GPtrArray *
all_names(const Ctx *ctx, GHashTable *const *views)
{
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GPtrArray) unknown = g_ptr_array_new();
    GPtrArray *names = g_ptr_array_new();

    for (guint h = 0; h < ctx->n_hosts; h++) {
        GHashTableIter it;
        gpointer key, val;
        g_hash_table_iter_init(&it, views[h]);
        while (g_hash_table_iter_next(&it, &key, &val)) {
            if (!g_hash_table_add(seen, key) || ((View *)val)->prop)
                continue;
            g_ptr_array_add(unknown, key);
        }
    }
    for (guint i = 0; i < armcpu_registry_n_props(ctx->reg); i++) {
        const char *n = armcpu_prop_name(armcpu_registry_prop(ctx->reg, i));
        if (g_hash_table_contains(seen, n))
            g_ptr_array_add(names, (gpointer)n);
    }
    g_ptr_array_sort(unknown, compare_strings);
    g_ptr_array_extend(names, unknown, NULL, NULL);
    return names;
}

/* Gather one property's views; FALSE (with a notice) when some host lacks it. */
static gboolean
gather(const Ctx *ctx, GHashTable *const *views, const char *name, Choice *c)
{
    g_autoptr(GString) missing = g_string_new(NULL);

    for (guint h = 0; h < ctx->n_hosts; h++) {
        View *v = g_hash_table_lookup(views[h], name);
        if (!v)
            g_string_append_printf(missing, "%s%s", missing->len ? ", " : "", label(ctx->hosts[h]));
        else
            g_ptr_array_add(c->views, v);
    }
    if (missing->len) {
        armcpu_report_add(
            ctx->report, ARMCPU_SEVERITY_NOTICE, ARMCPU_PROBLEM_NOT_ON_HOST, 0, name, NULL, NULL,
            NULL, "%s: cannot be set on %s; left to each host's own value", name, missing->str);
        return FALSE;
    }
    return TRUE;
}

static gboolean
same_kinds(const Choice *c)
{
    ArmcpuKind k = armcpu_value_set_kind(((View *)g_ptr_array_index(c->views, 0))->set);

    for (guint i = 1; i < c->views->len; i++) {
        if (armcpu_value_set_kind(((View *)g_ptr_array_index(c->views, i))->set) != k)
            return FALSE;
    }
    return TRUE;
}

/*
 * Decide one property; returns the value to pin, or NULL: not pinned (every
 * host has it at the chosen value), or left out (*@left_out: some host cannot
 * set it, or it has no common value; reported).
 */
static char *
decide(const Ctx *ctx, GHashTable *const *views, const char *name, gboolean *left_out)
{
    g_autoptr(GPtrArray) vs = g_ptr_array_new();
    Choice c = {name, armcpu_registry_lookup(ctx->reg, name), ARMCPU_KIND_STRING, vs, NULL};
    g_autoptr(ArmcpuValueSet) common = NULL;
    g_autofree char *chosen = NULL;
    const char *why = NULL;
    gboolean pin = FALSE;

    *left_out = TRUE;
    if (!gather(ctx, views, name, &c))
        return NULL;
    if (!same_kinds(&c)) {
        report_no_common(ctx, &c, "the hosts give it different types");
        return NULL;
    }
    c.kind = armcpu_value_set_kind(((View *)g_ptr_array_index(vs, 0))->set);
    common = armcpu_value_set_copy(((View *)g_ptr_array_index(vs, 0))->set);
    for (guint i = 1; i < vs->len; i++) {
        ArmcpuValueSet *next = intersect(common, ((View *)g_ptr_array_index(vs, i))->set);
        armcpu_value_set_free(common);
        common = next;
    }
    c.common = common;
    if (armcpu_value_set_size(common) == 0 || !(chosen = choose(&c, &why))) {
        report_no_common(ctx, &c, why);
        return NULL;
    }
    *left_out = FALSE;
    for (guint i = 0; i < vs->len && !pin; i++)
        pin = !same_value(c.prop, c.kind, ((View *)g_ptr_array_index(vs, i))->host_value, chosen);
    if (!pin)
        return NULL;
    explain(ctx, &c, chosen);
    return g_steal_pointer(&chosen);
}

/* Is every value named model @m sets supported on every host? */
static gboolean
model_fits(const ArmcpuModel *m, GHashTable *const *views, guint n_hosts)
{
    const GPtrArray *settings = armcpu_model_settings(m);

    for (guint i = 0; i < settings->len; i++) {
        const ArmcpuModelSetting *s = g_ptr_array_index(settings, i);
        for (guint h = 0; h < n_hosts; h++) {
            View *v = g_hash_table_lookup(views[h], s->name);
            if (!v || !armcpu_value_set_contains(v->set, s->value))
                return FALSE;
        }
    }
    return TRUE;
}

/* Does every host's QEMU define model @name (a QEMU that lists no models is trusted)? */
static gboolean
defined_everywhere(const Ctx *ctx, const char *name)
{
    for (guint h = 0; h < ctx->n_hosts; h++) {
        const ArmcpuAccelCaps *acc = ctx->hosts[h];
        if (acc->models->len > 0 && !armcpu_accel_caps_find_model(acc, name))
            return FALSE;
    }
    return TRUE;
}

/* The named model with the most settings that every host can run, or NULL. */
static const ArmcpuModel *
best_model(const Ctx *ctx, GHashTable *const *views)
{
    const ArmcpuModel *best = NULL;

    for (guint h = 0; h < ctx->n_hosts; h++) {
        if (ctx->hosts[h]->accel != ARMCPU_ACCEL_KVM)
            return NULL; /* named models need KVM */
    }
    for (guint i = 0; i < armcpu_registry_n_models(ctx->reg); i++) {
        const ArmcpuModel *m = armcpu_registry_model(ctx->reg, i);
        if (defined_everywhere(ctx, armcpu_model_name(m)) && model_fits(m, views, ctx->n_hosts) &&
            (!best || armcpu_model_settings(m)->len > armcpu_model_settings(best)->len))
            best = m;
    }
    return best;
}

/*
 * Features a model-based baseline still needs: chosen values the model lacks,
 * and the hosts' common own value where the model would change it. A
 * property left out (reported) keeps the model's value, which every host
 * supports (model_fits).
 */
static void
add_model_features(ArmcpuGuestCpu *cpu, const ArmcpuModel *m, const ArmcpuRegistry *reg,
                   GPtrArray *names, GPtrArray *values, const gboolean *left_out,
                   GHashTable *const *views)
{
    View *v0;

    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        const char *chosen = g_ptr_array_index(values, i);
        const char *mv = armcpu_model_get(m, name);
        const ArmcpuProp *p = armcpu_registry_lookup(reg, name);
        if (left_out[i])
            continue;
        if (!chosen) {
            /* not pinned: every host has the same value; the model must not change it */
            v0 = g_hash_table_lookup(views[0], name);
            if (!mv || !v0 || !v0->host_value ||
                same_value(p, ARMCPU_KIND_STRING, mv, v0->host_value))
                continue;
            chosen = v0->host_value;
        } else if (mv && same_value(p, ARMCPU_KIND_STRING, mv, chosen)) {
            continue;
        }
        armcpu_guest_cpu_add_feature(cpu, ARMCPU_FEATURE_REQUIRE, name, chosen);
    }
}

ArmcpuGuestCpu *
armcpu_baseline(const ArmcpuAccelCaps *const *hosts, guint n_hosts, const ArmcpuRegistry *reg,
                gboolean want_model, ArmcpuReport *report)
{
    Ctx ctx = {reg, hosts, n_hosts, report};
    g_autofree GHashTable **views = NULL;
    g_autoptr(GPtrArray) names = NULL;
    g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func(g_free);
    g_autofree gboolean *left_out = NULL;
    ArmcpuGuestCpu *cpu;
    const ArmcpuModel *model = NULL;

    if (n_hosts == 0 || n_hosts > ARMCPU_BASELINE_MAX_HOSTS) {
        if (report)
            armcpu_report_add(report, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_LIMIT, 0, NULL, NULL,
                              NULL, NULL,
                              "%u host documents: a baseline takes 1 to the limit of %d", n_hosts,
                              ARMCPU_BASELINE_MAX_HOSTS);
        return NULL;
    }
    views = g_new0(GHashTable *, n_hosts);
    for (guint h = 0; h < n_hosts; h++)
        views[h] = host_views(hosts[h]);
    names = all_names(&ctx, views);
    left_out = g_new0(gboolean, names->len + 1);
    for (guint i = 0; i < names->len; i++)
        g_ptr_array_add(values, decide(&ctx, views, g_ptr_array_index(names, i), &left_out[i]));
    if (want_model) {
        model = best_model(&ctx, views);
        if (!model)
            armcpu_report_add(report, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_MODEL_UNUSABLE, 0, NULL,
                              NULL, NULL, NULL,
                              "no named model can run on every host (named models need KVM, "
                              "a QEMU that defines them, and every value they set supported "
                              "everywhere); the baseline is given without a model");
    }
    if (model) {
        cpu = armcpu_guest_cpu_new(ARMCPU_CPU_MODE_CUSTOM);
        armcpu_guest_cpu_set_model(cpu, armcpu_model_name(model));
        add_model_features(cpu, model, reg, names, values, left_out, views);
    } else {
        /* host-passthrough needs KVM; -cpu max is the host's CPU under KVM too */
        gboolean all_kvm = TRUE;
        for (guint h = 0; h < n_hosts; h++)
            all_kvm = all_kvm && hosts[h]->accel == ARMCPU_ACCEL_KVM;
        cpu = armcpu_guest_cpu_new(all_kvm ? ARMCPU_CPU_MODE_HOST_PASSTHROUGH
                                           : ARMCPU_CPU_MODE_MAXIMUM);
        for (guint i = 0; i < names->len; i++) {
            if (g_ptr_array_index(values, i))
                armcpu_guest_cpu_add_feature(cpu, ARMCPU_FEATURE_REQUIRE,
                                             g_ptr_array_index(names, i),
                                             g_ptr_array_index(values, i));
        }
    }
    for (guint h = 0; h < n_hosts; h++)
        g_hash_table_unref(views[h]);
    return cpu;
}
