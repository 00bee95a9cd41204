/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * hostcaps-format.c: writing the host capabilities document (XML, and the
 * same content as JSON). Output is deterministic: properties sorted by name,
 * models and commands in the order recorded.
 */
#include "qemu/hostcaps-internal.h"
#include "util/xml.h"

#include <json-c/json.h>
#include <string.h>

/* ----- XML ----- */

static void
indent(GString *out, int level)
{
    for (int i = 0; i < level; i++)
        g_string_append(out, "  ");
}

static void
attr(GString *out, const char *name, const char *value)
{
    if (!value)
        return;
    g_string_append_printf(out, " %s='", name);
    armcpu_xml_escape(out, value);
    g_string_append_c(out, '\'');
}

static void
format_identity(GString *out, const ArmcpuHostCaps *caps)
{
    g_autofree char *size = g_strdup_printf("%" G_GUINT64_FORMAT, caps->emulator_size);
    g_autofree char *ctime = armcpu_host_caps_format_time(caps->emulator_ctime);
    g_autofree char *mtime = armcpu_host_caps_format_time(caps->emulator_mtime);

    indent(out, 1);
    g_string_append(out, "<armcpu");
    attr(out, "version", caps->armcpu_version);
    g_string_append(out, "/>\n");

    indent(out, 1);
    g_string_append(out, "<emulator");
    attr(out, "path", caps->emulator_path);
    attr(out, "size", size);
    attr(out, "ctime", ctime);
    attr(out, "mtime", mtime);
    g_string_append(out, ">\n");
    indent(out, 2);
    g_string_append(out, "<qemu");
    attr(out, "version", caps->qemu_version);
    attr(out, "package", caps->qemu_package);
    g_string_append(out, "/>\n");
    indent(out, 1);
    g_string_append(out, "</emulator>\n");

    indent(out, 1);
    g_string_append(out, "<host");
    attr(out, "name", caps->host_name);
    attr(out, "arch", caps->host_arch);
    attr(out, "kernel", caps->kernel_release);
    attr(out, "kvm", caps->kvm_usable ? "yes" : "no");
    attr(out, "midr", caps->midr);
    attr(out, "revidr", caps->revidr);
    g_string_append(out, "/>\n");
}

/* "<name" ... then either "/>" (no children) or ">" and the closing tag later. */
static void
open_list(GString *out, int level, const char *name, gboolean empty)
{
    indent(out, level);
    g_string_append_printf(out, "<%s%s\n", name, empty ? "/>" : ">");
}

static void
close_list(GString *out, int level, const char *name, gboolean empty)
{
    if (empty)
        return;
    indent(out, level);
    g_string_append_printf(out, "</%s>\n", name);
}

static void
format_commands(GString *out, const ArmcpuAccelCaps *acc)
{
    gboolean empty = acc->commands->len == 0;

    open_list(out, 2, "commands", empty);
    for (guint i = 0; i < acc->commands->len; i++) {
        const ArmcpuCommandPresence *c = g_ptr_array_index(acc->commands, i);
        indent(out, 3);
        g_string_append(out, "<command");
        attr(out, "name", c->name);
        attr(out, "present", c->present ? "yes" : "no");
        g_string_append(out, "/>\n");
    }
    close_list(out, 2, "commands", empty);
}

static void
format_models(GString *out, const ArmcpuAccelCaps *acc)
{
    gboolean empty = acc->models->len == 0;

    open_list(out, 2, "models", empty);
    for (guint i = 0; i < acc->models->len; i++) {
        const ArmcpuHostModel *m = g_ptr_array_index(acc->models, i);
        gboolean none = m->blockers[0] == NULL;
        indent(out, 3);
        g_string_append(out, "<model");
        attr(out, "name", m->name);
        attr(out, "typename", m->type_name);
        attr(out, "usable", armcpu_usable_to_string(m->usable));
        attr(out, "deprecated", m->deprecated ? "yes" : "no");
        g_string_append(out, none ? "/>\n" : ">\n");
        for (guint b = 0; m->blockers[b]; b++) {
            indent(out, 4);
            g_string_append(out, "<blocker");
            attr(out, "name", m->blockers[b]);
            g_string_append(out, "/>\n");
        }
        if (!none) {
            indent(out, 3);
            g_string_append(out, "</model>\n");
        }
    }
    close_list(out, 2, "models", empty);
}

