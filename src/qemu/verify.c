/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * verify.c: start QEMU paused with a guest's -cpu, read every value back over
 * QMP, and say whether QEMU gave what was asked (armcpu/verify.h).
 */
#include "verify-priv.h"

#include "cpu/plan.h"
#include "cpu/report-priv.h"
#include "hostcaps-priv.h"
#include "process.h"
#include "qmp/qmp.h"
#include "util/util.h"
#include "util/xml.h"

#include <string.h>
#include <sys/wait.h>

ARMCPU_DEFINE_QUARK("armcpu-verify-error-quark", armcpu_verify_error)

static const char *const outcome_names[] = {"match", "mismatch", "refused"};

const char *
armcpu_verify_outcome_to_string(ArmcpuVerifyOutcome outcome)
{
    if ((guint)outcome >= G_N_ELEMENTS(outcome_names))
        return NULL;
    return outcome_names[outcome];
}

/* ====================================================================== */
/* The result                                                              */
/* ====================================================================== */

typedef struct {
    ArmcpuVerifyCheck pub;
    char *property, *asked, *got;
} Check;

typedef struct {
    ArmcpuVerifySideEffect pub;
    char *property, *got, *cause, *expected;
} SideEffect;

struct _ArmcpuVerifyResult {
    ArmcpuVerifyOutcome outcome;
    ArmcpuAccel accel;
    char *cpu_arg;
    char *emulator;
    char *qemu_version;
    GPtrArray *checks;       /* Check* */
    GPtrArray *side_effects; /* SideEffect* */
    char *qemu_error;
    char *offending_property, *offending_asked;
    int offending_line;
};

static void
check_free(gpointer p)
{
    Check *c = p;

    g_free(c->property);
    g_free(c->asked);
    g_free(c->got);
    g_free(c);
}

static void
side_effect_free(gpointer p)
{
    SideEffect *s = p;

    g_free(s->property);
    g_free(s->got);
    g_free(s->cause);
    g_free(s->expected);
    g_free(s);
}

void
armcpu_verify_result_free(ArmcpuVerifyResult *result)
{
    if (!result)
        return;
    g_free(result->cpu_arg);
    g_free(result->emulator);
    g_free(result->qemu_version);
    g_ptr_array_unref(result->checks);
    g_ptr_array_unref(result->side_effects);
    g_free(result->qemu_error);
    g_free(result->offending_property);
    g_free(result->offending_asked);
    g_free(result);
}

ArmcpuVerifyOutcome
armcpu_verify_result_outcome(const ArmcpuVerifyResult *result)
{
    return result->outcome;
}

ArmcpuAccel
armcpu_verify_result_accel(const ArmcpuVerifyResult *result)
{
    return result->accel;
}

const char *
armcpu_verify_result_cpu_arg(const ArmcpuVerifyResult *result)
{
    return result->cpu_arg;
}

const char *
armcpu_verify_result_emulator(const ArmcpuVerifyResult *result)
{
    return result->emulator;
}

const char *
armcpu_verify_result_qemu_version(const ArmcpuVerifyResult *result)
{
    return result->qemu_version;
}

guint
armcpu_verify_result_n_checks(const ArmcpuVerifyResult *result)
{
    return result->checks->len;
}

const ArmcpuVerifyCheck *
armcpu_verify_result_check(const ArmcpuVerifyResult *result, guint i)
{
    if (i >= result->checks->len)
        return NULL;
    return &((Check *)g_ptr_array_index(result->checks, i))->pub;
}

guint
armcpu_verify_result_n_mismatches(const ArmcpuVerifyResult *result)
{
    guint n = 0;

    for (guint i = 0; i < result->checks->len; i++)
        n += !((Check *)g_ptr_array_index(result->checks, i))->pub.match;
    return n;
}

guint
armcpu_verify_result_n_side_effects(const ArmcpuVerifyResult *result)
{
    return result->side_effects->len;
}

