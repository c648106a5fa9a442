/// One piece of an HTML or XML file, as ``MarkupScanner`` cuts it: every byte of the file is in
/// exactly one token, and tokens are in file order.
struct MarkupToken: Equatable {
    enum Kind: Equatable {
        /// Text content (references not yet decoded).
        case text
        /// `<name …>` or `<name …/>`.
        case startTag
        /// `</name …>`.
        case endTag
        /// A comment, doctype or other `<!…>` declaration, a processing instruction or XML
        /// declaration, a CDATA marker (`<![CDATA[` or `]]>`), or a byte order mark.
        case markup
        /// The contents of an HTML `<script>` or `<style>` element.
        case rawText
    }

    var kind: Kind
    /// UTF-8 byte range in the file.
    var byteRange: Range<Int>
    /// The tag name for start and end tags (lowercased for HTML, as libxml2 reports it); empty
    /// for other tokens.
    var name: String = ""
    /// For start tags: whether the tag ends with `/>`.
    var isSelfClosing = false

    /// Whether the token is a tag or other markup rather than content.
    var isMarkup: Bool { kind != .text && kind != .rawText }
}

/// Kensaku's own scanner for HTML and XML: finds where tags, comments and other markup are, byte
/// for byte, and makes the file's analysis bytes (markup blanked, references decoded).
///
/// libxml2 decides the element tree; it cannot say where in the file a node is, so this scanner
/// finds the tags, and ``MarkupTreeBuilder`` matches libxml2's events to them. The rules follow
/// libxml2 2.9's lenient parsers, which are close to HTML5's tokenizer for ordinary files:
/// - `<` starts a tag only before a name start (an ASCII letter in HTML; a letter, `_`, `:` or a
///   non-ASCII byte in XML), `</` before a name, `<!` and `<?` always; any other `<` is text.
/// - In a start tag, a quote right after `=` opens an attribute value that runs to the matching
///   quote, so `>` inside a quoted value does not end the tag; an unclosed quote runs to the end
///   of the file, as in libxml2 and HTML5.
/// - In HTML, `<script>` and `<style>` hold raw text up to `</script` / `</style`
///   (case-insensitive); `<!…>` other than a comment ends at the first `>`, and `<?…>` too.
/// - In XML, `<?…?>`, `<![CDATA[…]]>` and `<!DOCTYPE … [ … ]>` with an internal subset.
struct MarkupScanner {
    /// The bytes the scanner reads.
    let bytes: [UInt8]
    /// Whether the rules are HTML's (else XML's).
    let isHTML: Bool

    private static let lessThan = UInt8(ascii: "<")
    private static let greaterThan = UInt8(ascii: ">")
    private static let slash = UInt8(ascii: "/")
    private static let equals = UInt8(ascii: "=")
    private static let ampersand = UInt8(ascii: "&")
    private static let semicolon = UInt8(ascii: ";")
    private static let space = UInt8(ascii: " ")

    /// Scans the file from `start` (after a byte order mark, which becomes a markup token).
    ///
    /// - Returns: The tokens, covering `0..<bytes.count` without gaps, and the analysis bytes:
    ///   the file with every markup and raw-text byte replaced by a space except line breaks
    ///   (CR and LF stay), and every decoded character reference written as its UTF-8 followed
    ///   by spaces. Same length as the file.
    /// - Complexity: O(n) in the file size.
    func scan(from start: Int = 0) -> (tokens: [MarkupToken], analysisBytes: [UInt8]) {
        var tokens: [MarkupToken] = []
        var output = bytes
        if start > 0 {
            tokens.append(MarkupToken(kind: .markup, byteRange: 0..<start))
            blank(0..<start, in: &output)
        }
        let count = bytes.count
        var textStart = start
        var index = start

        func flushText(upTo end: Int) {
            if textStart < end {
                tokens.append(MarkupToken(kind: .text, byteRange: textStart..<end))
                decodeReferences(in: textStart..<end, into: &output)
            }
        }
        func emit(_ token: MarkupToken) {
            tokens.append(token)
            blank(token.byteRange, in: &output)
        }

        while index < count {
            guard bytes[index] == Self.lessThan, let token = markup(at: index) else {
                index += 1
                continue
            }
            flushText(upTo: index)
            emit(token)
            index = token.byteRange.upperBound
            if token.kind == .markup, !isHTML, hasPrefix("<![CDATA[", at: token.byteRange.lowerBound) {
                // CDATA contents are text, taken literally (no references).
                let contentEnd = find("]]>", from: index) ?? count
                if index < contentEnd {
                    tokens.append(MarkupToken(kind: .text, byteRange: index..<contentEnd))
                }
                if contentEnd < count {
                    emit(MarkupToken(kind: .markup, byteRange: contentEnd..<(contentEnd + 3)))
                }
                index = min(contentEnd + 3, count)
            } else if token.kind == .startTag, isHTML, !token.isSelfClosing,
                      token.name == "script" || token.name == "style" {
                let rawEnd = findEndTag(named: token.name, from: index) ?? count
                if index < rawEnd {
                    emit(MarkupToken(kind: .rawText, byteRange: index..<rawEnd))
                }
                index = rawEnd
            }
            textStart = index
        }
        flushText(upTo: count)
        return (tokens, output)
    }

