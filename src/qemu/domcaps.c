/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * domcaps.c: libvirt-shaped <domainCapabilities>, extended with each CPU
 * property's supported values.
 */
#include <armcpu/domcaps.h>
#include <armcpu/models.h>

#include "hostcaps-priv.h"
#include "util/xml.h"

#include <json-c/json.h>
#include <string.h>

static const char *
libvirt_domain(ArmcpuAccel accel)
{
    return accel == ARMCPU_ACCEL_KVM ? "kvm" : "qemu";
}

static const char *
source_name(ArmcpuSupportSource s)
{
    return s == ARMCPU_SUPPORT_DERIVED ? "derived" : "qemu";
}

static void
xml_text_element(GString *out, const char *indent, const char *name, const char *text)
{
    g_string_append_printf(out, "%s<%s>", indent, name);
    armcpu_xml_escape(out, text);
    g_string_append_printf(out, "</%s>\n", name);
}

static void
xml_properties(GString *out, const ArmcpuAccelCaps *acc)
{
    g_string_append(out, "      <properties>\n");
    for (guint i = 0; i < acc->props->len; i++) {
        const ArmcpuPropInfo *pi = g_ptr_array_index(acc->props, i);
        g_string_append(out, "        <property name='");
        armcpu_xml_escape(out, pi->name);
        g_string_append(out, "' type='");
        armcpu_xml_escape(out, pi->type);
        g_string_append_printf(out, "' kind='%s' source='%s'", armcpu_kind_to_string(pi->kind),
                               source_name(pi->source));
        if (pi->host_value) {
            g_string_append(out, " hostValue='");
            armcpu_xml_escape(out, pi->host_value);
            g_string_append_c(out, '\'');
        }
        g_string_append(out, ">\n");
        for (guint j = 0; j < armcpu_value_set_size(pi->supported); j++) {
            const ArmcpuValueItem *it = armcpu_value_set_item(pi->supported, j);
            if (it->is_range)
                g_string_append_printf(out,
                                       "          <range min='%" G_GUINT64_FORMAT
                                       "' max='%" G_GUINT64_FORMAT "'/>\n",
                                       it->min, it->max);
            else
                xml_text_element(out, "          ", "value", it->text);
        }
        g_string_append(out, "        </property>\n");
    }
    g_string_append(out, "      </properties>\n");
}

static void
xml_blockers(GString *out, const char *model, const char *const *blockers)
{
    if (!blockers || !blockers[0])
        return;
    g_string_append(out, "      <blockers model='");
    armcpu_xml_escape(out, model);
    g_string_append(out, "'>\n");
    for (guint j = 0; blockers[j]; j++) {
        g_string_append(out, "        <feature name='");
        armcpu_xml_escape(out, blockers[j]);
        g_string_append(out, "'/>\n");
    }
    g_string_append(out, "      </blockers>\n");
}

/*
 * libvirt's custom mode: every <model> first (QEMU's own models in QEMU's
 * order, then the registry's named models with armcpu's verdict and QEMU's
 * beside it), then a <blockers> element per unusable model, in the same order.
 */