const ArmcpuVerifySideEffect *
armcpu_verify_result_side_effect(const ArmcpuVerifyResult *result, guint i)
{
    if (i >= result->side_effects->len)
        return NULL;
    return &((SideEffect *)g_ptr_array_index(result->side_effects, i))->pub;
}

const char *
armcpu_verify_result_qemu_error(const ArmcpuVerifyResult *result)
{
    return result->outcome == ARMCPU_VERIFY_REFUSED ? result->qemu_error : NULL;
}

const char *
armcpu_verify_result_offending(const ArmcpuVerifyResult *result, const char **asked, int *line)
{
    if (asked)
        *asked = result->offending_asked;
    if (line)
        *line = result->offending_line;
    return result->offending_property;
}

static void
add_check(ArmcpuVerifyResult *r, const ArmcpuEmit *e, char *got, gboolean match)
{
    Check *c = g_new0(Check, 1);

    c->property = g_strdup(e->name);
    c->asked = g_strdup(e->value);
    c->got = got;
    c->pub.property = c->property;
    c->pub.asked = c->asked;
    c->pub.got = c->got;
    c->pub.match = match;
    c->pub.line = e->feature ? e->feature->line : 0;
    g_ptr_array_add(r->checks, c);
}

static void
add_side_effect(ArmcpuVerifyResult *r, const ArmcpuVerifyTarget *t, char *got, gboolean as_expected)
{
    SideEffect *s = g_new0(SideEffect, 1);

    s->property = g_strdup(t->property);
    s->got = got;
    s->cause = g_strdup(t->cause);
    s->expected = g_strdup(t->expected);
    s->pub.property = s->property;
    s->pub.got = s->got;
    s->pub.cause = s->cause;
    s->pub.expected = s->expected;
    s->pub.as_expected = as_expected;
    g_ptr_array_add(r->side_effects, s);
}

/* ====================================================================== */
/* Running QEMU                                                            */
/* ====================================================================== */

typedef struct {
    const ArmcpuRegistry *reg;
    const ArmcpuAccelCaps *host;
    const char *model;  /* the -cpu model word */
    GArray *emits;      /* ArmcpuEmit, borrowed */
    GPtrArray *targets; /* ArmcpuVerifyTarget*, borrowed */
    ArmcpuDeadline deadline;
    ArmcpuQemuProcess *proc;
    ArmcpuQmp *qmp;
    ArmcpuVerifyResult *result;
} Run;

/* How long QEMU gets to exit once it closed the QMP connection at start. */
#define EXIT_WAIT_MS 3000

static gboolean G_GNUC_PRINTF(3, 4)
    verify_fail(GError **error, ArmcpuVerifyError code, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error_literal(error, ARMCPU_VERIFY_ERROR, code, msg);
    return FALSE;
}

/* QEMU's stderr so far, as text. */
static char *
stderr_text(Run *run)
{
    return armcpu_stderr_tail_text(armcpu_qemu_process_stderr_tail(run->proc));
}

/* A connection-level QMP failure @err after negotiation: kill QEMU, say why. */
static gboolean
conversation_failed(Run *run, const char *what, GError *err, GError **error)
{
    ArmcpuVerifyError code = g_error_matches(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_TIMEOUT)
                                 ? ARMCPU_VERIFY_ERROR_TIMEOUT
                                 : ARMCPU_VERIFY_ERROR_QMP;

    armcpu_qemu_process_kill(run->proc);
    return verify_fail(error, code, "reading the guest CPU back from QEMU (%s): %s", what,
                       err->message);
}

/*
 * Does QEMU's message @said name the CPU: its model, its QOM type or a
 * property of the -cpu argument (as a whole word)?
 */
static gboolean
names_the_cpu(Run *run, const char *said)
{
    g_autofree const char **names = g_new0(const char *, run->emits->len + 3);
    g_autofree char *type = g_strdup_printf("%s-arm-cpu", run->model);
    guint n = 0;

    names[n++] = run->model;
    names[n++] = type;
    for (guint i = 0; i < run->emits->len; i++)
        names[n++] = (&g_array_index(run->emits, ArmcpuEmit, i))->name;
    return armcpu_verify_find_offending(said, names, n) >= 0;
}

