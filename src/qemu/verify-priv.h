/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * verify-priv.h: the pieces of armcpu_verify(), for the library and its tests.
 */
#pragma once

#include <armcpu/verify.h>
#include <json-c/json.h>

G_BEGIN_DECLS

/* ----- side-effect rules (data/cpu_map/arm_side_effects.xml) ----- */

/* Largest side-effect rules file accepted, and most rules and affects in it. */
#define ARMCPU_VERIFY_RULES_MAX_SIZE    (1024 * 1024)
#define ARMCPU_VERIFY_RULES_MAX_RULES   1024
#define ARMCPU_VERIFY_RULES_MAX_AFFECTS 256

typedef struct _ArmcpuVerifyRules ArmcpuVerifyRules;

/*
 * Parse a side-effect rules document (@len bytes at @data, named @filename in
 * messages), as hostile input. Returns the rules (armcpu_verify_rules_free) or
 * NULL with ARMCPU_VERIFY_ERROR_DATA naming the file and line.
 */
ArmcpuVerifyRules *armcpu_verify_rules_parse(const char *data, gsize len, const char *filename,
                                             GError **error);

/* The rules in armcpu_data_dir()/cpu_map/arm_side_effects.xml. */
ArmcpuVerifyRules *armcpu_verify_rules_load_default(GError **error);

void armcpu_verify_rules_free(ArmcpuVerifyRules *rules);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ArmcpuVerifyRules, armcpu_verify_rules_free)

/* A property the rules say changes; what armcpu_verify_rules_apply returns. */
typedef struct {
    char *property;
    char *expected; /* NULL: no prediction (or rules that disagree) */
    char *cause;    /* "sve=off", several joined by ", " */
} ArmcpuVerifyTarget;

void armcpu_verify_target_free(ArmcpuVerifyTarget *t);

/*
 * The properties the rules say QEMU changes when it gets the options @names /
 * @values (@n of them, in -cpu order): every affected property not among
 * @names, once, in the order first affected; values match a rule's by
 * meaning (off = false, 2 = 0x2). Returns ArmcpuVerifyTarget*,
 * owned by the caller.
 */
GPtrArray *armcpu_verify_rules_apply(const ArmcpuVerifyRules *rules, const char *const *names,
                                     const char *const *values, guint n);

/* The kind of @name's values: from @reg, else @host (nullable), else string. */
ArmcpuKind armcpu_verify_kind_of(const ArmcpuRegistry *reg, const ArmcpuAccelCaps *host,
                                 const char *name);

/* Do two value texts mean the same: equal, the same bool, or the same number? */
gboolean armcpu_verify_same_meaning(const char *a, const char *b);

/* ----- comparing what QEMU reports with what was asked ----- */

/*
 * Does the qom-get reply @got (borrowed) mean the value @asked of property
 * @name? The property's kind comes from @reg, else from @host (nullable),
 * else from the JSON type. Booleans match by meaning (on/true/yes, JSON
 * true), numbers by value (decimal, 0x hex, JSON integer; full u64), table
 * values through their raw encodings, and a SYSREG field's number against the
 * named counterpart's value name (and back).
 */
gboolean armcpu_verify_value_matches(const ArmcpuRegistry *reg, const ArmcpuAccelCaps *host,
                                     const char *name, const char *asked, json_object *got);

/*
 * @got as text for people and JSON: a boolean on/off, an integer in decimal
 * (u64 and negative alike), a string as is; control bytes and invalid UTF-8
 * shown as '?', at most 256 bytes. Owned by the caller.
 */
char *armcpu_verify_json_text(json_object *got);

/*
 * Which of @names (@n of them) QEMU's message @text names first, as a whole
 * word (not inside a longer name: "sve" is not in "sve-max-vq"). Returns its
 * index, or -1 when it names none.
 */
int armcpu_verify_find_offending(const char *text, const char *const *names, guint n);

G_END_DECLS
