/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-probe-faults.c: the probe fault matrix. At each step of a probe -
 * starting the emulator, the greeting, the negotiation, each command and
 * quit, and the exit after it - the fake QEMU crashes, hangs, sends garbage,
 * a huge or a deep reply, closes the connection or answers with a wrong id.
 * Each cell must end in a clear error within the timeout, leave no QEMU
 * process behind, write no cache file, and leave a previous good cache file
 * byte for byte intact when a refresh fails. Interleaved events must not
 * disturb anything.
 *
 * A cell "fails cleanly" when all of that holds. Each cell runs twice,
 * concurrently: in-process through the library (armcpu_host_caps_get into an
 * empty cache) and as `armcpu probe --refresh` over a good cache file (exit
 * status 3 and `armcpu: error:` on stderr). The probes use the Grace fixture
 * with a usable /dev/kvm, whose kvm conversation is the longest:
 * qmp_capabilities, query-commands, query-cpu-definitions,
 * query-cpu-model-expansion, query-arm-cpu-props-info, quit.
 */
#include "probe-test.h"

static ArmcpuRegistry *reg;

typedef enum {
    EMU_FAKE,            /* the fake QEMU */
    EMU_NOT_EXECUTABLE,  /* a copy of it, mode 0644 */
    EMU_MISSING,         /* a path where nothing is */
    EMU_BAD_INTERPRETER, /* a script whose interpreter does not exist */
} EmuKind;

typedef struct {
    char *path;
    EmuKind emu;
    char *fault;            /* FAKE_QEMU_FAULT, or NULL */
    gboolean ok;            /* the probe must succeed */
    const char *expect[4];  /* what the error message must contain (NULL-terminated) */
    gboolean stderr_needed; /* QEMU's stderr text ("fake crash") must be in the message */
} Cell;

/* The commands of the kvm conversation, by the number of replies before them. */
static const char *const commands[] = {
    "qmp_capabilities",          "query-commands",           "query-cpu-definitions",
    "query-cpu-model-expansion", "query-arm-cpu-props-info", "quit",
};
static const char *const steps[] = {
    "negotiation", "query-commands", "query-cpu-definitions", "query-cpu-model-expansion",
    "props-info",  "quit",
};

/* A whole probe of Grace takes about 30 ms, 200 ms under ASan, 700 ms under valgrind. */
static int
lib_timeout_ms(void)
{
    return RUNNING_ON_VALGRIND ? 3000 : 1000;
}

static int
cli_timeout_s(void)
{
    return RUNNING_ON_VALGRIND ? 3 : 1; /* armcpu itself is not run under valgrind */
}

/* Replace @path by a file holding @text, atomically (a new inode). */
static void
replace_file(const char *path, const char *text, int mode)
{
    g_autofree char *tmp = g_strconcat(path, ".new", NULL);

    test_write(tmp, text, -1, mode);
    g_assert_cmpint(rename(tmp, path), ==, 0);
}

/* Make the sandbox's private emulator what the cell wants. */
static void
spoil_emulator(Sandbox *sb, EmuKind kind)
{
    switch (kind) {
    case EMU_FAKE:
        break;
    case EMU_NOT_EXECUTABLE:
        g_assert_cmpint(chmod(sb->emulator, 0644), ==, 0);
        break;
    case EMU_MISSING:
        g_assert_cmpint(g_unlink(sb->emulator), ==, 0);
        break;
    case EMU_BAD_INTERPRETER:
        replace_file(sb->emulator, "#!/nonexistent/interpreter\n", 0755);
        break;
    }
}

static void
sandbox_for_cell(Sandbox *sb, const Cell *c)
{
    sandbox_init(sb);
    sandbox_replies(sb, "grace");
    sandbox_kvm(sb, TRUE);
    if (c->emu != EMU_FAKE)
        sandbox_private_emulator(sb);
}

/* The sandbox's cache directory holds nothing but lock files, or also the
 * cache file when @file_expected. */
static void
assert_cache_files(const Sandbox *sb, gboolean file_expected)
{
    g_autoptr(GPtrArray) names = test_dir_names(sb->cache);
    g_autofree char *file = sandbox_cache_file(sb);
    g_autofree char *base = g_path_get_basename(file);
    gboolean seen = FALSE;

    for (guint i = 0; i < names->len; i++) {
        const char *n = g_ptr_array_index(names, i);
        if (g_str_has_suffix(n, ".lock"))
            continue;
        if (file_expected && strcmp(n, base) == 0) {
            seen = TRUE;
            continue;
        }
        g_test_message("unexpected file in the cache directory: %s", n);
        g_assert_not_reached();
    }
    g_assert_true(seen == file_expected);
}