/*
 * The handshake failed. QEMU refused the configuration when it exited with a
 * non-zero status and either greeted first (it got past the accelerator and
 * the monitor: a bad -cpu, reference §1.3) or its message names the CPU (the
 * greeting can lose the race with QEMU's exit). Otherwise it could not be
 * run: a crash, an accelerator it does not offer, a signal, a timeout. TRUE
 * for a refusal, recorded in the result.
 */
static gboolean
start_failed(Run *run, GError *err, GError **error)
{
    gboolean greeted = armcpu_qmp_qemu_version(run->qmp) != NULL;
    g_autoptr(GError) perr = NULL;
    g_autofree char *said = NULL;
    int status = 0;

    if (g_error_matches(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_TIMEOUT)) {
        armcpu_qemu_process_kill(run->proc);
        return verify_fail(error, ARMCPU_VERIFY_ERROR_TIMEOUT,
                           "QEMU did not answer QMP before the deadline: %s", err->message);
    }
    if (!g_error_matches(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_EOF) &&
        !g_error_matches(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_IO)) {
        /* garbage, a refused negotiation...: QEMU is still there */
        armcpu_qemu_process_kill(run->proc);
        return verify_fail(error, ARMCPU_VERIFY_ERROR_QMP, "QMP negotiation with QEMU failed: %s",
                           err->message);
    }
    /* QEMU closed the connection: it writes its message, then exits (bounded wait) */
    armcpu_qemu_process_finish(run->proc, MIN(run->deadline, armcpu_deadline_in_ms(EXIT_WAIT_MS)),
                               &status, &perr);
    said = stderr_text(run);
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0 && (greeted || names_the_cpu(run, said))) {
        run->result->outcome = ARMCPU_VERIFY_REFUSED;
        run->result->qemu_error = g_steal_pointer(&said);
        return TRUE;
    }
    if (perr && g_error_matches(perr, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_TIMEOUT))
        return verify_fail(error, ARMCPU_VERIFY_ERROR_TIMEOUT,
                           "QEMU did not answer QMP before the deadline: %s", err->message);
    if (!greeted)
        return verify_fail(error, ARMCPU_VERIFY_ERROR_START, "QEMU ended before it spoke QMP: %s",
                           perr ? perr->message : err->message);
    return verify_fail(error, ARMCPU_VERIFY_ERROR_QMP, "QMP negotiation with QEMU failed: %s",
                       perr ? perr->message : err->message);
}

/* The qom-path of CPU 0 from query-cpus-fast. */
static char *
cpu_path(Run *run, GError **error)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(json_object) cpus =
        armcpu_qmp_execute(run->qmp, "query-cpus-fast", NULL, run->deadline, &err);
    const char *path = NULL;
    gsize n;

    if (!cpus) {
        if (err->domain == ARMCPU_QMP_ERROR && (err->code == ARMCPU_QMP_ERROR_GENERIC ||
                                                err->code == ARMCPU_QMP_ERROR_COMMAND_NOT_FOUND ||
                                                err->code == ARMCPU_QMP_ERROR_OTHER_CLASS)) {
            armcpu_qemu_process_kill(run->proc);
            verify_fail(error, ARMCPU_VERIFY_ERROR_QMP, "QEMU cannot list its CPUs: %s",
                        err->message);
            return NULL;
        }
        conversation_failed(run, "query-cpus-fast", err, error);
        return NULL;
    }
    n = json_object_is_type(cpus, json_type_array) ? json_object_array_length(cpus) : 0;
    for (gsize i = 0; i < n && !path; i++) {
        json_object *cpu = json_object_array_get_idx(cpus, i);
        json_object *idx = NULL, *qp = NULL;
        if (json_object_object_get_ex(cpu, "cpu-index", &idx) &&
            json_object_is_type(idx, json_type_int) && json_object_get_int64(idx) == 0 &&
            json_object_object_get_ex(cpu, "qom-path", &qp) &&
            json_object_is_type(qp, json_type_string))
            path = json_object_get_string(qp);
    }
    for (gsize i = 0; i < n && !path; i++) {
        json_object *qp = NULL;
        if (json_object_object_get_ex(json_object_array_get_idx(cpus, i), "qom-path", &qp) &&
            json_object_is_type(qp, json_type_string))
            path = json_object_get_string(qp);
    }
    if (!path || !*path) {
        armcpu_qemu_process_kill(run->proc);
        verify_fail(error, ARMCPU_VERIFY_ERROR_NO_CPU,
                    "QEMU lists no CPU to read back (query-cpus-fast: %s)",
                    json_object_to_json_string_ext(cpus, JSON_C_TO_STRING_PLAIN));
        return NULL;
    }
    return g_strdup(path);
}

