/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-libvirt-real.c: what `armcpu libvirt` prints works on Debian's real,
 * unpatched libvirt 9.0 with QEMU 7.2 (TCG).
 *
 * The test starts its own libvirtd (as root) under libvirt-runner: private
 * state, config and socket directories in a temporary directory, and a
 * subreaper that reaps the QEMU processes libvirt daemonizes at once. It
 * then creates paused aarch64 domains from armcpu's output, reads the CPU
 * values back through libvirt's QMP passthrough (virsh qemu-monitor-command:
 * query-cpus-fast, then qom-get), destroys the domains and stops the daemon.
 *
 * libvirt, QEMU and root are test dependencies: when one is missing, or the
 * daemon cannot be started, the tests fail with the reason; they never skip.
 */
#include "verify-test.h"

#include <errno.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/un.h>

/* Bounds on the daemon's start and stop and on each virsh call. */
#define DAEMON_START_MS 30000
#define DAEMON_STOP_MS  20000
#define VIRSH_MS        60000

static struct {
    char *dir;
    char *uri;
    char *socket;
    char *qemu;
    char *libvirtd;
    GSubprocess *runner;
    char *failure; /* why the daemon is not usable, or NULL */
} lv;

static const char *const qemu_conf =
    "# armcpu test: QEMU as root, no sandboxing this environment cannot give\n"
    "user = \"root\"\n"
    "group = \"root\"\n"
    "dynamic_ownership = 0\n"
    "remember_owner = 0\n"
    "security_driver = \"none\"\n"
    "stdio_handler = \"file\"\n"
    "cgroup_controllers = [ ]\n"
    "namespaces = [ ]\n";

static const char *const libvirtd_conf = "log_outputs = \"3:file:/var/log/libvirt/libvirtd.log\"\n";

/* A copy of /etc/@name with @extra lines added where their name is missing. */
static void
write_account_file(const char *name, const char *const *extra)
{
    g_autofree char *src = g_build_filename("/etc", name, NULL);
    g_autofree char *text = NULL;
    g_autoptr(GString) out = NULL;
    g_autofree char *dst = NULL;

    if (!g_file_get_contents(src, &text, NULL, NULL))
        text = g_strdup("root:x:0:0:root:/root:/bin/sh\n");
    out = g_string_new(text);
    if (out->len && out->str[out->len - 1] != '\n')
        g_string_append_c(out, '\n');
    for (guint i = 0; extra[i]; i++) {
        g_autofree char *key = g_strndup(extra[i], strchr(extra[i], ':') - extra[i] + 1);
        g_autofree char *at_start = g_strdup_printf("\n%s", key);
        if (!g_str_has_prefix(text, key) && !strstr(text, at_start))
            g_string_append_printf(out, "%s\n", extra[i]);
    }
    dst = g_build_filename(lv.dir, name, NULL);
    g_assert_true(g_file_set_contents(dst, out->str, -1, NULL));
}

static gboolean
socket_accepts(const char *path)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    gboolean ok;

    if (fd < 0 || strlen(path) >= sizeof(sa.sun_path)) {
        if (fd >= 0)
            close(fd);
        return FALSE;
    }
    strcpy(sa.sun_path, path);
    ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
    close(fd);
    return ok;
}

static char *
daemon_log(void)
{
    g_autofree char *out = NULL;
    g_autofree char *path = g_build_filename(lv.dir, "runner.log", NULL);

    if (!g_file_get_contents(path, &out, NULL, NULL))
        return g_strdup("(no output)");
    return g_steal_pointer(&out);
}

