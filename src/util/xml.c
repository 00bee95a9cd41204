/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * xml.c: the one place armcpu hands bytes to libxml2.
 */
#include "xml.h"

#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>
#include <string.h>
#include "util.h"

ARMCPU_DEFINE_QUARK("armcpu-xml-error-quark", armcpu_xml_error)

/* Refuse any DOCTYPE before libxml2 sees it: entities live only in DTDs. */
static gboolean
has_doctype(const char *data, gsize len)
{
    static const char needle[] = "<!DOCTYPE";

    return memmem(data, len, needle, sizeof(needle) - 1) != NULL;
}

static int
max_depth(const xmlNode *node, int depth)
{
    int deepest = depth - 1; /* the level above, when no element is at this one */

    for (const xmlNode *c = node; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (depth > ARMCPU_XML_MAX_DEPTH)
            return depth;
        int d = max_depth(c->children, depth + 1);
        if (d > deepest)
            deepest = d;
    }
    return deepest;
}

static void
quiet(void *ctx, xmlErrorPtr error)
{
    (void)ctx;
    (void)error;
}

/* The checks made on the bytes before libxml2 sees them. */
static gboolean
check_bytes(const char *data, gsize len, const char *name, gsize max_size, GError **error)
{
    if (len > max_size) {
        g_set_error(error, ARMCPU_XML_ERROR, ARMCPU_XML_ERROR_TOO_BIG,
                    "%s: document of %" G_GSIZE_FORMAT
                    " bytes exceeds the limit of %" G_GSIZE_FORMAT " bytes",
                    name, len, max_size);
        return FALSE;
    }
    if (len > G_MAXINT) {
        g_set_error(error, ARMCPU_XML_ERROR, ARMCPU_XML_ERROR_TOO_BIG, "%s: document too large",
                    name);
        return FALSE;
    }
    if (memchr(data, '\0', len)) {
        /* never in XML; in every UTF-16 or UTF-32 document, which could hide a DOCTYPE */
        g_set_error(error, ARMCPU_XML_ERROR, ARMCPU_XML_ERROR_MALFORMED,
                    "%s: not UTF-8: the document contains a NUL byte (UTF-16 and UTF-32 are "
                    "not accepted)",
                    name);
        return FALSE;
    }
    if (has_doctype(data, len)) {
        g_set_error(error, ARMCPU_XML_ERROR, ARMCPU_XML_ERROR_DTD,
                    "%s: DOCTYPE declarations are not accepted (no DTDs, no entities)", name);
        return FALSE;
    }
    /* initialise libxml2 once, before any thread parses (baseline reads in parallel) */
    static gsize initialised;
    if (g_once_init_enter(&initialised)) {
        xmlInitParser();
        g_once_init_leave(&initialised, 1);
    }
    return TRUE;
}

/* The parser's last error as an ARMCPU_XML_ERROR_MALFORMED. */
static void
set_malformed(xmlParserCtxt *ctxt, const char *name, GError **error)
{
    xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
    g_autofree char *msg = g_strdup(e && e->message ? e->message : "not well-formed");

    g_strchomp(msg);
    g_set_error(error, ARMCPU_XML_ERROR, ARMCPU_XML_ERROR_MALFORMED,
                "%s:%d: not well-formed XML: %s", name, e ? e->line : 0, msg);
}

xmlDoc *
armcpu_xml_parse(const char *data, gsize len, const char *filename, gsize max_size, GError **error)
{
    const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                        XML_PARSE_NOCDATA | XML_PARSE_NOBLANKS | XML_PARSE_BIG_LINES |
                        XML_PARSE_COMPACT;
    g_autoptr(xmlParserCtxt) ctxt = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    const char *name = filename ? filename : "(input)";

    if (!check_bytes(data, len, name, max_size, error))
        return NULL;
    ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        g_set_error(error, ARMCPU_XML_ERROR, ARMCPU_XML_ERROR_MALFORMED,
                    "%s: cannot create an XML parser", name);
        return NULL;
    }
    /* UTF-8 only: a UTF-16 document could hide a DOCTYPE from the scan above.
     * libxml2 may still print some errors itself; keep it quiet. */
    xmlSetStructuredErrorFunc(NULL, quiet);
    doc = xmlCtxtReadMemory(ctxt, data, (int)len, name, "UTF-8", options);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (!doc || !ctxt->wellFormed) {
        set_malformed(ctxt, name, error);
        return NULL;
    }
    if (!xmlDocGetRootElement(doc)) {
        g_set_error(error, ARMCPU_XML_ERROR, ARMCPU_XML_ERROR_MALFORMED,
                    "%s: the document has no root element", name);
        return NULL;
    }
    if (max_depth(xmlDocGetRootElement(doc), 1) > ARMCPU_XML_MAX_DEPTH) {
        g_set_error(error, ARMCPU_XML_ERROR, ARMCPU_XML_ERROR_TOO_DEEP,
                    "%s: elements nest deeper than %d levels", name, ARMCPU_XML_MAX_DEPTH);
        return NULL;
    }
    return g_steal_pointer(&doc);
}

/* ----- streaming ----- */

typedef struct {
    const ArmcpuXmlSax *sax;
    gpointer user;
    const char *name;
    int depth;
    GError *error; /* the first failure; no callback is made after it */
} SaxRun;