static guint
send_qom_get(Run *run, const char *path, const char *property, GError **error)
{
    g_autoptr(json_object) args = json_object_new_object();

    json_object_object_add(args, "path", json_object_new_string(path));
    json_object_object_add(args, "property", json_object_new_string(property));
    return armcpu_qmp_send(run->qmp, "qom-get", args, error);
}

/*
 * Wait for qom-get @id: the value (a new reference), or NULL with *@missing
 * TRUE when QEMU answered with an error (no such property), or NULL with
 * @error when the conversation broke.
 */
static json_object *
wait_qom_get(Run *run, guint id, gboolean *missing, GError **error)
{
    g_autoptr(GError) err = NULL;
    json_object *v = armcpu_qmp_wait(run->qmp, id, run->deadline, &err);

    *missing = FALSE;
    if (v)
        return v;
    if (err->domain == ARMCPU_QMP_ERROR &&
        (err->code == ARMCPU_QMP_ERROR_GENERIC || err->code == ARMCPU_QMP_ERROR_OTHER_CLASS ||
         err->code == ARMCPU_QMP_ERROR_COMMAND_NOT_FOUND)) {
        *missing = TRUE;
        return NULL;
    }
    g_propagate_error(error, g_steal_pointer(&err));
    return NULL;
}

/* Read every option and side effect back, pipelined, then ask QEMU to quit. */
static gboolean
read_back(Run *run, const char *path, GError **error)
{
    guint n = run->emits->len, m = run->targets->len;
    g_autofree guint *ids = g_new0(guint, n + m + 1);
    g_autoptr(GError) err = NULL;

    for (guint i = 0; i < n + m; i++) {
        const char *prop =
            i < n ? (&g_array_index(run->emits, ArmcpuEmit, i))->name
                  : ((ArmcpuVerifyTarget *)g_ptr_array_index(run->targets, i - n))->property;
        if (!(ids[i] = send_qom_get(run, path, prop, &err)))
            return conversation_failed(run, "qom-get", err, error);
    }
    /* every question is asked: QEMU can wind down after answering them */
    if (!armcpu_qmp_send(run->qmp, "quit", NULL, &err))
        return conversation_failed(run, "quit", err, error);
    for (guint i = 0; i < n; i++) {
        const ArmcpuEmit *e = &g_array_index(run->emits, ArmcpuEmit, i);
        gboolean missing;
        g_autoptr(json_object) v = wait_qom_get(run, ids[i], &missing, &err);
        if (!v && !missing)
            return conversation_failed(run, "qom-get", err, error);
        add_check(run->result, e, v ? armcpu_verify_json_text(v) : NULL,
                  v && armcpu_verify_value_matches(run->reg, run->host, e->name, e->value, v));
    }
    for (guint i = 0; i < m; i++) {
        const ArmcpuVerifyTarget *t = g_ptr_array_index(run->targets, i);
        gboolean missing;
        g_autoptr(json_object) v = wait_qom_get(run, ids[n + i], &missing, &err);
        if (!v && !missing)
            return conversation_failed(run, "qom-get", err, error);
        if (!v)
            continue; /* this QEMU has no such property: nothing changed */
        add_side_effect(run->result, t, armcpu_verify_json_text(v),
                        !t->expected || armcpu_verify_value_matches(run->reg, run->host,
                                                                    t->property, t->expected, v));
    }
    return TRUE;
}

