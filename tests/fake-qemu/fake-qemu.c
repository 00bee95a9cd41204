/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fake-qemu.c: a stand-in for qemu-system-aarch64 that speaks QMP from a
 * replies file or a recorded transcript, and can misbehave on request
 * (FAKE_QEMU_FAULT). Behaviour and formats: README.md beside this file.
 *
 * It is single-threaded and uses blocking I/O; SIGALRM bounds its lifetime
 * (FAKE_QEMU_MAX_LIFETIME), so it never outlives a broken test. Every exit
 * goes through _exit() after the log line, so sanitizer builds do not run leak
 * checks on the state that is still live when the process decides to stop.
 */
#include "fake-qemu.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define FQ_DEFAULT_LIFETIME 60
#define FQ_HUGE_BYTES       (64u * 1024 * 1024)
#define FQ_DEEP_LEVELS      100000
#define FQ_READ_CHUNK       65536
#define FQ_COMMAND_DEPTH    64

typedef enum {
    EP_NONE,
    EP_FD,
    EP_UNIX,
    EP_STDIO,
} EndpointKind;

typedef struct {
    char *id;
    int fd;     /* -1 unless fd= */
    char *path; /* NULL unless path= */
} Chardev;

typedef struct {
    gboolean crash_at_start;
    gboolean no_greeting;
    gboolean events;
    gboolean stderr_spam;
    gint64 slow_start_ms;
    gint64 crash_after;
    gint64 hang_after;
    gint64 garbage_after;
    gint64 huge_after;
    gint64 deep_after;
    gint64 eof_after;
    gint64 wrong_id_after;
    GPtrArray *refuse_accel;
} Faults;

static struct {
    /* command line */
    int argc;
    char **argv;
    char *machine;
    GPtrArray *accel_wanted; /* in the order to try */
    gboolean accel_by_machine;
    gboolean accel_by_option;
    char *cpu_arg;
    gboolean freeze;
    gboolean version;
    char *pidfile;
    GPtrArray *chardevs;
    char *mon_chardev;
    char *qmp_arg;
    /* resolved */
    EndpointKind endpoint;
    int endpoint_fd;
    char *unix_path;
    Faults faults;
    FqReplies *replies;
    const char *accel;
    FqCpu *cpu;
    char *cpu_error;
    /* QMP state */
    int in_fd;
    int out_fd;
    gboolean negotiated;
    gint64 replies_sent;
    /* log */
    int log_fd;
    gboolean start_logged;
} S = {
    .endpoint_fd = -1,
    .in_fd = -1,
    .out_fd = -1,
    .log_fd = -1,
};

/* Pre-formatted for the async-signal-safe handlers. */
static char term_exit_line[64];
static char alarm_exit_line[64];
static char unix_path_c[sizeof(((struct sockaddr_un *)NULL)->sun_path)];
static char pidfile_c[4096];

static void
ignore_result(ssize_t r)
{
    (void)r;
}

static void
write_log(const char *line)
{
    if (S.log_fd >= 0)
        ignore_result(write(S.log_fd, line, strlen(line)));
}

static void
cleanup_files(void)
{
    if (unix_path_c[0])
        unlink(unix_path_c);
    if (pidfile_c[0])
        unlink(pidfile_c);
}

static void
log_start(const char *accel)
{
    g_autofree char *joined = NULL;
    g_autofree char *line = NULL;

    if (S.start_logged)
        return;
    S.start_logged = TRUE;
    joined = g_strjoinv(" ", S.argv);
    line = g_strdup_printf("start pid=%d accel=%s argv=%s\n", (int)getpid(), accel, joined);
    write_log(line);
}

/* The requested accelerators, as a string for the log line. */
static char *
wanted_accels(void)
{
    g_autoptr(GString) s = g_string_new(NULL);

    if (!S.accel_wanted || S.accel_wanted->len == 0)
        return g_strdup("-");
    for (guint i = 0; i < S.accel_wanted->len; i++)
        g_string_append_printf(s, "%s%s", i ? ":" : "", (char *)S.accel_wanted->pdata[i]);
    return g_string_free(g_steal_pointer(&s), FALSE);
}

/* Every exit of the program except crashes. */
G_GNUC_NORETURN static void
fq_exit(int status)
{
    g_autofree char *line = NULL;

    if (!S.start_logged) {
        g_autofree char *accel = wanted_accels();

        log_start(accel);
    }
    line = g_strdup_printf("exit pid=%d status=%d\n", (int)getpid(), status);
    write_log(line);
    cleanup_files();
    fflush(stdout);
    fflush(stderr);
    _exit(status);
}

G_GNUC_PRINTF(1, 2) G_GNUC_NORETURN static void die(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fq_exit(1);
}

G_GNUC_NORETURN static void
sleep_forever(void)
{
    for (;;)
        pause();
}

static void
on_terminate(int sig)
{
    static const char msg[] = FQ_PROG ": terminating on signal\n";

    (void)sig;
    ignore_result(write(STDERR_FILENO, msg, sizeof(msg) - 1));
    if (S.log_fd >= 0)
        ignore_result(write(S.log_fd, term_exit_line, strlen(term_exit_line)));
    cleanup_files();
    _exit(0);
}

