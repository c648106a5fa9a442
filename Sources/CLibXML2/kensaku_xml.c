#include "kensaku_xml.h"

#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

struct KensakuXMLParse {
    KensakuXMLEvent *events;
    int64_t eventCount;
    int64_t eventCapacity;
    KensakuXMLAttribute *attributes;
    int64_t attributeCount;
    int64_t attributeCapacity;
    uint8_t *strings;
    int64_t stringLength;
    int64_t stringCapacity;
    /// Set when an allocation failed; the parse is then discarded.
    int outOfMemory;
    int isHTML;
    /// The document's own parser context: events from other contexts (libxml2 parses an XML
    /// entity's replacement text with a context of its own) are not recorded.
    xmlParserCtxtPtr context;
    /// libxml2's own SAX handlers (tree building). They run for other contexts only, where libxml2
    /// builds an entity's content; the document's own tree is not built (half the parse time).
    /// The HTML parser's structure does not depend on the tree: only whether white space is
    /// reported as ignorable does, and both kinds are recorded as text.
    xmlSAXHandler original;
    char *firstError;
    int32_t firstErrorLine;
};

// MARK: - Growable buffers

static int reserve(void **buffer, int64_t *capacity, int64_t needed, size_t elementSize) {
    if (needed <= *capacity) {
        return 1;
    }
    int64_t newCapacity = *capacity < 64 ? 64 : *capacity;
    while (newCapacity < needed) {
        newCapacity *= 2;
    }
    void *grown = realloc(*buffer, (size_t)newCapacity * elementSize);
    if (grown == NULL) {
        return 0;
    }
    *buffer = grown;
    *capacity = newCapacity;
    return 1;
}

/// Appends bytes to the string buffer; returns their start, or -1 when memory ran out.
static int64_t append_string(KensakuXMLParse *parse, const xmlChar *bytes, int64_t length) {
    if (parse->outOfMemory) {
        return -1;
    }
    if (!reserve((void **)&parse->strings, &parse->stringCapacity, parse->stringLength + length + 1, 1)) {
        parse->outOfMemory = 1;
        return -1;
    }
    int64_t start = parse->stringLength;
    if (length > 0) {
        memcpy(parse->strings + start, bytes, (size_t)length);
    }
    parse->stringLength += length;
    return start;
}

static KensakuXMLEvent *append_event(KensakuXMLParse *parse, int32_t kind, int64_t offset) {
    if (parse->outOfMemory) {
        return NULL;
    }
    if (!reserve((void **)&parse->events, &parse->eventCapacity, parse->eventCount + 1,
                 sizeof(KensakuXMLEvent))) {
        parse->outOfMemory = 1;
        return NULL;
    }
    KensakuXMLEvent *event = &parse->events[parse->eventCount++];
    memset(event, 0, sizeof(*event));
    event->kind = kind;
    event->offset = offset;
    return event;
}

// MARK: - Recording

/// The recorder behind a SAX callback's context, or NULL for contexts we do not record.
static KensakuXMLParse *recorder(void *ctx) {
    xmlParserCtxtPtr context = (xmlParserCtxtPtr)ctx;
    if (context == NULL) {
        return NULL;
    }
    return (KensakuXMLParse *)context->_private;
}

/// Whether a callback comes from the document's own context: its events are recorded.
static int from_document(const KensakuXMLParse *parse, void *ctx) {
    return parse != NULL && (xmlParserCtxtPtr)ctx == parse->context;
}

/// Whether a callback comes from a context libxml2 made for an entity's replacement text: it
/// goes to libxml2's own handlers, which build the entity's content.
static int from_entity(const KensakuXMLParse *parse, void *ctx) {
    return parse != NULL && (xmlParserCtxtPtr)ctx != parse->context;
}

/// The parser's byte offset in the document input, or -1 inside an entity or another input.
static int64_t input_offset(KensakuXMLParse *parse, void *ctx) {
    xmlParserCtxtPtr context = (xmlParserCtxtPtr)ctx;
    if (context != parse->context || context->inputNr != 1 || context->input == NULL ||
        context->input->cur == NULL || context->input->base == NULL) {
        return -1;
    }
    return (int64_t)context->input->consumed + (int64_t)(context->input->cur - context->input->base);
}

