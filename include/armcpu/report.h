/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * armcpu/report.h: problems found in a document, all of them, not the first.
 *
 * Validation, compare and baseline collect every problem in a report; each
 * names the property, the value, what was expected and where.
 */
#pragma once

#include <armcpu/common.h>

G_BEGIN_DECLS

typedef enum {
    ARMCPU_SEVERITY_ERROR,   /* the document cannot be used as it is */
    ARMCPU_SEVERITY_WARNING, /* used, but the user should know (force) */
    ARMCPU_SEVERITY_NOTICE,  /* information (an optional feature dropped) */
    ARMCPU_SEVERITY_LAST
} ArmcpuSeverity;

ARMCPU_API const char *armcpu_severity_to_string(ArmcpuSeverity severity);

/* What kind of problem; the string form is stable for scripts. */
typedef enum {
    ARMCPU_PROBLEM_SHAPE,             /* "shape": unexpected element/attribute */
    ARMCPU_PROBLEM_MODE,              /* "mode": unknown or unsupported CPU mode */
    ARMCPU_PROBLEM_POLICY,            /* "policy": unknown feature policy */
    ARMCPU_PROBLEM_NAME,              /* "name": a name outside the token grammar */
    ARMCPU_PROBLEM_VALUE_SYNTAX,      /* "value-syntax": a value outside the token grammar */
    ARMCPU_PROBLEM_DUPLICATE,         /* "duplicate": a property named twice */
    ARMCPU_PROBLEM_POLICY_VALUE,      /* "policy-value": a value with disable/forbid */
    ARMCPU_PROBLEM_UNKNOWN_PROPERTY,  /* "unknown-property": known to no dialect */
    ARMCPU_PROBLEM_VALUE_TYPE,        /* "value-type": not well-formed for the type */
    ARMCPU_PROBLEM_VALUE_TABLE,       /* "value-table": outside the registry's table/range */
    ARMCPU_PROBLEM_NEEDS_VALUE,       /* "needs-value": "on" is not a value of it */
    ARMCPU_PROBLEM_MODEL,             /* "model": model missing, unexpected or unknown */
    ARMCPU_PROBLEM_ARCH,              /* "arch": a domain for another architecture */
    ARMCPU_PROBLEM_LIMIT,             /* "limit": a documented limit exceeded */
    ARMCPU_PROBLEM_UNCHECKED,         /* "unchecked": optional, offline, not checked */
    ARMCPU_PROBLEM_FORCED,            /* "forced": force passes what checks refuse */
    ARMCPU_PROBLEM_UNSUPPORTED_VALUE, /* "unsupported-value": not in the host's set */
    ARMCPU_PROBLEM_NOT_ON_HOST,       /* "not-on-host": the host's QEMU cannot set it */
    ARMCPU_PROBLEM_FIXED,             /* "fixed": the host cannot change it */
    ARMCPU_PROBLEM_DROPPED,           /* "dropped": optional, unsupported, left out */
    ARMCPU_PROBLEM_MODEL_UNUSABLE,    /* "model-unusable": the host cannot run the model */
    ARMCPU_PROBLEM_NO_MAPPING,        /* "no-mapping": no name in the host's dialect */
    ARMCPU_PROBLEM_LOWERED,           /* "lowered": baseline lowered a value */
    ARMCPU_PROBLEM_NO_COMMON,         /* "no-common-value": baseline found none */
    ARMCPU_PROBLEM_DISAGREE,          /* "disagree": unordered values differ */
    ARMCPU_PROBLEM_LAST
} ArmcpuProblemCode;

ARMCPU_API const char *armcpu_problem_code_to_string(ArmcpuProblemCode code);

typedef struct {
    ArmcpuSeverity severity;
    ArmcpuProblemCode code;
    int line;       /* line in the source document, 0 if unknown */
    char *property; /* the property concerned, or NULL */
    char *value;    /* the offending value, or NULL */
    char *expected; /* what would be accepted, or NULL */
    char *source;   /* the host or file the expectation comes from, or NULL */
    char *message;  /* the whole sentence */
} ArmcpuProblem;

typedef struct _ArmcpuReport ArmcpuReport;

/* A new empty report about @source (a file name for messages, may be NULL). */
ARMCPU_API ArmcpuReport *armcpu_report_new(const char *source);
ARMCPU_API void armcpu_report_free(ArmcpuReport *report);

ARMCPU_API const char *armcpu_report_source(const ArmcpuReport *report);

/*
 * Add a problem. @property, @value, @expected and @host may be NULL; the
 * message is formatted from @fmt.
 */
ARMCPU_API void armcpu_report_add(ArmcpuReport *report, ArmcpuSeverity severity,
                                  ArmcpuProblemCode code, int line, const char *property,
                                  const char *value, const char *expected, const char *host,
                                  const char *fmt, ...) G_GNUC_PRINTF(9, 10);

ARMCPU_API guint armcpu_report_n_problems(const ArmcpuReport *report);
ARMCPU_API const ArmcpuProblem *armcpu_report_problem(const ArmcpuReport *report, guint i);
ARMCPU_API guint armcpu_report_count(const ArmcpuReport *report, ArmcpuSeverity severity);
ARMCPU_API gboolean armcpu_report_has_errors(const ArmcpuReport *report);

/* Append every problem of @from to @to. */
ARMCPU_API void armcpu_report_merge(ArmcpuReport *to, const ArmcpuReport *from);

/*
 * One line per problem, "SOURCE:LINE: SEVERITY: MESSAGE" (the line part only
 * when known), in the order found. Owned by the caller.
 */
ARMCPU_API char *armcpu_report_format_text(const ArmcpuReport *report);

/* The problems as a JSON array of objects (see data/schemas/json). */
ARMCPU_API char *armcpu_report_to_json(const ArmcpuReport *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ArmcpuReport, armcpu_report_free)

G_END_DECLS
