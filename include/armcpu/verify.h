/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * armcpu/verify.h: proving on a real QEMU that a guest got the values it asked for.
 *
 * Checking a configuration is not the same as knowing QEMU applied it.
 * armcpu_verify() builds the guest's -cpu argument (as armcpu_guest_cpu_cmdline
 * does), starts the emulator paused with it
 *
 *   QEMU -S -no-user-config -nodefaults -nographic -machine virt,accel=ACCEL
 *        -m 64 -cpu <arg>      (plus a private QMP socket; no guest image, no shell)
 *
 * finds CPU 0 (query-cpus-fast), reads every property of the -cpu argument
 * back with qom-get, and compares what QEMU reports with what was asked,
 * normalised per type: on/off/true/false and JSON booleans; decimal, 0x hex
 * and JSON integers (full u64); value names and raw field encodings through the
 * registry, in both naming dialects. Properties the side-effect rules
 * (data/cpu_map/arm_side_effects.xml) say QEMU changes on its own (sve=off
 * turns every SVE length off...) are read too and reported separately: they
 * are not mismatches. QEMU is then told to quit, killed and reaped.
 *
 * The three answers: every value matched; some did not (a mismatch: QEMU
 * silently did not apply a value); QEMU refused the configuration (it exited
 * at start, and its own message is kept, tied to the property it names).
 */
#pragma once

#include <armcpu/guest.h>
#include <armcpu/hostcaps.h>
#include <armcpu/registry.h>
#include <armcpu/report.h>

G_BEGIN_DECLS

#define ARMCPU_VERIFY_ERROR (armcpu_verify_error_quark())
ARMCPU_API GQuark armcpu_verify_error_quark(void);

/* Why verify could not give an answer. A refusal by QEMU is an answer, not an error. */
typedef enum {
    ARMCPU_VERIFY_ERROR_INVALID,  /* the guest has errors (in the report): nothing was started */
    ARMCPU_VERIFY_ERROR_DATA,     /* the side-effect rules cannot be read or are malformed */
    ARMCPU_VERIFY_ERROR_EMULATOR, /* the emulator is missing or not executable */
    ARMCPU_VERIFY_ERROR_START,    /* QEMU could not be started, or ended before it spoke QMP */
    ARMCPU_VERIFY_ERROR_TIMEOUT,  /* QEMU did not answer before the deadline (it was killed) */
    ARMCPU_VERIFY_ERROR_QMP,      /* the QMP conversation failed: EOF, garbage, a crash... */
    ARMCPU_VERIFY_ERROR_NO_CPU,   /* QEMU listed no CPU to read back */
    ARMCPU_VERIFY_ERROR_LAST
} ArmcpuVerifyError;

typedef enum {
    ARMCPU_VERIFY_MATCH,    /* every value read back is the value asked for */
    ARMCPU_VERIFY_MISMATCH, /* QEMU started, and some value differs or is missing */
    ARMCPU_VERIFY_REFUSED,  /* QEMU refused the configuration and exited at start */
    ARMCPU_VERIFY_LAST
} ArmcpuVerifyOutcome;

/* "match", "mismatch", "refused"; NULL for an out-of-range value. */
ARMCPU_API const char *armcpu_verify_outcome_to_string(ArmcpuVerifyOutcome outcome);

/* One property of the -cpu argument, read back. */
typedef struct {
    const char *property; /* as the host's QEMU spells it */
    const char *asked;    /* the value in the -cpu argument */
    const char *got;      /* what qom-get returned, as text (a JSON boolean is on/off, an
                             integer decimal, a string as is); NULL when QEMU has no such
                             property on this CPU */
    gboolean match;
    int line; /* line of the guest's <feature>, 0 if unknown */
} ArmcpuVerifyCheck;

/* One property QEMU changed on its own because of what the guest asked. */
typedef struct {
    const char *property;
    const char *got;      /* what qom-get returned, as text */
    const char *cause;    /* the options that changed it ("sve=off"; several joined by ", ") */
    const char *expected; /* the value the rules predict, or NULL when they predict none */
    gboolean as_expected; /* TRUE when @expected is NULL or equals @got */
} ArmcpuVerifySideEffect;

typedef struct _ArmcpuVerifyResult ArmcpuVerifyResult;

/* Default bound on the whole verify run, in milliseconds. */
#define ARMCPU_VERIFY_DEFAULT_TIMEOUT_MS 10000

