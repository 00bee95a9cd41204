/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * probe.c: one QEMU process per accelerator, a few pipelined QMP commands,
 * and a host capabilities document out of the replies.
 */
#include <armcpu/probe.h>

#include "hostid.h"
#include "process.h"
#include "propsinfo.h"
#include "qmp/qmp.h"

#include <string.h>
#include "util/util.h"

ARMCPU_DEFINE_QUARK("armcpu-probe-error-quark", armcpu_probe_error)

/* The two props-info commands QEMU may have, newest first. */
static const char *const props_info_commands[] = {"query-cpu-props-info",
                                                  "query-arm-cpu-props-info"};

/* Fail with @cause's message, saying which emulator and accelerator it was about. */
static gboolean
fail(GError **error, ArmcpuProbeError code, const char *path, ArmcpuAccel accel, GError *cause)
{
    g_set_error(error, ARMCPU_PROBE_ERROR, code, "probing %s with accel=%s: %s", path,
                armcpu_accel_to_string(accel), cause->message);
    return FALSE;
}

static json_object *
expansion_args(ArmcpuAccel accel)
{
    json_object *args = json_object_new_object();
    json_object *model = json_object_new_object();

    json_object_object_add(model, "name",
                           json_object_new_string(accel == ARMCPU_ACCEL_KVM ? "host" : "max"));
    json_object_object_add(args, "type", json_object_new_string("full"));
    json_object_object_add(args, "model", model);
    return args;
}

/* The props-info command query-commands lists, or NULL. */
static const char *
find_props_info(ArmcpuAccelCaps *acc)
{
    for (gsize i = 0; i < G_N_ELEMENTS(props_info_commands); i++) {
        if (armcpu_accel_caps_has_command(acc, props_info_commands[i]))
            return props_info_commands[i];
    }
    return NULL;
}

/* The "props" object of an expansion reply, or NULL (cortex-m4 has none). */
static json_object *
expansion_props(json_object *reply)
{
    json_object *model = NULL, *props = NULL;

    if (json_object_object_get_ex(reply, "model", &model) &&
        json_object_object_get_ex(model, "props", &props))
        return props;
    return NULL;
}

typedef struct {
    json_object *commands;
    json_object *definitions;
    json_object *expansion;
    json_object *props_info;
} Replies;

static void
replies_clear(Replies *r)
{
    g_clear_pointer(&r->commands, json_object_put);
    g_clear_pointer(&r->definitions, json_object_put);
    g_clear_pointer(&r->expansion, json_object_put);
    g_clear_pointer(&r->props_info, json_object_put);
}

/* TRUE when QEMU sent the SHUTDOWN event. */
static gboolean
saw_shutdown(ArmcpuQmp *qmp)
{
    for (guint i = 0; armcpu_qmp_event_name(qmp, i); i++) {
        if (strcmp(armcpu_qmp_event_name(qmp, i), "SHUTDOWN") == 0)
            return TRUE;
    }
    return FALSE;
}

/*
 * QEMU's answer to quit: its reply or, QEMU's other sign that it is going,
 * the SHUTDOWN event followed by the end of the connection. A QEMU that
 * crashes, hangs, closes the connection silently or answers nonsense at
 * this last step is as broken as one that does so earlier: its answers are
 * not trusted.
 */
static gboolean
wait_quit(ArmcpuQmp *qmp, guint id, ArmcpuDeadline deadline, GError **error)
{
    g_autoptr(GError) err = NULL;
    json_object *ret = armcpu_qmp_wait(qmp, id, deadline, &err);

    if (ret) {
        json_object_put(ret);
        return TRUE;
    }
    if (g_error_matches(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_EOF) && saw_shutdown(qmp))
        return TRUE;
    g_propagate_error(error, g_steal_pointer(&err));
    return FALSE;
}

/*
 * The conversation: two pipelined batches. The first asks for the commands,
 * the models and the host-model expansion; the second, once the commands are
 * known, the props-info command QEMU has, then quit, whose answer is awaited
 * like the others.
 */
