/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * model.c: named CPU models and the SYSREG alias entries of the registry.
 */
#include "registry-priv.h"

#include <string.h>

/* Walk @m's ancestors; FALSE when the chain loops or a parent is unknown. */
static gboolean
link_parent(ArmcpuRegistry *reg, ArmcpuModel *m, const char *file, GError **error)
{
    guint depth = 0;

    if (!m->parent_name)
        return TRUE;
    m->parent = g_hash_table_lookup(reg->model_by_name, m->parent_name);
    if (!m->parent) {
        g_set_error(error, ARMCPU_REGISTRY_ERROR, ARMCPU_REGISTRY_ERROR_MODEL,
                    "%s:%d: model '%s' has an unknown parent '%s'", file, m->line, m->name,
                    m->parent_name);
        return FALSE;
    }
    for (const ArmcpuModel *a = m->parent; a; a = a->parent) {
        if (a == m || ++depth > reg->models->len) {
            g_set_error(error, ARMCPU_REGISTRY_ERROR, ARMCPU_REGISTRY_ERROR_MODEL,
                        "%s:%d: model '%s' is its own ancestor", file, m->line, m->name);
            return FALSE;
        }
        if (a->parent_name && !a->parent)
            break; /* not linked yet; the loop check runs again for it */
    }
    return TRUE;
}

/* Build @m's effective settings from its ancestors' (already built). */
static void
build_effective(ArmcpuModel *m)
{
    if (m->effective)
        return;
    if (m->parent)
        build_effective((ArmcpuModel *)m->parent);
    m->effective = g_ptr_array_new();
    m->index = g_hash_table_new(g_str_hash, g_str_equal);
    if (m->parent) {
        for (guint i = 0; i < m->parent->effective->len; i++) {
            ArmcpuModelSetting *s = g_ptr_array_index(m->parent->effective, i);
            g_ptr_array_add(m->effective, s);
            g_hash_table_insert(m->index, (gpointer)s->name, GUINT_TO_POINTER(i + 1));
        }
    }
    for (guint i = 0; i < m->own->len; i++) {
        ArmcpuModelSetting *s = g_ptr_array_index(m->own, i);
        guint pos = GPOINTER_TO_UINT(g_hash_table_lookup(m->index, s->name));
        if (pos) {
            m->effective->pdata[pos - 1] = s;
        } else {
            g_ptr_array_add(m->effective, s);
            g_hash_table_insert(m->index, (gpointer)s->name, GUINT_TO_POINTER(m->effective->len));
        }
    }
}

static gboolean
check_settings(ArmcpuRegistry *reg, const ArmcpuModel *m, const char *file, GError **error)
{
    for (guint i = 0; i < m->own->len; i++) {
        const ArmcpuModelSetting *s = g_ptr_array_index(m->own, i);
        const ArmcpuProp *p = armcpu_registry_lookup(reg, s->name);
        g_autoptr(GError) err = NULL;
        if (!p) {
            g_set_error(error, ARMCPU_REGISTRY_ERROR, ARMCPU_REGISTRY_ERROR_MODEL,
                        "%s:%d: model '%s' sets unknown property '%s'", file, m->line, m->name,
                        s->name);
            return FALSE;
        }
        if (!armcpu_prop_check_value(p, s->value, &err)) {
            g_set_error(error, ARMCPU_REGISTRY_ERROR, ARMCPU_REGISTRY_ERROR_VALUE,
                        "%s:%d: model '%s': %s: %s", file, m->line, m->name, s->name, err->message);
            return FALSE;
        }
    }
    return TRUE;
}

gboolean
armcpu_registry_resolve_models(ArmcpuRegistry *reg, const char *file, GError **error)
{
    for (guint i = 0; i < reg->models->len; i++) {
        if (!link_parent(reg, g_ptr_array_index(reg->models, i), file, error))
            return FALSE;
    }
    for (guint i = 0; i < reg->models->len; i++) {
        ArmcpuModel *m = g_ptr_array_index(reg->models, i);
        if (!check_settings(reg, m, file, error))
            return FALSE;
        build_effective(m);
    }
    return TRUE;
}

