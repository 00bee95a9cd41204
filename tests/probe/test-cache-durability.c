/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-cache-durability.c: concurrent probes of one emulator start one QEMU
 * and agree; a probe killed with SIGKILL at any moment never leaves a torn
 * cache file, and never leaves its QEMU running.
 */
#include "probe-test.h"

#define N_CONCURRENT 8
#define N_KILLS      50

static ArmcpuRegistry *reg;

static void
test_concurrent(void)
{
    Sandbox sb;
    Armcpu runs[N_CONCURRENT];
    RunResult results[N_CONCURRENT];
    g_autoptr(GPtrArray) starts = NULL;

    sandbox_init(&sb);
    sandbox_private_emulator(&sb);
    /* QEMU takes 300 ms to greet: every armcpu starts while the first still probes */
    sandbox_set(&sb, "FAKE_QEMU_FAULT", "slow-start:300");
    for (int i = 0; i < N_CONCURRENT; i++)
        armcpu_start(&sb, &runs[i], "probe", NULL);
    for (int i = 0; i < N_CONCURRENT; i++)
        armcpu_wait(&runs[i], armcpu_run_timeout_ms(), &results[i]);
    for (int i = 0; i < N_CONCURRENT; i++) {
        if (results[i].status != 0)
            g_test_message("armcpu %d: %s", i, results[i].err);
        g_assert_cmpint(results[i].status, ==, 0);
        g_assert_cmpstr(results[i].out, ==, results[0].out);
        g_assert_cmpstr(results[i].err, ==, "");
    }
    starts = fake_starts(sb.log);
    g_assert_cmpuint(starts->len, ==, 1);
    g_assert_true(g_str_has_prefix(results[0].out, "<hostCapabilities"));
    assert_no_qemu_left(sb.log, 0);
    for (int i = 0; i < N_CONCURRENT; i++)
        run_result_clear(&results[i]);
    sandbox_clear(&sb);
}

/* Temporary files armcpu's atomic write leaves when killed: HASH.xml.XXXXXX. */
static guint
count_temp_files(const Sandbox *sb)
{
    g_autoptr(GPtrArray) names = test_dir_names(sb->cache);
    guint n = 0;

    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        const char *xml = strstr(name, ".xml.");
        if (xml && strcmp(xml, ".xml.lock") != 0)
            n++;
    }
    return n;
}