/* The rules' targets for the plan @emits. */
static GPtrArray *
plan_targets(const ArmcpuVerifyRules *rules, GArray *emits)
{
    g_autofree const char **names = g_new0(const char *, emits->len + 1);
    g_autofree const char **values = g_new0(const char *, emits->len + 1);

    for (guint i = 0; i < emits->len; i++) {
        const ArmcpuEmit *e = &g_array_index(emits, ArmcpuEmit, i);
        names[i] = e->name;
        values[i] = e->value;
    }
    return armcpu_verify_rules_apply(rules, names, values, emits->len);
}

static void
tie_refusal(ArmcpuVerifyResult *r, GArray *emits)
{
    g_autofree const char **names = g_new0(const char *, emits->len + 1);
    int i;

    for (guint k = 0; k < emits->len; k++)
        names[k] = (&g_array_index(emits, ArmcpuEmit, k))->name;
    i = armcpu_verify_find_offending(r->qemu_error, names, emits->len);
    if (i >= 0) {
        const ArmcpuEmit *e = &g_array_index(emits, ArmcpuEmit, i);
        r->offending_property = g_strdup(e->name);
        r->offending_asked = g_strdup(e->value);
        r->offending_line = e->feature ? e->feature->line : 0;
    }
}

/* The QEMU version the host's probe recorded, when it probed the emulator at @path. */
static const char *
probed_version(const ArmcpuAccelCaps *host, const char *path)
{
    const ArmcpuHostCaps *caps = host ? host->host : NULL;

    if (!caps || g_strcmp0(caps->emulator_path, path) != 0)
        return NULL;
    return caps->qemu_version;
}

static ArmcpuAccel
pick_accel(const ArmcpuGuestCpu *cpu, const ArmcpuAccelCaps *host, ArmcpuAccel accel)
{
    if (host)
        return armcpu_accel_caps_accel(host);
    if (accel != ARMCPU_ACCEL_LAST)
        return accel;
    if (armcpu_guest_cpu_accel(cpu) != ARMCPU_ACCEL_LAST)
        return armcpu_guest_cpu_accel(cpu);
    return ARMCPU_ACCEL_TCG;
}