static void
format_host_cpu(GString *out, const ArmcpuAccelCaps *acc)
{
    gboolean empty = acc->expansion->len == 0;

    if (!acc->expansion_model)
        return;
    indent(out, 2);
    g_string_append(out, "<hostCPU");
    attr(out, "model", acc->expansion_model);
    g_string_append(out, empty ? "/>\n" : ">\n");
    for (guint i = 0; i < acc->expansion->len; i++) {
        const ArmcpuExpansionProp *ep = g_ptr_array_index(acc->expansion, i);
        indent(out, 3);
        g_string_append(out, "<property");
        attr(out, "name", ep->name);
        attr(out, "type", ep->type);
        attr(out, "value", ep->value);
        g_string_append(out, "/>\n");
    }
    if (!empty) {
        indent(out, 2);
        g_string_append(out, "</hostCPU>\n");
    }
}

static void
format_item(GString *out, const ArmcpuValueItem *it)
{
    indent(out, 4);
    if (it->is_range) {
        g_autofree char *min = NULL, *max = NULL;
        armcpu_host_caps_split_range(it->text, &min, &max);
        g_string_append(out, "<range");
        attr(out, "min", min);
        attr(out, "max", max);
        g_string_append(out, "/>\n");
        return;
    }
    g_string_append(out, "<value>");
    armcpu_xml_escape(out, it->text);
    g_string_append(out, "</value>\n");
}

static void
format_props(GString *out, const ArmcpuAccelCaps *acc)
{
    gboolean empty = acc->props->len == 0;

    indent(out, 2);
    g_string_append(out, "<cpuPropertyInfo");
    attr(out, "command", acc->props_info_command);
    g_string_append(out, empty ? "/>\n" : ">\n");
    for (guint i = 0; i < acc->props->len; i++) {
        const ArmcpuPropInfo *pi = g_ptr_array_index(acc->props, i);
        guint n = armcpu_value_set_size(pi->supported);
        indent(out, 3);
        g_string_append(out, "<property");
        attr(out, "name", pi->name);
        attr(out, "type", pi->type);
        if (pi->source == ARMCPU_SUPPORT_DERIVED)
            attr(out, "source", "derived");
        attr(out, "hostValue", pi->host_value);
        g_string_append(out, n ? ">\n" : "/>\n");
        for (guint v = 0; v < n; v++)
            format_item(out, armcpu_value_set_item(pi->supported, v));
        if (n) {
            indent(out, 3);
            g_string_append(out, "</property>\n");
        }
    }
    if (!empty) {
        indent(out, 2);
        g_string_append(out, "</cpuPropertyInfo>\n");
    }
}

char *
armcpu_host_caps_format(const ArmcpuHostCaps *caps)
{
    GString *out = g_string_new(NULL);

    g_string_append_printf(out, "<hostCapabilities format='%d'>\n", ARMCPU_HOST_CAPS_FORMAT);
    format_identity(out, caps);
    for (int a = 0; a < ARMCPU_ACCEL_LAST; a++) {
        const ArmcpuAccelCaps *acc = caps->accels[a];
        if (!acc)
            continue;
        indent(out, 1);
        g_string_append(out, "<accel");
        attr(out, "type", armcpu_accel_to_string(acc->accel));
        attr(out, "dialect", armcpu_dialect_to_string(acc->dialect));
        g_string_append(out, ">\n");
        format_commands(out, acc);
        format_models(out, acc);
        format_host_cpu(out, acc);
        format_props(out, acc);
        indent(out, 1);
        g_string_append(out, "</accel>\n");
    }
    g_string_append(out, "</hostCapabilities>\n");
    return g_string_free(out, FALSE);
}

/* ----- JSON ----- */

G_DEFINE_AUTOPTR_CLEANUP_FUNC(json_object, json_object_put)

static void
put_str(json_object *obj, const char *key, const char *value)
{
    if (value)
        json_object_object_add(obj, key, json_object_new_string(value));
}

static json_object *
identity_json(const ArmcpuHostCaps *caps, json_object *root)
{
    json_object *armcpu = json_object_new_object();
    json_object *emu = json_object_new_object();
    json_object *qemu = json_object_new_object();
    json_object *host = json_object_new_object();
    g_autofree char *ctime = armcpu_host_caps_format_time(caps->emulator_ctime);
    g_autofree char *mtime = armcpu_host_caps_format_time(caps->emulator_mtime);

    put_str(armcpu, "version", caps->armcpu_version);
    json_object_object_add(root, "armcpu", armcpu);

    put_str(emu, "path", caps->emulator_path);
    json_object_object_add(emu, "size", json_object_new_uint64(caps->emulator_size));
    put_str(emu, "ctime", ctime);
    put_str(emu, "mtime", mtime);
    put_str(qemu, "version", caps->qemu_version);
    put_str(qemu, "package", caps->qemu_package);
    json_object_object_add(emu, "qemu", qemu);
    json_object_object_add(root, "emulator", emu);

    put_str(host, "name", caps->host_name);
    put_str(host, "arch", caps->host_arch);
    put_str(host, "kernel", caps->kernel_release);
    json_object_object_add(host, "kvm", json_object_new_boolean(caps->kvm_usable));
    put_str(host, "midr", caps->midr);
    put_str(host, "revidr", caps->revidr);
    json_object_object_add(root, "host", host);
    return root;
}