static void
assert_message(const Cell *c, const char *msg, const char *emulator)
{
    for (gsize i = 0; c->expect[i]; i++) {
        if (c->emu == EMU_BAD_INTERPRETER && RUNNING_ON_VALGRIND)
            break; /* valgrind's execve reports no error: QEMU just never answers */
        if (!strstr(msg, c->expect[i]))
            g_test_message("expected '%s' in: %s", c->expect[i], msg);
        g_assert_nonnull(strstr(msg, c->expect[i]));
    }
    if (c->stderr_needed)
        g_assert_nonnull(strstr(msg, "qemu-system-aarch64: fake crash"));
    g_assert_nonnull(strstr(msg, emulator));
}

static void
test_cell(gconstpointer data)
{
    const Cell *c = data;
    Sandbox a, b;
    Armcpu cli;
    RunResult r;
    g_autofree char *good_out = NULL;
    g_autofree char *b_file = NULL;
    g_autoptr(GBytes) good = NULL;
    g_autoptr(GBytes) after = NULL;
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuHostCaps) caps = NULL;
    g_autofree char *timeout = g_strdup_printf("%d", cli_timeout_s());
    g_autofree char *a_real = NULL;
    gboolean from_cache = TRUE;
    gint64 start, elapsed;

    /* B: a good cache file first, then the faulty refresh, in the background */
    sandbox_for_cell(&b, c);
    good_out = armcpu_ok(&b, "probe", NULL);
    b_file = sandbox_cache_file(&b);
    good = test_read_bytes_or_null(b_file);
    g_assert_nonnull(good);
    spoil_emulator(&b, c->emu);
    sandbox_set(&b, "FAKE_QEMU_FAULT", c->fault);
    armcpu_start(&b, &cli, "--timeout", timeout, "probe", "--refresh", NULL);

    /* A: the library, into an empty cache */
    sandbox_for_cell(&a, c);
    spoil_emulator(&a, c->emu);
    sandbox_set(&a, "FAKE_QEMU_FAULT", c->fault);
    sandbox_apply_env(&a);
    a_real = c->emu == EMU_MISSING ? g_strdup(a.emulator) : realpath(a.emulator, NULL);
    start = test_now_ms();
    caps = armcpu_host_caps_get(a.emulator, a.cache, (guint)lib_timeout_ms(), 0, reg, &from_cache,
                                &err);
    elapsed = test_now_ms() - start;
    g_test_message("library: %" G_GINT64_FORMAT " ms: %s", elapsed, err ? err->message : "ok");
    g_assert_cmpint(elapsed, <=, lib_timeout_ms() + test_margin_ms());
    assert_no_qemu_left(a.log, 0);
    if (c->ok) {
        g_autofree char *xml = NULL;
        g_autofree char *golden_path = test_data_path("probe/grace.xml");
        g_autofree char *golden = test_read(golden_path);
        g_assert_no_error(err);
        g_assert_false(from_cache);
        test_scrub(caps);
        xml = armcpu_host_caps_format(caps);
        g_assert_cmpstr(xml, ==, golden);
    } else {
        g_assert_null(caps);
        g_assert_nonnull(err);
        g_assert_true(err->domain == ARMCPU_PROBE_ERROR);
        assert_message(c, err->message, a_real);
    }
    assert_cache_files(&a, c->ok);

    /* B's verdict */
    armcpu_wait(&cli, armcpu_run_timeout_ms(), &r);
    g_test_message("armcpu: %" G_GINT64_FORMAT " ms, exit %d: %s", r.elapsed_ms, r.status, r.err);
    g_assert_cmpint(r.elapsed_ms, <=, cli_timeout_s() * 1000 + test_margin_ms());
    assert_no_qemu_left(b.log, 0);
    after = test_read_bytes_or_null(b_file);
    g_assert_nonnull(after);
    g_assert_true(g_bytes_equal(after, good));
    assert_cache_files(&b, TRUE);
    if (c->ok) {
        g_assert_cmpint(r.status, ==, 0);
        g_assert_cmpstr(r.out, ==, good_out);
    } else {
        g_autofree char *b_real =
            c->emu == EMU_MISSING ? g_strdup(b.emulator) : realpath(b.emulator, NULL);
        g_assert_cmpint(r.status, ==, 3);
        g_assert_cmpstr(r.out, ==, "");
        g_assert_true(g_str_has_prefix(r.err, "armcpu: error: "));
        g_assert_cmpuint(strlen(r.err), <, 8192); /* a sentence, not a dump */
        assert_message(c, r.err, b_real);
    }
    run_result_clear(&r);
    sandbox_clear(&a);
    sandbox_clear(&b);
}