static gboolean
converse(ArmcpuQmp *qmp, const char *path, ArmcpuAccel accel, ArmcpuAccelCaps *acc, Replies *r,
         ArmcpuDeadline deadline, GError **error)
{
    g_autoptr(GError) err = NULL;
    json_object *args = expansion_args(accel);
    guint id_cmds = armcpu_qmp_send(qmp, "query-commands", NULL, &err);
    guint id_defs = id_cmds ? armcpu_qmp_send(qmp, "query-cpu-definitions", NULL, &err) : 0;
    guint id_exp = id_defs ? armcpu_qmp_send(qmp, "query-cpu-model-expansion", args, &err) : 0;
    const char *pi_cmd;
    guint id_pi = 0;
    guint id_quit;

    json_object_put(args);
    if (!id_exp || !(r->commands = armcpu_qmp_wait(qmp, id_cmds, deadline, &err)) ||
        !armcpu_accel_caps_fill_commands(acc, r->commands, &err))
        return fail(error, ARMCPU_PROBE_ERROR_QMP, path, accel, err);
    pi_cmd = find_props_info(acc);
    if (pi_cmd && !(id_pi = armcpu_qmp_send(qmp, pi_cmd, NULL, &err)))
        return fail(error, ARMCPU_PROBE_ERROR_QMP, path, accel, err);
    if (!(id_quit = armcpu_qmp_send(qmp, "quit", NULL, &err)))
        return fail(error, ARMCPU_PROBE_ERROR_QMP, path, accel, err);
    if (!(r->definitions = armcpu_qmp_wait(qmp, id_defs, deadline, &err)) ||
        !(r->expansion = armcpu_qmp_wait(qmp, id_exp, deadline, &err)) ||
        (id_pi && !(r->props_info = armcpu_qmp_wait(qmp, id_pi, deadline, &err))) ||
        !wait_quit(qmp, id_quit, deadline, &err))
        return fail(error, ARMCPU_PROBE_ERROR_QMP, path, accel, err);
    if (!armcpu_accel_caps_fill_models(acc, r->definitions, &err) ||
        !armcpu_accel_caps_fill_props(acc, armcpu_accel_caps_registry(acc),
                                      accel == ARMCPU_ACCEL_KVM ? "host" : "max",
                                      expansion_props(r->expansion), pi_cmd, r->props_info, &err))
        return fail(error, ARMCPU_PROBE_ERROR_REPLY, path, accel, err);
    return TRUE;
}

/* TRUE when QEMU exited at start saying the accelerator is not available. */
static gboolean
accel_refused(const char *stderr_tail)
{
    return stderr_tail && strstr(stderr_tail, "invalid accelerator") != NULL;
}

/*
 * Probe one accelerator. Returns the section, or NULL: with *@error set on
 * failure, or with *@refused TRUE when QEMU does not offer this accelerator.
 */