    // MARK: - Markup

    /// The markup token starting at the `<` at `index`, or nil when that `<` is text.
    private func markup(at index: Int) -> MarkupToken? {
        let count = bytes.count
        guard index + 1 < count else { return nil }
        let next = bytes[index + 1]
        if next == UInt8(ascii: "!") {
            if hasPrefix("<!--", at: index) {
                let end = find("-->", from: index + 4).map { $0 + 3 } ?? count
                return MarkupToken(kind: .markup, byteRange: index..<end)
            }
            if !isHTML, hasPrefix("<![CDATA[", at: index) {
                return MarkupToken(kind: .markup, byteRange: index..<(index + 9))
            }
            return MarkupToken(kind: .markup, byteRange: index..<declarationEnd(from: index + 2))
        }
        if next == UInt8(ascii: "?") {
            let end: Int
            if isHTML {
                end = firstIndex(of: Self.greaterThan, from: index + 2).map { $0 + 1 } ?? count
            } else {
                end = find("?>", from: index + 2).map { $0 + 2 } ?? count
            }
            return MarkupToken(kind: .markup, byteRange: index..<end)
        }
        if next == Self.slash {
            guard index + 2 < count, isNameStart(bytes[index + 2]) else { return nil }
            let nameEnd = self.nameEnd(from: index + 2)
            let end = firstIndex(of: Self.greaterThan, from: nameEnd).map { $0 + 1 } ?? count
            return MarkupToken(kind: .endTag, byteRange: index..<end, name: name(index + 2..<nameEnd))
        }
        guard isNameStart(next) else { return nil }
        let nameEnd = self.nameEnd(from: index + 1)
        var cursor = nameEnd
        var end = count
        var isSelfClosing = false
        while cursor < count {
            let byte = bytes[cursor]
            if byte == Self.greaterThan {
                end = cursor + 1
                break
            }
            if byte == Self.slash, cursor + 1 < count, bytes[cursor + 1] == Self.greaterThan {
                end = cursor + 2
                isSelfClosing = true
                break
            }
            cursor += 1
            if byte == Self.equals {
                while cursor < count, isSpace(bytes[cursor]) { cursor += 1 }
                if cursor < count, bytes[cursor] == UInt8(ascii: "\"") || bytes[cursor] == UInt8(ascii: "'") {
                    cursor = firstIndex(of: bytes[cursor], from: cursor + 1).map { $0 + 1 } ?? count
                }
            }
        }
        return MarkupToken(kind: .startTag, byteRange: index..<end, name: name(index + 1..<nameEnd),
                           isSelfClosing: isSelfClosing)
    }

