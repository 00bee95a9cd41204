/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-cli.c: golden tests of the armcpu command, run as a user runs it.
 *
 * Each tests/data/cli/CASE.cmd holds the arguments of one armcpu run (paths
 * relative to the repository root, where it runs); CASE.out, CASE.err and
 * CASE.rc hold its stdout, stderr and exit status. ARMCPU_REGENERATE=1
 * rewrites them (review every change by hand). A .cmd file may also hold:
 *
 *   # comment
 *   env NAME=VALUE     set NAME for this case (and its setup runs)
 *   setup ARGS...      run armcpu ARGS first; it must exit 0 (its output is dropped)
 *
 * and these words are replaced in arguments and env values: @TMP@ (a fresh
 * directory per case, removed afterwards), @FAKE_QEMU@ (the fake QEMU) and
 * @SRC@ (the repository root). Every case runs with ARMCPU_DEV_KVM pointing
 * at a missing file (KVM unusable unless the case says otherwise), HOME and
 * XDG_CACHE_HOME inside @TMP@ and LC_ALL=C. The words are put back into the
 * outputs before comparing them, and so are the parts of a probe's output
 * that depend on the machine (the fake's size and times, the host's name,
 * kernel and CPU).
 *
 * Besides the goldens, every output is checked against its schema: --format
 * json against data/schemas/json/COMMAND.schema.json (python3 jsonschema),
 * the XML of probe, domcapabilities and baseline against hostcaps.rng,
 * domcaps.rng and guest-cpu.rng (baseline's JSON "cpu" member too); each
 * valid JSON output, broken in a few ways (tests/cli/check-json.py), must
 * then be refused, so the schemas stay precise. A run that fails (exit 2 or
 * 3) must print nothing on stdout and say "armcpu: error:" on stderr.
 *
 * When this program itself runs under valgrind (meson test --setup
 * valgrind), or ARMCPU_CLI_VALGRIND=1, armcpu runs under valgrind memcheck
 * too (tests/valgrind.supp): any error or leak in the command fails its case.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <json-c/json.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <string.h>
#include <sys/wait.h>
#ifdef HAVE_VALGRIND_H
#include <valgrind/valgrind.h>
#endif

static const char *src_root;
static const char *armcpu_bin;
static const char *fake_qemu;
static const char *python;
static char *valgrind;      /* run armcpu under it, or NULL */
static char *valgrind_supp; /* its --suppressions option */
static char *data_dir;      /* tests/data/cli */
static char *schema_dir;    /* data/schemas */

/* Global options that take a value, to find the command word. */
static const char *const value_options[] = {"--emulator", "--accel",   "--host", "--cache-dir",
                                            "--format",   "--timeout", NULL};

typedef struct {
    char *name;
    char *tmp;
    GStrv env;
    GPtrArray *setups; /* GStrv each */
    GStrv args;
} Case;

static void
case_free(Case *c)
{
    if (!c)
        return;
    g_free(c->name);
    g_free(c->tmp);
    g_strfreev(c->env);
    if (c->setups)
        g_ptr_array_unref(c->setups);
    g_strfreev(c->args);
    g_free(c);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Case, case_free)

static char *
replace_all(const char *s, const char *from, const char *to)
{
    g_auto(GStrv) parts = NULL;

    if (!from || !*from)
        return g_strdup(s);
    parts = g_strsplit(s, from, -1);
    return g_strjoinv(to, parts);
}

static char *
expand(const Case *c, const char *s)
{
    g_autofree char *a = replace_all(s, "@TMP@", c->tmp);
    g_autofree char *b = replace_all(a, "@FAKE_QEMU@", fake_qemu);

    return replace_all(b, "@SRC@", src_root);
}

static GStrv
split_args(const Case *c, const char *line)
{
    g_autofree char *x = expand(c, line);
    g_autoptr(GError) err = NULL;
    char **argv = NULL;

    if (!g_shell_parse_argv(x, NULL, &argv, &err))
        g_error("%s.cmd: cannot split '%s': %s", c->name, line, err->message);
    return argv;
}

/* Read CASE.cmd into a case with its own temporary directory. */
static Case *
case_load(const char *name)
{
    g_autoptr(Case) c = g_new0(Case, 1);
    g_autofree char *path = g_strdup_printf("%s/%s.cmd", data_dir, name);
    g_autofree char *text = NULL;
    g_autoptr(GError) err = NULL;
    g_autoptr(GString) args = g_string_new(NULL);
    g_auto(GStrv) lines = NULL;

    c->name = g_strdup(name);
    c->tmp = g_dir_make_tmp("armcpu-cli-XXXXXX", &err);
    g_assert_no_error(err);
    c->setups = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
    c->env = g_get_environ();
    c->env = g_environ_unsetenv(c->env, "ARMCPU_CACHE_DIR");
    c->env = g_environ_unsetenv(c->env, "FAKE_QEMU_REPLIES");
    c->env = g_environ_unsetenv(c->env, "FAKE_QEMU_TRANSCRIPT");
    c->env = g_environ_unsetenv(c->env, "FAKE_QEMU_FAULT");
    c->env = g_environ_setenv(c->env, "LC_ALL", "C", TRUE);
    c->env = g_environ_setenv(c->env, "HOME", c->tmp, TRUE);
    {
        g_autofree char *xdg = g_build_filename(c->tmp, "xdg-cache", NULL);
        g_autofree char *kvm = g_build_filename(c->tmp, "no-dev-kvm", NULL);
        c->env = g_environ_setenv(c->env, "XDG_CACHE_HOME", xdg, TRUE);
        c->env = g_environ_setenv(c->env, "ARMCPU_DEV_KVM", kvm, TRUE);
    }

    g_file_get_contents(path, &text, NULL, &err);
    g_assert_no_error(err);
    lines = g_strsplit(text, "\n", -1);
    for (guint i = 0; lines[i]; i++) {
        const char *l = g_strstrip(lines[i]);
        if (!*l || l[0] == '#')
            continue;
        if (g_str_has_prefix(l, "env ")) {
            g_autofree char *kv = expand(c, l + 4);
            char *eq = strchr(kv, '=');
            if (!eq)
                g_error("%s.cmd: 'env' needs NAME=VALUE", name);
            *eq = '\0';
            c->env = g_environ_setenv(c->env, g_strstrip(kv), eq + 1, TRUE);
        } else if (g_str_has_prefix(l, "setup ")) {
            g_ptr_array_add(c->setups, split_args(c, l + 6));
        } else {
            g_string_append_printf(args, "%s%s", args->len ? " " : "", l);
        }
    }
    c->args = split_args(c, args->str);
    return g_steal_pointer(&c);
}

static void
rm_rf(const char *path)
{
    g_autoptr(GDir) d = g_dir_open(path, 0, NULL);
    const char *n;

    while (d && (n = g_dir_read_name(d))) {
        g_autofree char *p = g_build_filename(path, n, NULL);
        if (g_file_test(p, G_FILE_TEST_IS_DIR) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK))
            rm_rf(p);
        else
            g_unlink(p);
    }
    g_rmdir(path);
}