static void
on_alarm(int sig)
{
    static const char msg[] = "fake-qemu: FAKE_QEMU_MAX_LIFETIME reached, exiting\n";

    (void)sig;
    ignore_result(write(STDERR_FILENO, msg, sizeof(msg) - 1));
    if (S.log_fd >= 0)
        ignore_result(write(S.log_fd, alarm_exit_line, strlen(alarm_exit_line)));
    cleanup_files();
    _exit(2);
}

static void
setup_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_terminate;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
    snprintf(term_exit_line, sizeof(term_exit_line), "exit pid=%d status=0\n", (int)getpid());
    snprintf(alarm_exit_line, sizeof(alarm_exit_line), "exit pid=%d status=2\n", (int)getpid());
}

/* ----- environment ----- */

static gboolean
parse_count(const char *s, gint64 *out)
{
    guint64 v;

    if (!s || !g_ascii_string_to_unsigned(s, 10, 0, G_MAXINT32, &v, NULL))
        return FALSE;
    *out = (gint64)v;
    return TRUE;
}

static void
parse_faults(const char *spec)
{
    g_auto(GStrv) items = g_strsplit(spec ? spec : "", ",", -1);
    Faults *f = &S.faults;

    f->slow_start_ms = f->crash_after = f->hang_after = f->garbage_after = -1;
    f->huge_after = f->deep_after = f->eof_after = f->wrong_id_after = -1;
    f->refuse_accel = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; items[i]; i++) {
        char *item = g_strstrip(items[i]);
        char *arg = strchr(item, ':');
        struct {
            const char *name;
            gint64 *slot;
        } counted[] = {
            {"slow-start", &f->slow_start_ms}, {"crash-after", &f->crash_after},
            {"hang-after", &f->hang_after},    {"garbage-after", &f->garbage_after},
            {"huge-after", &f->huge_after},    {"deep-after", &f->deep_after},
            {"eof-after", &f->eof_after},      {"wrong-id-after", &f->wrong_id_after},
        };
        gboolean known = FALSE;

        if (!*item)
            continue;
        if (arg)
            *arg++ = '\0';
        if (!arg && strcmp(item, "crash-at-start") == 0) {
            f->crash_at_start = known = TRUE;
        } else if (!arg && strcmp(item, "no-greeting") == 0) {
            f->no_greeting = known = TRUE;
        } else if (!arg && strcmp(item, "events") == 0) {
            f->events = known = TRUE;
        } else if (!arg && strcmp(item, "stderr-spam") == 0) {
            f->stderr_spam = known = TRUE;
        } else if (arg && strcmp(item, "refuse-accel") == 0 && *arg) {
            g_ptr_array_add(f->refuse_accel, g_strdup(arg));
            known = TRUE;
        } else {
            for (gsize k = 0; k < G_N_ELEMENTS(counted); k++) {
                if (strcmp(item, counted[k].name) == 0 && parse_count(arg, counted[k].slot))
                    known = TRUE;
            }
        }
        if (!known)
            die("fake-qemu: unknown fault '%s%s%s' in FAKE_QEMU_FAULT", item, arg ? ":" : "",
                arg ? arg : "");
    }
}

/* ----- command line ----- */

static gboolean
option_takes_arg(const char *opt)
{
    static const char *const with_arg[] = {"-display", "-m",       "-machine", "-M",
                                           "-accel",   "-cpu",     "-chardev", "-mon",
                                           "-qmp",     "-pidfile", "-smp",     "-name"};

    for (gsize i = 0; i < G_N_ELEMENTS(with_arg); i++) {
        if (strcmp(opt, with_arg[i]) == 0)
            return TRUE;
    }
    return FALSE;
}

static gboolean
option_is_flag(const char *opt)
{
    static const char *const flags[] = {"-S", "-no-user-config", "-nodefaults", "-nographic",
                                        "-version"};

    for (gsize i = 0; i < G_N_ELEMENTS(flags); i++) {
        if (strcmp(opt, flags[i]) == 0)
            return TRUE;
    }
    return FALSE;
}

static void
parse_machine(const char *arg)
{
    g_auto(GStrv) parts = g_strsplit(arg, ",", -1);

    for (guint i = 0; parts[i]; i++) {
        char *eq = strchr(parts[i], '=');

        if (!eq) {
            if (i == 0) {
                g_free(S.machine);
                S.machine = g_strdup(parts[i]);
            }
            continue;
        }
        *eq = '\0';
        if (strcmp(parts[i], "type") == 0) {
            g_free(S.machine);
            S.machine = g_strdup(eq + 1);
        } else if (strcmp(parts[i], "accel") == 0) {
            g_auto(GStrv) names = g_strsplit(eq + 1, ":", -1);

            g_ptr_array_set_size(S.accel_wanted, 0);
            for (guint k = 0; names[k]; k++) {
                if (*names[k])
                    g_ptr_array_add(S.accel_wanted, g_strdup(names[k]));
            }
            S.accel_by_machine = TRUE;
        }
    }
}

