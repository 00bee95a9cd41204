/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * replay.c: run seed files through a fuzz target once, as a TAP test.
 *
 * usage: fuzz-TARGET-replay FILE|DIR...
 * Each file (directories: every regular file in them, sorted by name) is
 * one test case, read into a buffer of exactly its size (as libFuzzer does,
 * so an over-read shows under ASan) and passed to LLVMFuzzerTestOneInput.
 * The target aborts on a broken invariant; the cases not run then count as
 * failed.
 */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static gint
by_path(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
collect(const char *arg, GPtrArray *files)
{
    g_autoptr(GPtrArray) names = NULL;
    g_autoptr(GDir) dir = NULL;
    const char *name;

    if (!g_file_test(arg, G_FILE_TEST_IS_DIR)) {
        g_ptr_array_add(files, g_strdup(arg));
        return;
    }
    dir = g_dir_open(arg, 0, NULL);
    if (!dir)
        return;
    names = g_ptr_array_new_with_free_func(g_free);
    while ((name = g_dir_read_name(dir))) {
        g_autofree char *path = g_build_filename(arg, name, NULL);
        if (name[0] != '.' && g_file_test(path, G_FILE_TEST_IS_REGULAR))
            g_ptr_array_add(names, g_steal_pointer(&path));
    }
    g_ptr_array_sort(names, by_path);
    for (guint i = 0; i < names->len; i++)
        g_ptr_array_add(files, g_strdup(g_ptr_array_index(names, i)));
}

int
main(int argc, char **argv)
{
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
    int failed = 0;

    for (int i = 1; i < argc; i++)
        collect(argv[i], files);
    printf("1..%u\n", files->len);
    fflush(stdout);
    for (guint i = 0; i < files->len; i++) {
        const char *path = g_ptr_array_index(files, i);
        g_autofree char *text = NULL;
        gsize len = 0;
        g_autoptr(GError) err = NULL;

        if (!g_file_get_contents(path, &text, &len, &err)) {
            printf("not ok %u - %s: %s\n", i + 1, path, err->message);
            failed++;
            continue;
        }
        printf("# %s (%" G_GSIZE_FORMAT " bytes)\n", path, len);
        fflush(stdout);
        g_autofree uint8_t *exact = g_malloc(len ? len : 1); /* never NULL, as libFuzzer */
        memcpy(exact, text, len);
        LLVMFuzzerTestOneInput(exact, len);
        printf("ok %u - %s\n", i + 1, path);
        fflush(stdout);
    }
    return failed ? 1 : 0;
}