static char *regex_replace(const char *s, const char *pattern, const char *with);

/* Run armcpu @args; returns its exit status (or 128+signal). */
static int
run_armcpu(const Case *c, const char *const *args, char **out, char **err)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_autoptr(GError) error = NULL;
    int status = 0;

    if (valgrind) {
        static const char *const options[] = {
            "--quiet",
            "--error-exitcode=99",
            "--leak-check=full",
            "--show-leak-kinds=definite,indirect",
            "--errors-for-leak-kinds=definite,indirect",
            "--trace-children=no",
        };
        g_ptr_array_add(argv, valgrind);
        for (gsize i = 0; i < G_N_ELEMENTS(options); i++)
            g_ptr_array_add(argv, (gpointer)options[i]);
        g_ptr_array_add(argv, valgrind_supp);
    }
    g_ptr_array_add(argv, (gpointer)armcpu_bin);
    for (guint i = 0; args[i]; i++)
        g_ptr_array_add(argv, (gpointer)args[i]);
    g_ptr_array_add(argv, NULL);
    if (!g_spawn_sync(src_root, (char **)argv->pdata, c->env, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                      &status, &error))
        g_error("cannot run %s: %s", armcpu_bin, error->message);
    if (valgrind && WIFEXITED(status) && WEXITSTATUS(status) == 99) {
        g_test_message("%s: valgrind found memory errors in armcpu %s:\n%s", c->name,
                       args[0] ? args[0] : "", *err);
        g_test_fail();
    }
    if (valgrind) {
        /* valgrind's own remarks ("--PID-- WARNING: unhandled syscall") are not armcpu's */
        char *e = regex_replace(*err, "^--[0-9]+-- [^\n]*\n", "");
        g_free(*err);
        *err = e;
    }
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    g_test_message("armcpu died of signal %d", WTERMSIG(status));
    return 128 + WTERMSIG(status);
}

