/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * baseline.c: the best CPU every host of a fleet can run.
 *
 * Each host's properties are first brought into one vocabulary (the named
 * dialect where the registry knows a property, so SYSREG hosts and named
 * hosts meet) and folded into one accumulator per property: the running
 * intersection of the supported sets, and which hosts have which own value.
 * Nothing else of a host is kept, so a fleet of thousands fits in a few MB
 * and hosts can be parsed in parallel. At the end each property's best common
 * value is chosen by the registry's order.
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

static int
compare_strings(gconstpointer a, gconstpointer b)
{
    return g_strcmp0(*(const char *const *)a, *(const char *const *)b);
}

/* The value as a key: numbers in decimal, bools on/off, other kinds as written. */
static char *
canon(ArmcpuKind kind, const char *text)
{
    guint64 n;

    if (kind == ARMCPU_KIND_NUMBER && armcpu_number_parse(text, &n, NULL))
        return g_strdup_printf("%" G_GUINT64_FORMAT, n);
    char *v = armcpu_value_normalize(kind, text, NULL);
    return v ? v : g_strdup(text);
}

/* ----- the accumulators ----- */

/* How many hosts a message names before "and N more". */
#define NAMED_HOSTS 8

/*
 * The hosts that share something (a value, a set): how many, and the first
 * few in label order, which is all a message names. A fleet of thousands
 * costs a few bytes per group, not four per host.
 */
typedef struct {
    guint count;
    guint n;                    /* entries in @first */
    guint32 first[NAMED_HOSTS]; /* by label, then index */
} Hosts;

/* Order hosts by label (then by index, for equal labels). */
static int
host_cmp(const GPtrArray *labels, guint32 a, guint32 b)
{
    int c = strcmp(g_ptr_array_index(labels, a), g_ptr_array_index(labels, b));

    return c ? c : (a < b ? -1 : a > b);
}

static void
hosts_add(Hosts *h, const GPtrArray *labels, guint32 host)
{
    guint pos;

    h->count++;
    for (pos = h->n; pos > 0 && host_cmp(labels, host, h->first[pos - 1]) < 0; pos--)
        ;
    if (pos >= NAMED_HOSTS)
        return;
    if (h->n < NAMED_HOSTS)
        h->n++;
    memmove(&h->first[pos + 1], &h->first[pos], (h->n - 1 - pos) * sizeof(guint32));
    h->first[pos] = host;
}

static void
group_add(GHashTable *groups, const GPtrArray *labels, const char *key, guint32 host)
{
    Hosts *h = g_hash_table_lookup(groups, key);

    if (!h) {
        h = g_new0(Hosts, 1);
        g_hash_table_insert(groups, g_strdup(key), h);
    }
    hosts_add(h, labels, host);
}

/* One property across the fleet. */
typedef struct {
    char *name;
    const ArmcpuProp *prop; /* nullable: unknown to the registry */
    ArmcpuKind kind;
    gboolean kind_conflict;
    ArmcpuValueSet *common; /* the running intersection */
    guint n_present;
    GArray *present;      /* guint64 words: a bit per host that has it */
    GHashTable *by_value; /* canonical own value -> Hosts* */
    Hosts no_value;       /* hosts that report no own value */
    GHashTable *by_set;   /* formatted supported set -> Hosts* */
} Acc;

static void
acc_free(gpointer p)
{
    Acc *a = p;

    g_free(a->name);
    armcpu_value_set_free(a->common);
    g_hash_table_unref(a->by_value);
    g_array_unref(a->present);
    g_hash_table_unref(a->by_set);
    g_free(a);
}

static Acc *
acc_new(const char *name, const View *v)
{
    Acc *a = g_new0(Acc, 1);

    a->name = g_strdup(name);
    a->prop = v->prop;
    a->kind = armcpu_value_set_kind(v->set);
    a->by_value = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    a->present = g_array_new(FALSE, TRUE, sizeof(guint64));
    a->by_set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    return a;
}

struct _ArmcpuBaseline {
    ArmcpuRegistry *reg;
    GMutex lock;
    GPtrArray *labels; /* char*, by host index */
    gboolean all_kvm;
    GHashTable *accs;   /* property name -> Acc* */
    gboolean *model_ok; /* by registry model index: every host so far can run it */
};

