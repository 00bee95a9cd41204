/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-cache.c: the capabilities cache: served without starting QEMU while
 * valid; re-probed when the emulator, armcpu, the kernel, /dev/kvm or the
 * host CPU changed; a damaged, foreign or unsafely owned file refused and
 * replaced; private permissions; `armcpu cache list|path|clear`.
 *
 * Each test has its own copy of the fake QEMU (so that touching it disturbs
 * no other test), answering from tcg-only.json without a usable /dev/kvm:
 * one probe is one QEMU start.
 */
#include "probe-test.h"

#include "config.h"

#include <sys/file.h>

static ArmcpuRegistry *reg;

#define SEAL_HEAD "<!-- armcpu-cache sha256="

static void
setup(Sandbox *sb)
{
    sandbox_init(sb);
    sandbox_private_emulator(sb);
}

/* `armcpu probe`, which must succeed; returns the document printed. */
static char *
probe_ok(Sandbox *sb)
{
    return armcpu_ok(sb, "probe", NULL);
}

/* The cache file's contents, which must exist. */
static char *
cache_text(const Sandbox *sb)
{
    g_autofree char *file = sandbox_cache_file(sb);

    return test_read(file);
}

/* The document part of a cache file's @text (everything before the seal). */
static char *
doc_of(const char *text)
{
    const char *seal = g_strrstr(text, SEAL_HEAD);

    g_assert_nonnull(seal);
    return g_strndup(text, (gsize)(seal - text));
}

/* Write @doc as a cache file armcpu would trust: sealed with its SHA-256, mode 0600. */
static void
write_sealed(const char *path, const char *doc)
{
    g_autofree char *hash = g_compute_checksum_for_string(G_CHECKSUM_SHA256, doc, -1);
    g_autofree char *text = g_strconcat(doc, SEAL_HEAD, hash, " -->\n", NULL);

    test_write(path, text, -1, 0600);
}

/* Replace @from by @to in the cache file's document and seal it again. */
static void
edit_cache(const Sandbox *sb, const char *from, const char *to)
{
    g_autofree char *file = sandbox_cache_file(sb);
    g_autofree char *text = test_read(file);
    g_autofree char *doc = doc_of(text);
    g_autoptr(GString) edited = g_string_new(doc);

    g_assert_nonnull(strstr(doc, from));
    g_string_replace(edited, from, to, 1);
    write_sealed(file, edited->str);
}

/* The status `armcpu cache list` gives the sandbox's only cache file. */
static char *
list_status(Sandbox *sb)
{
    g_autofree char *out = armcpu_ok(sb, "cache", "list", NULL);
    const char *status = strstr(out, "  status: ");

    g_assert_nonnull(status);
    return g_strchomp(g_strdup(status + strlen("  status: ")));
}

/* Probing now re-probes (one more QEMU start) and leaves the good file @good. */
static void
assert_reprobes(Sandbox *sb, const char *good, const char *good_doc)
{
    guint before = fake_n_starts(sb->log);
    g_autofree char *out = probe_ok(sb);
    g_autofree char *now = cache_text(sb);
    g_autofree char *file = sandbox_cache_file(sb);
    struct stat st;

    g_assert_cmpuint(fake_n_starts(sb->log), ==, before + 1);
    g_assert_cmpstr(out, ==, good_doc);
    g_assert_cmpstr(now, ==, good);
    g_assert_cmpint(lstat(file, &st), ==, 0);
    g_assert_true(S_ISREG(st.st_mode));
    g_assert_cmpint(st.st_mode & 07777, ==, 0600);
    g_assert_cmpint(st.st_uid, ==, geteuid());
}

/* Probe once and keep what a good cache file and its document look like. */
static void
good_probe(Sandbox *sb, char **good, char **good_doc)
{
    *good_doc = probe_ok(sb);
    *good = cache_text(sb);
    g_assert_cmpuint(fake_n_starts(sb->log), ==, 1);
}

/* ----- served from the cache ----- */

static void
test_second_probe_no_qemu(void)
{
    Sandbox sb;

    setup(&sb);
    g_free(probe_ok(&sb));
    g_assert_cmpuint(fake_n_starts(sb.log), ==, 1);
    g_free(probe_ok(&sb));
    g_free(probe_ok(&sb));
    g_assert_cmpuint(fake_n_starts(sb.log), ==, 1);
    sandbox_clear(&sb);
}