static char *
regex_replace(const char *s, const char *pattern, const char *with)
{
    g_autoptr(GRegex) re = g_regex_new(pattern, G_REGEX_MULTILINE, 0, NULL);

    g_assert_nonnull(re);
    return g_regex_replace(re, s, -1, 0, with, 0, NULL);
}

/* The output with what depends on this machine and run put back into words. */
static char *
normalise(const Case *c, const char *s)
{
    static const char *const patterns[][2] = {
        /* the emulator's identity (host capabilities XML and JSON) */
        {" size='[0-9]+' ctime='[0-9.-]+' mtime='[0-9.-]+'",
         " size='@SIZE@' ctime='@TIME@' mtime='@TIME@'"},
        {"\"size\":( ?)[0-9]+", "\"size\":\\1@SIZE@"},
        {"\"(ctime|mtime)\":( ?)\"[0-9.-]+\"", "\"\\1\":\\2\"@TIME@\""},
        /* the host's identity: name, arch, kernel, MIDR/REVIDR on aarch64 */
        {"<host [^>]*/>", "<host @HOST@/>"},
        {"\"host\":( ?)\\{[^}]*\\}", "\"host\":\\1@HOST@"},
        {"^host [^\\n]*, kernel [^\\n]*$", "host @HOST@"},
        /* cache file names: the SHA-256 of the emulator's path */
        {"[0-9a-f]{64}", "@SHA256@"},
    };
    g_autofree char *a = replace_all(s, fake_qemu, "@FAKE_QEMU@");
    g_autofree char *b = replace_all(a, c->tmp, "@TMP@");
    char *x = replace_all(b, src_root, "@SRC@");

    for (gsize i = 0; i < G_N_ELEMENTS(patterns); i++) {
        char *y = regex_replace(x, patterns[i][0], patterns[i][1]);
        g_free(x);
        x = y;
    }
    return x;
}

static void
check_golden(const Case *c, const char *ext, const char *got)
{
    g_autofree char *path = g_strdup_printf("%s/%s.%s", data_dir, c->name, ext);
    g_autofree char *want = NULL;
    g_autoptr(GError) err = NULL;

    if (g_strcmp0(g_getenv("ARMCPU_REGENERATE"), "1") == 0) {
        g_file_set_contents(path, got, -1, &err);
        g_assert_no_error(err);
        return;
    }
    if (!g_file_get_contents(path, &want, NULL, &err))
        g_error("%s: %s (ARMCPU_REGENERATE=1 writes it)", path, err->message);
    if (strcmp(want, got) == 0)
        return;
    {
        g_auto(GStrv) w = g_strsplit(want, "\n", -1);
        g_auto(GStrv) g = g_strsplit(got, "\n", -1);
        guint line = 0;
        while (w[line] && g[line] && strcmp(w[line], g[line]) == 0)
            line++;
        g_test_message("%s differs at line %u\n--- expected\n%s\n--- got\n%s", path, line + 1,
                       w[line] ? w[line] : "(end of file)", g[line] ? g[line] : "(end of output)");
        g_test_message("--- whole output:\n%s", got);
        g_test_fail();
    }
}

