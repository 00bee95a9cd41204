/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-guest-golden.c: tests/data/guest/NAME.xml -> NAME.args and/or NAME.err.
 *
 * Each input is read, validated offline and turned into a -cpu argument, as
 * `armcpu cmdline --offline` does. NAME.args holds the -cpu line when there
 * is one; NAME.err holds the problems (or "fatal: ..." for a document that
 * cannot be read). A file the outcome does not produce must not exist. Valid
 * inputs, and their formatted form, must validate against
 * data/schemas/guest-cpu.rng and round-trip through format and parse.
 * ARMCPU_REGENERATE=1 rewrites the expected files.
 */
#include "test-common.h"

#include <armcpu/guest.h>
#include <armcpu/hostcaps.h>
#include <armcpu/validate.h>
#include "util/xml.h"
#include <glib/gstdio.h>
#include <libxml/relaxng.h>
#include <string.h>

static ArmcpuRegistry *reg;
static xmlRelaxNGPtr schema;
static xmlRelaxNGPtr host_schema;

typedef struct {
    char *args; /* NULL when no -cpu line */
    char *err;  /* NULL when no problems */
} Outcome;

static void
outcome_clear(Outcome *o)
{
    g_free(o->args);
    g_free(o->err);
}

static Outcome
run_case(const char *data, gsize len, const char *name)
{
    Outcome o = {NULL, NULL};
    g_autoptr(ArmcpuReport) report = armcpu_report_new(name);
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuGuestCpu) cpu = armcpu_guest_cpu_parse_string(data, len, name, report, &err);
    g_autofree char *arg = NULL;

    if (!cpu) {
        o.err = g_strdup_printf("fatal: %s\n", err->message);
        return o;
    }
    arg = armcpu_guest_cpu_cmdline(cpu, reg, NULL, report);
    if (arg)
        o.args = g_strdup_printf("-cpu %s\n", arg);
    if (armcpu_report_n_problems(report) > 0)
        o.err = armcpu_report_format_text(report);
    return o;
}

static void
check_file(const char *path, const char *got)
{
    g_autofree char *want = NULL;

    if (g_getenv("ARMCPU_REGENERATE")) {
        if (got)
            g_assert_true(g_file_set_contents(path, got, -1, NULL));
        else
            g_unlink(path);
        return;
    }
    if (!g_file_get_contents(path, &want, NULL, NULL))
        want = NULL;
    if (g_strcmp0(want, got) != 0)
        g_error("%s:\n--- expected\n%s--- got\n%s", path, want ? want : "(no file)\n",
                got ? got : "(no file)\n");
}

static void
check_schema_with(xmlRelaxNGPtr rng, const char *data, gsize len, const char *what)
{
    g_autoptr(xmlDoc) doc = xmlReadMemory(data, (int)len, what, NULL, XML_PARSE_NONET);
    xmlRelaxNGValidCtxtPtr v = xmlRelaxNGNewValidCtxt(rng);
    int rc;

    g_assert_nonnull(doc);
    rc = xmlRelaxNGValidateDoc(v, doc);
    xmlRelaxNGFreeValidCtxt(v);
    if (rc != 0)
        g_error("%s does not validate against its schema", what);
}

static void
check_schema(const char *data, gsize len, const char *what)
{
    check_schema_with(schema, data, len, what);
}

/* Every example guest is valid offline and schema-valid; every example host document too. */
static void
test_example(gconstpointer p)
{
    const char *path = p;
    g_autofree char *data = NULL;
    gsize len;

    g_assert_true(g_file_get_contents(path, &data, &len, NULL));
    if (strstr(path, "/hosts/")) {
        g_autoptr(GError) err = NULL;
        G_GNUC_UNUSED g_autoptr(ArmcpuHostCaps) caps =
            armcpu_host_caps_parse_string(data, len, path, reg, &err);
        g_assert_no_error(err);
        check_schema_with(host_schema, data, len, path);
        return;
    }
    g_autoptr(ArmcpuReport) report = armcpu_report_new(path);
    g_autoptr(ArmcpuGuestCpu) cpu = armcpu_guest_cpu_parse_string(data, len, path, report, NULL);
    g_assert_nonnull(cpu);
    g_assert_true(armcpu_guest_cpu_validate(cpu, reg, NULL, report));
    g_assert_false(armcpu_report_has_errors(report));
    check_schema(data, len, path);
}

