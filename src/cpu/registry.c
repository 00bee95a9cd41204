/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * registry.c: loading the property registry from data/cpu_map.
 */
#include "registry-priv.h"

#include "config.h"
#include "util/enum.h"
#include "util/util.h"
#include "util/xml.h"
#include "value-priv.h"

#include <string.h>
#include <unistd.h>

ARMCPU_DEFINE_QUARK("armcpu-registry-error-quark", armcpu_registry_error)

/* The registry files are ours, but still read with a bound. */
#define REGISTRY_MAX_FILE (4 * 1024 * 1024)

ARMCPU_ENUM_IMPL(
    armcpu_kvm_writable, ArmcpuKvmWritable,
    ARMCPU_KVM_WRITABLE_LAST, [ARMCPU_KVM_WRITABLE_YES] = "yes", [ARMCPU_KVM_WRITABLE_NO] = "no",
    [ARMCPU_KVM_WRITABLE_INIT] = "init", [ARMCPU_KVM_WRITABLE_SVE] = "sve")

static void
field_clear(ArmcpuField *f)
{
    g_free(f->reg);
    g_free(f->name);
    g_free(f->sysreg);
}

static void
prop_value_free(gpointer p)
{
    ArmcpuPropValue *v = p;

    g_free(v->name);
    g_free(v);
}

void
armcpu_prop_free(ArmcpuProp *p)
{
    if (!p)
        return;
    g_free(p->name);
    g_free(p->derive);
    g_free(p->description);
    field_clear(&p->field);
    field_clear(&p->frac);
    g_ptr_array_unref(p->values);
    g_free(p);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ArmcpuProp, armcpu_prop_free)

static ArmcpuProp *
prop_new(void)
{
    ArmcpuProp *p = g_new0(ArmcpuProp, 1);

    p->values = g_ptr_array_new_with_free_func(prop_value_free);
    return p;
}

/* ----- reading attributes with file:line errors ----- */

typedef struct {
    const char *file;
    GError **error;
} Loader;

static gboolean G_GNUC_PRINTF(4, 5)
    fail(Loader *ld, int line, ArmcpuRegistryError code, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error(ld->error, ARMCPU_REGISTRY_ERROR, code, "%s:%d: %s", ld->file, line, msg);
    return FALSE;
}

static gboolean
unexpected(Loader *ld, const ArmcpuXmlElem *e)
{
    return fail(ld, e->line, ARMCPU_REGISTRY_ERROR_SHAPE, "unexpected element <%s>", e->name);
}

static char *
need_token(Loader *ld, const ArmcpuXmlElem *e, const char *attr)
{
    g_autofree char *v = armcpu_xml_elem_attr(e, attr);
    g_autoptr(GError) err = NULL;

    if (!v) {
        fail(ld, e->line, ARMCPU_REGISTRY_ERROR_SHAPE, "<%s> has no '%s' attribute", e->name, attr);
        return NULL;
    }
    if (!armcpu_token_check(attr, v, &err)) {
        fail(ld, e->line, ARMCPU_REGISTRY_ERROR_SHAPE, "<%s>: %s", e->name, err->message);
        return NULL;
    }
    return g_steal_pointer(&v);
}

/* Read optional u64 attribute @attr into *@out; TRUE if absent. */
static gboolean
opt_u64(Loader *ld, const ArmcpuXmlElem *e, const char *attr, guint64 *out, gboolean *present)
{
    g_autofree char *v = armcpu_xml_elem_attr(e, attr);
    g_autoptr(GError) err = NULL;

    if (present)
        *present = v != NULL;
    if (!v)
        return TRUE;
    if (!armcpu_number_parse(v, out, &err))
        return fail(ld, e->line, ARMCPU_REGISTRY_ERROR_SHAPE, "attribute '%s': %s", attr,
                    err->message);
    return TRUE;
}