ArmcpuVerifyResult *
armcpu_verify(const ArmcpuGuestCpu *cpu, const ArmcpuRegistry *reg, const ArmcpuAccelCaps *host,
              ArmcpuAccel accel, const char *emulator, guint timeout_ms, ArmcpuReport *report,
              GError **error)
{
    g_autoptr(GArray) emits = NULL;
    g_autoptr(GPtrArray) targets = NULL;
    g_autoptr(ArmcpuVerifyRules) rules = NULL;
    g_autoptr(ArmcpuVerifyResult) r = NULL;
    g_autoptr(ArmcpuQemuProcess) proc = NULL;
    g_autoptr(ArmcpuQmp) qmp = NULL;
    g_autoptr(GError) err = NULL;
    g_autofree char *machine = NULL;
    g_autofree char *path = NULL;
    Run run;

    g_return_val_if_fail(cpu && reg && report, NULL);
    if (host && accel != ARMCPU_ACCEL_LAST && accel != armcpu_accel_caps_accel(host)) {
        verify_fail(error, ARMCPU_VERIFY_ERROR_INVALID,
                    "asked to run with accel=%s against the host's %s section",
                    armcpu_accel_to_string(accel),
                    armcpu_accel_to_string(armcpu_accel_caps_accel(host)));
        return NULL;
    }
    emits = armcpu_plan_build(cpu, reg, host, report);
    if (armcpu_report_has_errors(report)) {
        guint n = armcpu_report_count(report, ARMCPU_SEVERITY_ERROR);
        verify_fail(error, ARMCPU_VERIFY_ERROR_INVALID,
                    "the guest CPU has %u error%s; QEMU was not started", n, n == 1 ? "" : "s");
        return NULL;
    }
    if (!(rules = armcpu_verify_rules_load_default(error)))
        return NULL;
    targets = plan_targets(rules, emits);

    r = g_new0(ArmcpuVerifyResult, 1);
    r->checks = g_ptr_array_new_with_free_func(check_free);
    r->side_effects = g_ptr_array_new_with_free_func(side_effect_free);
    r->accel = pick_accel(cpu, host, accel);
    r->cpu_arg = armcpu_plan_format(cpu, emits);

    path = armcpu_qemu_resolve_emulator(emulator ? emulator : "qemu-system-aarch64", &err);
    if (!path) {
        verify_fail(error, ARMCPU_VERIFY_ERROR_EMULATOR, "%s", err->message);
        return NULL;
    }
    r->emulator = g_strdup(path);
    machine = g_strdup_printf("virt,accel=%s", armcpu_accel_to_string(r->accel));
    {
        const char *const args[] = {"-S",       "-no-user-config", "-nodefaults", "-nographic",
                                    "-machine", machine,           "-m",          "64",
                                    "-cpu",     r->cpu_arg,        NULL};
        run.deadline =
            armcpu_deadline_in_ms(timeout_ms ? timeout_ms : ARMCPU_VERIFY_DEFAULT_TIMEOUT_MS);
        proc = armcpu_qemu_process_spawn(path, args, &err);
    }
    if (!proc) {
        verify_fail(error,
                    g_error_matches(err, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_NOT_FOUND)
                        ? ARMCPU_VERIFY_ERROR_EMULATOR
                        : ARMCPU_VERIFY_ERROR_START,
                    "%s", err->message);
        return NULL;
    }
    qmp = armcpu_qmp_new(armcpu_qemu_process_take_qmp_fd(proc), NULL);
    armcpu_qmp_watch_stderr(qmp, armcpu_qemu_process_stderr_fd(proc),
                            armcpu_qemu_process_stderr_tail(proc));
    run.reg = reg;
    run.host = host;
    run.model = armcpu_plan_base_model(cpu);
    run.emits = emits;
    run.targets = targets;
    run.proc = proc;
    run.qmp = qmp;
    run.result = r;

    /* with -machine virt the first reply waits for machine init (5-20 ms) */
    if (!armcpu_qmp_handshake(qmp, run.deadline, &err)) {
        if (!start_failed(&run, err, error))
            return NULL;
        r->qemu_version = g_strdup(armcpu_qmp_qemu_version(qmp));
        if (!r->qemu_version) /* it exited before its greeting: the probe knows the version */
            r->qemu_version = g_strdup(probed_version(host, path));
        tie_refusal(r, emits);
        return g_steal_pointer(&r);
    }
    r->qemu_version = g_strdup(armcpu_qmp_qemu_version(qmp));
    {
        g_autofree char *cpu_qom = cpu_path(&run, error);
        if (!cpu_qom || !read_back(&run, cpu_qom, error))
            return NULL;
    }
    /* every answer is in (quit was sent with the questions): no need to wait */
    armcpu_qemu_process_kill(proc);
    r->outcome =
        armcpu_verify_result_n_mismatches(r) ? ARMCPU_VERIFY_MISMATCH : ARMCPU_VERIFY_MATCH;
    return g_steal_pointer(&r);
}

/* ====================================================================== */
/* Output                                                                  */
/* ====================================================================== */

/* Append rows of @ncol columns (NULL-free strings, row-major) as an aligned table. */
static void
append_table(GString *out, const char *indent, const char *const *cells, guint ncol, guint nrow)
{
    g_autofree glong *width = g_new0(glong, ncol);

    for (guint r = 0; r < nrow; r++) {
        for (guint c = 0; c < ncol; c++)
            width[c] = MAX(width[c], g_utf8_strlen(cells[r * ncol + c], -1));
    }
    for (guint r = 0; r < nrow; r++) {
        g_string_append(out, indent);
        for (guint c = 0; c < ncol; c++) {
            const char *cell = cells[r * ncol + c];
            g_string_append(out, cell);
            if (c + 1 < ncol) {
                for (glong k = g_utf8_strlen(cell, -1); k < width[c] + 2; k++)
                    g_string_append_c(out, ' ');
            }
        }
        g_string_append_c(out, '\n');
    }
}