/* The command word of an argument list (after the global options), or NULL. */
static const char *
command_of(const char *const *args)
{
    for (guint i = 0; args[i]; i++) {
        if (g_strv_contains(value_options, args[i]) && args[i + 1])
            i++;
        else if (args[i][0] != '-')
            return args[i];
    }
    return NULL;
}

/* The --format given, or NULL. */
static const char *
format_of(const char *const *args)
{
    const char *f = NULL;

    for (guint i = 0; args[i]; i++) {
        if (strcmp(args[i], "--format") == 0 && args[i + 1])
            f = args[++i];
        else if (g_str_has_prefix(args[i], "--format="))
            f = args[i] + strlen("--format=");
    }
    return f;
}

static void
check_rng(const char *rng_name, const char *xml, const char *what)
{
    g_autofree char *rng = g_build_filename(schema_dir, rng_name, NULL);
    xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt(rng);
    xmlRelaxNGPtr schema = xmlRelaxNGParse(pc);
    xmlRelaxNGValidCtxtPtr vc;
    xmlDocPtr doc;
    int rc;

    xmlRelaxNGFreeParserCtxt(pc);
    g_assert_nonnull(schema);
    doc = xmlReadMemory(xml, (int)strlen(xml), what, NULL, XML_PARSE_NONET);
    if (!doc) {
        g_test_message("%s is not well-formed XML", what);
        g_test_fail();
        xmlRelaxNGFree(schema);
        return;
    }
    vc = xmlRelaxNGNewValidCtxt(schema);
    rc = xmlRelaxNGValidateDoc(vc, doc);
    xmlRelaxNGFreeValidCtxt(vc);
    xmlFreeDoc(doc);
    xmlRelaxNGFree(schema);
    if (rc != 0) {
        g_test_message("%s does not validate against %s", what, rng_name);
        g_test_fail();
    }
}

/* Run the JSON Schema check; FALSE when it could not be done (skip). */
static gboolean
check_json_schema(const Case *c, const char *schema, const char *json)
{
    g_autofree char *file = g_build_filename(c->tmp, "stdout.json", NULL);
    g_autofree char *script = g_build_filename(src_root, "tests", "cli", "check-json.py", NULL);
    g_autofree char *dir = g_build_filename(schema_dir, "json", NULL);
    g_autofree char *err = NULL;
    g_autoptr(GError) error = NULL;
    const char *argv[] = {python, script, dir, schema, file, NULL};
    int status = 0;

    if (!python || !*python) {
        g_test_message("no python3: %s not checked against %s", c->name, schema);
        return FALSE;
    }
    g_file_set_contents(file, json, -1, &error);
    g_assert_no_error(error);
    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                      &status, &error))
        g_error("cannot run %s: %s", python, error->message);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 77) {
        g_test_message("%s", err);
        return FALSE;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        g_test_message("%s: stdout does not validate against %s:\n%s", c->name, schema, err);
        g_test_fail();
    }
    return TRUE;
}

/* JSON on stdout: well-formed, valid against the command's schema. */
static gboolean
check_json(const Case *c, const char *command, const char *out)
{
    g_autofree char *schema = g_strdup_printf("%s.schema.json", command);
    json_tokener *tok = json_tokener_new();
    json_object *o = json_tokener_parse_ex(tok, out, (int)strlen(out));
    gboolean ok = o && json_tokener_get_error(tok) == json_tokener_success;
    gboolean done;

    json_tokener_free(tok);
    if (!ok) {
        g_test_message("%s: stdout is not JSON", c->name);
        g_test_fail();
        json_object_put(o);
        return TRUE;
    }
    if (strcmp(command, "baseline") == 0) {
        json_object *cpu = NULL;
        if (json_object_object_get_ex(o, "cpu", &cpu))
            check_rng("guest-cpu.rng", json_object_get_string(cpu), "baseline's JSON \"cpu\"");
    }
    json_object_put(o);
    done = check_json_schema(c, schema, out);
    return done;
}

