/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-child.c: a stand-in for QEMU that test-process spawns.
 *
 *   test-child exit N          exit with status N
 *   test-child stderr TEXT N   write TEXT and a newline to stderr, exit N
 *   test-child flood N         write N bytes to stderr, then "END" and exit 0
 *   test-child hang            never exit on its own
 *   test-child signal          end by SIGTERM
 *   test-child report          describe argv and the open descriptors on the
 *                              QMP socket, one line each, then exit 0
 *   test-child qmp             a minimal QMP server on the QMP socket: greeting,
 *                              qmp_capabilities, query-version, quit
 *
 * The QMP socket is the fd named by the "-chardev socket,id=qmp,fd=N" option
 * armcpu appends.
 */
#include <dirent.h>
#include <errno.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
qmp_fd(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; i++) {
        const char *fd;

        if (strcmp(argv[i], "-chardev") == 0 && (fd = strstr(argv[i + 1], ",fd=")))
            return atoi(fd + 4);
    }
    return -1;
}

static void
write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            exit(99);
        buf += n;
        len -= (size_t)n;
    }
}

static void
write_str(int fd, const char *s)
{
    write_all(fd, s, strlen(s));
}

static int
report(int argc, char **argv, int fd)
{
    char line[4400];
    DIR *dir;
    struct dirent *de;

    for (int i = 0; i < argc; i++) {
        snprintf(line, sizeof(line), "arg %s\n", argv[i]);
        write_str(fd, line);
    }
    dir = opendir("/proc/self/fd");
    if (!dir)
        return 1;
    while ((de = readdir(dir))) {
        char path[300], target[4000];
        ssize_t n;

        if (de->d_name[0] == '.' || atoi(de->d_name) == dirfd(dir))
            continue;
        snprintf(path, sizeof(path), "/proc/self/fd/%s", de->d_name);
        n = readlink(path, target, sizeof(target) - 1);
        target[n < 0 ? 0 : n] = '\0';
        snprintf(line, sizeof(line), "fd %s %s\n", de->d_name, target);
        write_str(fd, line);
    }
    closedir(dir);
    return 0;
}

/* Answer QMP commands on @fd, one line each, until quit or EOF. */
static int
qmp_server(int fd)
{
    char buf[65536];
    size_t len = 0;

    write_str(2, "test-child: serving QMP\n");
    write_str(fd, "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}, "
                  "\"package\": \"test-child\"}, \"capabilities\": [\"oob\"]}}\r\n");
    for (;;) {
        char *nl;
        ssize_t n = read(fd, buf + len, sizeof(buf) - 1 - len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return 0;
        len += (size_t)n;
        buf[len] = '\0';
        while ((nl = strchr(buf, '\n'))) {
            json_object *cmd, *exe = NULL, *id = NULL, *reply;
            const char *name;
            int quit;

            *nl = '\0';
            cmd = json_tokener_parse(buf);
            memmove(buf, nl + 1, len - (size_t)(nl + 1 - buf) + 1);
            len = strlen(buf);
            if (!cmd)
                return 2;
            json_object_object_get_ex(cmd, "execute", &exe);
            json_object_object_get_ex(cmd, "id", &id);
            name = exe ? json_object_get_string(exe) : "";
            quit = strcmp(name, "quit") == 0;
            reply = json_object_new_object();
            if (strcmp(name, "qmp_capabilities") == 0) {
                json_object_object_add(reply, "return", json_object_new_object());
            } else if (strcmp(name, "query-version") == 0) {
                json_object *v = json_object_new_object();
                json_object_object_add(v, "package", json_object_new_string("test-child"));
                json_object_object_add(reply, "return", v);
            } else if (quit) {
                write_str(fd, "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, "
                              "\"event\": \"SHUTDOWN\", \"data\": {\"guest\": false}}\r\n");
                json_object_object_add(reply, "return", json_object_new_object());
            } else {
                json_object *e = json_object_new_object();
                json_object_object_add(e, "class", json_object_new_string("CommandNotFound"));
                json_object_object_add(e, "desc", json_object_new_string("no such command"));
                json_object_object_add(reply, "error", e);
            }
            if (id)
                json_object_object_add(reply, "id", json_object_get(id));
            write_str(fd, json_object_to_json_string_ext(reply, JSON_C_TO_STRING_PLAIN));
            write_str(fd, "\r\n");
            json_object_put(reply);
            json_object_put(cmd);
            if (quit)
                return 0;
        }
        if (len >= sizeof(buf) - 1)
            return 3;
    }
}

int
main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";

    if (strcmp(mode, "exit") == 0 && argc > 2)
        return atoi(argv[2]);
    if (strcmp(mode, "stderr") == 0 && argc > 3) {
        write_str(2, argv[2]);
        write_str(2, "\n");
        return atoi(argv[3]);
    }
    if (strcmp(mode, "flood") == 0 && argc > 2) {
        static char chunk[4096];
        long left = atol(argv[2]);

        memset(chunk, 'x', sizeof(chunk));
        for (; left > 0; left -= (long)sizeof(chunk))
            write_all(2, chunk, left < (long)sizeof(chunk) ? (size_t)left : sizeof(chunk));
        write_str(2, "\nEND\n");
        return 0;
    }
    if (strcmp(mode, "hang") == 0) {
        for (;;)
            pause();
    }
    if (strcmp(mode, "signal") == 0) {
        raise(SIGTERM);
        return 98;
    }
    if (strcmp(mode, "report") == 0)
        return report(argc, argv, qmp_fd(argc, argv));
    if (strcmp(mode, "qmp") == 0)
        return qmp_server(qmp_fd(argc, argv));
    write_str(2, "test-child: unknown mode\n");
    return 97;
}