static xmlRelaxNGPtr
load_schema(const char *name)
{
    g_autofree char *rng = g_build_filename(g_getenv("ARMCPU_DATA_DIR"), "schemas", name, NULL);
    xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt(rng);
    xmlRelaxNGPtr s = xmlRelaxNGParse(pc);

    xmlRelaxNGFreeParserCtxt(pc);
    g_assert_nonnull(s);
    return s;
}

static void
add_examples(GPtrArray *keep, const char *dir, const char *prefix)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *name;

    g_assert_nonnull(d);
    while ((name = g_dir_read_name(d))) {
        if (!g_str_has_suffix(name, ".xml"))
            continue;
        char *path = g_build_filename(dir, name, NULL);
        g_autofree char *test = g_strdup_printf("%s/%.*s", prefix, (int)strlen(name) - 4, name);
        g_ptr_array_add(keep, path);
        g_test_add_data_func(test, path, test_example);
    }
}

/* format -> parse -> format is stable and gives the same -cpu line. */
static void
check_round_trip(const char *data, gsize len, const char *name, const char *args)
{
    g_autoptr(ArmcpuReport) r1 = armcpu_report_new(name);
    g_autoptr(ArmcpuGuestCpu) c1 = armcpu_guest_cpu_parse_string(data, len, name, r1, NULL);
    g_autofree char *f1 = armcpu_guest_cpu_format(c1);
    g_autoptr(ArmcpuReport) r2 = armcpu_report_new(name);
    g_autoptr(ArmcpuGuestCpu) c2 = armcpu_guest_cpu_parse_string(f1, strlen(f1), name, r2, NULL);
    g_autofree char *f2 = armcpu_guest_cpu_format(c2);
    g_autofree char *arg2 = armcpu_guest_cpu_cmdline(c2, reg, NULL, r2);
    g_autofree char *line2 = g_strdup_printf("-cpu %s\n", arg2);

    g_assert_cmpstr(f1, ==, f2);
    g_assert_cmpstr(line2, ==, args);
    check_schema(f1, strlen(f1), "formatted output");
}

static void
test_golden(gconstpointer p)
{
    const char *xml = p;
    g_autofree char *dir = g_path_get_dirname(xml);
    g_autofree char *base = g_path_get_basename(xml);
    g_autofree char *stem = g_strndup(base, strlen(base) - 4);
    g_autofree char *args_path = g_strdup_printf("%s/%s.args", dir, stem);
    g_autofree char *err_path = g_strdup_printf("%s/%s.err", dir, stem);
    g_autofree char *data = NULL;
    gsize len;
    Outcome o;

    g_assert_true(g_file_get_contents(xml, &data, &len, NULL));
    o = run_case(data, len, base);
    check_file(args_path, o.args);
    check_file(err_path, o.err);
    if (o.args) {
        check_schema(data, len, base);
        check_round_trip(data, len, base, o.args);
    }
    outcome_clear(&o);
}

static int
compare_paths(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
    g_autofree char *dir = test_data_path("guest");
    g_autofree char *examples =
        g_build_filename(g_getenv("ARMCPU_TEST_DATA"), "..", "..", "examples", NULL);
    g_autofree char *hosts = g_build_filename(examples, "hosts", NULL);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    int rc;

    g_test_init(&argc, &argv, NULL);
    reg = test_registry();
    schema = load_schema("guest-cpu.rng");
    host_schema = load_schema("hostcaps.rng");
    g_assert_nonnull(d);
    while ((name = g_dir_read_name(d))) {
        if (g_str_has_suffix(name, ".xml"))
            g_ptr_array_add(files, g_build_filename(dir, name, NULL));
    }
    g_ptr_array_sort(files, compare_paths);
    for (guint i = 0; i < files->len; i++) {
        const char *f = g_ptr_array_index(files, i);
        g_autofree char *b = g_path_get_basename(f);
        g_autofree char *path = g_strdup_printf("/guest/golden/%.*s", (int)strlen(b) - 4, b);
        g_test_add_data_func(path, f, test_golden);
    }
    add_examples(files, examples, "/examples/guest");
    add_examples(files, hosts, "/examples/host");
    rc = g_test_run();
    xmlRelaxNGFree(schema);
    xmlRelaxNGFree(host_schema);
    armcpu_registry_unref(reg);
    return rc;
}
