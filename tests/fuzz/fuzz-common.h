/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz-common.h: helpers shared by the libFuzzer targets of tests/fuzz.
 *
 * Every target defines LLVMFuzzerTestOneInput(). In a -Dfuzzing=true build it
 * is linked with libFuzzer; in every build it is also linked with replay.c, a
 * small main() that runs each seed file through it once (a TAP test).
 * A target asserts the invariants of what it exercises (errors in the right
 * domain, round trips, and that no byte of the input reaches a -cpu
 * argument unless it is a plain token): a broken one aborts, which libFuzzer
 * reports as a crash.
 */
#pragma once

#include "config.h"

#include <armcpu/armcpu.h>
#include <armcpu/baseline.h>
#include <armcpu/compare.h>
#include <armcpu/domcaps.h>
#include <armcpu/guest.h>
#include <armcpu/models.h>
#include <armcpu/validate.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The registry from the source tree (or $ARMCPU_DATA_DIR), loaded once. */
static inline ArmcpuRegistry *
fuzz_registry(void)
{
    static ArmcpuRegistry *reg;
    g_autoptr(GError) err = NULL;

    if (!reg) {
        reg = armcpu_registry_load_default(&err);
        if (!reg)
            g_error("cannot load the registry: %s", err->message);
    }
    return reg;
}

/* The host capabilities document tests/data/hostcaps/@name, loaded once per name. */
static inline const ArmcpuHostCaps *
fuzz_host(const char *name)
{
    static GHashTable *hosts;
    ArmcpuHostCaps *caps;

    if (!hosts)
        hosts = g_hash_table_new(g_str_hash, g_str_equal);
    caps = g_hash_table_lookup(hosts, name);
    if (!caps) {
        const char *dir = g_getenv("ARMCPU_TEST_DATA");
        g_autofree char *path =
            dir ? g_build_filename(dir, "hostcaps", name, NULL)
                : g_build_filename(ARMCPU_SOURCE_ROOT, "tests", "data", "hostcaps", name, NULL);
        g_autoptr(GError) err = NULL;
        caps = armcpu_host_caps_parse_file(path, fuzz_registry(), &err);
        if (!caps)
            g_error("cannot load %s: %s", path, err->message);
        g_hash_table_insert(hosts, g_strdup(name), caps);
    }
    return caps;
}

/* A plain token: what armcpu_token_check accepts. */
static inline gboolean
fuzz_is_token(const char *s, gsize len)
{
    if (len == 0 || len > ARMCPU_TOKEN_MAX)
        return FALSE;
    for (gsize i = 0; i < len; i++) {
        if (!g_ascii_isalnum(s[i]) && s[i] != '_' && s[i] != '.' && s[i] != '-')
            return FALSE;
    }
    return TRUE;
}

/*
 * Abort unless @arg is a well-formed value of -cpu: "MODEL(,NAME=VALUE)*"
 * with every model, name and value a plain token. This is the injection
 * invariant: nothing else may ever reach QEMU's command line.
 */
static inline void
fuzz_check_cpu_arg(const char *arg)
{
    g_auto(GStrv) parts = g_strsplit(arg, ",", -1);

    if (!parts[0] || !fuzz_is_token(parts[0], strlen(parts[0])))
        g_error("-cpu model is not a token: '%s'", arg);
    for (guint i = 1; parts[i]; i++) {
        const char *eq = strchr(parts[i], '=');
        if (!eq || !fuzz_is_token(parts[i], (gsize)(eq - parts[i])) ||
            !fuzz_is_token(eq + 1, strlen(eq + 1)))
            g_error("-cpu option %u is not NAME=VALUE of tokens: '%s'", i, arg);
    }
}

/*
 * Check every problem of @report is well-formed and render the report both
 * ways (the renderers meet hostile text too).
 */
static inline void
fuzz_check_report(const ArmcpuReport *report)
{
    for (guint i = 0; i < armcpu_report_n_problems(report); i++) {
        const ArmcpuProblem *p = armcpu_report_problem(report, i);
        g_assert(p->message && *p->message);
        g_assert((unsigned)p->severity < ARMCPU_SEVERITY_LAST);
        g_assert(armcpu_problem_code_to_string(p->code) != NULL);
        g_assert(p->line >= 0);
    }
    g_autofree char *text = armcpu_report_format_text(report);
    g_autofree char *json = armcpu_report_to_json(report);
    g_assert(text && json && json[0] == '[');
}