static gboolean
need_enum(Loader *ld, const ArmcpuXmlElem *e, const char *attr, int (*from)(const char *),
          const char *dflt, int *out)
{
    g_autofree char *v = armcpu_xml_elem_attr(e, attr);

    if (!v && dflt)
        v = g_strdup(dflt);
    if (!v)
        return fail(ld, e->line, ARMCPU_REGISTRY_ERROR_SHAPE, "<%s> has no '%s' attribute", e->name,
                    attr);
    *out = from(v);
    if (*out < 0) {
        g_autofree char *q = armcpu_quote(v);
        return fail(ld, e->line, ARMCPU_REGISTRY_ERROR_SHAPE, "unknown %s %s", attr, q);
    }
    return TRUE;
}

static int
yes_no_from_string(const char *s)
{
    static const char *const names[] = {"no", "yes"};

    return armcpu_enum_from_string(names, 2, s);
}

static guint64
width_max(guint width)
{
    return width >= 64 ? G_MAXUINT64 : (G_GUINT64_CONSTANT(1) << width) - 1;
}

/*
 * The root <cpuMap arch='aarch64' kind=@kind>; its version goes to
 * *@version (NULL when absent).
 */
static gboolean
load_root(Loader *ld, const ArmcpuXmlElem *e, const char *kind, char **version)
{
    g_autofree char *k = armcpu_xml_elem_attr(e, "kind");
    g_autofree char *arch = armcpu_xml_elem_attr(e, "arch");

    if (!armcpu_xml_elem_is(e, "cpuMap") || g_strcmp0(k, kind) || g_strcmp0(arch, "aarch64"))
        return fail(ld, e->line, ARMCPU_REGISTRY_ERROR_SHAPE,
                    "expected <cpuMap arch='aarch64' kind='%s'>", kind);
    *version = armcpu_xml_elem_attr(e, "version");
    return TRUE;
}

/*
 * Stream @len bytes at @data, or the file @path when @data is NULL, to @sax;
 * XML errors become ARMCPU_REGISTRY_ERROR_XML, the loader's own pass through.
 */
static gboolean
read_doc(const char *path, const char *data, gsize len, const ArmcpuXmlSax *sax, gpointer user,
         GError **error)
{
    g_autofree char *file = NULL;
    g_autoptr(GError) err = NULL;

    if (!data && !armcpu_file_read_bounded(path, REGISTRY_MAX_FILE, &file, &len, &err)) {
        g_set_error(error, ARMCPU_REGISTRY_ERROR, ARMCPU_REGISTRY_ERROR_READ,
                    "cannot load the registry: %s", err->message);
        return FALSE;
    }
    if (armcpu_xml_sax_parse(data ? data : file, len, path, REGISTRY_MAX_FILE, sax, user, &err))
        return TRUE;
    if (err->domain == ARMCPU_XML_ERROR)
        g_set_error(error, ARMCPU_REGISTRY_ERROR, ARMCPU_REGISTRY_ERROR_XML, "%s", err->message);
    else
        g_propagate_error(error, g_steal_pointer(&err));
    return FALSE;
}

/* ----- arm_properties.xml: <property> with <description>, <field>, <value> ----- */

typedef struct {
    Loader ld;
    ArmcpuRegistry *reg;
    ArmcpuProp *prop; /* the open <property>, owned */
    gboolean has_min, has_max;
    guint nfields;
    int prop_line;
    GString *description; /* while inside <description> */
    int description_depth;
} PropsLoader;