static void record_named(KensakuXMLParse *parse, void *ctx, int32_t kind, const xmlChar *prefix,
                         const xmlChar *name) {
    KensakuXMLEvent *event = append_event(parse, kind, input_offset(parse, ctx));
    if (event == NULL) {
        return;
    }
    int64_t start = parse->stringLength;
    if (prefix != NULL) {
        append_string(parse, prefix, (int64_t)strlen((const char *)prefix));
        append_string(parse, (const xmlChar *)":", 1);
    }
    if (name != NULL) {
        append_string(parse, name, (int64_t)strlen((const char *)name));
    }
    event->stringStart = start;
    event->stringLength = parse->stringLength - start;
}

static void record_text(KensakuXMLParse *parse, void *ctx, int32_t kind, const xmlChar *text,
                        int64_t length) {
    if (length <= 0) {
        return;
    }
    int64_t offset = input_offset(parse, ctx);
    // Consecutive text is merged: libxml2 reports long text in chunks.
    if (parse->eventCount > 0) {
        KensakuXMLEvent *last = &parse->events[parse->eventCount - 1];
        if (last->kind == kind && last->stringStart + last->stringLength == parse->stringLength) {
            if (append_string(parse, text, length) >= 0) {
                last->stringLength += length;
                if (offset >= 0) {
                    last->offset = offset;
                }
            }
            return;
        }
    }
    KensakuXMLEvent *event = append_event(parse, kind, offset);
    if (event == NULL) {
        return;
    }
    event->stringStart = append_string(parse, text, length);
    event->stringLength = length;
}

static void html_start_element(void *ctx, const xmlChar *name, const xmlChar **attributes) {
    KensakuXMLParse *parse = recorder(ctx);
    if (from_document(parse, ctx)) {
        record_named(parse, ctx, KENSAKU_XML_EVENT_START, NULL, name);
        if (!parse->outOfMemory && attributes != NULL) {
            KensakuXMLEvent *event = &parse->events[parse->eventCount - 1];
            event->firstAttribute = parse->attributeCount;
            for (int index = 0; attributes[index] != NULL; index += 2) {
                if (!reserve((void **)&parse->attributes, &parse->attributeCapacity,
                             parse->attributeCount + 1, sizeof(KensakuXMLAttribute))) {
                    parse->outOfMemory = 1;
                    break;
                }
                const xmlChar *attributeName = attributes[index];
                const xmlChar *value = attributes[index + 1];
                KensakuXMLAttribute *attribute = &parse->attributes[parse->attributeCount++];
                attribute->nameLength = (int64_t)strlen((const char *)attributeName);
                attribute->nameStart = append_string(parse, attributeName, attribute->nameLength);
                attribute->valueLength = value == NULL ? 0 : (int64_t)strlen((const char *)value);
                attribute->valueStart = append_string(parse, value, attribute->valueLength);
                event->attributeCount += 1;
            }
        }
    }
    if (from_entity(parse, ctx) && parse->original.startElement != NULL) {
        parse->original.startElement(ctx, name, attributes);
    }
}

static void html_end_element(void *ctx, const xmlChar *name) {
    KensakuXMLParse *parse = recorder(ctx);
    if (from_document(parse, ctx)) {
        record_named(parse, ctx, KENSAKU_XML_EVENT_END, NULL, name);
    }
    if (from_entity(parse, ctx) && parse->original.endElement != NULL) {
        parse->original.endElement(ctx, name);
    }
}

static void xml_start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                              const xmlChar *uri, int namespaceCount, const xmlChar **namespaces,
                              int attributeCount, int defaultedCount, const xmlChar **attributes) {
    KensakuXMLParse *parse = recorder(ctx);
    if (from_document(parse, ctx)) {
        record_named(parse, ctx, KENSAKU_XML_EVENT_START, prefix, localname);
    }
    if (from_entity(parse, ctx) && parse->original.startElementNs != NULL) {
        parse->original.startElementNs(ctx, localname, prefix, uri, namespaceCount, namespaces,
                                       attributeCount, defaultedCount, attributes);
    }
}

static void xml_end_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                            const xmlChar *uri) {
    KensakuXMLParse *parse = recorder(ctx);
    if (from_document(parse, ctx)) {
        record_named(parse, ctx, KENSAKU_XML_EVENT_END, prefix, localname);
    }
    if (from_entity(parse, ctx) && parse->original.endElementNs != NULL) {
        parse->original.endElementNs(ctx, localname, prefix, uri);
    }
}

static void characters(void *ctx, const xmlChar *text, int length) {
    KensakuXMLParse *parse = recorder(ctx);
    if (from_document(parse, ctx)) {
        record_text(parse, ctx, KENSAKU_XML_EVENT_TEXT, text, length);
    }
    if (from_entity(parse, ctx) && parse->original.characters != NULL) {
        parse->original.characters(ctx, text, length);
    }
}