/* ----- the table ----- */

static GPtrArray *cells;

static Cell *
add_cell(const char *path, EmuKind emu, const char *fault)
{
    Cell *c = g_new0(Cell, 1);

    c->path = g_strdup(path);
    c->emu = emu;
    c->fault = g_strdup(fault);
    g_ptr_array_add(cells, c);
    return c;
}

static void
cell_free(Cell *c)
{
    g_free(c->path);
    g_free(c->fault);
    g_free(c);
}

static void
build_cells(void)
{
    static const char *const kinds[] = {"crash", "hang", "garbage", "huge",
                                        "deep",  "eof",  "wrong-id"};
    Cell *c;

    c = add_cell("/probe/fault/spawn/crash-at-start-fails-cleanly", EMU_FAKE, "crash-at-start");
    c->expect[0] = "fake crash at start";
    c->stderr_needed = TRUE;
    c = add_cell("/probe/fault/spawn/emulator-not-executable-fails-cleanly", EMU_NOT_EXECUTABLE,
                 NULL);
    c->expect[0] = "is not executable";
    c = add_cell("/probe/fault/spawn/emulator-missing-fails-cleanly", EMU_MISSING, NULL);
    c->expect[0] = "No such file or directory";
    c = add_cell("/probe/fault/spawn/interpreter-missing-fails-cleanly", EMU_BAD_INTERPRETER, NULL);
    c->expect[0] = "cannot run";
    c = add_cell("/probe/fault/greeting/never-sent-fails-cleanly", EMU_FAKE, "no-greeting");
    c->expect[0] = "timed out waiting for the QMP greeting";
    c = add_cell("/probe/fault/greeting/slower-than-timeout-fails-cleanly", EMU_FAKE,
                 "slow-start:20000");
    c->expect[0] = "timed out waiting for the QMP greeting";

    for (guint n = 0; n < G_N_ELEMENTS(commands); n++) {
        for (gsize k = 0; k < G_N_ELEMENTS(kinds); k++) {
            g_autofree char *path =
                g_strdup_printf("/probe/fault/%s/%s-fails-cleanly", steps[n], kinds[k]);
            g_autofree char *fault = g_strdup_printf("%s-after:%u", kinds[k], n);
            g_autofree char *quoted = g_strdup_printf("'%s'", commands[n]);

            c = add_cell(path, EMU_FAKE, fault);
            c->expect[0] = "with accel=kvm";
            switch (k) {
            case 0:
                c->expect[1] = g_intern_string(quoted);
                c->stderr_needed = TRUE;
                break;
            case 1:
                c->expect[1] = g_intern_string(quoted);
                c->expect[2] = "timed out";
                break;
            case 2:
                c->expect[1] = "not JSON";
                break;
            case 3:
                c->expect[1] = "larger than the limit";
                break;
            case 4:
                c->expect[1] = "deeper than the limit";
                break;
            case 5:
                c->expect[1] = g_intern_string(quoted);
                c->expect[2] = "closed the QMP connection";
                break;
            case 6:
                c->expect[1] = "not-yours";
                break;
            }
        }
    }
    /* after the reply to quit, QEMU must still exit, and cleanly */
    c = add_cell("/probe/fault/exit-after-quit/crash-fails-cleanly", EMU_FAKE, "crash-after:6");
    c->expect[0] = "after quit";
    c->stderr_needed = TRUE;
    c = add_cell("/probe/fault/exit-after-quit/hang-fails-cleanly", EMU_FAKE, "hang-after:6");
    c->expect[0] = "after quit";
    c->expect[1] = "did not exit in time";
    c = add_cell("/probe/fault/every-step/events-are-skipped", EMU_FAKE, "events");
    c->ok = TRUE;
}

int
main(int argc, char **argv)
{
    int rc;

    g_test_init(&argc, &argv, NULL);
    test_become_subreaper();
    reg = test_registry();
    cells = g_ptr_array_new_with_free_func((GDestroyNotify)cell_free);
    build_cells();
    for (guint i = 0; i < cells->len; i++) {
        const Cell *c = g_ptr_array_index(cells, i);
        g_test_add_data_func(c->path, c, test_cell);
    }
    rc = g_test_run();
    g_ptr_array_unref(cells);
    armcpu_registry_unref(reg);
    return rc;
}