/*
 * Verify @cpu on a real QEMU.
 *
 * Takes: the guest @cpu, the registry @reg, and the capabilities section
 * @host of the accelerator to run it with (may be NULL: define-time checks
 * only, and then @accel says which accelerator to use, ARMCPU_ACCEL_LAST
 * meaning the guest's <domain type>, else tcg; with a @host, @accel must be
 * ARMCPU_ACCEL_LAST or the host section's own). @emulator is a path or a name
 * looked up in PATH (NULL: qemu-system-aarch64). @timeout_ms bounds the whole
 * run, every wait included (0: ARMCPU_VERIFY_DEFAULT_TIMEOUT_MS). Validation
 * problems (errors, warnings, notices) go to @report.
 *
 * Returns: a result (owned by the caller, armcpu_verify_result_free) whose
 * outcome is MATCH, MISMATCH or REFUSED. QEMU never outlives the call: it is
 * told to quit, killed and reaped on every path.
 *
 * Fails (NULL) with ARMCPU_VERIFY_ERROR: _INVALID when @report got an error
 * (QEMU is not started), _DATA when the side-effect rules cannot be loaded,
 * _EMULATOR, _START, _TIMEOUT, _QMP or _NO_CPU when QEMU cannot be run or
 * read; the message ends with QEMU's stderr when it said anything.
 */
ARMCPU_API ArmcpuVerifyResult *armcpu_verify(const ArmcpuGuestCpu *cpu, const ArmcpuRegistry *reg,
                                             const ArmcpuAccelCaps *host, ArmcpuAccel accel,
                                             const char *emulator, guint timeout_ms,
                                             ArmcpuReport *report, GError **error);

ARMCPU_API void armcpu_verify_result_free(ArmcpuVerifyResult *result);

ARMCPU_API ArmcpuVerifyOutcome armcpu_verify_result_outcome(const ArmcpuVerifyResult *result);
/* The accelerator QEMU ran with. */
ARMCPU_API ArmcpuAccel armcpu_verify_result_accel(const ArmcpuVerifyResult *result);
/* The value of -cpu that was run ("max,sve=off"). Owned by @result. */
ARMCPU_API const char *armcpu_verify_result_cpu_arg(const ArmcpuVerifyResult *result);
/* The emulator run (absolute path). Owned by @result. */
ARMCPU_API const char *armcpu_verify_result_emulator(const ArmcpuVerifyResult *result);
/* QEMU's version from its QMP greeting ("7.2.22"), or NULL when it sent none. */
ARMCPU_API const char *armcpu_verify_result_qemu_version(const ArmcpuVerifyResult *result);

/* Every property of the -cpu argument, in its order (empty when refused). */
ARMCPU_API guint armcpu_verify_result_n_checks(const ArmcpuVerifyResult *result);
ARMCPU_API const ArmcpuVerifyCheck *armcpu_verify_result_check(const ArmcpuVerifyResult *result,
                                                               guint i);
/* How many checks did not match. */
ARMCPU_API guint armcpu_verify_result_n_mismatches(const ArmcpuVerifyResult *result);

/* The side effects QEMU reported (properties it does not have are left out). */
ARMCPU_API guint armcpu_verify_result_n_side_effects(const ArmcpuVerifyResult *result);
ARMCPU_API const ArmcpuVerifySideEffect *
armcpu_verify_result_side_effect(const ArmcpuVerifyResult *result, guint i);

/*
 * When QEMU refused: its stderr, verbatim but for unprintable bytes (the last
 * ARMCPU_STDERR_TAIL_MAX bytes), or "" when it said nothing; NULL otherwise.
 */
ARMCPU_API const char *armcpu_verify_result_qemu_error(const ArmcpuVerifyResult *result);
/*
 * When QEMU refused: the property of the -cpu argument its message names
 * (the first one it mentions), or NULL when it names none (an unknown model).
 * The asked value and guest line are in *@asked and *@line (nullable).
 */
ARMCPU_API const char *armcpu_verify_result_offending(const ArmcpuVerifyResult *result,
                                                      const char **asked, int *line);

/*
 * The result as text for people: a one-line verdict naming @file (may be
 * NULL), then the checked properties (all of them on a match, the mismatches
 * on a mismatch: PROPERTY ASKED GOT), the side effects, or QEMU's message
 * tied to the offending property. Owned by the caller.
 */
ARMCPU_API char *armcpu_verify_result_format_text(const ArmcpuVerifyResult *result,
                                                  const char *file);

/*
 * The result as JSON (data/schemas/json/verify.schema.json): {file, accel,
 * cpu, emulator, qemuVersion, result, checked: [{property, asked, got, match,
 * line}], sideEffects: [{property, got, cause, expected, asExpected}],
 * qemuError?, offending?, problems}, with the problems of @report (nullable).
 * @result may be NULL for a guest armcpu_verify refused as invalid: then
 * result is "invalid" and checked and sideEffects are empty. Owned by the
 * caller.
 */
ARMCPU_API char *armcpu_verify_result_to_json(const ArmcpuVerifyResult *result, const char *file,
                                              const ArmcpuReport *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ArmcpuVerifyResult, armcpu_verify_result_free)

G_END_DECLS