static void
test_sigkill_never_tears(void)
{
    Sandbox sb;
    g_autofree char *file = NULL;
    g_autofree char *old = NULL;
    g_autofree char *new = NULL;
    g_autofree char *listing = NULL;
    g_autofree char *cleared = NULL;
    g_autofree char *read = NULL;
    g_autoptr(GPtrArray) left = NULL;
    guint seen_none = 0, seen_old = 0, seen_new = 0, killed = 0;
    gint64 full_ms;

    sandbox_init(&sb);
    sandbox_private_emulator(&sb);
    sandbox_kvm(&sb, TRUE);
    file = sandbox_cache_file(&sb);

    /* the old document: Graviton3; the new one: Grace (same emulator, same identity) */
    sandbox_replies(&sb, "graviton3");
    g_free(armcpu_ok(&sb, "probe", NULL));
    old = test_read(file);
    sandbox_replies(&sb, "grace");
    {
        gint64 t0 = test_now_ms();
        g_free(armcpu_ok(&sb, "probe", "--refresh", NULL));
        full_ms = MAX(test_now_ms() - t0, 5);
    }
    new = test_read(file);
    g_assert_cmpstr(old, !=, new);

    for (guint i = 0; i < N_KILLS; i++) {
        gboolean had_old = i % 5 != 4; /* sometimes start without any file */
        g_autoptr(GBytes) now = NULL;
        /* from at once to half again as long as a whole probe (--seed replays a run) */
        gint64 delay_us = g_test_rand_int_range(0, (gint32)(full_ms * 1500));
        Armcpu a;
        int status;

        if (had_old)
            test_write(file, old, -1, 0600);
        else
            g_unlink(file);
        armcpu_start(&sb, &a, "probe", "--refresh", NULL);
        g_usleep((gulong)delay_us);
        status = armcpu_kill(&a, SIGKILL);
        if (WIFSIGNALED(status))
            killed++;
        now = test_read_bytes_or_null(file);
        if (!now) {
            g_assert_false(had_old);
            seen_none++;
        } else if (g_bytes_get_size(now) == strlen(old) &&
                   memcmp(g_bytes_get_data(now, NULL), old, strlen(old)) == 0) {
            g_assert_true(had_old);
            seen_old++;
        } else {
            g_assert_cmpuint(g_bytes_get_size(now), ==, strlen(new));
            g_assert_cmpint(memcmp(g_bytes_get_data(now, NULL), new, strlen(new)), ==, 0);
            seen_new++;
        }
    }
    g_test_message("%u of %u killed before they finished; afterwards: %u no file, %u old, %u new, "
                   "%u temporary files left",
                   killed, N_KILLS, seen_none, seen_old, seen_new, count_temp_files(&sb));
    /* no QEMU outlived its armcpu */
    assert_no_qemu_left(sb.log, 2000 * test_slowness());

    /* whatever is left, a reader gets a whole document, ignoring temporary files */
    read = armcpu_ok(&sb, "probe", NULL);
    g_assert_true(g_str_has_prefix(old, read) || g_str_has_prefix(new, read));
    listing = armcpu_ok(&sb, "cache", "list", NULL);
    g_assert_nonnull(strstr(listing, "status: valid"));
    g_assert_null(strstr(listing, ".xml."));
    g_assert_null(strstr(listing, "unusable"));
    /* and cache clear removes them */
    cleared = armcpu_ok(&sb, "cache", "clear", NULL);
    left = test_dir_names(sb.cache);
    g_assert_cmpuint(left->len, ==, 0);
    sandbox_clear(&sb);
}

static void
test_sigkill_leaves_no_qemu(void)
{
    Sandbox sb;
    Armcpu a;
    g_autoptr(GPtrArray) starts = NULL;
    gint64 deadline;
    int status;

    sandbox_init(&sb);
    sandbox_replies(&sb, "grace");
    sandbox_kvm(&sb, TRUE);
    /* QEMU stops answering after the negotiation: armcpu waits for it */
    sandbox_set(&sb, "FAKE_QEMU_FAULT", "hang-after:2");
    armcpu_start(&sb, &a, "--timeout", "60", "probe", NULL);
    deadline = test_now_ms() + 10000 * test_slowness();
    while (fake_n_starts(sb.log) == 0) {
        g_assert_cmpint(test_now_ms(), <, deadline);
        g_usleep(2000);
    }
    g_usleep(50000); /* well into the conversation */
    status = armcpu_kill(&a, SIGKILL);
    g_assert_true(WIFSIGNALED(status));
    starts = fake_starts(sb.log);
    g_assert_cmpuint(starts->len, ==, 1);
    /* PR_SET_PDEATHSIG: the kernel kills the QEMU of a killed armcpu */
    assert_no_qemu_left(sb.log, 2000 * test_slowness());
    sandbox_clear(&sb);
}

int
main(int argc, char **argv)
{
    int rc;

    g_test_init(&argc, &argv, NULL);
    test_become_subreaper();
    reg = test_registry();
    g_test_add_func("/cache/concurrent/eight-probes-start-one-qemu-and-print-one-document",
                    test_concurrent);
    g_test_add_func("/cache/sigkill/killed-probe-never-leaves-a-torn-file",
                    test_sigkill_never_tears);
    g_test_add_func("/cache/sigkill/killed-probe-leaves-no-qemu", test_sigkill_leaves_no_qemu);
    rc = g_test_run();
    armcpu_registry_unref(reg);
    return rc;
}