static gboolean
load_field(Loader *ld, const ArmcpuXmlElem *e, ArmcpuField *f)
{
    guint64 shift = 0, width = 0;
    gboolean has_shift, has_width;
    int is_signed = 0;
    g_autofree char *name = armcpu_xml_elem_attr(e, "name");
    g_autofree char *sysreg = armcpu_xml_elem_attr(e, "sysreg");

    f->reg = need_token(ld, e, "register");
    if (!f->reg)
        return FALSE;
    if (!opt_u64(ld, e, "shift", &shift, &has_shift) ||
        !opt_u64(ld, e, "width", &width, &has_width))
        return FALSE;
    if (!has_shift || !has_width || width == 0 || width > 64 || shift > 63 || shift + width > 64)
        return fail(ld, e->line, ARMCPU_REGISTRY_ERROR_SHAPE,
                    "field needs shift and width within 64 bits");
    if (!need_enum(ld, e, "signed", yes_no_from_string, "no", &is_signed))
        return FALSE;
    if ((name && !armcpu_token_check("field name", name, NULL)) ||
        (sysreg && !armcpu_token_check("sysreg", sysreg, NULL)))
        return fail(ld, e->line, ARMCPU_REGISTRY_ERROR_SHAPE,
                    "field names must be tokens of at most %d bytes", ARMCPU_TOKEN_MAX);
    f->name = g_steal_pointer(&name);
    f->sysreg = g_steal_pointer(&sysreg);
    f->shift = (guint)shift;
    f->width = (guint)width;
    f->is_signed = is_signed == 1;
    return TRUE;
}

static gboolean
load_prop_field(PropsLoader *pl, const ArmcpuXmlElem *e)
{
    ArmcpuProp *p = pl->prop;
    g_autofree char *role = armcpu_xml_elem_attr(e, "role");
    gboolean is_frac = g_strcmp0(role, "frac") == 0;
    ArmcpuField *f = is_frac ? &p->frac : &p->field;

    if ((p->kind == ARMCPU_KIND_FRACTIONAL) != (role != NULL) || f->reg)
        return fail(&pl->ld, e->line, ARMCPU_REGISTRY_ERROR_SHAPE,
                    "'%s' needs one field (fractional: one base and one frac)", p->name);
    if (!load_field(&pl->ld, e, f))
        return FALSE;
    pl->nfields++;
    return TRUE;
}

static gboolean
load_value(Loader *ld, ArmcpuProp *p, const ArmcpuXmlElem *e)
{
    g_autofree char *name = need_token(ld, e, "name");
    guint64 raw = 0, frac = 0;
    gboolean has_raw, has_frac;

    if (!name || !opt_u64(ld, e, "raw", &raw, &has_raw) ||
        !opt_u64(ld, e, "frac", &frac, &has_frac))
        return FALSE;
    if (!has_raw)
        return fail(ld, e->line, ARMCPU_REGISTRY_ERROR_SHAPE, "<value> has no 'raw' attribute");
    if (has_frac != (p->kind == ARMCPU_KIND_FRACTIONAL))
        return fail(ld, e->line, ARMCPU_REGISTRY_ERROR_SHAPE,
                    "'frac' is required on, and only on, fractional values");
    if (raw > width_max(p->field.width) || (has_frac && frac > width_max(p->frac.width)))
        return fail(ld, e->line, ARMCPU_REGISTRY_ERROR_VALUE,
                    "value '%s' of '%s' does not fit its field", name, p->name);
    for (guint i = 0; i < p->values->len; i++) {
        const ArmcpuPropValue *v = g_ptr_array_index(p->values, i);
        if (strcmp(v->name, name) == 0)
            return fail(ld, e->line, ARMCPU_REGISTRY_ERROR_DUPLICATE,
                        "value '%s' of '%s' is defined twice", name, p->name);
    }
    if (p->kind == ARMCPU_KIND_FRACTIONAL && !armcpu_fraction_parse(name, NULL, NULL, NULL))
        return fail(ld, e->line, ARMCPU_REGISTRY_ERROR_VALUE,
                    "'%s' of '%s' is not a fractional value", name, p->name);
    ArmcpuPropValue *v = g_new0(ArmcpuPropValue, 1);
    v->name = g_steal_pointer(&name);
    v->raw.raw = raw;
    v->raw.frac = frac;
    g_ptr_array_add(p->values, v);
    return TRUE;
}

