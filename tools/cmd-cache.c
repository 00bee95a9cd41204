/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-cache.c: armcpu cache list|clear|path
 */
#include "cli.h"

#include <json-c/json.h>
#include <stdio.h>

static int
do_list(CliContext *ctx, const char *dir)
{
    g_autoptr(GPtrArray) entries = armcpu_cache_list(dir, cli_registry(ctx));
    json_object *arr = NULL;

    if (cli_format(ctx, CLI_FORMAT_TEXT) == CLI_FORMAT_JSON)
        arr = json_object_new_array();
    for (guint i = 0; i < entries->len; i++) {
        const ArmcpuCacheEntry *e = g_ptr_array_index(entries, i);
        if (!arr) {
            printf("%s\n  emulator: %s\n  qemu: %s\n  status: %s\n", e->path,
                   e->emulator ? e->emulator : "?", e->qemu_version ? e->qemu_version : "?",
                   e->status);
            continue;
        }
        json_object *o = json_object_new_object();
        json_object_object_add(o, "path", json_object_new_string(e->path));
        json_object_object_add(o, "emulator",
                               e->emulator ? json_object_new_string(e->emulator) : NULL);
        json_object_object_add(o, "qemuVersion",
                               e->qemu_version ? json_object_new_string(e->qemu_version) : NULL);
        json_object_object_add(o, "status", json_object_new_string(e->status));
        json_object_array_add(arr, o);
    }
    if (arr) {
        cli_print_json(json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PRETTY |
                                                               JSON_C_TO_STRING_NOSLASHESCAPE));
        json_object_put(arr);
    } else if (entries->len == 0) {
        printf("no cache files in %s\n", dir);
    }
    return CLI_EXIT_OK;
}

static int
do_path(CliContext *ctx, const char *dir)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *emu = armcpu_emulator_resolve(ctx->emulator, &err);
    g_autofree char *file = emu ? armcpu_cache_file(dir, emu) : NULL;

    if (cli_format(ctx, CLI_FORMAT_TEXT) == CLI_FORMAT_JSON) {
        json_object *o = json_object_new_object();
        json_object_object_add(o, "directory", json_object_new_string(dir));
        json_object_object_add(o, "file", file ? json_object_new_string(file) : NULL);
        cli_print_json(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
                                                             JSON_C_TO_STRING_NOSLASHESCAPE));
        json_object_put(o);
    } else {
        printf("%s\n", dir);
        if (file)
            printf("%s\n", file);
    }
    return CLI_EXIT_OK;
}

static int
run(CliContext *ctx, int argc, char **argv)
{
    int rc = cli_parse_options(ctx, &cli_cmd_cache, NULL, &argc, &argv);
    g_autofree char *dir = NULL;

    if (rc >= 0 || (rc = cli_expect_args(&cli_cmd_cache, argc, 1, 1)) >= 0)
        return rc;
    dir = armcpu_cache_dir(ctx->cache_dir);
    if (g_str_equal(argv[1], "list"))
        return do_list(ctx, dir);
    if (g_str_equal(argv[1], "path"))
        return do_path(ctx, dir);
    if (g_str_equal(argv[1], "clear")) {
        g_autoptr(GError) err = NULL;
        guint n = 0;
        if (!armcpu_cache_clear(dir, &n, &err)) {
            cli_error("%s", err->message);
            return CLI_EXIT_ENV;
        }
        if (cli_format(ctx, CLI_FORMAT_TEXT) == CLI_FORMAT_JSON)
            printf("{\n  \"removed\": %u\n}\n", n);
        else
            printf("removed %u file%s from %s\n", n, n == 1 ? "" : "s", dir);
        return CLI_EXIT_OK;
    }
    cli_error("unknown cache action '%s' (list, clear or path)", argv[1]);
    return CLI_EXIT_USAGE;
}

const CliCommand cli_cmd_cache = {
    .name = "cache",
    .args = "list|clear|path",
    .summary = "The capabilities cache: list its files, clear it, or show where it is",
    .description =
        "The cache holds one host capabilities document per emulator, named by the SHA-256\n"
        "of its path, in $ARMCPU_CACHE_DIR, else $XDG_CACHE_HOME/armcpu, else\n"
        "~/.cache/armcpu (/var/cache/armcpu for root). A file is re-probed when the\n"
        "emulator binary, armcpu, the kernel, /dev/kvm or the host CPU changed.\n\n"
        "Example:\n"
        "  armcpu cache list\n"
        "  armcpu cache clear\n\n"
        "Exit status: 0 done, 2 bad usage, 3 the cache cannot be changed.",
    .run = run,
};