static char *
qemu_name(const ArmcpuVerifyResult *r)
{
    return r->qemu_version ? g_strdup_printf("QEMU %s", r->qemu_version) : g_strdup("QEMU");
}

static void
append_checks(GString *out, const ArmcpuVerifyResult *r, gboolean only_mismatches)
{
    g_autoptr(GPtrArray) cells = g_ptr_array_new();

    g_ptr_array_add(cells, (gpointer) "PROPERTY");
    g_ptr_array_add(cells, (gpointer) "ASKED");
    g_ptr_array_add(cells, (gpointer) "GOT");
    for (guint i = 0; i < r->checks->len; i++) {
        const Check *c = g_ptr_array_index(r->checks, i);
        if (only_mismatches && c->pub.match)
            continue;
        g_ptr_array_add(cells, c->property);
        g_ptr_array_add(cells, c->asked);
        g_ptr_array_add(cells, c->got ? c->got : (gpointer) "(no such property)");
    }
    append_table(out, "  ", (const char *const *)cells->pdata, 3, cells->len / 3);
}

static void
append_side_effects(GString *out, const ArmcpuVerifyResult *r)
{
    g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func(g_free);

    if (r->side_effects->len == 0)
        return;
    g_string_append(out, "changed as a side effect (not mismatches):\n");
    g_ptr_array_add(cells, g_strdup("PROPERTY"));
    g_ptr_array_add(cells, g_strdup("GOT"));
    g_ptr_array_add(cells, g_strdup("CAUSE"));
    for (guint i = 0; i < r->side_effects->len; i++) {
        const SideEffect *s = g_ptr_array_index(r->side_effects, i);
        g_ptr_array_add(cells, g_strdup(s->property));
        g_ptr_array_add(cells, g_strdup(s->got));
        if (s->pub.as_expected)
            g_ptr_array_add(cells, g_strdup(s->cause));
        else
            g_ptr_array_add(
                cells, g_strdup_printf("%s (armcpu's rules predicted %s)", s->cause, s->expected));
    }
    append_table(out, "  ", (const char *const *)cells->pdata, 3, cells->len / 3);
}

char *
armcpu_verify_result_format_text(const ArmcpuVerifyResult *r, const char *file)
{
    GString *out = g_string_new(NULL);
    g_autofree char *qemu = qemu_name(r);
    const char *accel = armcpu_accel_to_string(r->accel);
    const char *what = file ? file : "guest";
    guint bad = armcpu_verify_result_n_mismatches(r);

    switch (r->outcome) {
    case ARMCPU_VERIFY_MATCH:
        g_string_append_printf(out, "%s: match: %s (%s) gave every value asked for\n", what, qemu,
                               accel);
        g_string_append_printf(out, "  -cpu %s\n", r->cpu_arg);
        if (r->checks->len)
            append_checks(out, r, FALSE);
        append_side_effects(out, r);
        break;
    case ARMCPU_VERIFY_MISMATCH:
        g_string_append_printf(
            out, "%s: mismatch: %s (%s) did not give %u of %u value%s asked for\n", what, qemu,
            accel, bad, r->checks->len, r->checks->len == 1 ? "" : "s");
        g_string_append_printf(out, "  -cpu %s\n", r->cpu_arg);
        append_checks(out, r, TRUE);
        append_side_effects(out, r);
        break;
    case ARMCPU_VERIFY_REFUSED:
    case ARMCPU_VERIFY_LAST: {
        g_auto(GStrv) lines = g_strsplit(r->qemu_error ? r->qemu_error : "", "\n", -1);
        g_string_append_printf(out, "%s: refused: %s (%s) would not start this CPU\n", what, qemu,
                               accel);
        g_string_append_printf(out, "  -cpu %s\n", r->cpu_arg);
        if (r->offending_property) {
            g_string_append_printf(out, "  offending property: %s=%s", r->offending_property,
                                   r->offending_asked);
            if (r->offending_line > 0)
                g_string_append_printf(out, " (%s:%d)", what, r->offending_line);
            g_string_append_c(out, '\n');
        }
        if (!r->qemu_error || !*r->qemu_error) {
            g_string_append(out, "  QEMU exited without a message\n");
            break;
        }
        g_string_append(out, "  QEMU said:\n");
        for (guint i = 0; lines[i]; i++)
            g_string_append_printf(out, "    %s\n", lines[i]);
        break;
    }
    }
    return g_string_free(out, FALSE);
}