static void
test_second_probe_same_document(void)
{
    Sandbox sb;
    g_autofree char *first = NULL;
    g_autofree char *second = NULL;

    setup(&sb);
    first = probe_ok(&sb);
    second = probe_ok(&sb);
    g_assert_cmpstr(second, ==, first);
    sandbox_clear(&sb);
}

static void
test_cached_file_is_the_document(void)
{
    Sandbox sb;
    g_autofree char *out = NULL;
    g_autofree char *text = NULL;
    g_autofree char *doc = NULL;

    setup(&sb);
    out = probe_ok(&sb);
    text = cache_text(&sb);
    doc = doc_of(text);
    /* the document armcpu prints, followed by its seal, and still a valid document */
    g_assert_cmpstr(doc, ==, out);
    test_assert_schema_valid(text);
    sandbox_clear(&sb);
}

static void
test_refresh_starts_one(void)
{
    Sandbox sb;
    g_autofree char *out = NULL;

    setup(&sb);
    g_free(probe_ok(&sb));
    out = armcpu_ok(&sb, "probe", "--refresh", NULL);
    g_assert_cmpuint(fake_n_starts(sb.log), ==, 2);
    sandbox_clear(&sb);
}

static void
test_library_from_cache(void)
{
    Sandbox sb;
    g_autoptr(GError) err = NULL;
    gboolean from_cache = TRUE;

    setup(&sb);
    sandbox_apply_env(&sb);
    for (int i = 0; i < 2; i++) {
        g_autoptr(ArmcpuHostCaps) caps =
            armcpu_host_caps_get(sb.emulator, sb.cache, 0, 0, reg, &from_cache, &err);
        g_assert_no_error(err);
        g_assert_nonnull(caps);
        g_assert_true(from_cache == (i == 1));
    }
    g_assert_cmpuint(fake_n_starts(sb.log), ==, 1);
    sandbox_clear(&sb);
}

static void
test_library_no_cache(void)
{
    Sandbox sb;
    g_autoptr(GError) err = NULL;
    gboolean from_cache = TRUE;

    setup(&sb);
    sandbox_apply_env(&sb);
    for (int i = 0; i < 2; i++) {
        g_autoptr(ArmcpuHostCaps) caps = armcpu_host_caps_get(
            sb.emulator, sb.cache, 0, ARMCPU_PROBE_NO_CACHE, reg, &from_cache, &err);
        g_assert_no_error(err);
        g_assert_nonnull(caps);
        g_assert_false(from_cache);
    }
    g_assert_cmpuint(fake_n_starts(sb.log), ==, 2);
    g_assert_false(g_file_test(sb.cache, G_FILE_TEST_EXISTS));
    sandbox_clear(&sb);
}

/* ----- stale: re-probed ----- */

static void
test_stale_mtime(void)
{
    Sandbox sb;
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    struct timespec times[2] = {{0, UTIME_OMIT}, {1700000000, 123456789}};

    setup(&sb);
    before = probe_ok(&sb);
    g_assert_cmpint(utimensat(AT_FDCWD, sb.emulator, times, 0), ==, 0);
    after = probe_ok(&sb);
    g_assert_cmpuint(fake_n_starts(sb.log), ==, 2);
    g_assert_nonnull(strstr(after, "mtime='1700000000.123456789'"));
    g_assert_cmpstr(after, !=, before);
    sandbox_clear(&sb);
}

static void
test_stale_ctime(void)
{
    Sandbox sb;
    struct stat st0, st;
    gint64 deadline;

    setup(&sb);
    g_free(probe_ok(&sb));
    g_assert_cmpint(stat(sb.emulator, &st0), ==, 0);
    /* chmod changes only the ctime; the kernel's clock is coarse, so repeat until it moved */
    deadline = test_now_ms() + 2000;
    do {
        g_assert_cmpint(chmod(sb.emulator, 0755), ==, 0);
        g_assert_cmpint(stat(sb.emulator, &st), ==, 0);
        g_assert_cmpint(test_now_ms(), <, deadline);
    } while (st.st_ctim.tv_sec == st0.st_ctim.tv_sec && st.st_ctim.tv_nsec == st0.st_ctim.tv_nsec);
    g_assert_true(st.st_mtim.tv_sec == st0.st_mtim.tv_sec &&
                  st.st_mtim.tv_nsec == st0.st_mtim.tv_nsec);
    g_free(probe_ok(&sb));
    g_assert_cmpuint(fake_n_starts(sb.log), ==, 2);
    sandbox_clear(&sb);
}

