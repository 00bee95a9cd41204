/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * guest-format.c: writing a guest CPU back as a <cpu> document.
 */
#include "guest-priv.h"

#include "util/xml.h"

static void
attr(GString *out, const char *name, const char *value)
{
    g_string_append_printf(out, " %s='", name);
    armcpu_xml_escape(out, value);
    g_string_append_c(out, '\'');
}

char *
armcpu_guest_cpu_format(const ArmcpuGuestCpu *cpu)
{
    g_autoptr(GString) out = g_string_new("<cpu");

    attr(out, "mode", armcpu_cpu_mode_to_string(cpu->mode));
    if (cpu->check != ARMCPU_CPU_CHECK_DEFAULT)
        attr(out, "check", armcpu_cpu_check_to_string(cpu->check));
    if (cpu->match)
        attr(out, "match", cpu->match);
    if (!cpu->model && cpu->features->len == 0 && cpu->passthrough->len == 0) {
        g_string_append(out, "/>\n");
        return g_string_free(g_steal_pointer(&out), FALSE);
    }
    g_string_append(out, ">\n");
    if (cpu->model) {
        g_string_append(out, "  <model");
        if (cpu->model_fallback)
            attr(out, "fallback", cpu->model_fallback);
        g_string_append_c(out, '>');
        armcpu_xml_escape(out, cpu->model);
        g_string_append(out, "</model>\n");
    }
    for (guint i = 0; i < cpu->passthrough->len; i++)
        g_string_append_printf(out, "  %s\n", (const char *)g_ptr_array_index(cpu->passthrough, i));
    for (guint i = 0; i < cpu->features->len; i++) {
        const ArmcpuGuestFeature *f = g_ptr_array_index(cpu->features, i);
        g_string_append(out, "  <feature");
        attr(out, "policy", armcpu_feature_policy_to_string(f->policy));
        attr(out, "name", f->name);
        if (f->value)
            attr(out, "value", f->value);
        g_string_append(out, "/>\n");
    }
    g_string_append(out, "</cpu>\n");
    return g_string_free(g_steal_pointer(&out), FALSE);
}