char *
armcpu_verify_result_to_json(const ArmcpuVerifyResult *r, const char *file,
                             const ArmcpuReport *report)
{
    g_autoptr(json_object) o = json_object_new_object();
    json_object *checked = json_object_new_array();
    json_object *effects = json_object_new_array();

    json_object_object_add(o, "file", json_object_new_string(file ? file : "guest"));
    json_object_object_add(
        o, "result",
        json_object_new_string(r ? armcpu_verify_outcome_to_string(r->outcome) : "invalid"));
    if (r) {
        json_object_object_add(o, "accel",
                               json_object_new_string(armcpu_accel_to_string(r->accel)));
        json_object_object_add(o, "cpu", json_object_new_string(r->cpu_arg));
        json_object_object_add(o, "emulator", json_object_new_string(r->emulator));
        if (r->qemu_version)
            json_object_object_add(o, "qemuVersion", json_object_new_string(r->qemu_version));
        for (guint i = 0; i < r->checks->len; i++) {
            const Check *c = g_ptr_array_index(r->checks, i);
            json_object *e = json_object_new_object();
            json_object_object_add(e, "property", json_object_new_string(c->property));
            json_object_object_add(e, "asked", json_object_new_string(c->asked));
            json_object_object_add(e, "got", c->got ? json_object_new_string(c->got) : NULL);
            json_object_object_add(e, "match", json_object_new_boolean(c->pub.match));
            if (c->pub.line > 0)
                json_object_object_add(e, "line", json_object_new_int(c->pub.line));
            json_object_array_add(checked, e);
        }
        for (guint i = 0; i < r->side_effects->len; i++) {
            const SideEffect *s = g_ptr_array_index(r->side_effects, i);
            json_object *e = json_object_new_object();
            json_object_object_add(e, "property", json_object_new_string(s->property));
            json_object_object_add(e, "got", json_object_new_string(s->got));
            json_object_object_add(e, "cause", json_object_new_string(s->cause));
            if (s->expected)
                json_object_object_add(e, "expected", json_object_new_string(s->expected));
            json_object_object_add(e, "asExpected", json_object_new_boolean(s->pub.as_expected));
            json_object_array_add(effects, e);
        }
    }
    json_object_object_add(o, "checked", checked);
    json_object_object_add(o, "sideEffects", effects);
    if (r && r->outcome == ARMCPU_VERIFY_REFUSED) {
        json_object_object_add(o, "qemuError",
                               json_object_new_string(r->qemu_error ? r->qemu_error : ""));
        if (r->offending_property) {
            json_object *off = json_object_new_object();
            json_object_object_add(off, "property", json_object_new_string(r->offending_property));
            json_object_object_add(off, "asked", json_object_new_string(r->offending_asked));
            if (r->offending_line > 0)
                json_object_object_add(off, "line", json_object_new_int(r->offending_line));
            json_object_object_add(o, "offending", off);
        }
    }
    json_object_object_add(o, "problems",
                           report ? armcpu_report_to_json_object(report) : json_object_new_array());
    return g_strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
                                                          JSON_C_TO_STRING_NOSLASHESCAPE));
}