static gboolean
finish_prop(Loader *ld, ArmcpuProp *p, int line, gboolean has_min, gboolean has_max)
{
    guint64 fmax = p->has_field ? width_max(p->field.width) : G_MAXUINT64;

    if (p->kind == ARMCPU_KIND_BOOL)
        fmax = 1;
    if (!has_max)
        p->max = fmax;
    if (!has_min)
        p->min = 0;
    if (p->min > p->max || p->max > fmax)
        return fail(ld, line, ARMCPU_REGISTRY_ERROR_VALUE, "'%s': bad min/max", p->name);
    if (p->safe > fmax || (p->has_lowest && p->lowest > fmax))
        return fail(ld, line, ARMCPU_REGISTRY_ERROR_VALUE,
                    "'%s': safe or lowest value does not fit", p->name);
    if (p->has_lowest && !armcpu_policy_is_ordered(p->policy))
        return fail(ld, line, ARMCPU_REGISTRY_ERROR_SHAPE, "'%s': 'lowest' needs an ordered policy",
                    p->name);
    if (p->values->len > 0 && p->kind == ARMCPU_KIND_BOOL)
        return fail(ld, line, ARMCPU_REGISTRY_ERROR_SHAPE, "bool '%s' takes no value table",
                    p->name);
    if (p->dialect == ARMCPU_DIALECT_SYSREG &&
        (p->kind != ARMCPU_KIND_NUMBER || !p->has_field || g_strcmp0(p->field.sysreg, p->name)))
        return fail(ld, line, ARMCPU_REGISTRY_ERROR_SHAPE,
                    "SYSREG property '%s' must be a number with its own field", p->name);
    if (p->dialect == ARMCPU_DIALECT_QEMU && p->has_field)
        return fail(ld, line, ARMCPU_REGISTRY_ERROR_SHAPE,
                    "QEMU property '%s' has no ID-register field", p->name);
    if (p->kind == ARMCPU_KIND_STRING)
        return fail(ld, line, ARMCPU_REGISTRY_ERROR_SHAPE,
                    "'%s': kind 'string' is for host-only properties", p->name);
    return TRUE;
}

/* <property ...>: its attributes; the children follow as their own events. */
static gboolean
start_prop(PropsLoader *pl, const ArmcpuXmlElem *e)
{
    Loader *ld = &pl->ld;
    g_autoptr(ArmcpuProp) p = prop_new();
    int kind = 0, policy = 0, kvm = 0, dialect = 0;
    gboolean has_safe;

    p->line = e->line;
    p->name = need_token(ld, e, "name");
    if (!p->name)
        return FALSE;
    if (!need_enum(ld, e, "kind", armcpu_kind_from_string, NULL, &kind) ||
        !need_enum(ld, e, "policy", armcpu_policy_from_string, NULL, &policy) ||
        !need_enum(ld, e, "kvm", armcpu_kvm_writable_from_string, NULL, &kvm) ||
        !need_enum(ld, e, "dialect", armcpu_dialect_from_string, "named", &dialect))
        return FALSE;
    p->kind = kind;
    p->policy = policy;
    p->kvm = kvm;
    p->dialect = dialect;
    if (!opt_u64(ld, e, "safe", &p->safe, &has_safe) ||
        !opt_u64(ld, e, "lowest", &p->lowest, &p->has_lowest) ||
        !opt_u64(ld, e, "min", &p->min, &pl->has_min) ||
        !opt_u64(ld, e, "max", &p->max, &pl->has_max))
        return FALSE;
    p->derive = armcpu_xml_elem_attr(e, "derive");
    if (p->derive && strcmp(p->derive, "sve-max-vq") != 0)
        return fail(ld, e->line, ARMCPU_REGISTRY_ERROR_SHAPE, "unknown derivation rule '%s'",
                    p->derive);
    pl->nfields = 0;
    pl->prop = g_steal_pointer(&p);
    return TRUE;
}

static gboolean
index_name(Loader *ld, ArmcpuRegistry *reg, const char *name, ArmcpuProp *p, int line)
{
    if (g_hash_table_contains(reg->by_name, name)) {
        const ArmcpuProp *old = g_hash_table_lookup(reg->by_name, name);
        g_set_error(ld->error, ARMCPU_REGISTRY_ERROR, ARMCPU_REGISTRY_ERROR_DUPLICATE,
                    "%s:%d: property name '%s' is already defined at line %d", ld->file, line, name,
                    old->line);
        return FALSE;
    }
    g_hash_table_insert(reg->by_name, (gpointer)name, p);
    return TRUE;
}

