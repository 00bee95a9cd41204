/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * validate.c: define-time checks of a guest CPU against the registry.
 */
#include "validate-priv.h"

#include "guest-priv.h"
#include "qemu/hostcaps-priv.h"
#include "registry-priv.h"

#include <string.h>

const char *
armcpu_feature_effective_value(const ArmcpuGuestFeature *f)
{
    if (f->value)
        return f->value;
    switch (f->policy) {
    case ARMCPU_FEATURE_REQUIRE:
    case ARMCPU_FEATURE_FORCE:
        return "on";
    case ARMCPU_FEATURE_DISABLE:
    case ARMCPU_FEATURE_FORBID:
        return "off";
    case ARMCPU_FEATURE_OPTIONAL:
    case ARMCPU_FEATURE_LAST:
        break;
    }
    return NULL;
}

#define REPORT(ctx, sev, code, f, value, expected, ...)                                            \
    armcpu_report_add((ctx)->report, (sev), (code), (f)->line, (f)->name, (value), (expected),     \
                      NULL, __VA_ARGS__)

static void
check_mode(const ArmcpuGuestCpu *cpu, const ArmcpuRegistry *reg, ArmcpuReport *report)
{
    int line = cpu->model ? cpu->model_line : cpu->line;
    g_autoptr(GError) err = NULL;

    if (cpu->mode_reported) {
        /* the parser refused the mode (or found no <cpu>): it stays refused with a fresh report */
        for (guint i = 0; i < armcpu_report_n_problems(report); i++) {
            const ArmcpuProblem *p = armcpu_report_problem(report, i);
            if (p->severity == ARMCPU_SEVERITY_ERROR &&
                (p->code == ARMCPU_PROBLEM_MODE || p->code == ARMCPU_PROBLEM_SHAPE))
                return;
        }
        armcpu_report_add(report, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_MODE, cpu->line, NULL, NULL,
                          "host-passthrough, maximum or custom", NULL,
                          "the CPU has no usable mode (refused when the document was read)");
        return;
    }
    if (cpu->model && !armcpu_token_check("model name", cpu->model, &err)) {
        /* set in memory (the parser refuses these): never reaches -cpu */
        armcpu_report_add(report, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_MODEL, line, NULL, NULL,
                          "[A-Za-z0-9_.-]{1,64}", NULL, "%s", err->message);
        return;
    }
    if (cpu->mode == ARMCPU_CPU_MODE_CUSTOM && !cpu->model) {
        armcpu_report_add(report, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_MODEL, line, NULL, NULL,
                          "a <model>", NULL,
                          "mode 'custom' needs a <model> (a QEMU CPU model or a named model "
                          "such as neoverse-v2-v1)");
        return;
    }
    if (cpu->mode != ARMCPU_CPU_MODE_CUSTOM && cpu->model) {
        armcpu_report_add(report, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_MODEL, line, NULL,
                          cpu->model, "no <model>", NULL,
                          "<model>%s</model> is only used with mode='custom'; mode '%s' takes "
                          "no model",
                          cpu->model, armcpu_cpu_mode_to_string(cpu->mode));
        return;
    }
    if (cpu->mode == ARMCPU_CPU_MODE_HOST_PASSTHROUGH && cpu->accel == ARMCPU_ACCEL_TCG)
        armcpu_report_add(report, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_MODE, cpu->line, NULL, NULL,
                          "kvm", NULL,
                          "mode 'host-passthrough' needs KVM, but the domain's type is 'qemu' "
                          "(TCG); use mode 'maximum' or <domain type='kvm'>");
    if (cpu->model && armcpu_registry_find_model(reg, cpu->model) && cpu->accel == ARMCPU_ACCEL_TCG)
        armcpu_report_add(report, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_MODEL, line, NULL,
                          cpu->model, "kvm", NULL,
                          "named model '%s' requires KVM, but the domain's type is 'qemu' (TCG)",
                          cpu->model);
}

/*
 * The field a property sets, whatever its dialect: a named property and its
 * whole SYSREG alias share their named entry; each SYSREG part of a
 * fractional pair is its own field.
 */
static const ArmcpuProp *
field_of(const ArmcpuProp *p)
{
    if (p->dialect == ARMCPU_DIALECT_SYSREG && p->named && p->part == ARMCPU_PROP_PART_WHOLE)
        return p->named;
    return p;
}

/*
 * The same ID-register field named twice through two dialects (feat_AES and
 * SYSREG_ID_AA64ISAR0_EL1_AES, or feat_RAS and one of its SYSREG parts).
 * Only possible when the guest uses a SYSREG name, so only checked then.
 */
static gboolean
check_same_field(ValidateCtx *ctx, const ArmcpuGuestFeature *f, const ArmcpuProp *p)
{
    const ArmcpuProp *key = field_of(p);
    const ArmcpuGuestFeature *other = g_hash_table_lookup(ctx->fields, key);

    if (!other && p->kind == ARMCPU_KIND_FRACTIONAL) {
        if (p->sysreg)
            other = g_hash_table_lookup(ctx->fields, p->sysreg);
        if (!other && p->sysreg_frac)
            other = g_hash_table_lookup(ctx->fields, p->sysreg_frac);
    } else if (!other && p->dialect == ARMCPU_DIALECT_SYSREG && p->named &&
               p->part != ARMCPU_PROP_PART_WHOLE) {
        other = g_hash_table_lookup(ctx->fields, p->named);
    }
    if (other && strcmp(other->name, f->name) != 0) {
        REPORT(ctx, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_DUPLICATE, f, f->value, NULL,
               "%s sets the same ID-register field as %s (line %d); give it once", f->name,
               other->name, other->line);
        return FALSE;
    }
    g_hash_table_insert(ctx->fields, (gpointer)key, (gpointer)f);
    return TRUE;
}

