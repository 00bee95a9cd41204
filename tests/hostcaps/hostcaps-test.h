/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * hostcaps-test.h: helpers shared by the host capabilities tests.
 */
#pragma once

#include "../unit/test-common.h"
#include "qemu/hostcaps-internal.h"
#include "qemu/propsinfo.h"

#include <json-c/json.h>
#include <string.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC(json_object, json_object_put)

/* Parse @text as JSON; the test fails when it is not. */
static inline json_object *
test_json(const char *text)
{
    json_tokener *tok = json_tokener_new();
    json_object *o = json_tokener_parse_ex(tok, text, (int)strlen(text));

    if (!o || json_tokener_get_error(tok) != json_tokener_success)
        g_error("bad test JSON: %s", text);
    json_tokener_free(tok);
    return o;
}

/* The JSON file tests/data/@rel. */
static inline json_object *
test_json_file(const char *rel)
{
    g_autofree char *path = test_data_path(rel);
    g_autofree char *text = NULL;
    g_autoptr(GError) err = NULL;

    g_file_get_contents(path, &text, NULL, &err);
    g_assert_no_error(err);
    return test_json(text);
}

static inline json_object *
test_member(json_object *o, const char *name)
{
    json_object *m = NULL;

    return json_object_object_get_ex(o, name, &m) ? m : NULL;
}

static inline char *
test_member_dup(json_object *o, const char *name)
{
    json_object *m = test_member(o, name);

    return m ? g_strdup(json_object_get_string(m)) : NULL;
}

/*
 * Build host capabilities from a test input (tests/data/hostcaps/inputs/):
 * identity members, and per accelerator the recorded QMP replies
 * (query-commands, expansion, props-info-command, props-info,
 * cpu-definitions), through the same functions the probe uses.
 */
static inline ArmcpuHostCaps *
test_build_caps(const char *input, const ArmcpuRegistry *reg)
{
    g_autoptr(json_object) in = test_json_file(input);
    g_autoptr(ArmcpuHostCaps) caps = armcpu_host_caps_new();
    g_autoptr(GError) err = NULL;
    json_object *emu = test_member(in, "emulator");
    json_object *host = test_member(in, "host");
    json_object *accels = test_member(in, "accels");

    caps->armcpu_version = test_member_dup(in, "armcpu-version");
    caps->emulator_path = test_member_dup(emu, "path");
    caps->emulator_size = json_object_get_uint64(test_member(emu, "size"));
    g_assert_true(armcpu_host_caps_parse_time(json_object_get_string(test_member(emu, "ctime")),
                                              &caps->emulator_ctime));
    g_assert_true(armcpu_host_caps_parse_time(json_object_get_string(test_member(emu, "mtime")),
                                              &caps->emulator_mtime));
    caps->qemu_version = test_member_dup(emu, "qemu-version");
    caps->qemu_package = test_member_dup(emu, "package");
    caps->host_name = test_member_dup(host, "name");
    caps->host_arch = test_member_dup(host, "arch");
    caps->kernel_release = test_member_dup(host, "kernel");
    caps->kvm_usable = json_object_get_boolean(test_member(host, "kvm"));
    caps->midr = test_member_dup(host, "midr");
    caps->revidr = test_member_dup(host, "revidr");

    for (int a = 0; a < ARMCPU_ACCEL_LAST; a++) {
        json_object *in_acc = test_member(accels, armcpu_accel_to_string(a));
        if (!in_acc)
            continue;
        g_autoptr(ArmcpuAccelCaps) acc = armcpu_accel_caps_new_with_registry(a, reg);
        json_object *exp = test_member(in_acc, "expansion");
        json_object *model = exp ? test_member(exp, "model") : NULL;
        g_autofree char *model_name = model ? test_member_dup(model, "name") : NULL;
        g_autofree char *command = test_member_dup(in_acc, "props-info-command");

        g_assert_true(
            armcpu_accel_caps_fill_commands(acc, test_member(in_acc, "query-commands"), &err));
        g_assert_no_error(err);
        g_assert_true(armcpu_accel_caps_fill_props(acc, armcpu_accel_caps_registry(acc), model_name,
                                                   model ? test_member(model, "props") : NULL,
                                                   command, test_member(in_acc, "props-info"),
                                                   &err));
        g_assert_no_error(err);
        g_assert_true(
            armcpu_accel_caps_fill_models(acc, test_member(in_acc, "cpu-definitions"), &err));
        g_assert_no_error(err);
        armcpu_host_caps_set_accel(caps, g_steal_pointer(&acc));
    }
    return g_steal_pointer(&caps);
}

static inline gboolean
test_regenerate(void)
{
    return g_strcmp0(g_getenv("ARMCPU_REGENERATE"), "1") == 0;
}

/* @actual must equal @expected; a mismatch reports the first differing line
 * (and leaves the whole output in the build directory as NAME.actual). */
static inline void
test_assert_text(const char *what, const char *actual, const char *expected)
{
    if (strcmp(expected, actual) == 0)
        return;

    g_auto(GStrv) want = g_strsplit(expected, "\n", -1);
    g_auto(GStrv) got = g_strsplit(actual, "\n", -1);
    guint line = 0;
    while (want[line] && got[line] && strcmp(want[line], got[line]) == 0)
        line++;
    g_autofree char *base = g_path_get_basename(what);
    g_autofree char *out = g_strconcat(base, ".actual", NULL);
    g_file_set_contents(out, actual, -1, NULL);
    g_test_message("%s differs at line %u (output written to %s; ARMCPU_REGENERATE=1 rewrites "
                   "the golden files)",
                   what, line + 1, out);
    g_assert_cmpstr(got[line], ==, want[line]);
}

/* Compare @actual with the golden file tests/data/@rel, or rewrite it when
 * ARMCPU_REGENERATE=1. */
static inline void
test_golden(const char *rel, const char *actual)
{
    g_autofree char *path = test_data_path(rel);
    g_autofree char *expected = NULL;
    g_autoptr(GError) err = NULL;

    if (test_regenerate()) {
        g_file_set_contents(path, actual, -1, &err);
        g_assert_no_error(err);
        return;
    }
    g_file_get_contents(path, &expected, NULL, &err);
    g_assert_no_error(err);
    test_assert_text(path, actual, expected);
}