static json_object *
models_json(const ArmcpuAccelCaps *acc)
{
    json_object *models = json_object_new_array();

    for (guint i = 0; i < acc->models->len; i++) {
        const ArmcpuHostModel *m = g_ptr_array_index(acc->models, i);
        json_object *o = json_object_new_object();
        json_object *blockers = json_object_new_array();
        put_str(o, "name", m->name);
        put_str(o, "typename", m->type_name);
        put_str(o, "usable", armcpu_usable_to_string(m->usable));
        json_object_object_add(o, "deprecated", json_object_new_boolean(m->deprecated));
        for (guint b = 0; m->blockers[b]; b++)
            json_object_array_add(blockers, json_object_new_string(m->blockers[b]));
        json_object_object_add(o, "blockers", blockers);
        json_object_array_add(models, o);
    }
    return models;
}

static json_object *
prop_json(const ArmcpuPropInfo *pi)
{
    json_object *o = json_object_new_object();
    json_object *values = json_object_new_array();
    json_object *ranges = json_object_new_array();

    put_str(o, "name", pi->name);
    put_str(o, "type", pi->type);
    put_str(o, "kind", armcpu_kind_to_string(pi->kind));
    put_str(o, "source", pi->source == ARMCPU_SUPPORT_DERIVED ? "derived" : "props-info");
    put_str(o, "hostValue", pi->host_value);
    for (guint v = 0; v < armcpu_value_set_size(pi->supported); v++) {
        const ArmcpuValueItem *it = armcpu_value_set_item(pi->supported, v);
        if (!it->is_range) {
            json_object_array_add(values, json_object_new_string(it->text));
            continue;
        }
        json_object *r = json_object_new_object();
        json_object_object_add(r, "min", json_object_new_uint64(it->min));
        json_object_object_add(r, "max", json_object_new_uint64(it->max));
        json_object_array_add(ranges, r);
    }
    json_object_object_add(o, "values", values);
    json_object_object_add(o, "ranges", ranges);
    return o;
}

static json_object *
accel_json(const ArmcpuAccelCaps *acc)
{
    json_object *o = json_object_new_object();
    json_object *commands = json_object_new_array();
    json_object *info = json_object_new_object();
    json_object *props = json_object_new_array();

    put_str(o, "type", armcpu_accel_to_string(acc->accel));
    put_str(o, "dialect", armcpu_dialect_to_string(acc->dialect));
    for (guint i = 0; i < acc->commands->len; i++) {
        const ArmcpuCommandPresence *c = g_ptr_array_index(acc->commands, i);
        json_object *co = json_object_new_object();
        put_str(co, "name", c->name);
        json_object_object_add(co, "present", json_object_new_boolean(c->present));
        json_object_array_add(commands, co);
    }
    json_object_object_add(o, "commands", commands);
    json_object_object_add(o, "models", models_json(acc));
    if (acc->expansion_model) {
        json_object *host = json_object_new_object();
        json_object *eprops = json_object_new_array();
        put_str(host, "model", acc->expansion_model);
        for (guint i = 0; i < acc->expansion->len; i++) {
            const ArmcpuExpansionProp *ep = g_ptr_array_index(acc->expansion, i);
            json_object *p = json_object_new_object();
            put_str(p, "name", ep->name);
            put_str(p, "type", ep->type);
            put_str(p, "value", ep->value);
            json_object_array_add(eprops, p);
        }
        json_object_object_add(host, "props", eprops);
        json_object_object_add(o, "hostCPU", host);
    }
    put_str(info, "command", acc->props_info_command);
    for (guint i = 0; i < acc->props->len; i++)
        json_object_array_add(props, prop_json(g_ptr_array_index(acc->props, i)));
    json_object_object_add(info, "props", props);
    json_object_object_add(o, "cpuPropertyInfo", info);
    return o;
}

char *
armcpu_host_caps_to_json(const ArmcpuHostCaps *caps)
{
    g_autoptr(json_object) root = json_object_new_object();
    json_object *accels = json_object_new_array();

    json_object_object_add(root, "format", json_object_new_int(ARMCPU_HOST_CAPS_FORMAT));
    identity_json(caps, root);
    for (int a = 0; a < ARMCPU_ACCEL_LAST; a++) {
        if (caps->accels[a])
            json_object_array_add(accels, accel_json(caps->accels[a]));
    }
    json_object_object_add(root, "accels", accels);
    const char *text = json_object_to_json_string_ext(
        root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);
    return g_strconcat(text, "\n", NULL);
}
