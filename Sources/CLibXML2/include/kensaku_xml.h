// Kensaku's C shim over the system libxml2 (libxml2-dev).
//
// This header exposes plain C types only: libxml2's headers are included in kensaku_xml.c alone
// (as with CICU, Foundation on Linux must not meet system headers it also ships), and every symbol
// here is prefixed `kensaku_xml_`.
//
// The shim runs libxml2's lenient HTML or XML parser with SAX callbacks and records what they
// report as a flat list of events (element starts and ends, text) with the parser's byte offset
// in the input at each event. Swift turns that list into blocks with exact byte ranges.

#ifndef KENSAKU_XML_H
#define KENSAKU_XML_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// An element starts: `name` is its name (lowercased by libxml2 for HTML; `prefix:local` for XML).
/// Elements that libxml2 implies (`html`, `body`, `p` around stray text) are reported too.
#define KENSAKU_XML_EVENT_START 1
/// An element ends, by its end tag, implicitly (libxml2 closed it) or at the end of the input.
#define KENSAKU_XML_EVENT_END 2
/// Text content, with character and entity references decoded (UTF-8).
#define KENSAKU_XML_EVENT_TEXT 3
/// A CDATA section in XML; the contents of `<script>` and `<style>` in HTML.
#define KENSAKU_XML_EVENT_CDATA 4

/// One parse event.
typedef struct KensakuXMLEvent {
    /// One of the `KENSAKU_XML_EVENT_…` values.
    int32_t kind;
    /// For starts: how many attributes follow in the attribute list, from `firstAttribute`.
    int32_t attributeCount;
    /// For starts: index of the first attribute in `kensaku_xml_attributes`.
    int64_t firstAttribute;
    /// The parser's byte offset in the input when the event was reported, or -1 when the event
    /// came from inside an entity's replacement text. Where that is relative to the markup is
    /// libxml2's business: the caller maps it onto tags it finds itself.
    int64_t offset;
    /// The element name (starts and ends) or the text (text and CDATA), as a range of the string
    /// buffer `kensaku_xml_strings`; not NUL-terminated.
    int64_t stringStart;
    int64_t stringLength;
} KensakuXMLEvent;

/// One attribute of a start event (HTML only; XML attributes are not recorded). Name and value
/// are ranges of the string buffer; an attribute without a value has an empty value.
typedef struct KensakuXMLAttribute {
    int64_t nameStart;
    int64_t nameLength;
    int64_t valueStart;
    int64_t valueLength;
} KensakuXMLAttribute;

/// The events of one parse (opaque). Free it with `kensaku_xml_parse_free`.
typedef struct KensakuXMLParse KensakuXMLParse;

/// Parses UTF-8 bytes as HTML (`isHTML` nonzero) or XML, leniently, and records the events.
///
/// HTML goes through libxml2's HTML parser (`htmlParseDocument`) with HTML_PARSE_RECOVER,
/// NOERROR, NOWARNING, NONET and IGNORE_ENC; XML through `xmlParseDocument` with XML_PARSE_RECOVER,
/// NONET, NOERROR, NOWARNING and IGNORE_ENC. The input is read in place as UTF-8 (encoding
/// declarations are ignored), so event offsets are offsets in `bytes`; it should be well-formed
/// UTF-8, since libxml2 switches to Latin-1 at the first ill-formed byte. External entities and
/// DTDs are not loaded, and the network is never used. Errors are recorded, never printed. The
/// document tree is not built. Safe to call from several threads at once.
///
/// Returns NULL only when memory runs out. A document that libxml2 cannot make anything of
/// (empty, no root element) yields a parse without START events; see `kensaku_xml_parse_error`.
KensakuXMLParse *kensaku_xml_parse(const uint8_t *bytes, int64_t length, int32_t isHTML);

/// Frees a parse. Passing NULL is allowed.
void kensaku_xml_parse_free(KensakuXMLParse *parse);

/// The number of recorded events.
int64_t kensaku_xml_event_count(const KensakuXMLParse *parse);

/// The recorded events, in the order libxml2 reported them (`kensaku_xml_event_count` of them).
const KensakuXMLEvent *kensaku_xml_events(const KensakuXMLParse *parse);

/// The recorded attributes, indexed by `KensakuXMLEvent.firstAttribute`.
const KensakuXMLAttribute *kensaku_xml_attributes(const KensakuXMLParse *parse);

/// The string buffer that events and attributes point into.
const uint8_t *kensaku_xml_strings(const KensakuXMLParse *parse);

/// The first error libxml2 reported (a NUL-terminated message without the trailing newline, for
/// example "Start tag expected, '<' not found"), or NULL when there was none; `*line` receives
/// its 1-based line (0 when unknown). The string lives as long as the parse.
const char *kensaku_xml_parse_error(const KensakuXMLParse *parse, int32_t *line);

/// The Unicode scalar value of an HTML named character reference without `&` and `;`
/// ("hellip" gives 0x2026), or -1 when libxml2's HTML 4 entity table does not have it.
/// The corresponding libxml2 function is `htmlEntityLookup`.
int32_t kensaku_xml_html_entity(const uint8_t *name, int32_t length);

/// The libxml2 version the shim runs against, for example "20914" (`xmlParserVersion`).
const char *kensaku_xml_version(void);

#ifdef __cplusplus
}
#endif

#endif