static void
test_case(gconstpointer data)
{
    const char *name = data;
    g_autoptr(Case) c = case_load(name);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *nout = NULL;
    g_autofree char *nerr = NULL;
    g_autofree char *rc_text = NULL;
    const char *command = command_of((const char *const *)c->args);
    const char *format = format_of((const char *const *)c->args);
    gboolean schema_done = TRUE;
    int rc;

    for (guint i = 0; i < c->setups->len; i++) {
        g_autofree char *so = NULL;
        g_autofree char *se = NULL;
        int src = run_armcpu(c, g_ptr_array_index(c->setups, i), &so, &se);
        if (src != 0)
            g_error("%s: setup run %u exited %d:\n%s", name, i + 1, src, se);
    }
    rc = run_armcpu(c, (const char *const *)c->args, &out, &err);
    nout = normalise(c, out);
    nerr = normalise(c, err);
    rc_text = g_strdup_printf("%d\n", rc);
    check_golden(c, "out", nout);
    check_golden(c, "err", nerr);
    check_golden(c, "rc", rc_text);

    if (rc >= 2) {
        if (*out) {
            g_test_message("%s: exit %d but something on stdout", name, rc);
            g_test_fail();
        }
        if (!g_str_has_prefix(err, "armcpu: error: ") && !strstr(err, "\narmcpu: error: ")) {
            g_test_message("%s: exit %d without an 'armcpu: error:' line", name, rc);
            g_test_fail();
        }
    } else if (command && *out) {
        gboolean xml_default = g_str_equal(command, "probe") ||
                               g_str_equal(command, "domcapabilities") ||
                               g_str_equal(command, "baseline");
        if (g_strcmp0(format, "json") == 0)
            schema_done = check_json(c, g_str_equal(command, "cache") ? "cache" : command, out);
        else if (xml_default && (!format || g_str_equal(format, "xml")))
            check_rng(g_str_equal(command, "probe")             ? "hostcaps.rng"
                      : g_str_equal(command, "domcapabilities") ? "domcaps.rng"
                                                                : "guest-cpu.rng",
                      out, name);
    }
    rm_rf(c->tmp);
    if (!schema_done && !g_test_failed())
        g_test_skip("golden matched; the JSON Schema check could not run");
}

/* Every JSON Schema is a valid draft 2020-12 schema. */
static void
test_json_schemas(void)
{
    g_autofree char *script = g_build_filename(src_root, "tests", "cli", "check-json.py", NULL);
    g_autofree char *dir = g_build_filename(schema_dir, "json", NULL);
    g_autofree char *err = NULL;
    g_autoptr(GError) error = NULL;
    const char *argv[] = {python, script, dir, "--check-schemas", NULL};
    int status = 0;

    if (!python || !*python) {
        g_test_skip("no python3");
        return;
    }
    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                      &status, &error))
        g_error("cannot run %s: %s", python, error->message);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 77) {
        g_test_skip(err);
        return;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        g_error("the JSON schemas are not valid:\n%s", err);
}

/*
 * Every command's --format json output has a case (and so a schema check),
 * and so has every XML document output; every golden file belongs to a case.
 */