static void ignorable_whitespace(void *ctx, const xmlChar *text, int length) {
    KensakuXMLParse *parse = recorder(ctx);
    if (from_document(parse, ctx)) {
        record_text(parse, ctx, KENSAKU_XML_EVENT_TEXT, text, length);
    }
    if (from_entity(parse, ctx) && parse->original.ignorableWhitespace != NULL) {
        parse->original.ignorableWhitespace(ctx, text, length);
    }
}

static void cdata_block(void *ctx, const xmlChar *text, int length) {
    KensakuXMLParse *parse = recorder(ctx);
    if (from_document(parse, ctx)) {
        record_text(parse, ctx, KENSAKU_XML_EVENT_CDATA, text, length);
    }
    if (from_entity(parse, ctx) && parse->original.cdataBlock != NULL) {
        parse->original.cdataBlock(ctx, text, length);
    }
}

/// An XML entity reference that libxml2 does not substitute (entities other than the five
/// predefined ones and character references). An internal entity contributes its text; any
/// other entity libxml2 reports here stays as written, `&name;`. (libxml2 2.9 drops undeclared
/// entities with an error instead of reporting them.)
static void reference(void *ctx, const xmlChar *name) {
    KensakuXMLParse *parse = recorder(ctx);
    if (from_document(parse, ctx) && name != NULL) {
        xmlParserCtxtPtr context = (xmlParserCtxtPtr)ctx;
        xmlEntityPtr entity = NULL;
        if (context->myDoc != NULL) {
            entity = xmlGetDocEntity(context->myDoc, name);
        }
        if (entity != NULL && entity->etype == XML_INTERNAL_GENERAL_ENTITY) {
            xmlChar *text = NULL;
            if (entity->children != NULL) {
                for (xmlNodePtr child = entity->children; child != NULL; child = child->next) {
                    xmlChar *part = xmlNodeGetContent(child);
                    if (part != NULL) {
                        text = xmlStrcat(text, part);
                        xmlFree(part);
                    }
                }
            } else if (entity->content != NULL && xmlStrchr(entity->content, '<') == NULL) {
                text = xmlStrdup(entity->content);
            }
            if (text != NULL) {
                record_text(parse, ctx, KENSAKU_XML_EVENT_TEXT, text, xmlStrlen(text));
                xmlFree(text);
            }
        } else {
            int64_t length = (int64_t)strlen((const char *)name);
            record_text(parse, ctx, KENSAKU_XML_EVENT_TEXT, (const xmlChar *)"&", 1);
            record_text(parse, ctx, KENSAKU_XML_EVENT_TEXT, name, length);
            record_text(parse, ctx, KENSAKU_XML_EVENT_TEXT, (const xmlChar *)";", 1);
        }
    }
    if (from_entity(parse, ctx) && parse->original.reference != NULL) {
        parse->original.reference(ctx, name);
    }
}

/// Keeps the first error. libxml2 has already stored it, structured, in the context's
/// `lastError` when it calls this channel, so the formatted arguments are not needed.
static void record_error(void *ctx, const char *message, ...) {
    (void)message;
    KensakuXMLParse *parse = recorder(ctx);
    if (parse == NULL || parse->firstError != NULL) {
        return;
    }
    xmlParserCtxtPtr context = (xmlParserCtxtPtr)ctx;
    const char *text = context->lastError.message;
    if (text == NULL) {
        return;
    }
    size_t length = strlen(text);
    while (length > 0 && (text[length - 1] == '\n' || text[length - 1] == ' ')) {
        length--;
    }
    parse->firstError = malloc(length + 1);
    if (parse->firstError != NULL) {
        memcpy(parse->firstError, text, length);
        parse->firstError[length] = '\0';
        parse->firstErrorLine = context->lastError.line;
    }
}

/// Replaces the context's SAX callbacks with recording ones that chain to libxml2's own.
static void install_recorder(KensakuXMLParse *parse, xmlParserCtxtPtr context) {
    parse->context = context;
    parse->original = *context->sax;
    context->_private = parse;
    xmlSAXHandlerPtr sax = context->sax;
    if (parse->isHTML) {
        sax->startElement = html_start_element;
        sax->endElement = html_end_element;
    } else {
        sax->startElementNs = xml_start_element;
        sax->endElementNs = xml_end_element;
        sax->reference = reference;
    }
    sax->characters = characters;
    sax->ignorableWhitespace = ignorable_whitespace;
    sax->cdataBlock = cdata_block;
    // NOERROR cleared these channels; errors are kept, never printed.
    sax->error = record_error;
    sax->fatalError = record_error;
    sax->warning = NULL;
    sax->serror = NULL;
}