static void
test_stale_size(void)
{
    Sandbox sb;
    FILE *f;

    setup(&sb);
    g_free(probe_ok(&sb));
    f = fopen(sb.emulator, "ab");
    g_assert_nonnull(f);
    fputs("trailing bytes", f);
    fclose(f);
    g_free(probe_ok(&sb));
    g_assert_cmpuint(fake_n_starts(sb.log), ==, 2);
    sandbox_clear(&sb);
}

static void
test_stale_kvm(void)
{
    Sandbox sb;
    g_autofree char *usable = NULL;
    g_autofree char *unusable = NULL;

    setup(&sb);
    g_free(probe_ok(&sb));
    g_assert_cmpuint(fake_n_starts(sb.log), ==, 1);
    sandbox_kvm(&sb, TRUE);
    usable = probe_ok(&sb);
    /* re-probed: kvm tried (this QEMU refuses it), then tcg */
    g_assert_cmpuint(fake_n_starts(sb.log), ==, 3);
    g_assert_nonnull(strstr(usable, "kvm='yes'"));
    g_free(probe_ok(&sb));
    g_assert_cmpuint(fake_n_starts(sb.log), ==, 3);
    sandbox_kvm(&sb, FALSE);
    unusable = probe_ok(&sb);
    g_assert_cmpuint(fake_n_starts(sb.log), ==, 4);
    g_assert_nonnull(strstr(unusable, "kvm='no'"));
    sandbox_clear(&sb);
}

/* In the cache file, @prefix (" kernel='") and the rest of the attribute's value. */
static char *
attribute_at(const Sandbox *sb, const char *prefix)
{
    g_autofree char *text = cache_text(sb);
    const char *p = strstr(text, prefix);
    gsize n;

    g_assert_nonnull(p);
    n = strlen(prefix) + strcspn(p + strlen(prefix), "'") + 1;
    return g_strndup(p, n);
}

static void
test_stale_edit(gconstpointer data)
{
    const char *const *edit = data; /* from, to, the reason `cache list` gives */
    Sandbox sb;
    g_autofree char *good = NULL;
    g_autofree char *good_doc = NULL;
    g_autofree char *status = NULL;

    setup(&sb);
    good_probe(&sb, &good, &good_doc);
    if (g_str_has_prefix(edit[0], "<armcpu version=")) {
        /* this armcpu's version, whatever it is */
        g_autofree char *from = g_strdup_printf("<armcpu version='%s'/>", ARMCPU_VERSION);
        edit_cache(&sb, from, edit[1]);
    } else {
        g_autofree char *from = attribute_at(&sb, edit[0]);
        edit_cache(&sb, from, edit[1]);
    }
    status = list_status(&sb);
    g_test_message("cache list: %s", status);
    g_assert_nonnull(strstr(status, edit[2]));
    assert_reprobes(&sb, good, good_doc);
    sandbox_clear(&sb);
}

static const char *const edit_version[] = {"<armcpu version=", "<armcpu version='0.0.9'/>",
                                           "stale: written by armcpu 0.0.9"};
static const char *const edit_kernel[] = {" kernel='", " kernel='1.2.3-other'",
                                          "stale: the kernel changed (1.2.3-other"};
static const char *const edit_midr[] = {" kvm='", " midr='0x410fd4f0' kvm='no'",
                                        "stale: the host CPU (MIDR/REVIDR) changed"};
static const char *const edit_emulator[] = {" size='", " size='1'",
                                            "stale: the emulator binary changed"};
static const char *const edit_format[] = {"<hostCapabilities format='",
                                          "<hostCapabilities format='2'",
                                          "document format '2' is not supported"};

/* ----- refused: damaged, foreign or unsafe files ----- */

static void
test_truncated(void)
{
    Sandbox sb;
    g_autofree char *good = NULL;
    g_autofree char *good_doc = NULL;
    g_autofree char *file = NULL;
    gsize len;

    setup(&sb);
    good_probe(&sb, &good, &good_doc);
    file = sandbox_cache_file(&sb);
    len = strlen(good);
    /* nothing, one byte, half, all but the last byte, the document without its seal */
    gsize cuts[] = {0, 1, len / 2, len - 1, strlen(good_doc)};
    for (gsize i = 0; i < G_N_ELEMENTS(cuts); i++) {
        g_autofree char *status = NULL;
        test_write(file, good, (gssize)cuts[i], 0600);
        status = list_status(&sb);
        g_test_message("truncated to %zu bytes: %s", cuts[i], status);
        g_assert_cmpstr(status, !=, "valid");
        assert_reprobes(&sb, good, good_doc);
    }
    sandbox_clear(&sb);
}

