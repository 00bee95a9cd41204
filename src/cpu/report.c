/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * report.c: collecting problems and printing them.
 */
#include "report-priv.h"

#include "util/enum.h"

#include <stdarg.h>

struct _ArmcpuReport {
    char *source;
    GPtrArray *problems; /* ArmcpuProblem* */
};

ARMCPU_ENUM_TO_STRING_IMPL(
    armcpu_severity, ArmcpuSeverity, ARMCPU_SEVERITY_LAST, [ARMCPU_SEVERITY_ERROR] = "error",
    [ARMCPU_SEVERITY_WARNING] = "warning", [ARMCPU_SEVERITY_NOTICE] = "notice")

ARMCPU_ENUM_TO_STRING_IMPL(
    armcpu_problem_code, ArmcpuProblemCode, ARMCPU_PROBLEM_LAST, [ARMCPU_PROBLEM_SHAPE] = "shape",
    [ARMCPU_PROBLEM_MODE] = "mode", [ARMCPU_PROBLEM_POLICY] = "policy",
    [ARMCPU_PROBLEM_NAME] = "name", [ARMCPU_PROBLEM_VALUE_SYNTAX] = "value-syntax",
    [ARMCPU_PROBLEM_DUPLICATE] = "duplicate", [ARMCPU_PROBLEM_POLICY_VALUE] = "policy-value",
    [ARMCPU_PROBLEM_UNKNOWN_PROPERTY] = "unknown-property",
    [ARMCPU_PROBLEM_VALUE_TYPE] = "value-type", [ARMCPU_PROBLEM_VALUE_TABLE] = "value-table",
    [ARMCPU_PROBLEM_NEEDS_VALUE] = "needs-value", [ARMCPU_PROBLEM_MODEL] = "model",
    [ARMCPU_PROBLEM_ARCH] = "arch", [ARMCPU_PROBLEM_LIMIT] = "limit",
    [ARMCPU_PROBLEM_UNCHECKED] = "unchecked", [ARMCPU_PROBLEM_FORCED] = "forced",
    [ARMCPU_PROBLEM_UNSUPPORTED_VALUE] = "unsupported-value",
    [ARMCPU_PROBLEM_NOT_ON_HOST] = "not-on-host", [ARMCPU_PROBLEM_FIXED] = "fixed",
    [ARMCPU_PROBLEM_DROPPED] = "dropped", [ARMCPU_PROBLEM_MODEL_UNUSABLE] = "model-unusable",
    [ARMCPU_PROBLEM_NO_MAPPING] = "no-mapping", [ARMCPU_PROBLEM_LOWERED] = "lowered",
    [ARMCPU_PROBLEM_NO_COMMON] = "no-common-value", [ARMCPU_PROBLEM_DISAGREE] = "disagree")

static void
problem_free(gpointer ptr)
{
    ArmcpuProblem *p = ptr;

    g_free(p->property);
    g_free(p->value);
    g_free(p->expected);
    g_free(p->source);
    g_free(p->message);
    g_free(p);
}

ArmcpuReport *
armcpu_report_new(const char *source)
{
    ArmcpuReport *r = g_new0(ArmcpuReport, 1);

    r->source = g_strdup(source);
    r->problems = g_ptr_array_new_with_free_func(problem_free);
    return r;
}

void
armcpu_report_free(ArmcpuReport *report)
{
    if (!report)
        return;
    g_ptr_array_unref(report->problems);
    g_free(report->source);
    g_free(report);
}

const char *
armcpu_report_source(const ArmcpuReport *report)
{
    return report->source;
}

void
armcpu_report_add(ArmcpuReport *report, ArmcpuSeverity severity, ArmcpuProblemCode code, int line,
                  const char *property, const char *value, const char *expected, const char *host,
                  const char *fmt, ...)
{
    ArmcpuProblem *p = g_new0(ArmcpuProblem, 1);
    va_list ap;

    g_assert((unsigned)severity < ARMCPU_SEVERITY_LAST && (unsigned)code < ARMCPU_PROBLEM_LAST);
    p->severity = severity;
    p->code = code;
    p->line = line;
    p->property = g_strdup(property);
    p->value = g_strdup(value);
    p->expected = g_strdup(expected);
    p->source = g_strdup(host);
    va_start(ap, fmt);
    p->message = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_ptr_array_add(report->problems, p);
}