static void
parse_accel(const char *arg)
{
    g_auto(GStrv) parts = g_strsplit(arg, ",", -1);
    const char *name = parts[0];

    if (g_str_has_prefix(name, "accel="))
        name += strlen("accel=");
    if (!*name)
        die(FQ_PROG ": -accel %s: missing accelerator name", arg);
    if (!S.accel_by_option)
        g_ptr_array_set_size(S.accel_wanted, 0);
    g_ptr_array_add(S.accel_wanted, g_strdup(name));
    S.accel_by_option = TRUE;
}

/* "k=v" from a comma-separated option string, or NULL. */
static char *
opt_value(char **parts, const char *key)
{
    gsize klen = strlen(key);

    for (guint i = 0; parts[i]; i++) {
        if (strncmp(parts[i], key, klen) == 0 && parts[i][klen] == '=')
            return parts[i] + klen + 1;
    }
    return NULL;
}

static void
chardev_free(gpointer p)
{
    Chardev *c = p;

    g_free(c->id);
    g_free(c->path);
    g_free(c);
}

static void
parse_chardev(const char *arg)
{
    g_auto(GStrv) parts = g_strsplit(arg, ",", -1);
    Chardev *c;
    const char *fd;
    const char *server;
    guint64 n;

    if (strcmp(parts[0], "socket") != 0)
        die(FQ_PROG ": -chardev %s: fake-qemu supports only socket chardevs", arg);
    if (!opt_value(parts, "id"))
        die(FQ_PROG ": -chardev %s: chardev: no id specified", arg);
    c = g_new0(Chardev, 1);
    c->id = g_strdup(opt_value(parts, "id"));
    c->fd = -1;
    fd = opt_value(parts, "fd");
    server = opt_value(parts, "server");
    g_ptr_array_add(S.chardevs, c);
    if (fd) {
        if (!g_ascii_string_to_unsigned(fd, 10, 0, G_MAXINT, &n, NULL))
            die(FQ_PROG ": -chardev %s: invalid file descriptor '%s'", arg, fd);
        c->fd = (int)n;
    } else if (opt_value(parts, "path")) {
        if (!server || strcmp(server, "on") != 0)
            die(FQ_PROG ": -chardev %s: fake-qemu supports only server=on with path=", arg);
        c->path = g_strdup(opt_value(parts, "path"));
    } else {
        die(FQ_PROG ": -chardev %s: fake-qemu needs fd= or path=", arg);
    }
}

static void
parse_mon(const char *arg)
{
    g_auto(GStrv) parts = g_strsplit(arg, ",", -1);
    const char *mode = opt_value(parts, "mode");

    if (!opt_value(parts, "chardev"))
        die(FQ_PROG ": -mon %s: fake-qemu needs chardev=", arg);
    if (!mode || strcmp(mode, "control") != 0)
        die(FQ_PROG ": -mon %s: fake-qemu supports only mode=control", arg);
    if (S.mon_chardev)
        die(FQ_PROG ": -mon %s: fake-qemu supports one QMP monitor", arg);
    S.mon_chardev = g_strdup(opt_value(parts, "chardev"));
}

static void
parse_args(int argc, char **argv)
{
    S.accel_wanted = g_ptr_array_new_with_free_func(g_free);
    S.chardevs = g_ptr_array_new_with_free_func(chardev_free);
    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];
        const char *arg = NULL;

        if (opt[0] == '-' && opt[1] == '-' && opt[2])
            opt++;
        if (!option_is_flag(opt) && !option_takes_arg(opt))
            die(FQ_PROG ": %s: invalid option", argv[i]);
        if (option_takes_arg(opt)) {
            if (i + 1 >= argc)
                die(FQ_PROG ": %s: requires an argument", argv[i]);
            arg = argv[++i];
        }
        if (strcmp(opt, "-S") == 0) {
            S.freeze = TRUE;
        } else if (strcmp(opt, "-version") == 0) {
            S.version = TRUE;
        } else if (strcmp(opt, "-machine") == 0 || strcmp(opt, "-M") == 0) {
            parse_machine(arg);
        } else if (strcmp(opt, "-accel") == 0) {
            parse_accel(arg);
        } else if (strcmp(opt, "-cpu") == 0) {
            g_free(S.cpu_arg);
            S.cpu_arg = g_strdup(arg);
        } else if (strcmp(opt, "-chardev") == 0) {
            parse_chardev(arg);
        } else if (strcmp(opt, "-mon") == 0) {
            parse_mon(arg);
        } else if (strcmp(opt, "-qmp") == 0) {
            if (S.qmp_arg)
                die(FQ_PROG ": -qmp %s: fake-qemu supports one QMP monitor", arg);
            S.qmp_arg = g_strdup(arg);
        } else if (strcmp(opt, "-pidfile") == 0) {
            g_free(S.pidfile);
            S.pidfile = g_strdup(arg);
        }
        /* -display, -m, -smp, -name and the other flags change nothing here. */
    }
    if (S.accel_by_machine && S.accel_by_option)
        die(FQ_PROG ": The -accel and \"-machine accel=\" options are incompatible");
}