static void
test_bit_flips(void)
{
    Sandbox sb;
    g_autofree char *good = NULL;
    g_autofree char *good_doc = NULL;
    g_autofree char *file = NULL;
    guint flips = RUNNING_ON_VALGRIND ? 12 : 64;
    gsize len;

    setup(&sb);
    good_probe(&sb, &good, &good_doc);
    file = sandbox_cache_file(&sb);
    len = strlen(good);
    sandbox_apply_env(&sb);
    for (guint i = 0; i < flips; i++) {
        /* spread over the whole file, the seal included; the last flip is in the hash */
        gsize off = i + 1 == flips ? len - 10 : (gsize)((guint64)i * (len - 1) / (flips - 1));
        g_autofree char *bad = g_strdup(good);
        g_autofree char *now = NULL;
        g_autoptr(GError) err = NULL;
        g_autoptr(ArmcpuHostCaps) caps = NULL;
        gboolean from_cache = TRUE;
        guint before = fake_n_starts(sb.log);

        bad[off] ^= (char)(1u << (i % 7)); /* never the 8th bit: stays ASCII, still XML */
        test_write(file, bad, (gssize)len, 0600);
        caps = armcpu_host_caps_get(sb.emulator, sb.cache, 0, 0, reg, &from_cache, &err);
        g_assert_no_error(err);
        if (from_cache)
            g_test_message("a flip of bit %u at offset %zu was trusted", i % 7, off);
        g_assert_false(from_cache);
        g_assert_cmpuint(fake_n_starts(sb.log), ==, before + 1);
        now = test_read(file);
        g_assert_cmpstr(now, ==, good);
    }
    sandbox_clear(&sb);
}

static void
test_world_writable(void)
{
    Sandbox sb;
    g_autofree char *good = NULL;
    g_autofree char *good_doc = NULL;
    g_autofree char *file = NULL;
    g_autofree char *status = NULL;

    setup(&sb);
    good_probe(&sb, &good, &good_doc);
    file = sandbox_cache_file(&sb);
    g_assert_cmpint(chmod(file, 0666), ==, 0);
    status = list_status(&sb);
    g_assert_nonnull(strstr(status, "not a private regular file"));
    assert_reprobes(&sb, good, good_doc);
    sandbox_clear(&sb);
}

static void
test_group_writable(void)
{
    Sandbox sb;
    g_autofree char *good = NULL;
    g_autofree char *good_doc = NULL;
    g_autofree char *file = NULL;

    setup(&sb);
    good_probe(&sb, &good, &good_doc);
    file = sandbox_cache_file(&sb);
    g_assert_cmpint(chmod(file, 0620), ==, 0);
    assert_reprobes(&sb, good, good_doc);
    sandbox_clear(&sb);
}

static void
test_symlink(void)
{
    Sandbox sb;
    g_autofree char *good = NULL;
    g_autofree char *good_doc = NULL;
    g_autofree char *file = NULL;
    g_autofree char *elsewhere = NULL;
    g_autofree char *kept = NULL;
    g_autofree char *status = NULL;

    setup(&sb);
    good_probe(&sb, &good, &good_doc);
    file = sandbox_cache_file(&sb);
    elsewhere = g_build_filename(sb.dir, "elsewhere.xml", NULL);
    /* a valid, private file of ours - but reached through a symbolic link */
    g_assert_cmpint(rename(file, elsewhere), ==, 0);
    g_assert_cmpint(symlink(elsewhere, file), ==, 0);
    status = list_status(&sb);
    g_assert_cmpstr(status, !=, "valid");
    assert_reprobes(&sb, good, good_doc);
    kept = test_read(elsewhere);
    g_assert_cmpstr(kept, ==, good);
    sandbox_clear(&sb);
}

static void
test_other_user(void)
{
    Sandbox sb;
    g_autofree char *good = NULL;
    g_autofree char *good_doc = NULL;
    g_autofree char *file = NULL;
    g_autofree char *status = NULL;

    if (geteuid() != 0) {
        g_test_skip("only root can give a file to another user");
        return;
    }
    setup(&sb);
    good_probe(&sb, &good, &good_doc);
    file = sandbox_cache_file(&sb);
    g_assert_cmpint(chown(file, 65534, 65534), ==, 0); /* nobody */
    status = list_status(&sb);
    g_assert_nonnull(strstr(status, "not a private regular file of this user"));
    assert_reprobes(&sb, good, good_doc);
    sandbox_clear(&sb);
}

