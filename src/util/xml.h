/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * xml.h: hostile-input-safe libxml2 parsing and small node helpers.
 */
#pragma once

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlParserCtxt, xmlFreeParserCtxt)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlXPathContext, xmlXPathFreeContext)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlXPathObject, xmlXPathFreeObject)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlBuffer, xmlBufferFree)

/* xmlChar strings come from xmlMalloc; free them with xmlFree. */
typedef xmlChar ArmcpuXmlStr;
static inline void
armcpu_xml_str_free(ArmcpuXmlStr *s)
{
    if (s)
        xmlFree(s);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ArmcpuXmlStr, armcpu_xml_str_free)

#define ARMCPU_XML_ERROR (armcpu_xml_error_quark())
GQuark armcpu_xml_error_quark(void);

typedef enum {
    ARMCPU_XML_ERROR_TOO_BIG,   /* the document exceeds the caller's size limit */
    ARMCPU_XML_ERROR_DTD,       /* a DOCTYPE: DTDs and entities are never accepted */
    ARMCPU_XML_ERROR_MALFORMED, /* not well-formed XML (the message has file:line) */
    ARMCPU_XML_ERROR_TOO_DEEP,  /* element nesting deeper than ARMCPU_XML_MAX_DEPTH */
    ARMCPU_XML_ERROR_LAST
} ArmcpuXmlError;

/* Deepest element nesting any armcpu document may have. */
#define ARMCPU_XML_MAX_DEPTH 32

/*
 * Parse @len bytes of @data as an XML document, treating it as hostile: the
 * bytes are refused before parsing when larger than @max_size or when they
 * declare a DOCTYPE (so no external entity, no entity expansion, no
 * "billion laughs"); libxml2 runs without network access and without printing
 * anything; nesting deeper than ARMCPU_XML_MAX_DEPTH is refused.
 *
 * @filename names the input in error messages ("file:line: message").
 * Returns a document owned by the caller, or NULL with an ARMCPU_XML_ERROR.
 */
xmlDoc *armcpu_xml_parse(const char *data, gsize len, const char *filename, gsize max_size,
                         GError **error);

/* An element as the streaming parser reports it; valid during the callback. */
typedef struct {
    const char *name; /* local name */
    gboolean has_ns;  /* in a namespace (armcpu's own elements never are) */
    int line;
    int depth; /* 1 for the root */
    int n_attrs;
    const xmlChar **attrs; /* libxml2's SAX2 5-tuples */
} ArmcpuXmlElem;

/*
 * Callbacks of armcpu_xml_sax_parse(). @start and @end return FALSE with
 * *@error set to refuse the document: no callback is made after that, and
 * the parse fails with that error unless the document is not well-formed.
 * @text (may be NULL) gets character data, possibly in several pieces.
 */
typedef struct {
    gboolean (*start)(gpointer user, const ArmcpuXmlElem *elem, GError **error);
    gboolean (*end)(gpointer user, const char *name, int depth, GError **error);
    void (*text)(gpointer user, const char *chars, int len);
} ArmcpuXmlSax;

/*
 * Parse @len bytes of @data as armcpu_xml_parse() does (same size, NUL,
 * DOCTYPE and depth refusals, no network, silent) without building a tree:
 * elements are reported to @sax in document order. Returns TRUE when the
 * whole document was well-formed and every callback succeeded; else FALSE
 * with an ARMCPU_XML_ERROR ("file:line: message") for a document that is
 * not well-formed or nests too deep, else with the callback's error.
 */
gboolean armcpu_xml_sax_parse(const char *data, gsize len, const char *filename, gsize max_size,
                              const ArmcpuXmlSax *sax, gpointer user, GError **error);

/* The value of attribute @name of @elem as a g_malloc'ed string, or NULL. */
char *armcpu_xml_elem_attr(const ArmcpuXmlElem *elem, const char *name);

/* TRUE when @elem is called @name and is in no namespace. */
gboolean armcpu_xml_elem_is(const ArmcpuXmlElem *elem, const char *name);

/* The value of attribute @name of @node as a g_malloc'ed string, or NULL. */
char *armcpu_xml_prop(const xmlNode *node, const char *name);

/* TRUE when @node is an element called @name. */
gboolean armcpu_xml_is(const xmlNode *node, const char *name);

/* The next element sibling starting at @node (inclusive), or NULL. */
xmlNode *armcpu_xml_next_element(xmlNode *node);

/* The first child element of @node called @name, or NULL. */
xmlNode *armcpu_xml_child(const xmlNode *node, const char *name);

/* The text content of @node (g_malloc'ed), with surrounding blanks trimmed. */
char *armcpu_xml_text(const xmlNode *node);

/* Line of @node in its source document, or 0. */
int armcpu_xml_line(const xmlNode *node);

/* Append @s to @out with XML attribute/text escaping (&, <, >, ', "). */
void armcpu_xml_escape(GString *out, const char *s);

G_END_DECLS