ArmcpuBaseline *
armcpu_baseline_new(const ArmcpuRegistry *reg)
{
    ArmcpuBaseline *b = g_new0(ArmcpuBaseline, 1);

    b->reg = armcpu_registry_ref((ArmcpuRegistry *)reg);
    g_mutex_init(&b->lock);
    b->labels = g_ptr_array_new_with_free_func(g_free);
    b->all_kvm = TRUE;
    b->accs = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, acc_free);
    b->model_ok = g_new(gboolean, armcpu_registry_n_models(reg) + 1);
    for (guint i = 0; i <= armcpu_registry_n_models(reg); i++)
        b->model_ok[i] = TRUE;
    return b;
}

void
armcpu_baseline_free(ArmcpuBaseline *b)
{
    if (!b)
        return;
    g_hash_table_unref(b->accs);
    g_ptr_array_unref(b->labels);
    g_free(b->model_ok);
    g_mutex_clear(&b->lock);
    armcpu_registry_unref(b->reg);
    g_free(b);
}

/* Can this host run named model @m: QEMU defines it and every value is supported? */
static gboolean
model_fits(const ArmcpuModel *m, const ArmcpuAccelCaps *acc, GHashTable *views)
{
    const GPtrArray *settings = armcpu_model_settings(m);

    if (acc->accel != ARMCPU_ACCEL_KVM)
        return FALSE; /* named models need KVM */
    if (acc->models->len > 0 && !armcpu_accel_caps_find_model(acc, armcpu_model_name(m)))
        return FALSE;
    for (guint i = 0; i < settings->len; i++) {
        const ArmcpuModelSetting *s = g_ptr_array_index(settings, i);
        View *v = g_hash_table_lookup(views, s->name);
        if (!v || !armcpu_value_set_contains(v->set, s->value))
            return FALSE;
    }
    return TRUE;
}

static void
fold_view(ArmcpuBaseline *b, const char *name, const View *v, guint32 host)
{
    Acc *a = g_hash_table_lookup(b->accs, name);
    g_autofree char *set_text = armcpu_value_set_format(v->set);

    if (!a) {
        a = acc_new(name, v);
        g_hash_table_insert(b->accs, a->name, a);
    }
    if (armcpu_value_set_kind(v->set) != a->kind) {
        a->kind_conflict = TRUE;
    } else if (!a->common) {
        a->common = armcpu_value_set_copy(v->set);
    } else {
        ArmcpuValueSet *next = intersect(a->common, v->set);
        armcpu_value_set_free(a->common);
        a->common = next;
    }
    a->n_present++;
    if (a->present->len <= host / 64)
        g_array_set_size(a->present, host / 64 + 1);
    g_array_index(a->present, guint64, host / 64) |= G_GUINT64_CONSTANT(1) << (host % 64);
    if (v->host_value) {
        g_autofree char *key = canon(a->kind, v->host_value);
        group_add(a->by_value, b->labels, key, host);
    } else {
        hosts_add(&a->no_value, b->labels, host);
    }
    group_add(a->by_set, b->labels, set_text, host);
}

gboolean
armcpu_baseline_add_host(ArmcpuBaseline *b, const ArmcpuAccelCaps *host)
{
    g_autoptr(GHashTable) views = host_views(host);
    guint n_models = armcpu_registry_n_models(b->reg);
    g_autofree gboolean *fits = g_new0(gboolean, n_models + 1);
    const char *label = armcpu_accel_caps_label(host);
    G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = NULL;
    GHashTableIter it;
    gpointer key, val;
    guint32 index;

    for (guint m = 0; m < n_models; m++)
        fits[m] = model_fits(armcpu_registry_model(b->reg, m), host, views);
    locker = g_mutex_locker_new(&b->lock);
    if (b->labels->len >= ARMCPU_BASELINE_MAX_HOSTS)
        return FALSE;
    index = b->labels->len;
    g_ptr_array_add(b->labels, g_strdup(label ? label : "(host)"));
    b->all_kvm = b->all_kvm && host->accel == ARMCPU_ACCEL_KVM;
    for (guint m = 0; m < n_models; m++)
        b->model_ok[m] = b->model_ok[m] && fits[m];
    g_hash_table_iter_init(&it, views);
    while (g_hash_table_iter_next(&it, &key, &val))
        fold_view(b, key, val, index);
    return TRUE;
}

/* ----- naming hosts in messages ----- */

/* "a.xml, b.xml and 3 more", hosts in label order. */
static void
append_hosts(const ArmcpuBaseline *b, GString *out, const Hosts *hosts)
{
    for (guint i = 0; i < hosts->n; i++)
        g_string_append_printf(out, "%s%s", i ? ", " : "",
                               (const char *)g_ptr_array_index(b->labels, hosts->first[i]));
    if (hosts->count > hosts->n)
        g_string_append_printf(out, " and %u more", hosts->count - hosts->n);
}