static void
test_fifo(void)
{
    Sandbox sb;
    g_autofree char *good = NULL;
    g_autofree char *good_doc = NULL;
    g_autofree char *file = NULL;

    setup(&sb);
    good_probe(&sb, &good, &good_doc);
    file = sandbox_cache_file(&sb);
    g_assert_cmpint(g_unlink(file), ==, 0);
    g_assert_cmpint(mkfifo(file, 0600), ==, 0);
    /* opening a FIFO for reading must not block the lookup */
    assert_reprobes(&sb, good, good_doc);
    sandbox_clear(&sb);
}

static void
test_foreign_emulator(void)
{
    Sandbox sb;
    g_autofree char *good = NULL;
    g_autofree char *good_doc = NULL;
    g_autofree char *real = NULL;

    setup(&sb);
    good_probe(&sb, &good, &good_doc);
    real = realpath(sb.emulator, NULL);
    /* a file describing another emulator, put under this emulator's name */
    edit_cache(&sb, real, "/usr/bin/qemu-system-other");
    assert_reprobes(&sb, good, good_doc);
    sandbox_clear(&sb);
}

/* ----- where and how ----- */

static void
test_dir_private(void)
{
    Sandbox sb;
    g_autofree char *file = NULL;
    g_autofree char *lock = NULL;
    struct stat st;

    setup(&sb);
    g_free(sb.cache);
    sb.cache = g_build_filename(sb.dir, "a", "b", "cache", NULL);
    g_free(probe_ok(&sb));
    g_assert_cmpint(stat(sb.cache, &st), ==, 0);
    g_assert_cmpint(st.st_mode & 07777, ==, 0700);
    file = sandbox_cache_file(&sb);
    g_assert_cmpint(stat(file, &st), ==, 0);
    g_assert_cmpint(st.st_mode & 07777, ==, 0600);
    lock = g_strconcat(file, ".lock", NULL);
    g_assert_cmpint(stat(lock, &st), ==, 0);
    g_assert_cmpint(st.st_mode & 07777, ==, 0600);
    sandbox_clear(&sb);
}

static void
test_dir_made_private(void)
{
    Sandbox sb;
    struct stat st;

    setup(&sb);
    g_assert_cmpint(g_mkdir(sb.cache, 0755), ==, 0);
    g_assert_cmpint(chmod(sb.cache, 0755), ==, 0);
    g_free(probe_ok(&sb));
    g_assert_cmpint(stat(sb.cache, &st), ==, 0);
    g_assert_cmpint(st.st_mode & 07777, ==, 0700);
    sandbox_clear(&sb);
}

static void
test_file_name(void)
{
    Sandbox sb;
    g_autofree char *real = NULL;
    g_autofree char *hash = NULL;
    g_autofree char *name = NULL;
    g_autofree char *link = NULL;
    g_autoptr(GPtrArray) names = NULL;

    setup(&sb);
    g_free(probe_ok(&sb));
    real = realpath(sb.emulator, NULL);
    hash = g_compute_checksum_for_string(G_CHECKSUM_SHA256, real, -1);
    name = g_strconcat(hash, ".xml", NULL);
    names = test_dir_names(sb.cache);
    g_assert_true(g_ptr_array_find_with_equal_func(names, name, g_str_equal, NULL));
    /* the path is resolved first: through a symbolic link, the same file serves */
    link = g_build_filename(sb.dir, "qemu-link", NULL);
    g_assert_cmpint(symlink(sb.emulator, link), ==, 0);
    g_free(sb.emulator);
    sb.emulator = g_steal_pointer(&link);
    g_free(probe_ok(&sb));
    g_assert_cmpuint(fake_n_starts(sb.log), ==, 1);
    sandbox_clear(&sb);
}

static void
test_cli_path(void)
{
    Sandbox sb;
    g_autofree char *out = NULL;
    g_autofree char *file = NULL;
    g_autofree char *want = NULL;

    setup(&sb);
    out = armcpu_ok(&sb, "cache", "path", NULL);
    file = sandbox_cache_file(&sb);
    want = g_strdup_printf("%s\n%s\n", sb.cache, file);
    g_assert_cmpstr(out, ==, want);
    sandbox_clear(&sb);
}

static void
test_cli_list(void)
{
    Sandbox sb;
    g_autofree char *empty = NULL;
    g_autofree char *out = NULL;
    g_autofree char *file = NULL;
    g_autofree char *real = NULL;
    g_autofree char *want = NULL;

    setup(&sb);
    empty = armcpu_ok(&sb, "cache", "list", NULL);
    g_assert_true(g_str_has_prefix(empty, "no cache files in "));
    g_free(probe_ok(&sb));
    out = armcpu_ok(&sb, "cache", "list", NULL);
    file = sandbox_cache_file(&sb);
    real = realpath(sb.emulator, NULL);
    want = g_strdup_printf("%s\n  emulator: %s\n  qemu: 7.2.22\n  status: valid\n", file, real);
    g_assert_cmpstr(out, ==, want);
    sandbox_clear(&sb);
}