static void
resolve_endpoint(void)
{
    if (S.mon_chardev && S.qmp_arg)
        die(FQ_PROG ": fake-qemu supports one QMP monitor (both -mon and -qmp given)");
    if (S.mon_chardev) {
        for (guint i = 0; i < S.chardevs->len; i++) {
            Chardev *c = g_ptr_array_index(S.chardevs, i);

            if (strcmp(c->id, S.mon_chardev) != 0)
                continue;
            if (c->fd >= 0) {
                S.endpoint = EP_FD;
                S.endpoint_fd = c->fd;
            } else {
                S.endpoint = EP_UNIX;
                S.unix_path = g_strdup(c->path);
            }
            return;
        }
        die(FQ_PROG ": -mon chardev=%s: chardev \"%s\" not found", S.mon_chardev, S.mon_chardev);
    }
    if (!S.qmp_arg)
        return;
    if (strcmp(S.qmp_arg, "stdio") == 0) {
        S.endpoint = EP_STDIO;
    } else if (g_str_has_prefix(S.qmp_arg, "unix:")) {
        g_auto(GStrv) parts = g_strsplit(S.qmp_arg + strlen("unix:"), ",", -1);
        const char *server = opt_value(parts, "server");
        gboolean legacy_server = FALSE;

        for (guint i = 1; parts[i]; i++) {
            if (strcmp(parts[i], "server") == 0)
                legacy_server = TRUE;
        }
        if (!*parts[0] || (!legacy_server && (!server || strcmp(server, "on") != 0)))
            die(FQ_PROG ": -qmp %s: fake-qemu supports only unix:PATH,server=on,wait=off",
                S.qmp_arg);
        S.endpoint = EP_UNIX;
        S.unix_path = g_strdup(parts[0]);
    } else {
        die(FQ_PROG ": -qmp %s: fake-qemu supports only unix: and stdio", S.qmp_arg);
    }
}

static gboolean
machine_known(const char *m)
{
    return strcmp(m, "none") == 0 || strcmp(m, "virt") == 0 || g_str_has_prefix(m, "virt-");
}

static gboolean
accel_refused(const char *name)
{
    for (guint i = 0; i < S.faults.refuse_accel->len; i++) {
        if (strcmp(g_ptr_array_index(S.faults.refuse_accel, i), name) == 0)
            return TRUE;
    }
    return FALSE;
}

/* Picks the first usable accelerator; QEMU prints a line for each refused one. */
static void
resolve_accel(void)
{
    g_autofree char *wanted = NULL;

    if (S.accel_wanted->len == 0)
        g_ptr_array_add(S.accel_wanted, g_strdup("tcg"));
    for (guint i = 0; i < S.accel_wanted->len; i++) {
        const char *name = g_ptr_array_index(S.accel_wanted, i);

        if (fq_replies_has_accel(S.replies, name) && !accel_refused(name)) {
            S.accel = name;
            log_start(name);
            return;
        }
        if (S.accel_by_option)
            fprintf(stderr, FQ_PROG ": -accel %s: invalid accelerator %s\n", name, name);
        else
            fprintf(stderr, FQ_PROG ": invalid accelerator %s\n", name);
    }
    wanted = wanted_accels();
    log_start(wanted);
    if (S.accel_wanted->len > 1)
        fprintf(stderr, FQ_PROG ": no accelerator found\n");
    fq_exit(1);
}

/* ----- output ----- */