/* The first label of a group's hosts, to order groups by. */
static const char *
first_label(const ArmcpuBaseline *b, const Hosts *hosts)
{
    return hosts->n ? g_ptr_array_index(b->labels, hosts->first[0]) : "";
}

typedef struct {
    const char *key;
    const Hosts *hosts;
    const char *first;
} Group;

static int
by_first_label(gconstpointer x, gconstpointer y)
{
    const Group *a = x, *b = y;
    int c = strcmp(a->first, b->first);

    return c ? c : strcmp(a->key, b->key);
}

/*
 * Every group but @skip as "HOSTS: KEY" (@parens: "HOSTS (KEY)"), groups in
 * the order of their first host's label, joined by "; ".
 */
static char *
describe_groups(const ArmcpuBaseline *b, GHashTable *groups, const char *skip, gboolean parens)
{
    g_autoptr(GString) out = g_string_new(NULL);
    g_autoptr(GArray) list = g_array_new(FALSE, FALSE, sizeof(Group));
    GHashTableIter it;
    gpointer key, val;

    g_hash_table_iter_init(&it, groups);
    while (g_hash_table_iter_next(&it, &key, &val)) {
        Group g = {key, val, first_label(b, val)};
        if (!skip || strcmp(key, skip) != 0)
            g_array_append_val(list, g);
    }
    g_array_sort(list, by_first_label);
    for (guint i = 0; i < list->len; i++) {
        const Group *g = &g_array_index(list, Group, i);
        if (out->len)
            g_string_append(out, "; ");
        append_hosts(b, out, g->hosts);
        g_string_append_printf(out, parens ? " (%s)" : ": %s", *g->key ? g->key : "(none)");
    }
    return g_string_free(g_steal_pointer(&out), FALSE);
}

/* ----- choosing the best common value ----- */

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
            const char *c = armcpu_value_set_item(common, j)->text;
            dominated = armcpu_prop_order(p, a, c, &o, NULL) && o == ARMCPU_ORDER_LESS;
        }
        if (!dominated)
            g_ptr_array_add(top, (gpointer)a);
    }
    return top;
}

/* Fractional: the field-wise minimum of the hosts' own values, if named and common. */
static char *
fraction_meet(const Acc *a)
{
    ArmcpuRaw meet = {G_MAXUINT64, G_MAXUINT64};
    GHashTableIter it;
    gpointer key;

    if (a->no_value.count > 0)
        return NULL;
    g_hash_table_iter_init(&it, a->by_value);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        ArmcpuRaw r;
        if (!armcpu_prop_value_to_raw(a->prop, key, &r, NULL))
            return NULL;
        meet.raw = MIN(meet.raw, r.raw);
        meet.frac = MIN(meet.frac, r.frac);
    }
    g_autofree char *name = armcpu_prop_raw_to_value(a->prop, meet, NULL);
    return name && armcpu_value_set_contains(a->common, name) ? g_steal_pointer(&name) : NULL;
}

/* The one own value every host has, or NULL. */
static const char *
common_own_value(const Acc *a)
{
    GHashTableIter it;
    gpointer key;

    if (a->no_value.count > 0 || g_hash_table_size(a->by_value) != 1)
        return NULL;
    g_hash_table_iter_init(&it, a->by_value);
    g_hash_table_iter_next(&it, &key, NULL);
    return key;
}

