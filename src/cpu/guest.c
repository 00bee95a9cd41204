/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * guest.c: the guest CPU definition and its string tables.
 */
#include "guest-priv.h"

#include "util/enum.h"

#include <armcpu/value.h>
#include <string.h>
#include "util/util.h"

ARMCPU_DEFINE_QUARK("armcpu-guest-error-quark", armcpu_guest_error)

ARMCPU_ENUM_IMPL(armcpu_cpu_mode, ArmcpuCpuMode,
                 ARMCPU_CPU_MODE_LAST, [ARMCPU_CPU_MODE_HOST_PASSTHROUGH] = "host-passthrough",
                 [ARMCPU_CPU_MODE_MAXIMUM] = "maximum", [ARMCPU_CPU_MODE_CUSTOM] = "custom")

ARMCPU_ENUM_TO_STRING_IMPL(
    armcpu_cpu_check, ArmcpuCpuCheck,
    ARMCPU_CPU_CHECK_LAST, [ARMCPU_CPU_CHECK_DEFAULT] = "default", [ARMCPU_CPU_CHECK_NONE] = "none",
    [ARMCPU_CPU_CHECK_PARTIAL] = "partial", [ARMCPU_CPU_CHECK_FULL] = "full")

/* "default" is how an absent check reads, not a value a document may give. */
int
armcpu_cpu_check_from_string(const char *s)
{
    int c = armcpu_enum_from_string(armcpu_cpu_check_names, ARMCPU_CPU_CHECK_LAST, s);

    return c == ARMCPU_CPU_CHECK_DEFAULT ? -1 : c;
}

ARMCPU_ENUM_IMPL(armcpu_feature_policy, ArmcpuFeaturePolicy,
                 ARMCPU_FEATURE_LAST, [ARMCPU_FEATURE_REQUIRE] = "require",
                 [ARMCPU_FEATURE_FORCE] = "force", [ARMCPU_FEATURE_OPTIONAL] = "optional",
                 [ARMCPU_FEATURE_DISABLE] = "disable", [ARMCPU_FEATURE_FORBID] = "forbid")

static void
feature_free(gpointer p)
{
    ArmcpuGuestFeature *f = p;

    g_free(f->name);
    g_free(f->value);
    g_free(f);
}

ArmcpuGuestCpu *
armcpu_guest_cpu_new(ArmcpuCpuMode mode)
{
    ArmcpuGuestCpu *cpu = g_new0(ArmcpuGuestCpu, 1);

    g_assert((unsigned)mode < ARMCPU_CPU_MODE_LAST);
    cpu->mode = mode;
    cpu->accel = ARMCPU_ACCEL_LAST;
    cpu->features = g_ptr_array_new_with_free_func(feature_free);
    cpu->by_name = g_hash_table_new(g_str_hash, g_str_equal);
    cpu->passthrough = g_ptr_array_new_with_free_func(g_free);
    return cpu;
}

void
armcpu_guest_cpu_free(ArmcpuGuestCpu *cpu)
{
    if (!cpu)
        return;
    g_hash_table_unref(cpu->by_name);
    g_ptr_array_unref(cpu->features);
    g_ptr_array_unref(cpu->passthrough);
    g_free(cpu->match);
    g_free(cpu->model);
    g_free(cpu->model_fallback);
    g_free(cpu);
}

ArmcpuCpuMode
armcpu_guest_cpu_mode(const ArmcpuGuestCpu *cpu)
{
    return cpu->mode;
}

ArmcpuCpuCheck
armcpu_guest_cpu_check(const ArmcpuGuestCpu *cpu)
{
    return cpu->check;
}

const char *
armcpu_guest_cpu_model(const ArmcpuGuestCpu *cpu)
{
    return cpu->model;
}

void
armcpu_guest_cpu_set_model(ArmcpuGuestCpu *cpu, const char *model)
{
    g_free(cpu->model);
    cpu->model = g_strdup(model);
}

ArmcpuAccel
armcpu_guest_cpu_accel(const ArmcpuGuestCpu *cpu)
{
    return cpu->accel;
}

guint
armcpu_guest_cpu_n_features(const ArmcpuGuestCpu *cpu)
{
    return cpu->features->len;
}

const ArmcpuGuestFeature *
armcpu_guest_cpu_feature(const ArmcpuGuestCpu *cpu, guint i)
{
    g_return_val_if_fail(i < cpu->features->len, NULL);
    return g_ptr_array_index(cpu->features, i);
}

const ArmcpuGuestFeature *
armcpu_guest_cpu_find(const ArmcpuGuestCpu *cpu, const char *name)
{
    return g_hash_table_lookup(cpu->by_name, name);
}

gboolean
armcpu_guest_feature_check_tokens(ArmcpuReport *report, int line, const char *name,
                                  const char *value)
{
    g_autoptr(GError) err = NULL;
    gboolean ok = TRUE;

    if (!armcpu_token_check("name", name, &err)) {
        armcpu_report_add(report, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_NAME, line, name, value,
                          "[A-Za-z0-9_.-]{1,64}", NULL, "feature %s", err->message);
        ok = FALSE;
        g_clear_error(&err);
    }
    if (value && !armcpu_token_check("value", value, &err)) {
        armcpu_report_add(report, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_VALUE_SYNTAX, line, name,
                          value, "[A-Za-z0-9_.-]{1,64}", NULL, "%s: %s", ok ? name : "<feature>",
                          err->message);
        ok = FALSE;
    }
    return ok;
}

/* Give @f its policy and value; as the parser does, a name or value outside
 * the token grammar is flagged so it never reaches -cpu. */
static void
feature_assign(ArmcpuGuestFeature *f, ArmcpuFeaturePolicy policy, const char *value)
{
    g_free(f->value);
    f->policy = policy;
    f->value = g_strdup(value);
    f->line = 0;
    f->invalid = !armcpu_token_check("name", f->name, NULL) ||
                 (value && !armcpu_token_check("value", value, NULL));
}

void
armcpu_guest_cpu_add_feature(ArmcpuGuestCpu *cpu, ArmcpuFeaturePolicy policy, const char *name,
                             const char *value)
{
    ArmcpuGuestFeature *f = g_new0(ArmcpuGuestFeature, 1);

    g_return_if_fail(policy < ARMCPU_FEATURE_LAST && name);
    f->name = g_strdup(name);
    feature_assign(f, policy, value);
    g_ptr_array_add(cpu->features, f);
    if (!g_hash_table_contains(cpu->by_name, f->name))
        g_hash_table_insert(cpu->by_name, f->name, f);
}

void
armcpu_guest_cpu_set_feature(ArmcpuGuestCpu *cpu, ArmcpuFeaturePolicy policy, const char *name,
                             const char *value)
{
    ArmcpuGuestFeature *f;

    g_return_if_fail(policy < ARMCPU_FEATURE_LAST && name);
    f = g_hash_table_lookup(cpu->by_name, name);
    if (f)
        feature_assign(f, policy, value);
    else
        armcpu_guest_cpu_add_feature(cpu, policy, name, value);
}