static ArmcpuAccelCaps *
probe_accel(const char *path, ArmcpuAccel accel, ArmcpuRegistry *reg, guint timeout_ms,
            char **qemu_version, char **qemu_package, gboolean *refused, GError **error)
{
    g_autofree char *machine = g_strdup_printf("none,accel=%s", armcpu_accel_to_string(accel));
    const char *const args[] = {"-S",       "-no-user-config", "-nodefaults", "-nographic",
                                "-machine", machine,           NULL};
    ArmcpuDeadline deadline = armcpu_deadline_in_ms(timeout_ms);
    g_autoptr(ArmcpuQemuProcess) proc = NULL;
    g_autoptr(ArmcpuQmp) qmp = NULL;
    g_autoptr(ArmcpuAccelCaps) acc = armcpu_accel_caps_new_with_registry(accel, reg);
    g_autoptr(GError) err = NULL;
    Replies r = {NULL, NULL, NULL, NULL};
    gboolean ok;

    proc = armcpu_qemu_process_spawn(path, args, &err);
    if (!proc) {
        fail(error, ARMCPU_PROBE_ERROR_START, path, accel, err);
        return NULL;
    }
    qmp = armcpu_qmp_new(armcpu_qemu_process_take_qmp_fd(proc), NULL);
    /* one tail for what the client and the process reaper read of QEMU's stderr */
    armcpu_qmp_watch_stderr(qmp, armcpu_qemu_process_stderr_fd(proc),
                            armcpu_qemu_process_stderr_tail(proc));
    if (!armcpu_qmp_handshake(qmp, deadline, &err)) {
        *refused = accel_refused(armcpu_qmp_stderr_tail(qmp));
        if (!*refused)
            fail(error, ARMCPU_PROBE_ERROR_QMP, path, accel, err);
        return NULL;
    }
    ok = converse(qmp, path, accel, acc, &r, deadline, error);
    replies_clear(&r);
    if (!ok)
        return NULL;
    /* QEMU answered quit: it exits at once (a few ms), and must do so cleanly */
    if (!armcpu_qemu_process_finish(proc, deadline, NULL, &err)) {
        g_prefix_error(&err, "after quit: ");
        fail(error, ARMCPU_PROBE_ERROR_QMP, path, accel, err);
        return NULL;
    }
    *qemu_version = g_strdup(armcpu_qmp_qemu_version(qmp));
    *qemu_package = g_strdup(armcpu_qmp_qemu_package(qmp));
    return g_steal_pointer(&acc);
}

static gboolean
wanted(ArmcpuAccel accel, ArmcpuProbeFlags flags)
{
    if (flags & ARMCPU_PROBE_ONLY_KVM)
        return accel == ARMCPU_ACCEL_KVM;
    if (flags & ARMCPU_PROBE_ONLY_TCG)
        return accel == ARMCPU_ACCEL_TCG;
    return TRUE;
}

char *
armcpu_emulator_resolve(const char *emulator, GError **error)
{
    g_autoptr(GError) err = NULL;
    char *path = armcpu_qemu_resolve_emulator(emulator ? emulator : "qemu-system-aarch64", &err);

    if (!path)
        g_set_error(error, ARMCPU_PROBE_ERROR, ARMCPU_PROBE_ERROR_EMULATOR, "%s", err->message);
    return path;
}

ArmcpuHostCaps *
armcpu_probe(const char *emulator, guint timeout_ms, ArmcpuProbeFlags flags, ArmcpuRegistry *reg,
             GError **error)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *path = armcpu_emulator_resolve(emulator, error);
    g_autoptr(ArmcpuHostCaps) caps = NULL;
    gboolean any = FALSE;

    if (!path)
        return NULL;
    caps = armcpu_host_caps_new();
    if (!armcpu_hostid_emulator(caps, path, &err)) {
        g_set_error(error, ARMCPU_PROBE_ERROR, ARMCPU_PROBE_ERROR_EMULATOR, "%s", err->message);
        return NULL;
    }
    armcpu_hostid_host(caps);
    for (int a = 0; a < ARMCPU_ACCEL_LAST; a++) {
        gboolean refused = FALSE;
        g_autofree char *version = NULL;
        g_autofree char *package = NULL;
        if (!wanted(a, flags) || (a == ARMCPU_ACCEL_KVM && !caps->kvm_usable))
            continue;
        caps->accels[a] =
            probe_accel(path, a, reg, timeout_ms ? timeout_ms : ARMCPU_PROBE_DEFAULT_TIMEOUT_MS,
                        &version, &package, &refused, error);
        if (!caps->accels[a] && !refused)
            return NULL;
        if (caps->accels[a]) {
            any = TRUE;
            g_free(caps->qemu_version);
            caps->qemu_version = g_steal_pointer(&version);
            g_free(caps->qemu_package);
            caps->qemu_package = g_steal_pointer(&package);
        }
    }
    if (!any) {
        g_set_error(error, ARMCPU_PROBE_ERROR, ARMCPU_PROBE_ERROR_NO_ACCEL,
                    "%s offers none of the accelerators asked for", path);
        return NULL;
    }
    return g_steal_pointer(&caps);
}