/* </property>: the checks that need every child, then into the registry. */
static gboolean
end_prop(PropsLoader *pl)
{
    g_autoptr(ArmcpuProp) p = g_steal_pointer(&pl->prop);
    ArmcpuProp *added;

    if (p->kind == ARMCPU_KIND_FRACTIONAL && (pl->nfields != 2 || p->values->len == 0))
        return fail(&pl->ld, p->line, ARMCPU_REGISTRY_ERROR_SHAPE,
                    "fractional '%s' needs a base field, a frac field and values", p->name);
    p->has_field = pl->nfields > 0;
    if (!finish_prop(&pl->ld, p, p->line, pl->has_min, pl->has_max))
        return FALSE;
    added = g_steal_pointer(&p);
    g_ptr_array_add(pl->reg->props, added);
    return index_name(&pl->ld, pl->reg, added->name, added, added->line);
}

static gboolean
props_start(gpointer user, const ArmcpuXmlElem *e, GError **error)
{
    PropsLoader *pl = user;

    pl->ld.error = error;
    switch (e->depth) {
    case 1:
        if (!load_root(&pl->ld, e, "properties", &pl->reg->version))
            return FALSE;
        if (!pl->reg->version || !*pl->reg->version)
            return fail(&pl->ld, e->line, ARMCPU_REGISTRY_ERROR_SHAPE, "<cpuMap> has no version");
        return TRUE;
    case 2:
        return armcpu_xml_elem_is(e, "property") ? start_prop(pl, e) : unexpected(&pl->ld, e);
    case 3:
        if (armcpu_xml_elem_is(e, "description")) {
            g_string_truncate(pl->description, 0);
            pl->description_depth = e->depth;
            return TRUE;
        }
        if (armcpu_xml_elem_is(e, "field"))
            return load_prop_field(pl, e);
        if (armcpu_xml_elem_is(e, "value"))
            return load_value(&pl->ld, pl->prop, e);
        return unexpected(&pl->ld, e);
    default:
        return TRUE; /* inside <description>, <field> or <value>: not read */
    }
}

static gboolean
props_end(gpointer user, const char *name, int depth, GError **error)
{
    PropsLoader *pl = user;

    (void)name;
    pl->ld.error = error;
    if (depth == pl->description_depth) {
        g_free(pl->prop->description);
        pl->prop->description = g_strstrip(g_strdup(pl->description->str));
        pl->description_depth = 0;
    }
    return depth == 2 ? end_prop(pl) : TRUE;
}

static void
props_text(gpointer user, const char *chars, int len)
{
    PropsLoader *pl = user;

    if (pl->description_depth)
        g_string_append_len(pl->description, chars, len);
}

static gboolean
load_properties(ArmcpuRegistry *reg, const char *path, const char *data, gsize len, GError **error)
{
    static const ArmcpuXmlSax sax = {props_start, props_end, props_text};
    PropsLoader pl = {.ld = {path, error}, .reg = reg, .description = g_string_new(NULL)};
    gboolean ok = read_doc(path, data, len, &sax, &pl, error);

    armcpu_prop_free(pl.prop);
    g_string_free(pl.description, TRUE);
    return ok && armcpu_registry_add_aliases(reg, path, error);
}

/* ----- arm_models.xml: <model name parent> with <set name value> ----- */

void
armcpu_model_free(ArmcpuModel *m)
{
    if (!m)
        return;
    g_free(m->name);
    g_free(m->parent_name);
    g_ptr_array_unref(m->own);
    if (m->effective)
        g_ptr_array_unref(m->effective);
    if (m->index)
        g_hash_table_unref(m->index);
    g_free(m);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ArmcpuModel, armcpu_model_free)

static void
setting_free(gpointer p)
{
    ArmcpuModelSetting *s = p;

    g_free((char *)s->name);
    g_free((char *)s->value);
    g_free(s);
}