static gboolean
write_all(const char *data, gsize len)
{
    while (len > 0) {
        ssize_t n = write(S.out_fd, data, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return FALSE;
        data += n;
        len -= (gsize)n;
    }
    return TRUE;
}

/* Writes one message line; a vanished client ends the process like EOF. */
static void
send_line(json_object *msg)
{
    g_autofree char *line = g_strdup_printf("%s\r\n", fq_json_plain(msg));

    if (!write_all(line, strlen(line)))
        fq_exit(0);
}

static json_object *
timestamp_new(void)
{
    gint64 now = g_get_real_time();
    json_object *ts = json_object_new_object();

    json_object_object_add(ts, "seconds", json_object_new_int64(now / G_USEC_PER_SEC));
    json_object_object_add(ts, "microseconds", json_object_new_int64(now % G_USEC_PER_SEC));
    return ts;
}

static void
send_event(const char *name, json_object *data)
{
    g_autoptr(json_object) ev = json_object_new_object();

    json_object_object_add(ev, "timestamp", timestamp_new());
    json_object_object_add(ev, "event", json_object_new_string(name));
    if (data)
        json_object_object_add(ev, "data", data);
    send_line(ev);
}

/* Three events of different kinds, one of them unknown to any client. */
static void
send_noise_events(void)
{
    json_object *rtc = json_object_new_object();
    json_object *odd = json_object_new_object();
    json_object *nested = json_object_new_array();

    json_object_object_add(rtc, "offset", json_object_new_int(1));
    json_object_object_add(rtc, "qom-path", json_object_new_string("/machine/unattached/rtc"));
    send_event("RTC_CHANGE", rtc);
    send_event("RESUME", NULL);
    json_object_array_add(nested, json_object_new_uint64(G_MAXUINT64));
    json_object_array_add(nested, json_object_new_string("id"));
    json_object_object_add(odd, "return", json_object_new_string("not a reply"));
    json_object_object_add(odd, "values", nested);
    send_event("X_FAKE_QEMU_UNKNOWN", odd);
}

static void
check_state_faults(void)
{
    Faults *f = &S.faults;

    if (f->crash_after == S.replies_sent) {
        fprintf(stderr, FQ_PROG ": fake crash after %" G_GINT64_FORMAT " replies\n",
                S.replies_sent);
        fflush(stderr);
        kill(getpid(), SIGKILL);
        _exit(139);
    }
    if (f->eof_after == S.replies_sent) {
        close(S.in_fd);
        if (S.out_fd != S.in_fd)
            close(S.out_fd);
        fq_exit(0);
    }
    if (f->hang_after == S.replies_sent)
        sleep_forever();
}

static void
write_id_suffix(GString *s, json_object *id)
{
    if (id)
        g_string_append_printf(s, ",\"id\":%s", fq_json_plain(id));
}

static void
send_huge(json_object *id)
{
    g_autofree char *chunk = g_strnfill(FQ_READ_CHUNK, 'x');
    g_autoptr(GString) tail = g_string_new("\"");
    static const char head[] = "{\"return\":\"";

    if (!write_all(head, sizeof(head) - 1))
        return;
    for (guint sent = 0; sent < FQ_HUGE_BYTES; sent += FQ_READ_CHUNK) {
        if (!write_all(chunk, FQ_READ_CHUNK))
            return; /* the client gave up: fine, EOF follows */
    }
    write_id_suffix(tail, id);
    g_string_append(tail, "}\r\n");
    write_all(tail->str, tail->len);
}

static void
send_deep(json_object *id)
{
    g_autoptr(GString) s = g_string_sized_new(2 * FQ_DEEP_LEVELS + 64);

    g_string_append(s, "{\"return\":");
    for (guint i = 0; i < FQ_DEEP_LEVELS; i++)
        g_string_append_c(s, '[');
    for (guint i = 0; i < FQ_DEEP_LEVELS; i++)
        g_string_append_c(s, ']');
    write_id_suffix(s, id);
    g_string_append(s, "}\r\n");
    if (!write_all(s->str, s->len))
        fq_exit(0);
}

/* Sends @reply ({"return"} or {"error"}, consumed) with @id, unless a fault
 * replaces it; then applies the faults due after this many replies. */
static void
send_reply(json_object *reply, json_object *id)
{
    g_autoptr(json_object) owned = reply;
    g_autoptr(json_object) msg = json_object_new_object();
    g_autoptr(json_object) wrong = NULL;
    Faults *f = &S.faults;
    json_object *err = NULL;
    json_object *ret = NULL;
    static const char garbage[] = "}{ this is not JSON \x01\x02\r\n";

    if (f->events)
        send_noise_events();
    if (f->garbage_after == S.replies_sent) {
        if (!write_all(garbage, sizeof(garbage) - 1))
            fq_exit(0);
    } else if (f->huge_after == S.replies_sent) {
        send_huge(id);
    } else if (f->deep_after == S.replies_sent) {
        send_deep(id);
    } else {
        if (f->wrong_id_after == S.replies_sent) {
            wrong = json_object_new_string("not-yours");
            id = wrong;
        }
        json_object_object_get_ex(owned, "error", &err);
        json_object_object_get_ex(owned, "return", &ret);
        /* QEMU's member order varies: errors carry the id first here. */
        if (err) {
            if (id)
                json_object_object_add(msg, "id", json_object_get(id));
            json_object_object_add(msg, "error", json_object_get(err));
        } else {
            json_object_object_add(msg, "return", ret ? json_object_get(ret) : NULL);
            if (id)
                json_object_object_add(msg, "id", json_object_get(id));
        }
        send_line(msg);
    }
    S.replies_sent++;
    check_state_faults();
}

static void send_error(const char *klass, json_object *id, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

static void
send_error(const char *klass, json_object *id, const char *fmt, ...)
{
    g_autofree char *desc = NULL;
    va_list ap;

    va_start(ap, fmt);
    desc = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    send_reply(fq_error_new(klass, desc), id);
}

/* ----- built-in commands ----- */

static json_object *
member(json_object *obj, const char *key)
{
    json_object *val = NULL;

    if (!obj || !json_object_is_type(obj, json_type_object))
        return NULL;
    if (!json_object_object_get_ex(obj, key, &val))
        return NULL;
    return val;
}

static int
compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static json_object *
builtin_query_commands(void)
{
    static const char *const builtins[] = {
        "qmp_capabilities", "quit",     "query-commands", "query-status", "query-cpus-fast",
        "qom-get",          "qom-list", "query-version",  "query-kvm",
    };
    g_autoptr(GPtrArray) names = fq_replies_command_names(S.replies, S.accel);
    json_object *list = json_object_new_array();
    const char *prev = NULL;

    for (gsize i = 0; i < G_N_ELEMENTS(builtins); i++)
        g_ptr_array_add(names, g_strdup(builtins[i]));
    g_ptr_array_sort(names, compare_names);
    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        json_object *entry;

        if (prev && strcmp(prev, name) == 0)
            continue;
        prev = name;
        entry = json_object_new_object();
        json_object_object_add(entry, "name", json_object_new_string(name));
        json_object_array_add(list, entry);
    }
    return fq_return_new(list);
}

static gboolean
has_cpu(void)
{
    return S.cpu && strcmp(S.machine, "none") != 0;
}

static json_object *
builtin_query_cpus_fast(void)
{
    json_object *list = json_object_new_array();
    json_object *cpu;
    json_object *props;

    if (!has_cpu())
        return fq_return_new(list);
    cpu = json_object_new_object();
    props = json_object_new_object();
    json_object_object_add(props, "core-id", json_object_new_int(0));
    json_object_object_add(props, "thread-id", json_object_new_int(0));
    json_object_object_add(props, "socket-id", json_object_new_int(0));
    json_object_object_add(props, "cluster-id", json_object_new_int(0));
    json_object_object_add(cpu, "thread-id", json_object_new_int((int)getpid()));
    json_object_object_add(cpu, "props", props);
    json_object_object_add(cpu, "qom-path", json_object_new_string(FQ_CPU_PATH));
    json_object_object_add(cpu, "cpu-index", json_object_new_int(0));
    json_object_object_add(cpu, "target", json_object_new_string("aarch64"));
    json_object_array_add(list, cpu);
    return fq_return_new(list);
}

static json_object *
builtin_query_status(void)
{
    json_object *st = json_object_new_object();

    json_object_object_add(st, "status",
                           json_object_new_string(S.freeze ? "prelaunch" : "running"));
    json_object_object_add(st, "singlestep", json_object_new_boolean(FALSE));
    json_object_object_add(st, "running", json_object_new_boolean(!S.freeze));
    return fq_return_new(st);
}

static json_object *
builtin_query_version(void)
{
    json_object *version = member(member(fq_replies_greeting(S.replies), "QMP"), "version");
    json_object *copy = NULL;

    if (!version || json_object_deep_copy(version, &copy, NULL) != 0)
        return fq_error_new("GenericError", "fake-qemu: the greeting has no version");
    return fq_return_new(copy);
}

static json_object *
builtin_query_kvm(void)
{
    json_object *kvm = json_object_new_object();

    json_object_object_add(kvm, "enabled", json_object_new_boolean(strcmp(S.accel, "kvm") == 0));
    json_object_object_add(kvm, "present",
                           json_object_new_boolean(fq_replies_has_accel(S.replies, "kvm")));
    return fq_return_new(kvm);
}

/* Checks the "path" argument of qom-list/qom-get; NULL when it names the CPU. */
static json_object *
check_qom_path(json_object *args)
{
    const char *path = json_object_get_string(member(args, "path"));
    g_autofree char *desc = NULL;

    if (!json_object_is_type(member(args, "path"), json_type_string))
        return fq_error_new("GenericError", "Parameter 'path' is missing");
    if (has_cpu() && strcmp(path, FQ_CPU_PATH) == 0)
        return NULL;
    desc = g_strdup_printf("Device '%s' not found", path);
    return fq_error_new("DeviceNotFound", desc);
}

static json_object *
builtin(const char *name, json_object *args)
{
    json_object *err;

    if (strcmp(name, "query-commands") == 0)
        return builtin_query_commands();
    if (strcmp(name, "query-cpus-fast") == 0)
        return builtin_query_cpus_fast();
    if (strcmp(name, "query-status") == 0)
        return builtin_query_status();
    if (strcmp(name, "query-version") == 0)
        return builtin_query_version();
    if (strcmp(name, "query-kvm") == 0)
        return builtin_query_kvm();
    if (strcmp(name, "qom-list") == 0) {
        err = check_qom_path(args);
        return err ? err : fq_cpu_qom_list(S.cpu);
    }
    if (strcmp(name, "qom-get") == 0) {
        err = check_qom_path(args);
        if (err)
            return err;
        if (!json_object_is_type(member(args, "property"), json_type_string))
            return fq_error_new("GenericError", "Parameter 'property' is missing");
        return fq_cpu_qom_get(S.cpu, json_object_get_string(member(args, "property")));
    }
    return NULL;
}

/* ----- command dispatch ----- */

G_GNUC_NORETURN static void
die_recorded(void)
{
    fprintf(stderr, FQ_PROG ": fake-qemu: the transcript ends here: QEMU exited without "
                            "answering\n");
    fq_exit(1);
}

static void
do_quit(json_object *id)
{
    json_object *data = json_object_new_object();

    if (S.faults.events)
        send_noise_events();
    json_object_object_add(data, "guest", json_object_new_boolean(FALSE));
    json_object_object_add(data, "reason", json_object_new_string("host-qmp-quit"));
    send_event("SHUTDOWN", data);
    send_reply(fq_return_new(json_object_new_object()), id);
    close(S.in_fd);
    if (S.out_fd != S.in_fd)
        close(S.out_fd);
    fq_exit(0);
}

static void
handle(json_object *cmd)
{
    json_object *id = member(cmd, "id");
    json_object *args = member(cmd, "arguments");
    json_object *exec = member(cmd, "execute");
    g_autoptr(json_object) empty = json_object_new_object();
    json_object *reply = NULL;
    const char *name;
    FqLookup how;

    if (!json_object_is_type(cmd, json_type_object)) {
        send_error("GenericError", NULL, "QMP input must be a JSON object");
        return;
    }
    {
        json_object_object_foreach(cmd, key, val)
        {
            (void)val;
            if (strcmp(key, "execute") != 0 && strcmp(key, "exec-oob") != 0 &&
                strcmp(key, "arguments") != 0 && strcmp(key, "id") != 0) {
                send_error("GenericError", id, "QMP input member '%s' is unexpected", key);
                return;
            }
        }
    }
    if (!exec)
        exec = member(cmd, "exec-oob");
    if (!exec) {
        send_error("GenericError", id, "QMP input lacks member 'execute'");
        return;
    }
    if (!json_object_is_type(exec, json_type_string)) {
        send_error("GenericError", id, "QMP input member 'execute' must be a string");
        return;
    }
    if (args && !json_object_is_type(args, json_type_object)) {
        send_error("GenericError", id, "QMP input member 'arguments' must be an object");
        return;
    }
    if (!args)
        args = empty;
    name = json_object_get_string(exec);

    if (!S.negotiated) {
        if (strcmp(name, "qmp_capabilities") != 0) {
            send_error("CommandNotFound", id,
                       "Expecting capabilities negotiation with 'qmp_capabilities'");
            return;
        }
        if (fq_replies_is_transcript(S.replies) &&
            fq_replies_lookup(S.replies, S.accel, name, args, &reply) == FQ_LOOKUP_RECORD_END)
            die_recorded();
        json_object_put(reply);
        S.negotiated = TRUE;
        send_reply(fq_return_new(json_object_new_object()), id);
        return;
    }
    if (strcmp(name, "qmp_capabilities") == 0) {
        send_error("CommandNotFound", id,
                   "Capabilities negotiation is already complete, command ignored");
        return;
    }
    if (strcmp(name, "quit") == 0)
        do_quit(id);

    how = fq_replies_lookup(S.replies, S.accel, name, args, &reply);
    if (how == FQ_LOOKUP_FOUND) {
        send_reply(reply, id);
        return;
    }
    if (how == FQ_LOOKUP_RECORD_END)
        die_recorded();
    reply = builtin(name, args);
    if (reply)
        send_reply(reply, id);
    else if (how == FQ_LOOKUP_NO_MATCH)
        send_error("GenericError", id, "fake-qemu: no reply for %s %s", name, fq_json_plain(args));
    else
        send_error("CommandNotFound", id, "The command %s has not been found", name);
}

/* Feeds bytes to the incremental parser and handles every complete command. */
static void
feed(json_tokener *tok, const char *buf, gsize len)
{
    gsize off = 0;

    while (off < len) {
        json_object *obj = json_tokener_parse_ex(tok, buf + off, (int)(len - off));
        enum json_tokener_error jerr = json_tokener_get_error(tok);

        if (jerr == json_tokener_continue)
            return;
        if (jerr != json_tokener_success) {
            json_tokener_reset(tok);
            send_error("GenericError", NULL, "JSON parse error, %s", json_tokener_error_desc(jerr));
            return; /* drop the rest of this read, as a resynchronisation */
        }
        off += json_tokener_get_parse_end(tok);
        handle(obj);
        json_object_put(obj);
    }
}

G_GNUC_NORETURN static void
serve(void)
{
    g_autoptr(json_tokener) tok = json_tokener_new_ex(FQ_COMMAND_DEPTH);
    g_autofree char *buf = g_malloc(FQ_READ_CHUNK);

    for (;;) {
        ssize_t n = read(S.in_fd, buf, FQ_READ_CHUNK);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            fq_exit(0); /* EOF, or the client reset the connection */
        feed(tok, buf, (gsize)n);
    }
}

/* ----- start-up ----- */

static void
open_endpoint(void)
{
    struct sockaddr_un sa;
    struct stat st;
    int listener;
    int fd;

    switch (S.endpoint) {
    case EP_NONE:
        return;
    case EP_STDIO:
        S.in_fd = STDIN_FILENO;
        S.out_fd = STDOUT_FILENO;
        return;
    case EP_FD:
        if (fstat(S.endpoint_fd, &st) != 0 || !S_ISSOCK(st.st_mode))
            die(FQ_PROG ": -chardev fd=%d: File descriptor '%d' is not an open socket",
                S.endpoint_fd, S.endpoint_fd);
        fcntl(S.endpoint_fd, F_SETFL, fcntl(S.endpoint_fd, F_GETFL) & ~O_NONBLOCK);
        fcntl(S.endpoint_fd, F_SETFD, FD_CLOEXEC);
        S.in_fd = S.out_fd = S.endpoint_fd;
        return;
    case EP_UNIX:
        break;
    }
    memset(&sa, 0, sizeof(sa));
    sa.sun_family = AF_UNIX;
    if (strlen(S.unix_path) >= sizeof(sa.sun_path))
        die(FQ_PROG ": UNIX socket path '%s' is too long", S.unix_path);
    memcpy(sa.sun_path, S.unix_path, strlen(S.unix_path));
    listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener < 0)
        die(FQ_PROG ": socket: %s", g_strerror(errno));
    unlink(S.unix_path);
    if (bind(listener, (struct sockaddr *)&sa, sizeof(sa)) != 0)
        die(FQ_PROG ": Failed to bind socket to %s: %s", S.unix_path, g_strerror(errno));
    g_strlcpy(unix_path_c, S.unix_path, sizeof(unix_path_c));
    if (listen(listener, 1) != 0)
        die(FQ_PROG ": Failed to listen on %s: %s", S.unix_path, g_strerror(errno));
    do {
        fd = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0)
        die(FQ_PROG ": accept: %s", g_strerror(errno));
    close(listener);
    S.in_fd = S.out_fd = fd;
}

