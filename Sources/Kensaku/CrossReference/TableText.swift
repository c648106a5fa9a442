import Foundation

/// One line of a content-index table, cleaned for parsing.
struct TableLine: Sendable, Hashable {
    /// The line number in the source file (1-based).
    let number: Int
    /// The line's text, cleaned by ``CrossReferenceText/clean(_:)``; empty for a blank line.
    let text: String

    init(number: Int, text: String) {
        self.number = number
        self.text = CrossReferenceText.clean(text)
    }

    /// Whether the line is empty after cleaning.
    var isBlank: Bool { text.isEmpty }

    /// Whether the line is page furniture inside a table: a running head or footer (`対照表`,
    /// ` 対照表：GRIスタンダード`), a column header (`ID 報告要求事項 対応する記載`, `トピック 会計指標
    /// コード 対応する記載`, `中核主題 課題 対応する記載`), or a URL (the data book lists each page's link
    /// targets as bare URLs after the page text; they belong to no row).
    var isFurniture: Bool {
        text.hasPrefix("対照表") || text.hasSuffix("対応する記載") || CrossReferenceText.isURL(text)
    }

    /// Whether the line is a column header (`… 対応する記載`), the first line of every table page.
    var isColumnHeader: Bool { text.hasSuffix("対応する記載") }
}

/// Text helpers shared by the content-index parsers and the location resolver.
enum CrossReferenceText {
    /// U+FFFD, which the PDF extraction leaves where a glyph had no Unicode mapping (`（2）�水の総消費量`).
    static let replacementCharacter: Unicode.Scalar = "\u{FFFD}"

    /// The comparison key of a name: NFKC (`＆` = `&`, `３０５` = `305`), lower-cased, without
    /// whitespace or U+FFFD, since the extraction spaces the same title differently on different
    /// pages (`AIと人権`, `AI と人権`).
    static func key(_ text: String) -> String {
        let folded = text.precomposedStringWithCompatibilityMapping.lowercased()
        var scalars = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars where !scalar.properties.isWhitespace && scalar != replacementCharacter {
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// A cell fragment as printed, without U+FFFD and without surrounding whitespace (ASCII and
    /// ideographic spaces).
    static func clean(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where scalar != replacementCharacter { scalars.append(scalar) }
        return String(scalars).trimmingCharacters(in: .whitespaces)
    }

    /// Whether the whole text is a web address.
    static func isURL(_ text: String) -> Bool {
        (text.hasPrefix("http://") || text.hasPrefix("https://")) && !text.contains(where: \.isWhitespace)
    }

    /// Joins the fragments of one wrapped cell.
    ///
    /// PDF text wraps Japanese inside words, so fragments are joined directly (`インパクトのマネジ
    /// メントの監督における` + `最高ガバナンス機関の役割`), with two exceptions that take a space: between
    /// two ASCII letters or digits (`Scope` / `1`), and before an enumerator that starts a list item
    /// (`（1）総取水量` / `（2）水の総消費量`).
    static func joinWrapped(_ fragments: [String]) -> String {
        var joined = ""
        for fragment in fragments where !fragment.isEmpty {
            if let last = joined.last, let first = fragment.first,
               (last.isASCII && (last.isLetter || last.isNumber) && first.isASCII && (first.isLetter || first.isNumber))
                || startsWithEnumerator(fragment) {
                joined += " "
            }
            joined += fragment
        }
        return joined
    }

    /// Whether text starts with a list enumerator: `（1）`, `(2)` (any width of digits and brackets).
    static func startsWithEnumerator(_ text: String) -> Bool {
        let normalized = text.prefix(6).precomposedStringWithCompatibilityMapping
        guard normalized.first == "(", let close = normalized.firstIndex(of: ")") else { return false }
        let digits = normalized[normalized.index(after: normalized.startIndex)..<close]
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Splits text at its first run of whitespace: the head and the rest (nil when there is no
    /// whitespace or nothing follows it).
    static func splitAtFirstSpace(_ text: String) -> (head: String, rest: String?) {
        guard let space = text.firstIndex(where: \.isWhitespace) else { return (text, nil) }
        let rest = text[space...].trimmingCharacters(in: .whitespaces)
        return (String(text[..<space]), rest.isEmpty ? nil : rest)
    }

    /// Whether text is made of ASCII digits only (and is not empty).
    static func isDigits<S: StringProtocol>(_ text: S) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Whether text is a GRI disclosure code as printed: `2-12`, `305-1`, `403-10` (1–3 digits,
    /// a hyphen, 1–2 digits).
    static func isGRICode<S: StringProtocol>(_ text: S) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 2 && (1...3).contains(parts[0].count) && (1...2).contains(parts[1].count)
            && parts.allSatisfy { isDigits($0) }
    }
}