static void
test_cli_clear(void)
{
    Sandbox sb;
    g_autofree char *out = NULL;
    g_autofree char *file = NULL;
    g_autofree char *notes = NULL;
    g_autofree char *temp = NULL;
    g_autofree char *want = NULL;
    g_autoptr(GPtrArray) names = NULL;

    setup(&sb);
    g_free(probe_ok(&sb));
    file = sandbox_cache_file(&sb);
    notes = g_build_filename(sb.cache, "notes.txt", NULL);
    test_write(notes, "mine\n", -1, 0600);
    temp = g_strconcat(file, ".Ab12Cd", NULL); /* what a killed write leaves */
    test_write(temp, "<hostCap", -1, 0600);
    out = armcpu_ok(&sb, "cache", "clear", NULL);
    want = g_strdup_printf("removed 3 files from %s\n", sb.cache);
    g_assert_cmpstr(out, ==, want);
    names = test_dir_names(sb.cache);
    g_assert_cmpuint(names->len, ==, 1);
    g_assert_cmpstr(g_ptr_array_index(names, 0), ==, "notes.txt");
    sandbox_clear(&sb);
}

static void
test_temp_leftover_ignored(void)
{
    Sandbox sb;
    g_autofree char *file = NULL;
    g_autofree char *temp = NULL;
    g_autofree char *out = NULL;

    setup(&sb);
    g_free(probe_ok(&sb));
    file = sandbox_cache_file(&sb);
    temp = g_strconcat(file, ".Xy34Zw", NULL);
    test_write(temp, "<hostCapabilities format='1'>", -1, 0600);
    g_free(probe_ok(&sb));
    g_assert_cmpuint(fake_n_starts(sb.log), ==, 1);
    out = armcpu_ok(&sb, "cache", "list", NULL);
    g_assert_null(strstr(out, temp));
    g_assert_nonnull(strstr(out, "status: valid"));
    sandbox_clear(&sb);
}

static void
test_restricted_not_cached(void)
{
    Sandbox sb;
    g_autofree char *tcg = NULL;
    g_autofree char *full = NULL;
    g_autofree char *file = NULL;

    setup(&sb);
    sandbox_replies(&sb, "grace");
    sandbox_kvm(&sb, TRUE);
    tcg = armcpu_ok(&sb, "--accel", "tcg", "probe", NULL);
    g_assert_cmpuint(fake_n_starts(sb.log), ==, 1);
    g_assert_null(strstr(tcg, "<accel type='kvm'"));
    file = sandbox_cache_file(&sb);
    g_assert_false(g_file_test(file, G_FILE_TEST_EXISTS));
    /* a later lookup gets the whole host, not the tcg part */
    full = probe_ok(&sb);
    g_assert_cmpuint(fake_n_starts(sb.log), ==, 3);
    g_assert_nonnull(strstr(full, "<accel type='kvm'"));
    g_assert_nonnull(strstr(full, "<accel type='tcg'"));
    sandbox_clear(&sb);
}

static void
test_restricted_from_full_cache(void)
{
    Sandbox sb;

    setup(&sb);
    sandbox_replies(&sb, "grace");
    sandbox_kvm(&sb, TRUE);
    g_free(probe_ok(&sb));
    g_assert_cmpuint(fake_n_starts(sb.log), ==, 2);
    g_free(armcpu_ok(&sb, "--accel", "tcg", "probe", NULL));
    g_free(armcpu_ok(&sb, "--accel", "kvm", "probe", NULL));
    g_assert_cmpuint(fake_n_starts(sb.log), ==, 2);
    sandbox_clear(&sb);
}

static void
test_guest_command_accel_fills_whole_cache_once(void)
{
    Sandbox sb;
    g_autofree char *guest =
        g_build_filename(test_env("ARMCPU_TEST_DATA"), "guest", "mode-maximum.xml", NULL);
    g_autofree char *text = NULL;

    setup(&sb);
    sandbox_replies(&sb, "grace");
    sandbox_kvm(&sb, TRUE);
    /* --accel of a guest command picks a section; it does not shrink the probe */
    g_free(armcpu_ok(&sb, "--accel", "tcg", "cmdline", guest, NULL));
    g_assert_cmpuint(fake_n_starts(sb.log), ==, 2);
    text = cache_text(&sb);
    g_assert_nonnull(strstr(text, "<accel type='kvm'"));
    g_assert_nonnull(strstr(text, "<accel type='tcg'"));
    g_free(armcpu_ok(&sb, "--accel", "tcg", "cmdline", guest, NULL));
    g_free(armcpu_ok(&sb, "--accel", "kvm", "validate", guest, NULL));
    g_assert_cmpuint(fake_n_starts(sb.log), ==, 2);
    sandbox_clear(&sb);
}