const char *
armcpu_model_name(const ArmcpuModel *m)
{
    return m->name;
}

const ArmcpuModel *
armcpu_model_parent(const ArmcpuModel *m)
{
    return m->parent;
}

const GPtrArray *
armcpu_model_settings(const ArmcpuModel *m)
{
    return m->effective;
}

const char *
armcpu_model_get(const ArmcpuModel *m, const char *name)
{
    guint pos = GPOINTER_TO_UINT(g_hash_table_lookup(m->index, name));
    const ArmcpuModelSetting *s;

    if (!pos)
        return NULL;
    s = g_ptr_array_index(m->effective, pos - 1);
    return s->value;
}

/* ----- SYSREG aliases ----- */

static ArmcpuProp *
alias_new(const ArmcpuProp *named, const ArmcpuField *f, ArmcpuPropPart part)
{
    ArmcpuProp *a = g_new0(ArmcpuProp, 1);

    a->name = g_strdup(f->sysreg);
    a->dialect = ARMCPU_DIALECT_SYSREG;
    a->kind = ARMCPU_KIND_NUMBER;
    a->policy = part == ARMCPU_PROP_PART_WHOLE ? named->policy : ARMCPU_POLICY_LOWER;
    a->kvm = named->kvm;
    a->safe = part == ARMCPU_PROP_PART_WHOLE ? named->safe : 0;
    a->has_lowest = part == ARMCPU_PROP_PART_WHOLE && named->has_lowest;
    a->lowest = named->lowest;
    a->has_field = TRUE;
    a->field.reg = g_strdup(f->reg);
    a->field.name = g_strdup(f->name);
    a->field.shift = f->shift;
    a->field.width = f->width;
    a->field.is_signed = f->is_signed;
    a->field.sysreg = g_strdup(f->sysreg);
    a->min = part == ARMCPU_PROP_PART_WHOLE ? named->min : 0;
    a->max = f->width >= 64 ? G_MAXUINT64 : (G_GUINT64_CONSTANT(1) << f->width) - 1;
    a->values = g_ptr_array_new_with_free_func(g_free);
    a->part = part;
    a->named = named;
    a->line = named->line;
    return a;
}

static gboolean
add_alias(ArmcpuRegistry *reg, ArmcpuProp *named, const ArmcpuField *f, ArmcpuPropPart part,
          const char *file, GError **error)
{
    ArmcpuProp *a;

    if (!f->sysreg)
        return TRUE;
    if (g_hash_table_contains(reg->by_name, f->sysreg)) {
        g_set_error(error, ARMCPU_REGISTRY_ERROR, ARMCPU_REGISTRY_ERROR_DUPLICATE,
                    "%s:%d: SYSREG name '%s' of '%s' is already defined", file, named->line,
                    f->sysreg, named->name);
        return FALSE;
    }
    a = alias_new(named, f, part);
    g_ptr_array_add(reg->aliases, a);
    g_hash_table_insert(reg->by_name, a->name, a);
    if (part == ARMCPU_PROP_PART_FRAC)
        named->sysreg_frac = a;
    else
        named->sysreg = a;
    return TRUE;
}

gboolean
armcpu_registry_add_aliases(ArmcpuRegistry *reg, const char *file, GError **error)
{
    for (guint i = 0; i < reg->props->len; i++) {
        ArmcpuProp *p = g_ptr_array_index(reg->props, i);
        if (!p->has_field || p->dialect == ARMCPU_DIALECT_SYSREG)
            continue;
        if (p->kind == ARMCPU_KIND_FRACTIONAL) {
            if (!add_alias(reg, p, &p->field, ARMCPU_PROP_PART_BASE, file, error) ||
                !add_alias(reg, p, &p->frac, ARMCPU_PROP_PART_FRAC, file, error))
                return FALSE;
        } else if (!add_alias(reg, p, &p->field, ARMCPU_PROP_PART_WHOLE, file, error)) {
            return FALSE;
        }
    }
    return TRUE;
}