static void
xml_custom(GString *out, const ArmcpuAccelCaps *acc, const GPtrArray *ratings)
{
    g_autoptr(GHashTable) named = g_hash_table_new(g_str_hash, g_str_equal);

    g_string_append(out, "    <mode name='custom' supported='yes'>\n");
    for (guint i = 0; i < ratings->len; i++) {
        const ArmcpuModelRating *r = g_ptr_array_index(ratings, i);
        g_hash_table_insert(named, (gpointer)r->name, (gpointer)r);
    }
    for (guint i = 0; i < acc->models->len; i++) {
        const ArmcpuHostModel *m = g_ptr_array_index(acc->models, i);
        if (g_hash_table_contains(named, m->name))
            continue; /* listed below with armcpu's verdict beside QEMU's */
        g_string_append_printf(out, "      <model usable='%s' vendor='unknown' source='qemu'%s>",
                               armcpu_usable_to_string(m->usable),
                               m->deprecated ? " deprecated='yes'" : "");
        armcpu_xml_escape(out, m->name);
        g_string_append(out, "</model>\n");
    }
    for (guint i = 0; i < ratings->len; i++) {
        const ArmcpuModelRating *r = g_ptr_array_index(ratings, i);
        g_string_append_printf(out,
                               "      <model usable='%s' vendor='unknown' source='armcpu' "
                               "qemuUsable='%s'>",
                               armcpu_usable_to_string(r->usable),
                               armcpu_usable_to_string(r->qemu));
        armcpu_xml_escape(out, r->name);
        g_string_append(out, "</model>\n");
    }
    for (guint i = 0; i < acc->models->len; i++) {
        const ArmcpuHostModel *m = g_ptr_array_index(acc->models, i);
        if (!g_hash_table_contains(named, m->name) && m->usable == ARMCPU_USABLE_NO)
            xml_blockers(out, m->name, (const char *const *)m->blockers);
    }
    for (guint i = 0; i < ratings->len; i++) {
        const ArmcpuModelRating *r = g_ptr_array_index(ratings, i);
        xml_blockers(out, r->name, (const char *const *)r->blockers);
    }
    g_string_append(out, "    </mode>\n");
}

char *
armcpu_domcaps_format(const ArmcpuHostCaps *caps, const ArmcpuAccelCaps *acc,
                      const ArmcpuRegistry *reg)
{
    g_autoptr(GString) out = g_string_new("<domainCapabilities>\n");
    g_autoptr(GPtrArray) ratings = armcpu_models_rate(reg, acc);
    gboolean kvm = acc->accel == ARMCPU_ACCEL_KVM;

    if (caps->emulator_path)
        xml_text_element(out, "  ", "path", caps->emulator_path);
    xml_text_element(out, "  ", "domain", libvirt_domain(acc->accel));
    g_string_append(out, "  <arch>aarch64</arch>\n  <cpu>\n");
    if (kvm) {
        g_string_append(out, "    <mode name='host-passthrough' supported='yes'>\n"
                             "      <enum name='hostPassthroughMigratable'>\n"
                             "        <value>off</value>\n      </enum>\n");
        xml_properties(out, acc);
        g_string_append(out, "    </mode>\n");
    } else {
        g_string_append(out, "    <mode name='host-passthrough' supported='no'/>\n");
    }
    g_string_append(out, "    <mode name='maximum' supported='yes'>\n"
                         "      <enum name='maximumMigratable'>\n"
                         "        <value>off</value>\n      </enum>\n");
    xml_properties(out, acc);
    g_string_append(out, "    </mode>\n    <mode name='host-model' supported='no'/>\n");
    xml_custom(out, acc, ratings);
    g_string_append(out, "  </cpu>\n</domainCapabilities>\n");
    return g_string_free(g_steal_pointer(&out), FALSE);
}

static json_object *
json_properties(const ArmcpuAccelCaps *acc)
{
    json_object *arr = json_object_new_array();

    for (guint i = 0; i < acc->props->len; i++) {
        const ArmcpuPropInfo *pi = g_ptr_array_index(acc->props, i);
        json_object *o = json_object_new_object();
        json_object *values = json_object_new_array();
        json_object *ranges = json_object_new_array();
        json_object_object_add(o, "name", json_object_new_string(pi->name));
        json_object_object_add(o, "type", json_object_new_string(pi->type));
        json_object_object_add(o, "kind", json_object_new_string(armcpu_kind_to_string(pi->kind)));
        json_object_object_add(o, "source", json_object_new_string(source_name(pi->source)));
        if (pi->host_value)
            json_object_object_add(o, "hostValue", json_object_new_string(pi->host_value));
        for (guint j = 0; j < armcpu_value_set_size(pi->supported); j++) {
            const ArmcpuValueItem *it = armcpu_value_set_item(pi->supported, j);
            if (it->is_range) {
                json_object *r = json_object_new_object();
                json_object_object_add(r, "min", json_object_new_uint64(it->min));
                json_object_object_add(r, "max", json_object_new_uint64(it->max));
                json_object_array_add(ranges, r);
            } else {
                json_object_array_add(values, json_object_new_string(it->text));
            }
        }
        json_object_object_add(o, "values", values);
        json_object_object_add(o, "ranges", ranges);
        json_object_array_add(arr, o);
    }
    return arr;
}