/* Start libvirtd under the runner; sets lv.failure when it cannot be started. */
static void
start_daemon(void)
{
    static const char *const subdirs[] = {"run", "lib", "cache", "log", "etc"};
    static const char *const users[] = {
        "libvirt-qemu:x:64055:64055:libvirt qemu (armcpu test):/var/lib/libvirt:/usr/sbin/nologin",
        NULL};
    static const char *const groups[] = {"libvirt-qemu:x:64055:", "kvm:x:64056:", NULL};
    g_autoptr(GSubprocessLauncher) l = NULL;
    g_autoptr(GError) err = NULL;
    g_autofree char *log = NULL;
    g_autofree char *virsh_path = NULL;
    gint64 deadline;

    if (geteuid() != 0) {
        lv.failure = g_strdup("the libvirt test runs libvirtd as root (system instance, private "
                              "mount namespace): run it as root");
        return;
    }
    lv.qemu = g_find_program_in_path("qemu-system-aarch64");
    lv.libvirtd = g_find_program_in_path("libvirtd");
    if (!lv.libvirtd && g_file_test("/usr/sbin/libvirtd", G_FILE_TEST_IS_EXECUTABLE))
        lv.libvirtd = g_strdup("/usr/sbin/libvirtd");
    virsh_path = g_find_program_in_path("virsh");
    if (!lv.qemu || !lv.libvirtd || !virsh_path ||
        !g_file_test("/etc/libvirt", G_FILE_TEST_IS_DIR)) {
        lv.failure = g_strdup_printf(
            "missing %s%s%s%s: run scripts/install-deps.sh (packages qemu-system-arm, "
            "libvirt-daemon, libvirt-daemon-driver-qemu, libvirt-clients)",
            lv.qemu ? "" : "qemu-system-aarch64 ", lv.libvirtd ? "" : "libvirtd ",
            virsh_path ? "" : "virsh ",
            g_file_test("/etc/libvirt", G_FILE_TEST_IS_DIR) ? "" : "/etc/libvirt");
        return;
    }
    lv.dir = test_tmpdir("libvirt");
    for (gsize i = 0; i < G_N_ELEMENTS(subdirs); i++) {
        g_autofree char *d = g_build_filename(lv.dir, subdirs[i], NULL);
        g_assert_cmpint(g_mkdir(d, 0755), ==, 0);
    }
    g_free(test_write(lv.dir, "etc/qemu.conf", qemu_conf));
    g_free(test_write(lv.dir, "etc/libvirtd.conf", libvirtd_conf));
    write_account_file("passwd", users);
    write_account_file("group", groups);
    lv.socket = g_build_filename(lv.dir, "run", "libvirt-sock", NULL);
    lv.uri = g_strdup_printf("qemu:///system?socket=%s", lv.socket);

    l = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDERR_MERGE);
    log = g_build_filename(lv.dir, "runner.log", NULL);
    g_subprocess_launcher_set_stdout_file_path(l, log);
    lv.runner =
        g_subprocess_launcher_spawn(l, &err, LIBVIRT_RUNNER, lv.dir, "--", lv.libvirtd, NULL);
    if (!lv.runner) {
        lv.failure = g_strdup_printf("cannot start libvirt-runner: %s", err->message);
        return;
    }
    deadline = g_get_monotonic_time() + DAEMON_START_MS * 1000;
    while (!socket_accepts(lv.socket)) {
        if (!g_subprocess_get_identifier(lv.runner) || g_get_monotonic_time() > deadline) {
            g_autofree char *out = daemon_log();
            g_autofree char *dlog = NULL;
            g_autofree char *dpath = g_build_filename(lv.dir, "log", "libvirtd.log", NULL);
            g_file_get_contents(dpath, &dlog, NULL, NULL);
            lv.failure = g_strdup_printf(
                "libvirtd did not start (%s); runner output:\n%s\nlibvirtd.log (tail):\n%s",
                g_subprocess_get_identifier(lv.runner) ? "no socket within the time limit"
                                                       : "it exited",
                out, dlog ? dlog + (strlen(dlog) > 4000 ? strlen(dlog) - 4000 : 0) : "(none)");
            return;
        }
        g_usleep(5000); /* polling a socket another process creates; bounded above */
    }
}