    /// The end of a `<!…>` declaration whose body starts at `index`: the first `>` outside
    /// quotes and, in XML, outside an internal subset `[…]`.
    private func declarationEnd(from index: Int) -> Int {
        let count = bytes.count
        if isHTML {
            return firstIndex(of: Self.greaterThan, from: index).map { $0 + 1 } ?? count
        }
        var cursor = index
        var depth = 0
        while cursor < count {
            let byte = bytes[cursor]
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                cursor = firstIndex(of: byte, from: cursor + 1) ?? count
            case UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "]"):
                depth = max(0, depth - 1)
            case Self.greaterThan where depth == 0:
                return cursor + 1
            default:
                break
            }
            cursor += 1
        }
        return count
    }

    /// The start of the end tag `</name` (case-insensitive) from `index`, as libxml2 ends
    /// `<script>` and `<style>`.
    private func findEndTag(named name: String, from index: Int) -> Int? {
        let target = Array(name.utf8)
        var cursor = index
        while let found = find("</", from: cursor) {
            let nameStart = found + 2
            if nameStart + target.count <= bytes.count,
               zip(bytes[nameStart..<(nameStart + target.count)], target).allSatisfy({ lowercased($0) == $1 }) {
                return found
            }
            cursor = found + 2
        }
        return nil
    }

    // MARK: - References

    /// Writes decoded character references into `output` over the text range: `&amp;`,
    /// `&#x6F22;`, `&#28450;`, and in HTML the named references of libxml2's table (`&hellip;`).
    /// The character's UTF-8 comes first and spaces fill the rest of the reference. A reference
    /// that libxml2 would drop (an invalid number such as `&#0;`) or that is a control character
    /// (`&#10;`, which would add a line) becomes spaces; an unknown name stays as written, as
    /// libxml2 keeps it as text.
    private func decodeReferences(in range: Range<Int>, into output: inout [UInt8]) {
        var index = range.lowerBound
        while index < range.upperBound {
            guard bytes[index] == Self.ampersand else {
                index += 1
                continue
            }
            guard let (end, scalar) = reference(at: index, limit: range.upperBound) else {
                index += 1
                continue
            }
            for position in index..<end {
                output[position] = Self.space
            }
            // A control character (`&#10;`) is written as a space, so that line breaks stay
            // where the file has them.
            if let scalar, scalar.value >= 0x20, !(0x7F...0x9F).contains(scalar.value) {
                let encoded = Array(String(Character(scalar)).utf8)
                if encoded.count <= end - index {
                    output.replaceSubrange(index..<(index + encoded.count), with: encoded)
                }
            }
            index = end
        }
    }

    /// The reference at the `&` at `index`: where it ends and its character (nil for a reference
    /// that decodes to nothing), or nil when this `&` is text.
    private func reference(at index: Int, limit: Int) -> (end: Int, scalar: Unicode.Scalar?)? {
        var cursor = index + 1
        guard cursor < limit else { return nil }
        if bytes[cursor] == UInt8(ascii: "#") {
            cursor += 1
            let isHex = cursor < limit && (bytes[cursor] | 0x20) == UInt8(ascii: "x")
            if isHex { cursor += 1 }
            let digitsStart = cursor
            var value: UInt32 = 0
            while cursor < limit, let digit = digitValue(bytes[cursor], hex: isHex) {
                value = min(value &* (isHex ? 16 : 10) &+ digit, 0x110000)
                cursor += 1
            }
            guard cursor > digitsStart else { return nil }
            let hasSemicolon = cursor < limit && bytes[cursor] == Self.semicolon
            if hasSemicolon { cursor += 1 }
            // XML needs the `;`; libxml2 drops an unterminated reference there.
            guard hasSemicolon || isHTML else { return (cursor, nil) }
            guard value != 0, let scalar = Unicode.Scalar(value) else { return (cursor, nil) }
            return (cursor, scalar)
        }
        let nameStart = cursor
        while cursor < limit, cursor - nameStart < 32, isASCIIAlphanumeric(bytes[cursor]) { cursor += 1 }
        guard cursor > nameStart, cursor < limit, bytes[cursor] == Self.semicolon else { return nil }
        let name = bytes[nameStart..<cursor]
        let scalar: Unicode.Scalar?
        if isHTML {
            scalar = LibXML2.htmlEntity(name)
        } else {
            switch String(decoding: name, as: UTF8.self) {
            case "amp": scalar = "&"
            case "lt": scalar = "<"
            case "gt": scalar = ">"
            case "quot": scalar = "\""
            case "apos": scalar = "'"
            default: scalar = nil
            }
        }
        guard let scalar else { return nil }
        return (cursor + 1, scalar)
    }

    // MARK: - Bytes

    private func blank(_ range: Range<Int>, in output: inout [UInt8]) {
        for index in range where output[index] != 0x0A && output[index] != 0x0D {
            output[index] = Self.space
        }
    }

    private func isNameStart(_ byte: UInt8) -> Bool {
        let letter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
        if isHTML { return letter }
        return letter || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte >= 0x80
    }

    /// The end of a tag name: libxml2's HTML names are letters, digits, `:`, `-`, `_` and `.`;
    /// XML names run to a space, `/`, `>` or `=`.
    private func nameEnd(from index: Int) -> Int {
        var cursor = index
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if isHTML {
                guard isASCIIAlphanumeric(byte) || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") else { break }
            } else {
                guard !isSpace(byte), byte != Self.slash, byte != Self.greaterThan, byte != Self.equals,
                      byte != Self.lessThan else { break }
            }
            cursor += 1
        }
        return cursor
    }

    private func name(_ range: Range<Int>) -> String {
        if isHTML {
            return String(decoding: bytes[range].map(lowercased), as: UTF8.self)
        }
        return String(decoding: bytes[range], as: UTF8.self)
    }

    private func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    private func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    private func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    private func digitValue(_ byte: UInt8, hex: Bool) -> UInt32? {
        if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { return UInt32(byte - UInt8(ascii: "0")) }
        guard hex else { return nil }
        let lower = byte | 0x20
        if lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "f") { return UInt32(lower - UInt8(ascii: "a") + 10) }
        return nil
    }

    private func hasPrefix(_ prefix: StaticString, at index: Int) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return prefix.withUTF8Buffer { buffer in
            for offset in 0..<count where bytes[index + offset] != buffer[offset] { return false }
            return true
        }
    }

    private func find(_ needle: StaticString, from index: Int) -> Int? {
        guard let first = needle.withUTF8Buffer({ $0.first }) else { return nil }
        var cursor = index
        while let found = firstIndex(of: first, from: cursor) {
            if hasPrefix(needle, at: found) { return found }
            cursor = found + 1
        }
        return nil
    }

    private func firstIndex(of byte: UInt8, from index: Int) -> Int? {
        guard index < bytes.count else { return nil }
        return bytes[index...].firstIndex(of: byte)
    }
}