static void
print_version(void)
{
    json_object *version = member(member(fq_replies_greeting(S.replies), "QMP"), "version");
    json_object *qemu = member(version, "qemu");
    const char *package = json_object_get_string(member(version, "package"));

    printf("QEMU emulator version %d.%d.%d", json_object_get_int(member(qemu, "major")),
           json_object_get_int(member(qemu, "minor")), json_object_get_int(member(qemu, "micro")));
    if (package && *package)
        printf(" (%s)", package);
    printf("\nfake-qemu: a test double for qemu-system-aarch64, not QEMU\n");
}

static void
load_replies(void)
{
    const char *replies = g_getenv("FAKE_QEMU_REPLIES");
    const char *transcript = g_getenv("FAKE_QEMU_TRANSCRIPT");
    g_autofree char *err = NULL;

    if (replies && *replies)
        S.replies = fq_replies_load_file(replies, &err);
    else if (transcript && *transcript)
        S.replies = fq_replies_load_transcript(transcript, &err);
    else if (S.version)
        S.replies = fq_replies_new_default(); /* -version needs no replies */
    else
        die("fake-qemu: set FAKE_QEMU_REPLIES or FAKE_QEMU_TRANSCRIPT");
    if (!S.replies)
        die("fake-qemu: %s", err);
}

