/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cli.h: what the armcpu commands share.
 */
#pragma once

#include <armcpu/armcpu.h>
#include <armcpu/guest.h>
#include <armcpu/hostcaps.h>
#include <armcpu/baseline.h>
#include <armcpu/compare.h>
#include <armcpu/domcaps.h>
#include <armcpu/models.h>
#include <armcpu/probe.h>
#include <armcpu/validate.h>

/* Exit codes (DESIGN.md, CLI contract). */
enum {
    CLI_EXIT_OK = 0,       /* success / valid / compatible */
    CLI_EXIT_NEGATIVE = 1, /* a negative answer: invalid, incompatible, mismatch */
    CLI_EXIT_USAGE = 2,    /* bad usage or a bad input document */
    CLI_EXIT_ENV = 3,      /* environment failure: QEMU missing, probe failed, timeout */
};

typedef enum {
    CLI_FORMAT_DEFAULT,
    CLI_FORMAT_TEXT,
    CLI_FORMAT_XML,
    CLI_FORMAT_JSON,
    CLI_FORMAT_LABELS, /* probe only: Kubernetes-style node labels */
} CliFormat;

/* Global options, and what commands load lazily from them. */
typedef struct {
    char *emulator;
    char *accel_name;
    char *host_file;
    char *cache_dir;
    char *format_name;
    int timeout_sec;
    gboolean verbose;
    char **features; /* --feature NAME[=VALUE] of a guest command, in order */

    ArmcpuAccel accel; /* ARMCPU_ACCEL_LAST when not given */
    CliFormat format;
    ArmcpuRegistry *reg;
} CliContext;

typedef struct {
    const char *name;
    const char *args;        /* "GUEST.xml" */
    const char *summary;     /* one line */
    const char *description; /* --help text, with an example */
    gboolean has_xml;        /* --format xml is meaningful */
    gboolean takes_guest;    /* reads GUEST.xml: --feature edits it */
    int (*run)(CliContext *ctx, int argc, char **argv);
} CliCommand;

/* "armcpu: error: ..." on stderr. */
void cli_error(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* "armcpu: warning: ..." on stderr. */
void cli_warn(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/*
 * Parse a command's own options (@entries, may be NULL) together with the
 * global ones. On success *@argc/@argv hold the remaining arguments. Returns
 * -1 to go on, or an exit code (--help printed: 0; a bad option: 2).
 */
int cli_parse_options(CliContext *ctx, const CliCommand *cmd, const GOptionEntry *entries,
                      int *argc, char ***argv);

/* Check the positional arguments count; prints usage errors. Returns -1 or 2. */
int cli_expect_args(const CliCommand *cmd, int argc, int min, int max);

/* The registry (loaded once); NULL after printing an error. */
ArmcpuRegistry *cli_registry(CliContext *ctx);

/* The effective output format: the given one, else @dflt. */
CliFormat cli_format(const CliContext *ctx, CliFormat dflt);

/* Print text problems of @report to stderr ("file:line: severity: message"). */
void cli_print_problems(const ArmcpuReport *report);

/* Print a JSON document to stdout with a trailing newline. */
void cli_print_json(const char *json);

/* The exit code for a GError from reading an input document or a host. */
int cli_exit_for_error(const GError *error);

/*
 * The host capabilities a command works against: --host FILE, else the cache
 * or a probe. Returns NULL after printing an error and setting *@exit_code.
 */
ArmcpuHostCaps *cli_host_caps(CliContext *ctx, int *exit_code);

/* Probe (or read the cache) with the context's emulator, accel and timeout. */
ArmcpuHostCaps *cli_probe(CliContext *ctx, ArmcpuProbeFlags flags, int *exit_code);

/*
 * The accelerator section to use: --accel, else the guest's <domain type>
 * (@guest_accel, or ARMCPU_ACCEL_LAST), else kvm when present, else tcg.
 * When the host has no such section: exit 1 if the guest asked for it (it
 * cannot run there), exit 3 if --accel did.
 */
const ArmcpuAccelCaps *cli_pick_accel(CliContext *ctx, const ArmcpuHostCaps *caps,
                                      ArmcpuAccel guest_accel, int *exit_code);

extern const CliCommand cli_cmd_probe;
extern const CliCommand cli_cmd_domcaps;
extern const CliCommand cli_cmd_validate;
extern const CliCommand cli_cmd_cmdline;
extern const CliCommand cli_cmd_compare;
extern const CliCommand cli_cmd_baseline;
extern const CliCommand cli_cmd_models;
extern const CliCommand cli_cmd_cache;
extern const CliCommand cli_cmd_verify;
extern const CliCommand cli_cmd_libvirt;