/* Fail the current test when the daemon is not there. */
static gboolean
daemon_ready(void)
{
    if (lv.failure) {
        g_test_fail_printf("libvirtd is not usable: %s", lv.failure);
        return FALSE;
    }
    return TRUE;
}

static TestRun
virsh(const char *const *args)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new();

    g_ptr_array_add(argv, (gpointer) "virsh");
    g_ptr_array_add(argv, (gpointer) "-q");
    g_ptr_array_add(argv, (gpointer) "-c");
    g_ptr_array_add(argv, lv.uri);
    for (guint i = 0; args[i]; i++)
        g_ptr_array_add(argv, (gpointer)args[i]);
    g_ptr_array_add(argv, NULL);
    return test_run_argv((const char *const *)argv->pdata, NULL, NULL, VIRSH_MS);
}

/* The "return" of a QMP command sent through virsh (a new reference). */
static json_object *
qmp(const char *domain, const char *command)
{
    const char *args[] = {"qemu-monitor-command", domain, command, NULL};
    g_auto(TestRun) r = virsh(args);
    json_object *reply, *ret = NULL;

    if (r.status != 0)
        g_error("virsh qemu-monitor-command %s %s: exit %d: %s", domain, command, r.status, r.err);
    reply = json_tokener_parse(r.out);
    if (!reply || !json_object_object_get_ex(reply, "return", &ret))
        g_error("not a QMP reply: %s", r.out);
    json_object_get(ret);
    json_object_put(reply);
    return ret;
}

static char *
cpu_qom_path(const char *domain)
{
    g_autoptr(json_object) cpus = qmp(domain, "{\"execute\":\"query-cpus-fast\"}");
    json_object *path = NULL;

    g_assert_cmpuint(json_object_array_length(cpus), >=, 1);
    g_assert_true(json_object_object_get_ex(json_object_array_get_idx(cpus, 0), "qom-path", &path));
    return g_strdup(json_object_get_string(path));
}