static void
setup_log_and_lifetime(void)
{
    const char *log = g_getenv("FAKE_QEMU_LOG");
    const char *life = g_getenv("FAKE_QEMU_MAX_LIFETIME");
    gint64 seconds = FQ_DEFAULT_LIFETIME;

    if (log && *log) {
        S.log_fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
        if (S.log_fd < 0)
            die("fake-qemu: cannot open FAKE_QEMU_LOG '%s': %s", log, g_strerror(errno));
    }
    if (life && *life && (!parse_count(life, &seconds) || seconds == 0))
        die("fake-qemu: FAKE_QEMU_MAX_LIFETIME must be a positive number of seconds");
    alarm((unsigned)seconds);
}

static void
spam_stderr(void)
{
    g_autofree char *line = g_strnfill(1023, 'E');

    for (int i = 0; i < 1024; i++)
        fprintf(stderr, "%s\n", line);
    fflush(stderr);
}

static void
write_pidfile(void)
{
    g_autofree char *text = NULL;
    g_autoptr(GError) err = NULL;

    if (!S.pidfile)
        return;
    text = g_strdup_printf("%d\n", (int)getpid());
    if (!g_file_set_contents(S.pidfile, text, -1, &err))
        die(FQ_PROG ": cannot create PID file: %s", err->message);
    g_strlcpy(pidfile_c, S.pidfile, sizeof(pidfile_c));
}

