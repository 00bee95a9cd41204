/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * replies.c: the fake QEMU's answers, from a replies file (JSON, format in
 * README.md) or from a recorded transcript (JSON Lines: dir/t_ms/msg/msg_file).
 */
#include "fake-qemu.h"

#include <string.h>

/* Deep enough for every fixture; the transcripts nest less than 10 levels. */
#define FQ_FILE_DEPTH 128

/* One recorded command and what QEMU sent back. */
typedef struct {
    char *name;
    json_object *args;  /* {} when the command had none */
    json_object *reply; /* NULL: the recording ends before a reply (QEMU died) */
    gboolean used;
} FqPair;

struct FqReplies {
    char *path;
    gboolean transcript;
    json_object *root;          /* replies file */
    json_object *greeting;      /* owned */
    GPtrArray *pairs;           /* FqPair *, transcript */
    GPtrArray *schema_commands; /* char *, transcript with a query-qmp-schema reply */
};

static void
pair_free(gpointer p)
{
    FqPair *pair = p;

    g_free(pair->name);
    json_object_put(pair->args);
    json_object_put(pair->reply);
    g_free(pair);
}

void
fq_replies_free(FqReplies *r)
{
    if (!r)
        return;
    g_free(r->path);
    json_object_put(r->root);
    json_object_put(r->greeting);
    if (r->pairs)
        g_ptr_array_unref(r->pairs);
    if (r->schema_commands)
        g_ptr_array_unref(r->schema_commands);
    g_free(r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(FqReplies, fq_replies_free)

/* ----- JSON helpers ----- */

json_object *
fq_error_new(const char *klass, const char *desc)
{
    json_object *err = json_object_new_object();
    json_object *reply = json_object_new_object();

    json_object_object_add(err, "class", json_object_new_string(klass));
    json_object_object_add(err, "desc", json_object_new_string(desc));
    json_object_object_add(reply, "error", err);
    return reply;
}

json_object *
fq_return_new(json_object *value)
{
    json_object *reply = json_object_new_object();

    json_object_object_add(reply, "return", value);
    return reply;
}

const char *
fq_json_plain(json_object *obj)
{
    return json_object_to_json_string_ext(obj,
                                          JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
}

static json_object *
member(json_object *obj, const char *key)
{
    json_object *val = NULL;

    if (!obj || !json_object_is_type(obj, json_type_object))
        return NULL;
    if (!json_object_object_get_ex(obj, key, &val))
        return NULL;
    return val;
}

/* Parses exactly one JSON value from @text (trailing whitespace allowed). */
static json_object *
parse_one(const char *text, gsize len, const char *what, char **error_msg)
{
    g_autoptr(json_tokener) tok = json_tokener_new_ex(FQ_FILE_DEPTH);
    json_object *obj;
    enum json_tokener_error jerr;
    gsize end;

    if (len > G_MAXINT) {
        *error_msg = g_strdup_printf("%s: too large", what);
        return NULL;
    }
    obj = json_tokener_parse_ex(tok, text, (int)len);
    jerr = json_tokener_get_error(tok);
    if (jerr == json_tokener_continue) {
        /* A bare scalar or an incomplete document: finish it with a NUL. */
        json_object_put(obj);
        obj = json_tokener_parse_ex(tok, "", 1);
        jerr = json_tokener_get_error(tok);
        if (jerr != json_tokener_success) {
            json_object_put(obj);
            *error_msg = g_strdup_printf("%s: incomplete JSON", what);
            return NULL;
        }
        return obj;
    }
    if (jerr != json_tokener_success) {
        *error_msg = g_strdup_printf("%s: invalid JSON: %s", what, json_tokener_error_desc(jerr));
        return NULL;
    }
    end = json_tokener_get_parse_end(tok);
    for (gsize i = end; i < len; i++) {
        if (!g_ascii_isspace(text[i])) {
            json_object_put(obj);
            *error_msg = g_strdup_printf("%s: trailing data after the JSON value", what);
            return NULL;
        }
    }
    return obj;
}

static json_object *
parse_file(const char *path, char **error_msg)
{
    g_autofree char *text = NULL;
    g_autoptr(GError) err = NULL;
    gsize len = 0;

    if (!g_file_get_contents(path, &text, &len, &err)) {
        *error_msg = g_strdup(err->message);
        return NULL;
    }
    return parse_one(text, len, path, error_msg);
}

static json_object *
default_greeting(void)
{
    json_object *qemu = json_object_new_object();
    json_object *version = json_object_new_object();
    json_object *qmp = json_object_new_object();
    json_object *caps = json_object_new_array();
    json_object *greeting = json_object_new_object();

    json_object_object_add(qemu, "micro", json_object_new_int(22));
    json_object_object_add(qemu, "minor", json_object_new_int(2));
    json_object_object_add(qemu, "major", json_object_new_int(7));
    json_object_object_add(version, "qemu", qemu);
    json_object_object_add(version, "package",
                           json_object_new_string("Debian 1:7.2+dfsg-7+deb12u18+b3"));
    json_object_object_add(qmp, "version", version);
    json_object_array_add(caps, json_object_new_string("oob"));
    json_object_object_add(qmp, "capabilities", caps);
    json_object_object_add(greeting, "QMP", qmp);
    return greeting;
}

/* ----- replies files ----- */

FqReplies *
fq_replies_new_default(void)
{
    FqReplies *r = g_new0(FqReplies, 1);

    r->path = g_strdup("(none)");
    r->root = json_object_new_object();
    r->greeting = default_greeting();
    return r;
}

static gboolean
is_reply(json_object *obj)
{
    return json_object_is_type(obj, json_type_object) &&
           (member(obj, "return") != NULL ||
            json_object_is_type(member(obj, "error"), json_type_object));
}

/* Checks one "commands" section so that mistakes show at start-up. */
static gboolean
check_commands(json_object *commands, const char *where, char **error_msg)
{
    if (!commands)
        return TRUE;
    if (!json_object_is_type(commands, json_type_object)) {
        *error_msg = g_strdup_printf("%s must be an object", where);
        return FALSE;
    }
    json_object_object_foreach(commands, name, spec)
    {
        if (is_reply(spec))
            continue;
        if (!json_object_is_type(spec, json_type_array)) {
            *error_msg = g_strdup_printf("%s.%s: expected a reply object or an array of "
                                         "{arguments, reply}",
                                         where, name);
            return FALSE;
        }
        for (size_t i = 0; i < json_object_array_length(spec); i++) {
            json_object *alt = json_object_array_get_idx(spec, i);
            json_object *args = member(alt, "arguments");

            if (!is_reply(member(alt, "reply")) ||
                (args && !json_object_is_type(args, json_type_object))) {
                *error_msg = g_strdup_printf("%s.%s[%zu]: expected {\"arguments\": {...}, "
                                             "\"reply\": {\"return\"|\"error\": ...}}",
                                             where, name, i);
                return FALSE;
            }
        }
    }
    return TRUE;
}

static gboolean
check_qom(json_object *qom, const char *where, char **error_msg)
{
    if (!qom)
        return TRUE;
    if (!json_object_is_type(qom, json_type_object)) {
        *error_msg = g_strdup_printf("%s must be an object", where);
        return FALSE;
    }
    json_object_object_foreach(qom, model, desc)
    {
        json_object *props = member(desc, "props");

        if (!json_object_is_type(props, json_type_object)) {
            *error_msg = g_strdup_printf("%s.%s: needs a \"props\" object", where, model);
            return FALSE;
        }
    }
    return TRUE;
}

FqReplies *
fq_replies_load_file(const char *path, char **error_msg)
{
    g_autoptr(FqReplies) r = g_new0(FqReplies, 1);
    json_object *accels;

    r->path = g_strdup(path);
    r->root = parse_file(path, error_msg);
    if (!r->root)
        return NULL;
    if (!json_object_is_type(r->root, json_type_object)) {
        *error_msg = g_strdup_printf("%s: the replies file must be a JSON object", path);
        return NULL;
    }
    if (!check_commands(member(r->root, "commands"), "commands", error_msg) ||
        !check_qom(member(r->root, "qom"), "qom", error_msg))
        return NULL;
    accels = member(r->root, "accels");
    if (accels && !json_object_is_type(accels, json_type_object)) {
        *error_msg = g_strdup_printf("%s: \"accels\" must be an object", path);
        return NULL;
    }
    if (accels) {
        json_object_object_foreach(accels, accel, section)
        {
            g_autofree char *cw = g_strdup_printf("accels.%s.commands", accel);
            g_autofree char *qw = g_strdup_printf("accels.%s.qom", accel);

            if (!json_object_is_type(section, json_type_object)) {
                *error_msg = g_strdup_printf("%s: accels.%s must be an object", path, accel);
                return NULL;
            }
            if (!check_commands(member(section, "commands"), cw, error_msg) ||
                !check_qom(member(section, "qom"), qw, error_msg))
                return NULL;
        }
    }
    if (member(r->root, "greeting")) {
        if (!json_object_is_type(member(member(r->root, "greeting"), "QMP"), json_type_object)) {
            *error_msg = g_strdup_printf("%s: \"greeting\" must be {\"QMP\": {...}}", path);
            return NULL;
        }
        r->greeting = json_object_get(member(r->root, "greeting"));
    } else {
        r->greeting = default_greeting();
    }
    return g_steal_pointer(&r);
}

/* ----- transcripts ----- */

static json_object *
load_msg_file(const char *transcript, const char *name, char **error_msg)
{
    g_autofree char *dir = g_path_get_dirname(transcript);
    g_autofree char *path = NULL;

    if (g_path_is_absolute(name) || strstr(name, "..")) {
        *error_msg = g_strdup_printf("%s: msg_file '%s' must name a file beside the transcript",
                                     transcript, name);
        return NULL;
    }
    path = g_build_filename(dir, name, NULL);
    return parse_file(path, error_msg);
}

static void
collect_schema_commands(FqReplies *r, json_object *reply)
{
    json_object *list = member(reply, "return");

    if (!json_object_is_type(list, json_type_array))
        return;
    if (r->schema_commands)
        g_ptr_array_unref(r->schema_commands);
    r->schema_commands = g_ptr_array_new_with_free_func(g_free);
    for (size_t i = 0; i < json_object_array_length(list); i++) {
        json_object *entry = json_object_array_get_idx(list, i);
        const char *meta = json_object_get_string(member(entry, "meta-type"));
        const char *name = json_object_get_string(member(entry, "name"));

        if (meta && name && strcmp(meta, "command") == 0)
            g_ptr_array_add(r->schema_commands, g_strdup(name));
    }
}

FqReplies *
fq_replies_load_transcript(const char *path, char **error_msg)
{
    g_autoptr(FqReplies) r = g_new0(FqReplies, 1);
    g_autofree char *text = NULL;
    g_autoptr(GError) err = NULL;
    g_auto(GStrv) lines = NULL;
    g_autoptr(GQueue) pending = g_queue_new();
    gsize len = 0;

    r->path = g_strdup(path);
    r->transcript = TRUE;
    r->pairs = g_ptr_array_new_with_free_func(pair_free);
    if (!g_file_get_contents(path, &text, &len, &err)) {
        *error_msg = g_strdup(err->message);
        return NULL;
    }
    lines = g_strsplit(text, "\n", -1);
    for (guint i = 0; lines[i]; i++) {
        g_autofree char *where = g_strdup_printf("%s:%u", path, i + 1);
        g_autoptr(json_object) line = NULL;
        json_object *msg;
        const char *dir;

        if (!*g_strstrip(lines[i]))
            continue;
        line = parse_one(lines[i], strlen(lines[i]), where, error_msg);
        if (!line)
            return NULL;
        dir = json_object_get_string(member(line, "dir"));
        msg = member(line, "msg");
        if (!msg && json_object_is_type(member(line, "msg_file"), json_type_string)) {
            json_object *loaded =
                load_msg_file(path, json_object_get_string(member(line, "msg_file")), error_msg);

            if (!loaded)
                return NULL;
            json_object_object_add(line, "msg", loaded);
            msg = loaded;
        }
        if (!dir || !json_object_is_type(msg, json_type_object)) {
            *error_msg = g_strdup_printf("%s: expected {\"dir\", \"msg\"|\"msg_file\"}", where);
            return NULL;
        }
        if (strcmp(dir, "send") == 0) {
            FqPair *pair = g_new0(FqPair, 1);
            json_object *args = member(msg, "arguments");

            pair->name = g_strdup(json_object_get_string(member(msg, "execute")));
            pair->args = args ? json_object_get(args) : json_object_new_object();
            g_ptr_array_add(r->pairs, pair);
            g_queue_push_tail(pending, pair);
        } else if (strcmp(dir, "recv") == 0) {
            FqPair *pair;

            if (member(msg, "QMP")) {
                if (!r->greeting)
                    r->greeting = json_object_get(msg);
                continue;
            }
            if (member(msg, "event"))
                continue;
            pair = g_queue_pop_head(pending);
            if (!pair)
                continue; /* a reply to nothing we know: ignore it */
            pair->reply = json_object_get(msg);
            if (pair->name && strcmp(pair->name, "query-qmp-schema") == 0)
                collect_schema_commands(r, msg);
        } else {
            *error_msg = g_strdup_printf("%s: unknown dir '%s'", where, dir);
            return NULL;
        }
    }
    if (!r->greeting)
        r->greeting = default_greeting();
    return g_steal_pointer(&r);
}

/* ----- queries ----- */

gboolean
fq_replies_is_transcript(FqReplies *r)
{
    return r->transcript;
}

json_object *
fq_replies_greeting(FqReplies *r)
{
    return r->greeting;
}

gboolean
fq_replies_has_accel(FqReplies *r, const char *accel)
{
    json_object *accels;

    if (r->transcript)
        return strcmp(accel, "tcg") == 0;
    accels = member(r->root, "accels");
    if (!accels)
        return strcmp(accel, "tcg") == 0;
    return member(accels, accel) != NULL;
}

static json_object *
accel_section(FqReplies *r, const char *accel, const char *key)
{
    return member(member(member(r->root, "accels"), accel), key);
}

static FqLookup
lookup_transcript(FqReplies *r, const char *cmd, json_object *args, json_object **reply)
{
    FqPair *last = NULL;
    gboolean known = FALSE;

    for (guint i = 0; i < r->pairs->len; i++) {
        FqPair *pair = g_ptr_array_index(r->pairs, i);

        if (!pair->name || strcmp(pair->name, cmd) != 0)
            continue;
        known = TRUE;
        if (!json_object_equal(pair->args, args))
            continue;
        last = pair;
        if (!pair->used)
            break;
    }
    if (!last) {
        if (r->schema_commands) {
            for (guint i = 0; i < r->schema_commands->len; i++) {
                if (strcmp(g_ptr_array_index(r->schema_commands, i), cmd) == 0)
                    known = TRUE;
            }
        }
        return known ? FQ_LOOKUP_NO_MATCH : FQ_LOOKUP_ABSENT;
    }
    last->used = TRUE;
    if (!last->reply)
        return FQ_LOOKUP_RECORD_END;
    *reply = json_object_get(last->reply);
    return FQ_LOOKUP_FOUND;
}

FqLookup
fq_replies_lookup(FqReplies *r, const char *accel, const char *cmd, json_object *args,
                  json_object **reply)
{
    json_object *spec;

    *reply = NULL;
    if (r->transcript)
        return lookup_transcript(r, cmd, args, reply);
    spec = member(accel_section(r, accel, "commands"), cmd);
    if (!spec)
        spec = member(member(r->root, "commands"), cmd);
    if (!spec)
        return FQ_LOOKUP_ABSENT;
    if (!json_object_is_type(spec, json_type_array)) {
        *reply = json_object_get(spec);
        return FQ_LOOKUP_FOUND;
    }
    for (size_t i = 0; i < json_object_array_length(spec); i++) {
        json_object *alt = json_object_array_get_idx(spec, i);
        json_object *want = member(alt, "arguments");
        g_autoptr(json_object) empty = json_object_new_object();

        if (json_object_equal(want ? want : empty, args)) {
            *reply = json_object_get(member(alt, "reply"));
            return FQ_LOOKUP_FOUND;
        }
    }
    return FQ_LOOKUP_NO_MATCH;
}

static void
add_keys(GPtrArray *names, json_object *commands)
{
    if (!json_object_is_type(commands, json_type_object))
        return;
    json_object_object_foreach(commands, name, spec)
    {
        (void)spec;
        g_ptr_array_add(names, g_strdup(name));
    }
}

GPtrArray *
fq_replies_command_names(FqReplies *r, const char *accel)
{
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);

    if (r->transcript) {
        GPtrArray *src = r->schema_commands;

        if (src) {
            for (guint i = 0; i < src->len; i++)
                g_ptr_array_add(names, g_strdup(g_ptr_array_index(src, i)));
        } else {
            for (guint i = 0; i < r->pairs->len; i++) {
                FqPair *pair = g_ptr_array_index(r->pairs, i);

                if (pair->name)
                    g_ptr_array_add(names, g_strdup(pair->name));
            }
        }
        return names;
    }
    add_keys(names, member(r->root, "commands"));
    add_keys(names, accel_section(r, accel, "commands"));
    return names;
}

json_object *
fq_replies_qom_model(FqReplies *r, const char *accel, const char *model, const char **other_accel)
{
    json_object *desc;
    json_object *accels;

    *other_accel = NULL;
    if (r->transcript)
        return NULL;
    desc = member(accel_section(r, accel, "qom"), model);
    if (!desc)
        desc = member(member(r->root, "qom"), model);
    if (desc)
        return desc;
    accels = member(r->root, "accels");
    if (json_object_is_type(accels, json_type_object)) {
        json_object_object_foreach(accels, name, section)
        {
            if (member(member(section, "qom"), model)) {
                *other_accel = name;
                break;
            }
        }
    }
    return NULL;
}