// MARK: - Public functions

static pthread_once_t initialization = PTHREAD_ONCE_INIT;

static void initialize_libxml2(void) {
    xmlInitParser();
}

KensakuXMLParse *kensaku_xml_parse(const uint8_t *bytes, int64_t length, int32_t isHTML) {
    pthread_once(&initialization, initialize_libxml2);
    KensakuXMLParse *parse = calloc(1, sizeof(KensakuXMLParse));
    if (parse == NULL) {
        return NULL;
    }
    parse->isHTML = isHTML != 0;
    if (length <= 0) {
        // libxml2 refuses to create a context for empty input; report what its parser would.
        static const char emptyMessage[] = "Document is empty";
        parse->firstError = malloc(sizeof(emptyMessage));
        if (parse->firstError == NULL) {
            free(parse);
            return NULL;
        }
        memcpy(parse->firstError, emptyMessage, sizeof(emptyMessage));
        parse->firstErrorLine = 1;
        return parse;
    }
    // libxml2 takes an int length; larger inputs are cut (the engine's size limit is far lower).
    int size = length > INT_MAX ? INT_MAX : (int)length;
    const char *buffer = (const char *)bytes;
    if (parse->isHTML) {
        htmlParserCtxtPtr context = htmlCreateMemoryParserCtxt(buffer, size);
        if (context == NULL) {
            free(parse);
            return NULL;
        }
        htmlCtxtUseOptions(context, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC);
        // Read the input as UTF-8 without converting it, so that input offsets are source offsets
        // (otherwise the first non-ASCII byte makes libxml2 guess and convert the buffer).
        xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8);
        install_recorder(parse, context);
        htmlParseDocument(context);
        if (context->myDoc != NULL) {
            xmlFreeDoc(context->myDoc);
            context->myDoc = NULL;
        }
        context->_private = NULL;
        htmlFreeParserCtxt(context);
    } else {
        xmlParserCtxtPtr context = xmlCreateMemoryParserCtxt(buffer, size);
        if (context == NULL) {
            free(parse);
            return NULL;
        }
        xmlCtxtUseOptions(context, XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
                                       XML_PARSE_NOWARNING | XML_PARSE_IGNORE_ENC);
        xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8);
        install_recorder(parse, context);
        xmlParseDocument(context);
        if (context->myDoc != NULL) {
            xmlFreeDoc(context->myDoc);
            context->myDoc = NULL;
        }
        context->_private = NULL;
        xmlFreeParserCtxt(context);
    }
    parse->context = NULL;
    if (parse->outOfMemory) {
        kensaku_xml_parse_free(parse);
        return NULL;
    }
    return parse;
}

void kensaku_xml_parse_free(KensakuXMLParse *parse) {
    if (parse == NULL) {
        return;
    }
    free(parse->events);
    free(parse->attributes);
    free(parse->strings);
    free(parse->firstError);
    free(parse);
}

int64_t kensaku_xml_event_count(const KensakuXMLParse *parse) {
    return parse->eventCount;
}

const KensakuXMLEvent *kensaku_xml_events(const KensakuXMLParse *parse) {
    return parse->events;
}

const KensakuXMLAttribute *kensaku_xml_attributes(const KensakuXMLParse *parse) {
    return parse->attributes;
}

const uint8_t *kensaku_xml_strings(const KensakuXMLParse *parse) {
    return parse->strings;
}

const char *kensaku_xml_parse_error(const KensakuXMLParse *parse, int32_t *line) {
    if (line != NULL) {
        *line = parse->firstError != NULL ? parse->firstErrorLine : 0;
    }
    return parse->firstError;
}

int32_t kensaku_xml_html_entity(const uint8_t *name, int32_t length) {
    char buffer[64];
    if (length <= 0 || length >= (int32_t)sizeof(buffer)) {
        return -1;
    }
    memcpy(buffer, name, (size_t)length);
    buffer[length] = '\0';
    const htmlEntityDesc *entity = htmlEntityLookup((const xmlChar *)buffer);
    return entity == NULL ? -1 : (int32_t)entity->value;
}

const char *kensaku_xml_version(void) {
    return xmlParserVersion;
}
