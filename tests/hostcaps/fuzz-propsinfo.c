/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz-propsinfo.c: libFuzzer target for reading QMP replies into a host
 * capabilities section. The input is a test input document
 * (the .json files in tests/data/hostcaps/inputs: per accelerator, the replies of
 * query-commands, the expansion, props-info and query-cpu-definitions).
 * Whatever the readers accept must format to a document that parses again
 * and formats identically.
 */
#include "qemu/hostcaps-internal.h"
#include "qemu/propsinfo.h"

#include <armcpu/armcpu.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static json_object *
member(json_object *o, const char *name)
{
    json_object *m = NULL;

    return json_object_is_type(o, json_type_object) && json_object_object_get_ex(o, name, &m)
               ? m
               : NULL;
}

static gboolean
fill(ArmcpuAccelCaps *acc, const ArmcpuRegistry *reg, json_object *in)
{
    json_object *model = member(member(in, "expansion"), "model");
    json_object *name = member(model, "name");
    json_object *command = member(in, "props-info-command");
    g_autoptr(GError) err = NULL;
    gboolean ok;

    ok =
        armcpu_accel_caps_fill_commands(acc, member(in, "query-commands"), &err) &&
        armcpu_accel_caps_fill_props(
            acc, reg,
            json_object_is_type(name, json_type_string) ? json_object_get_string(name) : NULL,
            member(model, "props"),
            json_object_is_type(command, json_type_string) ? json_object_get_string(command) : NULL,
            member(in, "props-info"), &err) &&
        armcpu_accel_caps_fill_models(acc, member(in, "cpu-definitions"), &err);
    if (!ok)
        g_assert(err && err->domain == ARMCPU_HOST_CAPS_ERROR);
    return ok;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ArmcpuRegistry *reg;
    json_tokener *tok = json_tokener_new();
    json_object *in = json_tokener_parse_ex(tok, (const char *)data, (int)MIN(size, G_MAXINT));
    g_autoptr(ArmcpuHostCaps) caps = armcpu_host_caps_new();
    g_autoptr(GError) err = NULL;
    gboolean any = FALSE;

    json_tokener_free(tok);
    if (!reg)
        reg = armcpu_registry_load_default(NULL);
    caps->armcpu_version = g_strdup("0.1.0");
    caps->emulator_path = g_strdup("/usr/bin/qemu-system-aarch64");
    caps->qemu_version = g_strdup("7.2.22");
    caps->host_arch = g_strdup("aarch64");
    caps->kernel_release = g_strdup("6.1.0");
    for (int a = 0; a < ARMCPU_ACCEL_LAST; a++) {
        json_object *acc_in = member(member(in, "accels"), armcpu_accel_to_string(a));
        if (!acc_in)
            continue;
        g_autoptr(ArmcpuAccelCaps) acc = armcpu_accel_caps_new_with_registry(a, reg);
        if (!fill(acc, reg, acc_in))
            continue;
        armcpu_host_caps_set_accel(caps, g_steal_pointer(&acc));
        any = TRUE;
    }
    json_object_put(in);
    if (!any)
        return 0;

    g_autofree char *once = armcpu_host_caps_format(caps);
    g_autoptr(ArmcpuHostCaps) again =
        armcpu_host_caps_parse_string(once, strlen(once), "again.xml", reg, &err);
    if (!again)
        g_error("formatted document does not parse: %s\n%s", err->message, once);
    g_autofree char *twice = armcpu_host_caps_format(again);
    if (strcmp(once, twice) != 0)
        g_error("format is not stable:\n%s\n----\n%s", once, twice);
    return 0;
}