static void
test_coverage(gconstpointer data)
{
    const GPtrArray *names = data;
    static const char *const commands[] = {"probe",   "domcapabilities", "validate",
                                           "cmdline", "compare",         "baseline",
                                           "models",  "cache",           NULL};
    static const char *const xml_commands[] = {"probe", "domcapabilities", "baseline", NULL};
    g_autoptr(GHashTable) json = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GHashTable) xml = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GDir) d = g_dir_open(data_dir, 0, NULL);
    const char *f;

    for (guint i = 0; i < names->len; i++) {
        g_autoptr(Case) c = case_load(g_ptr_array_index(names, i));
        const char *command = command_of((const char *const *)c->args);
        const char *format = format_of((const char *const *)c->args);
        rm_rf(c->tmp);
        if (!command)
            continue;
        if (g_strcmp0(format, "json") == 0)
            g_hash_table_add(json, g_strdup(command));
        else if (!format || g_str_equal(format, "xml"))
            g_hash_table_add(xml, g_strdup(command));
    }
    for (guint i = 0; commands[i]; i++) {
        if (!g_hash_table_contains(json, commands[i]))
            g_error("no case checks '%s --format json' against its schema", commands[i]);
    }
    for (guint i = 0; xml_commands[i]; i++) {
        if (!g_hash_table_contains(xml, xml_commands[i]))
            g_error("no case checks the XML of '%s' against its schema", xml_commands[i]);
    }
    while (d && (f = g_dir_read_name(d))) {
        const char *dot = strrchr(f, '.');
        g_autofree char *base = dot ? g_strndup(f, (gsize)(dot - f)) : NULL;
        g_autofree char *cmd = NULL;
        if (!dot ||
            !(g_str_equal(dot, ".out") || g_str_equal(dot, ".err") || g_str_equal(dot, ".rc")))
            continue;
        cmd = g_strdup_printf("%s/%s.cmd", data_dir, base);
        if (!g_file_test(cmd, G_FILE_TEST_EXISTS))
            g_error("%s/%s belongs to no case (no %s.cmd)", data_dir, f, base);
    }
}

static int
by_name(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
main(int argc, char **argv)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GDir) d = NULL;
    g_autoptr(GError) err = NULL;
    const char *f;
    int rc;

    g_test_init(&argc, &argv, NULL);
    src_root = g_getenv("ARMCPU_SOURCE_ROOT");
    armcpu_bin = g_getenv("ARMCPU_BIN");
    fake_qemu = g_getenv("ARMCPU_FAKE_QEMU");
    python = g_getenv("ARMCPU_PYTHON");
    if (!src_root || !armcpu_bin || !fake_qemu)
        g_error("ARMCPU_SOURCE_ROOT, ARMCPU_BIN and ARMCPU_FAKE_QEMU must be set (meson test)");
    data_dir = g_build_filename(src_root, "tests", "data", "cli", NULL);
#ifdef HAVE_VALGRIND_H
    if (RUNNING_ON_VALGRIND)
        valgrind = g_find_program_in_path("valgrind");
#endif
    if (!valgrind && g_strcmp0(g_getenv("ARMCPU_CLI_VALGRIND"), "1") == 0)
        valgrind = g_find_program_in_path("valgrind");
    valgrind_supp = g_strdup_printf("--suppressions=%s/tests/valgrind.supp", src_root);
    schema_dir = g_build_filename(src_root, "data", "schemas", NULL);
    xmlInitParser();

    d = g_dir_open(data_dir, 0, &err);
    g_assert_no_error(err);
    while ((f = g_dir_read_name(d))) {
        if (g_str_has_suffix(f, ".cmd"))
            g_ptr_array_add(names, g_strndup(f, strlen(f) - strlen(".cmd")));
    }
    g_ptr_array_sort(names, by_name);
    for (guint i = 0; i < names->len; i++) {
        const char *n = g_ptr_array_index(names, i);
        g_autofree char *path = g_strdup_printf("/cli/golden/%s", n);
        g_test_add_data_func(path, n, test_case);
    }
    g_test_add_func("/cli/schemas/json-schemas-are-valid", test_json_schemas);
    g_test_add_data_func("/cli/schemas/every-output-has-a-case", names, test_coverage);
    rc = g_test_run();
    g_free(data_dir);
    g_free(schema_dir);
    g_free(valgrind);
    g_free(valgrind_supp);
    xmlCleanupParser();
    return rc;
}