typedef struct {
    Loader ld;
    ArmcpuRegistry *reg;
    char *version;
    ArmcpuModel *model; /* the open <model>, owned */
} ModelsLoader;

static gboolean
start_model(ModelsLoader *ml, const ArmcpuXmlElem *e)
{
    g_autoptr(ArmcpuModel) m = g_new0(ArmcpuModel, 1);

    m->own = g_ptr_array_new_with_free_func(setting_free);
    m->line = e->line;
    m->name = need_token(&ml->ld, e, "name");
    if (!m->name)
        return FALSE;
    m->parent_name = armcpu_xml_elem_attr(e, "parent");
    ml->model = g_steal_pointer(&m);
    return TRUE;
}

static gboolean
load_setting(ModelsLoader *ml, const ArmcpuXmlElem *e)
{
    ArmcpuModel *m = ml->model;
    ArmcpuModelSetting *s;

    if (!armcpu_xml_elem_is(e, "set"))
        return unexpected(&ml->ld, e);
    s = g_new0(ArmcpuModelSetting, 1);
    g_ptr_array_add(m->own, s);
    s->model = m;
    s->name = need_token(&ml->ld, e, "name");
    s->value = s->name ? need_token(&ml->ld, e, "value") : NULL;
    if (!s->value)
        return FALSE;
    for (guint i = 0; i + 1 < m->own->len; i++) {
        const ArmcpuModelSetting *o = g_ptr_array_index(m->own, i);
        if (strcmp(o->name, s->name) == 0)
            return fail(&ml->ld, e->line, ARMCPU_REGISTRY_ERROR_DUPLICATE,
                        "model '%s' sets '%s' twice", m->name, s->name);
    }
    return TRUE;
}

static gboolean
end_model(ModelsLoader *ml)
{
    ArmcpuModel *m = g_steal_pointer(&ml->model);

    g_ptr_array_add(ml->reg->models, m);
    if (!g_hash_table_insert(ml->reg->model_by_name, m->name, m))
        return fail(&ml->ld, m->line, ARMCPU_REGISTRY_ERROR_DUPLICATE,
                    "model '%s' is defined twice", m->name);
    return TRUE;
}

static gboolean
models_start(gpointer user, const ArmcpuXmlElem *e, GError **error)
{
    ModelsLoader *ml = user;

    ml->ld.error = error;
    switch (e->depth) {
    case 1:
        return load_root(&ml->ld, e, "models", &ml->version);
    case 2:
        return armcpu_xml_elem_is(e, "model") ? start_model(ml, e) : unexpected(&ml->ld, e);
    case 3:
        return load_setting(ml, e);
    default:
        return TRUE; /* inside <set>: not read */
    }
}

static gboolean
models_end(gpointer user, const char *name, int depth, GError **error)
{
    ModelsLoader *ml = user;

    (void)name;
    ml->ld.error = error;
    return depth == 2 ? end_model(ml) : TRUE;
}

static gboolean
load_models(ArmcpuRegistry *reg, const char *path, const char *data, gsize len, GError **error)
{
    static const ArmcpuXmlSax sax = {models_start, models_end, NULL};
    ModelsLoader ml = {.ld = {path, error}, .reg = reg};
    gboolean ok = read_doc(path, data, len, &sax, &ml, error);

    armcpu_model_free(ml.model);
    g_free(ml.version);
    return ok && armcpu_registry_resolve_models(reg, path, error);
}

static ArmcpuRegistry *
registry_new(void)
{
    ArmcpuRegistry *reg = g_new0(ArmcpuRegistry, 1);

    reg->refcount = 1;
    reg->props = g_ptr_array_new_with_free_func((GDestroyNotify)armcpu_prop_free);
    reg->aliases = g_ptr_array_new_with_free_func((GDestroyNotify)armcpu_prop_free);
    reg->by_name = g_hash_table_new(g_str_hash, g_str_equal);
    reg->models = g_ptr_array_new_with_free_func((GDestroyNotify)armcpu_model_free);
    reg->model_by_name = g_hash_table_new(g_str_hash, g_str_equal);
    return reg;
}