static void
sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri, int n_ns,
          const xmlChar **ns, int n_attrs, int n_defaulted, const xmlChar **attrs)
{
    SaxRun *run = ((xmlParserCtxt *)ctx)->_private;
    ArmcpuXmlElem elem = {(const char *)localname,
                          uri != NULL,
                          xmlSAX2GetLineNumber(ctx),
                          ++run->depth,
                          n_attrs,
                          attrs};

    (void)prefix;
    (void)n_ns;
    (void)ns;
    (void)n_defaulted;
    if (run->error)
        return;
    if (run->depth > ARMCPU_XML_MAX_DEPTH) {
        g_set_error(&run->error, ARMCPU_XML_ERROR, ARMCPU_XML_ERROR_TOO_DEEP,
                    "%s: elements nest deeper than %d levels", run->name, ARMCPU_XML_MAX_DEPTH);
        return;
    }
    if (run->sax->start)
        run->sax->start(run->user, &elem, &run->error);
}

static void
sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
    SaxRun *run = ((xmlParserCtxt *)ctx)->_private;
    int depth = run->depth--;

    (void)prefix;
    (void)uri;
    if (run->error)
        return;
    if (run->sax->end)
        run->sax->end(run->user, (const char *)localname, depth, &run->error);
}

static void
sax_text(void *ctx, const xmlChar *chars, int len)
{
    SaxRun *run = ((xmlParserCtxt *)ctx)->_private;

    if (!run->error && run->sax->text)
        run->sax->text(run->user, (const char *)chars, len);
}

gboolean
armcpu_xml_sax_parse(const char *data, gsize len, const char *filename, gsize max_size,
                     const ArmcpuXmlSax *sax, gpointer user, GError **error)
{
    const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                        XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES;
    const char *name = filename ? filename : "(input)";
    SaxRun run = {sax, user, name, 0, NULL};
    g_autoptr(xmlParserCtxt) ctxt = NULL;
    xmlSAXHandler handler = {0};

    if (!check_bytes(data, len, name, max_size, error))
        return FALSE;
    handler.initialized = XML_SAX2_MAGIC;
    handler.startElementNs = sax_start;
    handler.endElementNs = sax_end;
    handler.characters = sax_text;
    handler.cdataBlock = sax_text;
    ctxt = xmlCreatePushParserCtxt(&handler, NULL, NULL, 0, name);
    if (!ctxt) {
        g_set_error(error, ARMCPU_XML_ERROR, ARMCPU_XML_ERROR_MALFORMED,
                    "%s: cannot create an XML parser", name);
        return FALSE;
    }
    ctxt->_private = &run;
    xmlCtxtUseOptions(ctxt, options);
    /* UTF-8 only, as armcpu_xml_parse() reads */
    xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
    xmlSetStructuredErrorFunc(NULL, quiet);
    xmlParseChunk(ctxt, data, (int)len, 1);
    xmlSetStructuredErrorFunc(NULL, NULL);
    /* as with a tree: a document that is not well-formed fails as such, even
     * when a callback refused something earlier in it */
    if (!ctxt->wellFormed) {
        g_clear_error(&run.error);
        set_malformed(ctxt, name, error);
        return FALSE;
    }
    if (run.error) {
        g_propagate_error(error, run.error);
        return FALSE;
    }
    return TRUE;
}

char *
armcpu_xml_elem_attr(const ArmcpuXmlElem *elem, const char *name)
{
    for (int i = 0; i < elem->n_attrs; i++) {
        const xmlChar **a = elem->attrs + 5 * i;
        if (!a[1] && strcmp((const char *)a[0], name) == 0)
            return g_strndup((const char *)a[3], (gsize)(a[4] - a[3]));
    }
    return NULL;
}

gboolean
armcpu_xml_elem_is(const ArmcpuXmlElem *elem, const char *name)
{
    return !elem->has_ns && strcmp(elem->name, name) == 0;
}

char *
armcpu_xml_prop(const xmlNode *node, const char *name)
{
    g_autoptr(ArmcpuXmlStr) v = xmlGetNoNsProp(node, (const xmlChar *)name);

    return v ? g_strdup((const char *)v) : NULL;
}

gboolean
armcpu_xml_is(const xmlNode *node, const char *name)
{
    return node && node->type == XML_ELEMENT_NODE && node->ns == NULL &&
           strcmp((const char *)node->name, name) == 0;
}

xmlNode *
armcpu_xml_next_element(xmlNode *node)
{
    while (node && node->type != XML_ELEMENT_NODE)
        node = node->next;
    return node;
}

xmlNode *
armcpu_xml_child(const xmlNode *node, const char *name)
{
    for (xmlNode *c = node->children; c; c = c->next) {
        if (armcpu_xml_is(c, name))
            return c;
    }
    return NULL;
}

char *
armcpu_xml_text(const xmlNode *node)
{
    g_autoptr(ArmcpuXmlStr) v = xmlNodeGetContent(node);

    return g_strstrip(g_strdup(v ? (const char *)v : ""));
}

int
armcpu_xml_line(const xmlNode *node)
{
    long line = xmlGetLineNo(node);

    return line > 0 && line < G_MAXINT ? (int)line : 0;
}

void
armcpu_xml_escape(GString *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            g_string_append(out, "&amp;");
            break;
        case '<':
            g_string_append(out, "&lt;");
            break;
        case '>':
            g_string_append(out, "&gt;");
            break;
        case '\'':
            g_string_append(out, "&apos;");
            break;
        case '"':
            g_string_append(out, "&quot;");
            break;
        default:
            g_string_append_c(out, *s);
        }
    }
}
