/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fake-qemu.h: internals shared by the parts of the fake qemu-system-aarch64
 * test program (see README.md beside this file).
 */
#pragma once

#include <glib.h>
#include <json.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC(json_object, json_object_put)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(json_tokener, json_tokener_free)

/* The program name QEMU prefixes to its stderr messages. */
#define FQ_PROG "qemu-system-aarch64"

/* Where the CPU of a `-machine virt` guest lives in the QOM tree. */
#define FQ_CPU_PATH "/machine/unattached/device[0]"

/* ----- replies (replies.c) ----- */

typedef struct FqReplies FqReplies;

/* What fq_replies_lookup() found. */
typedef enum {
    FQ_LOOKUP_FOUND,     /* a reply: {"return": ...} or {"error": ...} */
    FQ_LOOKUP_ABSENT,    /* the command is not known at all */
    FQ_LOOKUP_NO_MATCH,  /* the command is known, not with these arguments */
    FQ_LOOKUP_RECORD_END /* transcript: QEMU died instead of answering */
} FqLookup;

/* Loads a replies file (FAKE_QEMU_REPLIES) or a transcript (FAKE_QEMU_TRANSCRIPT).
 * Returns NULL with *error_msg set (free it) on failure. */
FqReplies *fq_replies_load_file(const char *path, char **error_msg);
FqReplies *fq_replies_load_transcript(const char *path, char **error_msg);
/* A source with the default 7.2.22 greeting, tcg only, and no commands. */
FqReplies *fq_replies_new_default(void);
void fq_replies_free(FqReplies *r);

/* The greeting object (borrowed; a default 7.2.22 one if the file has none). */
json_object *fq_replies_greeting(FqReplies *r);

/* Whether the source offers accelerator @accel. */
gboolean fq_replies_has_accel(FqReplies *r, const char *accel);

/* The reply to @cmd with @args (never NULL; {} when the command had none) under
 * @accel. *reply (a new reference) is set only for FQ_LOOKUP_FOUND. */
FqLookup fq_replies_lookup(FqReplies *r, const char *accel, const char *cmd, json_object *args,
                           json_object **reply);

/* Every command name the source answers under @accel (sorted, no duplicates),
 * before the built-in ones are added; NULL when query-commands cannot be
 * synthesised from the source alone (it then holds nothing). */
GPtrArray *fq_replies_command_names(FqReplies *r, const char *accel);

/* The QOM description of CPU model @model under @accel (borrowed), or NULL.
 * *other_accel is set to an accelerator that has the model when @accel has
 * not (or NULL). */
json_object *fq_replies_qom_model(FqReplies *r, const char *accel, const char *model,
                                  const char **other_accel);

gboolean fq_replies_is_transcript(FqReplies *r);

/* ----- the guest CPU (cpu.c) ----- */

typedef struct {
    char *model;
    char *type_name;
    json_object *props; /* property -> JSON value */
} FqCpu;

/* Builds the CPU for `-cpu @cpu_arg` (NULL: no -cpu) under @accel from the
 * replies' "qom" section; @apply_options FALSE checks only the model name and
 * the key=value syntax. @extra_ignore: property names accepted but not
 * applied, in addition to the model's own "ignore" list. On failure returns
 * NULL and sets *stderr_text to the lines QEMU would print (without the final
 * newline). */
FqCpu *fq_cpu_new(FqReplies *r, const char *accel, const char *cpu_arg, gboolean apply_options,
                  const char *const *extra_ignore, char **stderr_text);
void fq_cpu_free(FqCpu *cpu);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(FqCpu, fq_cpu_free)

/* qom-list / qom-get on the CPU: a new reply object ({"return"} or {"error"}). */
json_object *fq_cpu_qom_list(FqCpu *cpu);
json_object *fq_cpu_qom_get(FqCpu *cpu, const char *property);

/* ----- small JSON helpers (replies.c) ----- */

json_object *fq_error_new(const char *klass, const char *desc);
json_object *fq_return_new(json_object *value);
const char *fq_json_plain(json_object *obj);