guint
armcpu_report_n_problems(const ArmcpuReport *report)
{
    return report->problems->len;
}

const ArmcpuProblem *
armcpu_report_problem(const ArmcpuReport *report, guint i)
{
    g_return_val_if_fail(i < report->problems->len, NULL);
    return g_ptr_array_index(report->problems, i);
}

guint
armcpu_report_count(const ArmcpuReport *report, ArmcpuSeverity severity)
{
    guint n = 0;

    for (guint i = 0; i < report->problems->len; i++) {
        const ArmcpuProblem *p = g_ptr_array_index(report->problems, i);
        n += p->severity == severity;
    }
    return n;
}

gboolean
armcpu_report_has_errors(const ArmcpuReport *report)
{
    return armcpu_report_count(report, ARMCPU_SEVERITY_ERROR) > 0;
}

void
armcpu_report_merge(ArmcpuReport *to, const ArmcpuReport *from)
{
    for (guint i = 0; i < from->problems->len; i++) {
        const ArmcpuProblem *p = g_ptr_array_index(from->problems, i);
        armcpu_report_add(to, p->severity, p->code, p->line, p->property, p->value, p->expected,
                          p->source, "%s", p->message);
    }
}

/* Problems by line (document-level ones, line 0, last), stable otherwise. */
static int
by_line(gconstpointer a, gconstpointer b)
{
    const ArmcpuProblem *pa = *(ArmcpuProblem *const *)a;
    const ArmcpuProblem *pb = *(ArmcpuProblem *const *)b;
    guint la = pa->line > 0 ? (guint)pa->line : G_MAXUINT;
    guint lb = pb->line > 0 ? (guint)pb->line : G_MAXUINT;

    return la < lb ? -1 : la > lb ? 1 : 0;
}

static GPtrArray *
sorted(const ArmcpuReport *report)
{
    GPtrArray *copy = g_ptr_array_copy(report->problems, NULL, NULL);

    g_ptr_array_set_free_func(copy, NULL); /* the copy borrows the problems */
    g_ptr_array_sort(copy, by_line);       /* a stable sort since GLib 2.32 */
    return copy;
}

char *
armcpu_report_format_text(const ArmcpuReport *report)
{
    g_autoptr(GString) s = g_string_new(NULL);
    g_autoptr(GPtrArray) problems = sorted(report);

    for (guint i = 0; i < problems->len; i++) {
        const ArmcpuProblem *p = g_ptr_array_index(problems, i);
        if (report->source && p->line > 0)
            g_string_append_printf(s, "%s:%d: ", report->source, p->line);
        else if (report->source)
            g_string_append_printf(s, "%s: ", report->source);
        g_string_append_printf(s, "%s: %s\n", armcpu_severity_names[p->severity], p->message);
    }
    return g_string_free(g_steal_pointer(&s), FALSE);
}

static void
add_opt_string(json_object *o, const char *key, const char *v)
{
    if (v)
        json_object_object_add(o, key, json_object_new_string(v));
}

json_object *
armcpu_report_to_json_object(const ArmcpuReport *report)
{
    json_object *arr = json_object_new_array();
    g_autoptr(GPtrArray) problems = sorted(report);

    for (guint i = 0; i < problems->len; i++) {
        const ArmcpuProblem *p = g_ptr_array_index(problems, i);
        json_object *o = json_object_new_object();
        json_object_object_add(o, "severity",
                               json_object_new_string(armcpu_severity_names[p->severity]));
        json_object_object_add(o, "code",
                               json_object_new_string(armcpu_problem_code_names[p->code]));
        if (p->line > 0)
            json_object_object_add(o, "line", json_object_new_int(p->line));
        add_opt_string(o, "property", p->property);
        add_opt_string(o, "value", p->value);
        add_opt_string(o, "expected", p->expected);
        add_opt_string(o, "source", p->source);
        json_object_object_add(o, "message", json_object_new_string(p->message));
        json_object_array_add(arr, o);
    }
    return arr;
}

char *
armcpu_report_to_json(const ArmcpuReport *report)
{
    json_object *o = armcpu_report_to_json_object(report);
    char *s = g_strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
                                                             JSON_C_TO_STRING_NOSLASHESCAPE));

    json_object_put(o);
    return s;
}
