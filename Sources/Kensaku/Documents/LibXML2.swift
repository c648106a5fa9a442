internal import CLibXML2

/// Swift face of the `CLibXML2` shim; the only file that calls it.
enum LibXML2 {
    /// The version of the system libxml2, for example "20914" (2.9.14).
    static let version: String = String(cString: kensaku_xml_version())

    /// The scalar of an HTML named character reference (`hellip` gives U+2026), or nil when
    /// libxml2's HTML 4 entity table does not have it. The corresponding libxml2 function is
    /// `htmlEntityLookup`.
    static func htmlEntity(_ name: ArraySlice<UInt8>) -> Unicode.Scalar? {
        let value = name.withUnsafeBufferPointer { buffer in
            kensaku_xml_html_entity(buffer.baseAddress, Int32(buffer.count))
        }
        return value < 0 ? nil : Unicode.Scalar(UInt32(value))
    }

    /// Runs libxml2's lenient HTML or XML parser over UTF-8 bytes and returns what its SAX
    /// callbacks reported, in order.
    ///
    /// The input must be well-formed UTF-8 without a byte order mark (``MarkupDocument`` cleans it
    /// first): libxml2 then reads it in place, and event offsets are offsets in `bytes`.
    ///
    /// - Returns: The events, or nil when libxml2 ran out of memory.
    static func parse(_ bytes: ArraySlice<UInt8>, isHTML: Bool) -> MarkupParse? {
        let handle = bytes.withUnsafeBufferPointer { buffer in
            kensaku_xml_parse(buffer.baseAddress, Int64(buffer.count), isHTML ? 1 : 0)
        }
        guard let handle else { return nil }
        defer { kensaku_xml_parse_free(handle) }

        let count = Int(kensaku_xml_event_count(handle))
        var events: [MarkupParse.Event] = []
        events.reserveCapacity(count)
        if count > 0, let rawEvents = kensaku_xml_events(handle), let strings = kensaku_xml_strings(handle) {
            let attributes = kensaku_xml_attributes(handle)
            func string(_ start: Int64, _ length: Int64) -> String {
                let buffer = UnsafeBufferPointer(start: strings + Int(start), count: Int(length))
                return MarkupParse.decode(buffer)
            }
            for index in 0..<count {
                let raw = rawEvents[index]
                let offset = Int(raw.offset)
                switch raw.kind {
                case KENSAKU_XML_EVENT_START:
                    var pairs: [(name: String, value: String)] = []
                    if raw.attributeCount > 0, let attributes {
                        for attributeIndex in 0..<Int(raw.attributeCount) {
                            let attribute = attributes[Int(raw.firstAttribute) + attributeIndex]
                            pairs.append((string(attribute.nameStart, attribute.nameLength),
                                          string(attribute.valueStart, attribute.valueLength)))
                        }
                    }
                    let name = string(raw.stringStart, raw.stringLength)
                    events.append(.init(kind: .start(name: name, attributes: pairs), offset: offset))
                case KENSAKU_XML_EVENT_END:
                    events.append(.init(kind: .end(name: string(raw.stringStart, raw.stringLength)), offset: offset))
                case KENSAKU_XML_EVENT_TEXT:
                    events.append(.init(kind: .text(string(raw.stringStart, raw.stringLength)), offset: offset))
                case KENSAKU_XML_EVENT_CDATA:
                    events.append(.init(kind: .cdata(string(raw.stringStart, raw.stringLength)), offset: offset))
                default:
                    continue
                }
            }
        }
        var line: Int32 = 0
        let error = kensaku_xml_parse_error(handle, &line).map { (message: String(cString: $0), line: Int(line)) }
        return MarkupParse(events: events, firstError: error)
    }
}

/// What libxml2's SAX parser reported for one document.
struct MarkupParse {
    /// One SAX callback.
    struct Event {
        enum Kind {
            /// An element starts (also one that libxml2 implied, such as `body`). HTML names are
            /// lowercased by libxml2; XML names are `prefix:local`. Attributes are recorded for
            /// HTML only.
            case start(name: String, attributes: [(name: String, value: String)])
            /// An element ends: at its end tag, implicitly, or at the end of the input.
            case end(name: String)
            /// Text content with references decoded.
            case text(String)
            /// A CDATA section (XML) or the contents of `<script>` / `<style>` (HTML).
            case cdata(String)
        }
        var kind: Kind
        /// libxml2's byte offset in the input when it reported the event, or -1 when unknown
        /// (inside an entity). Only near the markup involved: see ``MarkupTreeBuilder``.
        var offset: Int
    }

    var events: [Event]
    /// The first error libxml2 reported, with its 1-based line.
    var firstError: (message: String, line: Int)?

    /// The byte that stands in for each ill-formed UTF-8 byte in the parser's input (DEL, which
    /// both HTML and XML accept as text); decoded text turns it back into U+FFFD.
    static let illFormedByteStandIn: UInt8 = 0x7F

    /// Decodes UTF-8 from libxml2, turning ``illFormedByteStandIn`` into U+FFFD.
    static func decode(_ buffer: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: buffer, as: UTF8.self)
        guard buffer.contains(illFormedByteStandIn) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(scalar.value == UInt32(illFormedByteStandIn) ? "\u{FFFD}" : scalar)
        }
        return String(scalars)
    }
}