int
main(int argc, char **argv)
{
    const char *ignore_env = g_getenv("FAKE_QEMU_IGNORE");
    g_auto(GStrv) extra_ignore = g_strsplit(ignore_env ? ignore_env : "", ",", -1);

    S.argc = argc;
    S.argv = argv;
    setup_signals();
    setup_log_and_lifetime();
    parse_faults(g_getenv("FAKE_QEMU_FAULT"));
    parse_args(argc, argv);
    if (S.faults.stderr_spam)
        spam_stderr();
    load_replies();
    if (S.version) {
        log_start("-");
        print_version();
        fq_exit(0);
    }
    if (!S.machine)
        die(FQ_PROG ": No machine specified, and there is no default\n"
                    "Use -machine help to list supported machines");
    if (!machine_known(S.machine))
        die(FQ_PROG ": -machine %s: unsupported machine type\n"
                    "Use -machine help to list supported machines",
            S.machine);
    resolve_endpoint();
    resolve_accel();
    if (S.faults.crash_at_start)
        die(FQ_PROG ": fake crash at start");
    write_pidfile();

    /* QEMU reports a bad -cpu only after the monitor is up (see the README); with
     * -machine none no CPU is created, so only the model name is checked. */
    S.cpu = fq_cpu_new(S.replies, S.accel, S.cpu_arg, strcmp(S.machine, "none") != 0,
                       (const char *const *)extra_ignore, &S.cpu_error);

    open_endpoint();
    if (S.endpoint == EP_NONE) {
        if (S.cpu_error)
            die("%s", S.cpu_error);
        sleep_forever();
    }
    if (S.faults.no_greeting)
        sleep_forever();
    if (S.faults.slow_start_ms > 0)
        g_usleep((gulong)S.faults.slow_start_ms * 1000);
    send_line(fq_replies_greeting(S.replies));
    check_state_faults();
    if (S.cpu_error) {
        close(S.in_fd);
        if (S.out_fd != S.in_fd)
            close(S.out_fd);
        die("%s", S.cpu_error);
    }
    serve();
}