static json_object *
json_strv(const char *const *v)
{
    json_object *arr = json_object_new_array();

    for (guint i = 0; v && v[i]; i++)
        json_object_array_add(arr, json_object_new_string(v[i]));
    return arr;
}

static json_object *
json_models(const ArmcpuAccelCaps *acc, const GPtrArray *ratings)
{
    json_object *arr = json_object_new_array();
    g_autoptr(GHashTable) named = g_hash_table_new(g_str_hash, g_str_equal);

    for (guint i = 0; i < ratings->len; i++) {
        const ArmcpuModelRating *r = g_ptr_array_index(ratings, i);
        g_hash_table_add(named, (gpointer)r->name);
    }
    for (guint i = 0; i < acc->models->len; i++) {
        const ArmcpuHostModel *m = g_ptr_array_index(acc->models, i);
        if (g_hash_table_contains(named, m->name))
            continue;
        json_object *o = json_object_new_object();
        json_object_object_add(o, "name", json_object_new_string(m->name));
        json_object_object_add(o, "source", json_object_new_string("qemu"));
        json_object_object_add(o, "usable",
                               json_object_new_string(armcpu_usable_to_string(m->usable)));
        json_object_object_add(o, "blockers", json_strv((const char *const *)m->blockers));
        json_object_object_add(o, "deprecated", json_object_new_boolean(m->deprecated));
        json_object_array_add(arr, o);
    }
    for (guint i = 0; i < ratings->len; i++) {
        const ArmcpuModelRating *r = g_ptr_array_index(ratings, i);
        json_object *o = json_object_new_object();
        json_object_object_add(o, "name", json_object_new_string(r->name));
        json_object_object_add(o, "source", json_object_new_string("armcpu"));
        json_object_object_add(o, "usable",
                               json_object_new_string(armcpu_usable_to_string(r->usable)));
        json_object_object_add(o, "blockers", json_strv((const char *const *)r->blockers));
        json_object_object_add(o, "qemuUsable",
                               json_object_new_string(armcpu_usable_to_string(r->qemu)));
        json_object_array_add(arr, o);
    }
    return arr;
}

char *
armcpu_domcaps_to_json(const ArmcpuHostCaps *caps, const ArmcpuAccelCaps *acc,
                       const ArmcpuRegistry *reg)
{
    g_autoptr(GPtrArray) ratings = armcpu_models_rate(reg, acc);
    json_object *root = json_object_new_object();
    json_object *modes = json_object_new_object();
    json_object *hp = json_object_new_object();
    json_object *max = json_object_new_object();
    json_object *custom = json_object_new_object();
    gboolean kvm = acc->accel == ARMCPU_ACCEL_KVM;
    char *out;

    if (caps->emulator_path)
        json_object_object_add(root, "path", json_object_new_string(caps->emulator_path));
    json_object_object_add(root, "domain", json_object_new_string(libvirt_domain(acc->accel)));
    json_object_object_add(root, "arch", json_object_new_string("aarch64"));
    json_object_object_add(hp, "supported", json_object_new_boolean(kvm));
    if (kvm)
        json_object_object_add(hp, "properties", json_properties(acc));
    json_object_object_add(max, "supported", json_object_new_boolean(TRUE));
    json_object_object_add(max, "properties", json_properties(acc));
    json_object_object_add(custom, "supported", json_object_new_boolean(TRUE));
    json_object_object_add(custom, "models", json_models(acc, ratings));
    json_object_object_add(modes, "host-passthrough", hp);
    json_object_object_add(modes, "maximum", max);
    json_object_object_add(modes, "host-model", json_object_new_object());
    json_object_object_add(json_object_object_get(modes, "host-model"), "supported",
                           json_object_new_boolean(FALSE));
    json_object_object_add(modes, "custom", custom);
    json_object_object_add(root, "modes", modes);
    out = g_strdup(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
                                                            JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(root);
    return out;
}