/* Take the probe lock of the sandbox's emulator as another armcpu would; returns the fd. */
static int
hold_lock(const Sandbox *sb)
{
    g_autofree char *file = sandbox_cache_file(sb);
    g_autofree char *lock = g_strconcat(file, ".lock", NULL);
    int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(flock(fd, LOCK_EX | LOCK_NB), ==, 0);
    return fd;
}

static void
test_lock_then_valid_file(void)
{
    Sandbox sb;
    g_autofree char *good = NULL;
    g_autofree char *good_doc = NULL;
    g_autofree char *file = NULL;
    Armcpu a;
    RunResult r;
    int lock;

    setup(&sb);
    good_probe(&sb, &good, &good_doc);
    file = sandbox_cache_file(&sb);
    /* refused at first look; while armcpu waits for the lock it becomes trustworthy */
    g_assert_cmpint(chmod(file, 0666), ==, 0);
    lock = hold_lock(&sb);
    armcpu_start(&sb, &a, "probe", NULL);
    g_usleep(300000 * test_slowness()); /* let it reach the lock (either way the test holds) */
    g_assert_cmpint(chmod(file, 0600), ==, 0);
    close(lock);
    armcpu_wait(&a, armcpu_run_timeout_ms(), &r);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_cmpstr(r.out, ==, good_doc);
    /* once it holds the lock, a lookup takes the valid file it finds instead of probing */
    g_assert_cmpuint(fake_n_starts(sb.log), ==, 1);
    run_result_clear(&r);
    sandbox_clear(&sb);
}

static void
test_lock_timeout(void)
{
    Sandbox sb;
    RunResult r;
    int lock;

    setup(&sb);
    g_free(armcpu_ok(&sb, "cache", "path", NULL));
    g_assert_cmpint(g_mkdir(sb.cache, 0700), ==, 0);
    lock = hold_lock(&sb);
    /* --timeout 1: the lock is waited for twice the probe timeout and a second */
    armcpu_run(&sb, &r, "--timeout", "1", "probe", NULL);
    close(lock);
    g_test_message("%" G_GINT64_FORMAT " ms: %s", r.elapsed_ms, r.err);
    g_assert_cmpint(r.status, ==, 3);
    g_assert_true(g_str_has_prefix(r.err, "armcpu: error: another armcpu is probing"));
    g_assert_cmpint(r.elapsed_ms, >=, 2900);
    g_assert_cmpint(r.elapsed_ms, <=, 3000 + test_margin_ms());
    g_assert_cmpuint(fake_n_starts(sb.log), ==, 0);
    run_result_clear(&r);
    sandbox_clear(&sb);
}

static void
test_dir_precedence(void)
{
    g_autofree char *saved_cache = g_strdup(g_getenv("ARMCPU_CACHE_DIR"));
    g_autofree char *saved_xdg = g_strdup(g_getenv("XDG_CACHE_HOME"));
    g_autofree char *d1 = NULL, *d2 = NULL, *d3 = NULL, *d4 = NULL;

    g_setenv("ARMCPU_CACHE_DIR", "/env/cache", TRUE);
    g_setenv("XDG_CACHE_HOME", "/xdg", TRUE);
    d1 = armcpu_cache_dir("/override");
    d2 = armcpu_cache_dir(NULL);
    g_unsetenv("ARMCPU_CACHE_DIR");
    d3 = armcpu_cache_dir(NULL);
    g_unsetenv("XDG_CACHE_HOME");
    d4 = armcpu_cache_dir(NULL);
    g_assert_cmpstr(d1, ==, "/override");
    g_assert_cmpstr(d2, ==, "/env/cache");
    g_assert_cmpstr(d3, ==, "/xdg/armcpu");
    if (geteuid() == 0) {
        g_assert_cmpstr(d4, ==, "/var/cache/armcpu");
    } else {
        g_autofree char *home = g_build_filename(g_get_home_dir(), ".cache", "armcpu", NULL);
        g_assert_cmpstr(d4, ==, home);
    }
    if (saved_cache)
        g_setenv("ARMCPU_CACHE_DIR", saved_cache, TRUE);
    if (saved_xdg)
        g_setenv("XDG_CACHE_HOME", saved_xdg, TRUE);
}