ArmcpuRegistry *
armcpu_registry_load(const char *dir, GError **error)
{
    g_autoptr(ArmcpuRegistry) reg = registry_new();
    g_autofree char *props = g_build_filename(dir, "arm_properties.xml", NULL);
    g_autofree char *models = g_build_filename(dir, "arm_models.xml", NULL);

    if (!load_properties(reg, props, NULL, 0, error) || !load_models(reg, models, NULL, 0, error))
        return NULL;
    return g_steal_pointer(&reg);
}

ArmcpuRegistry *
armcpu_registry_load_data(const char *props, gsize props_len, const char *models, gsize models_len,
                          GError **error)
{
    g_autoptr(ArmcpuRegistry) reg = registry_new();

    if (!load_properties(reg, "arm_properties.xml", props, props_len, error) ||
        !load_models(reg, "arm_models.xml", models, models_len, error))
        return NULL;
    return g_steal_pointer(&reg);
}

ArmcpuRegistry *
armcpu_registry_ref(ArmcpuRegistry *reg)
{
    g_atomic_int_inc(&reg->refcount);
    return reg;
}

void
armcpu_registry_unref(ArmcpuRegistry *reg)
{
    if (!reg || !g_atomic_int_dec_and_test(&reg->refcount))
        return;
    g_hash_table_unref(reg->model_by_name);
    g_ptr_array_unref(reg->models);
    g_hash_table_unref(reg->by_name);
    g_ptr_array_unref(reg->aliases);
    g_ptr_array_unref(reg->props);
    g_free(reg->version);
    g_free(reg);
}

/* TRUE when this process's executable lives in the build tree. */
static gboolean
running_from_build_tree(void)
{
    g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
    const char *root = ARMCPU_BUILD_ROOT "/";

    return exe && g_str_has_prefix(exe, root);
}

const char *
armcpu_data_dir(void)
{
    static gsize once;
    static char *dir;

    if (g_once_init_enter(&once)) {
        const char *env = g_getenv("ARMCPU_DATA_DIR");
        char *d;
        if (env && *env)
            d = g_strdup(env);
        else if (running_from_build_tree())
            d = g_strdup(ARMCPU_SOURCE_ROOT "/data");
        else
            d = g_strdup(ARMCPU_INSTALL_DATADIR);
        dir = d;
        g_once_init_leave(&once, 1);
    }
    return dir;
}

ArmcpuRegistry *
armcpu_registry_load_default(GError **error)
{
    static GMutex lock;
    static ArmcpuRegistry *shared;
    G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&lock);

    if (!shared) {
        g_autofree char *dir = g_build_filename(armcpu_data_dir(), "cpu_map", NULL);
        shared = armcpu_registry_load(dir, error);
        if (!shared)
            return NULL;
    }
    return armcpu_registry_ref(shared);
}

const char *
armcpu_registry_version(const ArmcpuRegistry *reg)
{
    return reg->version;
}

const ArmcpuProp *
armcpu_registry_lookup(const ArmcpuRegistry *reg, const char *name)
{
    return name ? g_hash_table_lookup(reg->by_name, name) : NULL;
}

guint
armcpu_registry_n_props(const ArmcpuRegistry *reg)
{
    return reg->props->len;
}

const ArmcpuProp *
armcpu_registry_prop(const ArmcpuRegistry *reg, guint i)
{
    g_return_val_if_fail(i < reg->props->len, NULL);
    return g_ptr_array_index(reg->props, i);
}

guint
armcpu_registry_n_models(const ArmcpuRegistry *reg)
{
    return reg->models->len;
}

const ArmcpuModel *
armcpu_registry_model(const ArmcpuRegistry *reg, guint i)
{
    g_return_val_if_fail(i < reg->models->len, NULL);
    return g_ptr_array_index(reg->models, i);
}

const ArmcpuModel *
armcpu_registry_find_model(const ArmcpuRegistry *reg, const char *name)
{
    return name ? g_hash_table_lookup(reg->model_by_name, name) : NULL;
}