/* qom-get @property of CPU 0 of @domain, as JSON text ("true", "2"). */
static char *
qom_get(const char *domain, const char *path, const char *property)
{
    g_autofree char *cmd = g_strdup_printf(
        "{\"execute\":\"qom-get\",\"arguments\":{\"path\":\"%s\",\"property\":\"%s\"}}", path,
        property);
    g_autoptr(json_object) v = qmp(domain, cmd);

    return g_strdup(json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
}

/* `armcpu libvirt [OPTION] FILE`: its output, which must be a success. */
static char *
armcpu_libvirt(const char *option, const char *file)
{
    const char *argv[] = {ARMCPU_EXE, "libvirt", option ? option : file, option ? file : NULL,
                          NULL};
    g_auto(TestRun) r = test_run_argv(argv, NULL, NULL, 30000);

    if (r.status != 0)
        g_error("armcpu libvirt %s: exit %d: %s", file, r.status, r.err);
    return g_steal_pointer(&r.out);
}

static char *
domain_name(const char *tag)
{
    return g_strdup_printf("armcpu-test-%d-%s", (int)getpid(), tag);
}

/* virsh create --paused @xml_path; fails the test with libvirt's and QEMU's words. */
static void
create_paused(const char *name, const char *xml_path)
{
    const char *args[] = {"create", "--paused", xml_path, NULL};
    g_auto(TestRun) r = virsh(args);

    if (r.status != 0) {
        g_autofree char *qlog = NULL;
        g_autofree char *qpath = g_strdup_printf("%s/log/qemu/%s.log", lv.dir, name);
        g_file_get_contents(qpath, &qlog, NULL, NULL);
        g_error("virsh create --paused %s: exit %d: %s\nQEMU log:\n%s", xml_path, r.status, r.err,
                qlog ? qlog : "(none)");
    }
}

static void
destroy(const char *name)
{
    const char *args[] = {"destroy", name, NULL};
    g_auto(TestRun) r = virsh(args);

    g_assert_cmpint(r.status, ==, 0);
}

static void
assert_qom(const char *domain, const char *path, const char *property, const char *want)
{
    g_autofree char *got = qom_get(domain, path, property);

    if (strcmp(got, want) != 0)
        g_error("%s: qom-get %s gave %s, expected %s", domain, property, got, want);
}

/* A small paused-guest domain with @cpu_xml (a pasted fragment) inside. */
static char *
domain_with(const char *name, const char *cpu_xml)
{
    return g_strdup_printf("<domain type='qemu'>\n"
                           "  <name>%s</name>\n"
                           "  <memory unit='MiB'>128</memory>\n"
                           "  <vcpu>1</vcpu>\n"
                           "  <os>\n"
                           "    <type arch='aarch64' machine='virt'>hvm</type>\n"
                           "  </os>\n"
                           "%s"
                           "  <devices>\n"
                           "    <emulator>%s</emulator>\n"
                           "    <controller type='usb' model='none'/>\n"
                           "    <memballoon model='none'/>\n"
                           "  </devices>\n"
                           "</domain>\n",
                           name, cpu_xml, lv.qemu);
}

/* maximum + sve-max-vq=2: the pasted fragment carries it as -global max-arm-cpu.sve-max-vq=2. */
static void
test_sve_max_vq_through_global(void)
{
    g_autofree char *guest = NULL;
    g_autofree char *fragment = NULL;
    g_autofree char *name = domain_name("vq2");
    g_autofree char *dom = NULL;
    g_autofree char *path = NULL;
    g_autofree char *qom = NULL;
    gint64 start = g_get_monotonic_time();

    if (!daemon_ready())
        return;
    guest = g_build_filename(g_getenv("ARMCPU_TEST_DATA"), "verify", "libvirt",
                             "maximum-sve-max-vq.xml", NULL);
    fragment = armcpu_libvirt("--fragment", guest);
    g_assert_true(strstr(fragment, "max-arm-cpu.sve-max-vq=2"));
    dom = domain_with(name, fragment);
    path = test_write(lv.dir, "dom-vq2.xml", dom);
    create_paused(name, path);
    qom = cpu_qom_path(name);
    assert_qom(name, qom, "sve-max-vq", "2");
    assert_qom(name, qom, "sve", "true");
    assert_qom(name, qom, "sve256", "true");
    assert_qom(name, qom, "sve512", "false");
    destroy(name);
    g_test_message("libvirt domain with sve-max-vq=2: created, read back, destroyed in %.0f ms",
                   (double)(g_get_monotonic_time() - start) / 1000.0);
}

/* maximum + sve=off + pauth=off as a whole domain: sve stays in <cpu>, pauth moves. */
static void
test_sve_off_pauth_off_merged_domain(void)
{
    g_autofree char *name = domain_name("sveoff");
    g_autofree char *src = NULL;
    g_autofree char *src_path = NULL;
    g_autofree char *merged = NULL;
    g_autofree char *path = NULL;
    g_autofree char *qom = NULL;
    gint64 start = g_get_monotonic_time();

    if (!daemon_ready())
        return;
    src = domain_with(name, "  <cpu mode='maximum'>\n"
                            "    <feature policy='disable' name='sve'/>\n"
                            "    <feature policy='disable' name='pauth'/>\n"
                            "  </cpu>\n");
    src_path = test_write(lv.dir, "dom-sveoff-src.xml", src);
    merged = armcpu_libvirt(NULL, src_path);
    g_assert_true(strstr(merged, "max-arm-cpu.pauth=off"));
    g_assert_true(strstr(merged, "<feature policy=\"disable\" name=\"sve\"/>"));
    path = test_write(lv.dir, "dom-sveoff.xml", merged);
    create_paused(name, path);
    qom = cpu_qom_path(name);
    assert_qom(name, qom, "sve", "false");
    assert_qom(name, qom, "sve-max-vq", "0");
    assert_qom(name, qom, "pauth", "false");
    assert_qom(name, qom, "pauth-impdef", "false");
    destroy(name);
    g_test_message(
        "libvirt domain with sve=off,pauth=off: created, read back, destroyed in %.0f ms",
        (double)(g_get_monotonic_time() - start) / 1000.0);
}

/* After destroy, libvirt lists no domain and no QEMU of ours runs. */
static void
test_no_domain_or_qemu_left(void)
{
    const char *args[] = {"list", "--all", "--name", NULL};
    g_auto(TestRun) r = {0, NULL, NULL};
    g_autoptr(GDir) proc = NULL;
    g_autofree char *mark = domain_name("");
    const char *pid;

    if (!daemon_ready())
        return;
    r = virsh(args);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_cmpstr(g_strstrip(r.out), ==, "");
    proc = g_dir_open("/proc", 0, NULL);
    while ((pid = g_dir_read_name(proc))) {
        g_autofree char *path = g_build_filename("/proc", pid, "cmdline", NULL);
        g_autofree char *cmd = NULL;
        gsize len = 0;
        if (!g_ascii_isdigit(pid[0]) || !g_file_get_contents(path, &cmd, &len, NULL))
            continue;
        for (gsize i = 0; i + 1 < len; i++) {
            if (cmd[i] == '\0')
                cmd[i] = ' ';
        }
        if (strstr(cmd, mark))
            g_error("a QEMU of this test is still running: pid %s: %s", pid, cmd);
    }
}

/* The daemon stops on SIGTERM and the runner leaves nothing behind. */
static void
test_daemon_stops(void)
{
    gint64 deadline;

    if (!daemon_ready())
        return;
    g_subprocess_send_signal(lv.runner, SIGTERM);
    deadline = g_get_monotonic_time() + DAEMON_STOP_MS * 1000;
    while (g_subprocess_get_identifier(lv.runner) && g_get_monotonic_time() < deadline)
        g_usleep(5000); /* GLib's worker thread reaps the runner; bounded above */
    if (g_subprocess_get_identifier(lv.runner)) {
        g_subprocess_force_exit(lv.runner);
        g_error("libvirtd did not stop within %d ms", DAEMON_STOP_MS);
    }
    if (!g_subprocess_get_if_exited(lv.runner) || g_subprocess_get_exit_status(lv.runner) != 0) {
        g_autofree char *out = daemon_log();
        g_error("the runner ended with status %d:\n%s", g_subprocess_get_status(lv.runner), out);
    }
    g_assert_false(socket_accepts(lv.socket));
}

int
main(int argc, char **argv)
{
    gint64 start;
    int rc;

    g_test_init(&argc, &argv, NULL);
    start = g_get_monotonic_time();
    start_daemon();
    if (!lv.failure)
        g_test_message("libvirtd ready in %.0f ms",
                       (double)(g_get_monotonic_time() - start) / 1000.0);

    g_test_add_func("/libvirt/real/sve-max-vq-2-through-global", test_sve_max_vq_through_global);
    g_test_add_func("/libvirt/real/sve-off-pauth-off-merged-domain",
                    test_sve_off_pauth_off_merged_domain);
    g_test_add_func("/libvirt/real/no-domain-or-qemu-left", test_no_domain_or_qemu_left);
    g_test_add_func("/libvirt/real/daemon-stops", test_daemon_stops);

    rc = g_test_run();
    if (lv.runner && g_subprocess_get_identifier(lv.runner)) {
        g_subprocess_send_signal(lv.runner, SIGTERM);
        g_subprocess_wait(lv.runner, NULL, NULL);
    }
    if (lv.failure)
        g_printerr("libvirt test: %s\n", lv.failure);
    g_clear_object(&lv.runner);
    if (lv.dir)
        test_rm_rf(lv.dir);
    g_free(lv.dir);
    g_free(lv.uri);
    g_free(lv.socket);
    g_free(lv.qemu);
    g_free(lv.libvirtd);
    g_free(lv.failure);
    return rc;
}