int
main(int argc, char **argv)
{
    int rc;

    g_test_init(&argc, &argv, NULL);
    test_become_subreaper();
    reg = test_registry();

    g_test_add_func("/cache/hit/second-probe-starts-no-qemu", test_second_probe_no_qemu);
    g_test_add_func("/cache/hit/second-probe-prints-same-document",
                    test_second_probe_same_document);
    g_test_add_func("/cache/hit/file-is-the-document-and-its-seal",
                    test_cached_file_is_the_document);
    g_test_add_func("/cache/hit/refresh-starts-one-qemu", test_refresh_starts_one);
    g_test_add_func("/cache/hit/library-says-where-the-answer-came-from", test_library_from_cache);
    g_test_add_func("/cache/hit/no-cache-flag-neither-reads-nor-writes", test_library_no_cache);

    g_test_add_func("/cache/stale/emulator-mtime-change-reprobes", test_stale_mtime);
    g_test_add_func("/cache/stale/emulator-ctime-change-reprobes", test_stale_ctime);
    g_test_add_func("/cache/stale/emulator-size-change-reprobes", test_stale_size);
    g_test_add_func("/cache/stale/dev-kvm-usability-change-reprobes", test_stale_kvm);
    g_test_add_data_func("/cache/stale/other-armcpu-version-reprobes", edit_version,
                         test_stale_edit);
    g_test_add_data_func("/cache/stale/other-kernel-release-reprobes", edit_kernel,
                         test_stale_edit);
    g_test_add_data_func("/cache/stale/other-host-midr-reprobes", edit_midr, test_stale_edit);
    g_test_add_data_func("/cache/stale/other-emulator-size-in-file-reprobes", edit_emulator,
                         test_stale_edit);

    g_test_add_func("/cache/refused/truncated-file-is-reprobed-and-replaced", test_truncated);
    g_test_add_func("/cache/refused/bit-flipped-file-is-reprobed-and-replaced", test_bit_flips);
    g_test_add_data_func("/cache/refused/other-format-version-is-reprobed-and-replaced",
                         edit_format, test_stale_edit);
    g_test_add_func("/cache/refused/world-writable-file-is-reprobed-and-replaced",
                    test_world_writable);
    g_test_add_func("/cache/refused/group-writable-file-is-reprobed-and-replaced",
                    test_group_writable);
    g_test_add_func("/cache/refused/symlink-is-reprobed-and-replaced", test_symlink);
    g_test_add_func("/cache/refused/other-users-file-is-reprobed-and-replaced", test_other_user);
    g_test_add_func("/cache/refused/fifo-is-reprobed-and-replaced", test_fifo);
    g_test_add_func("/cache/refused/file-of-another-emulator-is-reprobed-and-replaced",
                    test_foreign_emulator);

    g_test_add_func("/cache/files/dir-created-0700-files-0600", test_dir_private);
    g_test_add_func("/cache/files/existing-open-dir-made-0700", test_dir_made_private);
    g_test_add_func("/cache/files/name-is-sha256-of-resolved-emulator-path", test_file_name);
    g_test_add_func("/cache/files/temp-file-leftover-is-ignored", test_temp_leftover_ignored);
    g_test_add_func("/cache/files/dir-from-option-env-xdg-or-default", test_dir_precedence);

    g_test_add_func("/cache/cli/path-prints-dir-and-file", test_cli_path);
    g_test_add_func("/cache/cli/list-shows-file-emulator-qemu-and-status", test_cli_list);
    g_test_add_func("/cache/cli/clear-removes-only-armcpus-files", test_cli_clear);

    g_test_add_func("/cache/accel/one-accelerator-probe-is-not-cached", test_restricted_not_cached);
    g_test_add_func("/cache/accel/guest-command-accel-fills-the-whole-cache-once",
                    test_guest_command_accel_fills_whole_cache_once);
    g_test_add_func("/cache/accel/one-accelerator-request-served-from-full-cache",
                    test_restricted_from_full_cache);

    g_test_add_func("/cache/lock/lookup-takes-valid-file-found-once-locked",
                    test_lock_then_valid_file);
    g_test_add_func("/cache/lock/held-lock-times-out-with-clear-error", test_lock_timeout);

    rc = g_test_run();
    armcpu_registry_unref(reg);
    return rc;
}