/* Every host reports the same own value: that one, if all can give it. */
static const char *
agreed_value(const Acc *a)
{
    const char *v = common_own_value(a);

    return v && armcpu_value_set_contains(a->common, v) ? v : NULL;
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

/* The best common value (canonical), or NULL with *@why set. */
static char *
choose(const Acc *a, const char **why)
{
    const ArmcpuProp *p = a->prop;
    const char *agreed;
    char *v;

    if (p && (armcpu_policy_is_ordered(p->policy) || p->kind == ARMCPU_KIND_FRACTIONAL)) {
        if (p->kind == ARMCPU_KIND_NUMBER)
            return best_number(p, a->common);
        g_autoptr(GPtrArray) top = maximal_values(p, a->common);
        if (top->len == 1)
            return canon(a->kind, g_ptr_array_index(top, 0));
        if ((v = fraction_meet(a)))
            return v;
        *why = "its common values are not ordered against each other";
        return NULL;
    }
    if ((agreed = agreed_value(a)))
        return g_strdup(agreed);
    if ((v = only_value(a->common))) {
        char *c = canon(a->kind, v);
        g_free(v);
        return c;
    }
    if (p && p->policy == ARMCPU_POLICY_EXACT) {
        ArmcpuRaw safe = {p->safe, 0};
        g_autofree char *s = armcpu_prop_raw_to_value(p, safe, NULL);
        if (s && armcpu_value_set_contains(a->common, s))
            return canon(a->kind, s);
    }
    *why = p ? "the hosts disagree and its policy gives no order to choose by"
             : "the hosts disagree and armcpu knows no order for it";
    return NULL;
}

/* ----- deciding and explaining ----- */

static void
explain(const ArmcpuBaseline *b, const Acc *a, const char *chosen, ArmcpuReport *report)
{
    const Hosts *limiters = g_hash_table_lookup(a->by_value, chosen);
    g_autofree char *differs = describe_groups(b, a->by_value, chosen, TRUE);
    g_autoptr(GString) limited = g_string_new(NULL);
    g_autoptr(GString) unknown = g_string_new(NULL);

    if (limiters)
        append_hosts(b, limited, limiters);
    if (a->no_value.count) {
        append_hosts(b, unknown, &a->no_value);
        g_string_append(unknown, " (unknown)");
    }
    armcpu_report_add(
        report, ARMCPU_SEVERITY_NOTICE, ARMCPU_PROBLEM_LOWERED, 0, a->name, chosen, NULL,
        limited->len ? limited->str : NULL, "%s=%s: pinned; differs on %s%s%s; %s%s", a->name,
        chosen, differs, *differs && unknown->len ? "; " : "", unknown->str,
        limited->len ? "limited by " : "no host has it as its own value", limited->str);
}

/* The hosts that lack @a: every host whose bit is not set. */
static void
missing_hosts(const ArmcpuBaseline *b, const Acc *a, Hosts *out)
{
    for (guint32 h = 0; h < b->labels->len; h++) {
        gboolean has = h / 64 < a->present->len &&
                       (g_array_index(a->present, guint64, h / 64) >> (h % 64)) & 1;
        if (!has)
            hosts_add(out, b->labels, h);
    }
}

/*
 * Decide one property; returns the value to pin, or NULL: not pinned (every
 * host has it at the chosen value), or left out (*@left_out: some host cannot
 * set it, or it has no common value; reported).
 */
static char *
decide(const ArmcpuBaseline *b, const Acc *a, ArmcpuReport *report, gboolean *left_out)
{
    g_autofree char *chosen = NULL;
    const char *why = NULL;

    *left_out = TRUE;
    if (a->n_present < b->labels->len) {
        Hosts missing = {0, 0, {0}};
        g_autoptr(GString) names = g_string_new(NULL);
        missing_hosts(b, a, &missing);
        append_hosts(b, names, &missing);
        armcpu_report_add(report, ARMCPU_SEVERITY_WARNING, ARMCPU_PROBLEM_NOT_ON_HOST, 0, a->name,
                          NULL, NULL, NULL,
                          "%s: cannot be set on %s; left to each host's own value, which may "
                          "differ across a migration",
                          a->name, names->str);
        return NULL;
    }
    if (a->kind_conflict)
        why = "the hosts give it different types";
    else if (armcpu_value_set_size(a->common) > 0)
        chosen = choose(a, &why);
    if (!chosen) {
        g_autofree char *sets = describe_groups(b, a->by_set, NULL, FALSE);
        if (!why)
            armcpu_report_add(report, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_NO_COMMON, 0, a->name,
                              NULL, NULL, NULL, "%s: no value every host supports (%s); left out",
                              a->name, sets);
        else
            armcpu_report_add(report, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_DISAGREE, 0, a->name,
                              NULL, NULL, NULL, "%s: %s (%s); left out, pin it yourself", a->name,
                              why, sets);
        return NULL;
    }
    *left_out = FALSE;
    if (a->no_value.count == 0 && g_hash_table_size(a->by_value) == 1 &&
        g_hash_table_contains(a->by_value, chosen))
        return NULL; /* every host already has it */
    explain(b, a, chosen, report);
    return g_steal_pointer(&chosen);
}

/* Registry properties in data-file order, then unknown ones by name. */
static GPtrArray *
ordered_accs(const ArmcpuBaseline *b)
{
    g_autoptr(GPtrArray) unknown = g_ptr_array_new();
    GPtrArray *out = g_ptr_array_new();
    GHashTableIter it;
    gpointer val;

    for (guint i = 0; i < armcpu_registry_n_props(b->reg); i++) {
        Acc *a = g_hash_table_lookup(b->accs, armcpu_prop_name(armcpu_registry_prop(b->reg, i)));
        if (a)
            g_ptr_array_add(out, a);
    }
    g_hash_table_iter_init(&it, b->accs);
    while (g_hash_table_iter_next(&it, NULL, &val)) {
        if (!((Acc *)val)->prop)
            g_ptr_array_add(unknown, val);
    }
    g_ptr_array_sort(unknown, compare_strings); /* name is the first member */
    g_ptr_array_extend(out, unknown, NULL, NULL);
    return out;
}

/* The named model with the most settings that every host can run, or NULL. */
static const ArmcpuModel *
best_model(const ArmcpuBaseline *b)
{
    const ArmcpuModel *best = NULL;

    for (guint i = 0; i < armcpu_registry_n_models(b->reg); i++) {
        const ArmcpuModel *m = armcpu_registry_model(b->reg, i);
        if (b->model_ok[i] &&
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
add_model_features(ArmcpuGuestCpu *cpu, const ArmcpuModel *m, GPtrArray *accs, GPtrArray *values,
                   const gboolean *left_out)
{
    for (guint i = 0; i < accs->len; i++) {
        const Acc *a = g_ptr_array_index(accs, i);
        const char *chosen = g_ptr_array_index(values, i);
        const char *mv = armcpu_model_get(m, a->name);
        g_autofree char *mc = mv ? canon(a->kind, mv) : NULL;
        if (left_out[i])
            continue;
        if (!chosen) {
            /* not pinned: every host has the same value; the model must not change it */
            chosen = common_own_value(a);
            if (!mc || !chosen || strcmp(mc, chosen) == 0)
                continue;
        } else if (mc && strcmp(mc, chosen) == 0) {
            continue;
        }
        armcpu_guest_cpu_add_feature(cpu, ARMCPU_FEATURE_REQUIRE, a->name, chosen);
    }
}

ArmcpuGuestCpu *
armcpu_baseline_finish(ArmcpuBaseline *b, gboolean want_model, ArmcpuReport *report)
{
    G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&b->lock);
    g_autoptr(GPtrArray) accs = NULL;
    g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func(g_free);
    g_autofree gboolean *left_out = NULL;
    const ArmcpuModel *model = NULL;
    ArmcpuGuestCpu *cpu;

    if (b->labels->len == 0)
        return NULL;
    accs = ordered_accs(b);
    left_out = g_new0(gboolean, accs->len + 1);
    for (guint i = 0; i < accs->len; i++)
        g_ptr_array_add(values, decide(b, g_ptr_array_index(accs, i), report, &left_out[i]));
    if (want_model) {
        model = best_model(b);
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
        add_model_features(cpu, model, accs, values, left_out);
        return cpu;
    }
    /* host-passthrough needs KVM; -cpu max is the host's CPU under KVM too */
    cpu = armcpu_guest_cpu_new(b->all_kvm ? ARMCPU_CPU_MODE_HOST_PASSTHROUGH
                                          : ARMCPU_CPU_MODE_MAXIMUM);
    for (guint i = 0; i < accs->len; i++) {
        const Acc *a = g_ptr_array_index(accs, i);
        if (g_ptr_array_index(values, i))
            armcpu_guest_cpu_add_feature(cpu, ARMCPU_FEATURE_REQUIRE, a->name,
                                         g_ptr_array_index(values, i));
    }
    return cpu;
}

ArmcpuGuestCpu *
armcpu_baseline(const ArmcpuAccelCaps *const *hosts, guint n_hosts, const ArmcpuRegistry *reg,
                gboolean want_model, ArmcpuReport *report)
{
    g_autoptr(ArmcpuBaseline) b = NULL;

    if (n_hosts == 0 || n_hosts > ARMCPU_BASELINE_MAX_HOSTS) {
        if (report)
            armcpu_report_add(report, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_LIMIT, 0, NULL, NULL,
                              NULL, NULL,
                              "%u host documents: a baseline takes 1 to the limit of %d", n_hosts,
                              ARMCPU_BASELINE_MAX_HOSTS);
        return NULL;
    }
    b = armcpu_baseline_new(reg);
    for (guint h = 0; h < n_hosts; h++)
        armcpu_baseline_add_host(b, hosts[h]);
    return armcpu_baseline_finish(b, want_model, report);
}
