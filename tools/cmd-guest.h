/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-guest.h: reading a guest document and its host for a command.
 */
#pragma once

#include "cli.h"

/* Everything a guest command works with. */
typedef struct {
    ArmcpuRegistry *reg; /* borrowed from the context */
    ArmcpuGuestCpu *cpu;
    ArmcpuReport *report;        /* problems, parse ones first */
    ArmcpuHostCaps *caps;        /* NULL when offline */
    const ArmcpuAccelCaps *host; /* the accelerator section, NULL when offline */
    const char *file;
    const char *scope; /* "define-time checks only" / "against kvm on HOST" */
    char *scope_owned;
} CliGuestJob;

void cli_guest_job_free(CliGuestJob *job);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CliGuestJob, cli_guest_job_free)

/*
 * Read @file as a guest document and, unless @offline, the host it is checked
 * against. NULL with *@rc set (after printing the error) when either fails.
 */
CliGuestJob *cli_guest_job_open(CliContext *ctx, const char *file, gboolean offline, int *rc);

/* The name of @acc's host in messages and JSON: its label, else "host". */
const char *cli_accel_label(const ArmcpuAccelCaps *acc);

/* {"file", "valid", "offline", "host"?, "accel"?, "cpu"?, "argv"?, "problems"} on stdout. */
void cli_guest_job_print_json(const CliGuestJob *job, gboolean valid, const char *cpu_arg);