static void
report_unknown(ValidateCtx *ctx, const ArmcpuGuestFeature *f)
{
    const char *hint = armcpu_registry_suggest(ctx->reg, f->name);
    g_autofree char *dym = hint ? g_strdup_printf("; did you mean '%s'?", hint) : g_strdup("");

    if (f->policy == ARMCPU_FEATURE_FORCE) {
        REPORT(ctx, ARMCPU_SEVERITY_WARNING, ARMCPU_PROBLEM_FORCED, f, f->value, NULL,
               "%s is not a property armcpu knows; forced through unchecked%s", f->name, dym);
    } else if (f->policy == ARMCPU_FEATURE_OPTIONAL) {
        REPORT(ctx, ARMCPU_SEVERITY_NOTICE, ARMCPU_PROBLEM_UNCHECKED, f, f->value, NULL,
               "%s is not a property armcpu knows; optional, so it is %s%s", f->name,
               f->value ? "emitted unchecked" : "left out", dym);
    } else {
        REPORT(ctx, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_UNKNOWN_PROPERTY, f, f->value, hint,
               "%s is not a property of any dialect armcpu knows%s%s", f->name, dym,
               ctx->host ? " (and this host's QEMU does not list it)" : "");
    }
}

/* The value is well-formed for the property's type, then in its table. */
static void
check_value(ValidateCtx *ctx, const ArmcpuGuestFeature *f, const ArmcpuProp *p, const char *v)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuValueSet) all = NULL;
    g_autofree char *expected = NULL;
    gboolean norm;

    if (armcpu_prop_check_value(p, v, &err))
        return;
    /* well-formed for the kind, but outside the table or the field's range? */
    norm = g_error_matches(err, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_NOT_IN_TABLE) ||
           g_error_matches(err, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_OUT_OF_RANGE);
    all = armcpu_prop_all_values(p);
    expected = armcpu_value_set_format(all);
    if (!f->value) {
        REPORT(ctx, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_NEEDS_VALUE, f, NULL, expected,
               "%s: policy '%s' without a value means %s=%s, but '%s' is not a value of it; "
               "give value= one of: %s",
               f->name, armcpu_feature_policy_to_string(f->policy), f->name, v, v, expected);
    } else if (!norm) {
        REPORT(ctx, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_VALUE_TYPE, f, v, expected,
               "%s: %s (a %s property)", f->name, err->message, armcpu_kind_to_string(p->kind));
    } else if (f->policy == ARMCPU_FEATURE_FORCE) {
        REPORT(ctx, ARMCPU_SEVERITY_WARNING, ARMCPU_PROBLEM_FORCED, f, v, expected,
               "%s: %s; forced through", f->name, err->message);
    } else
        REPORT(ctx, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_VALUE_TABLE, f, v, expected, "%s: %s",
               f->name, err->message);
}

static void
check_feature(ValidateCtx *ctx, const ArmcpuGuestFeature *f, const ArmcpuProp *p)
{
    const char *v = armcpu_feature_effective_value(f);

    if (f->invalid)
        return;
    if (f->value && (f->policy == ARMCPU_FEATURE_DISABLE || f->policy == ARMCPU_FEATURE_FORBID)) {
        REPORT(ctx, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_POLICY_VALUE, f, f->value,
               "require or force",
               "%s: policy '%s' takes no value: a value is a positive "
               "statement; use policy='require' value='%s', or drop the value",
               f->name, armcpu_feature_policy_to_string(f->policy), f->value);
        return;
    }
    if (!p) {
        if (!ctx->host || !g_hash_table_contains(ctx->host->prop_index, f->name))
            report_unknown(ctx, f);
        return;
    }
    if ((ctx->cross_dialect && !check_same_field(ctx, f, p)) || !v)
        return;
    check_value(ctx, f, p, v);
    if (f->policy == ARMCPU_FEATURE_OPTIONAL && f->value && !ctx->host)
        REPORT(ctx, ARMCPU_SEVERITY_NOTICE, ARMCPU_PROBLEM_UNCHECKED, f, f->value, NULL,
               "%s=%s is optional and there is no host to ask: emitted unchecked", f->name,
               f->value);
}

gboolean
armcpu_validate_define(const ArmcpuGuestCpu *cpu, const ArmcpuRegistry *reg,
                       const ArmcpuAccelCaps *host, ArmcpuReport *report,
                       const ArmcpuProp *const *props)
{
    g_autoptr(GHashTable) fields = NULL;
    ValidateCtx ctx = {reg, host, report, NULL, FALSE};
    guint before = armcpu_report_count(report, ARMCPU_SEVERITY_ERROR);

    check_mode(cpu, reg, report);
    for (guint i = 0; i < cpu->features->len; i++)
        ctx.cross_dialect |= props[i] && props[i]->dialect == ARMCPU_DIALECT_SYSREG;
    if (ctx.cross_dialect)
        ctx.fields = fields = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint i = 0; i < cpu->features->len; i++)
        check_feature(&ctx, g_ptr_array_index(cpu->features, i), props[i]);
    return armcpu_report_count(report, ARMCPU_SEVERITY_ERROR) == before;
}
