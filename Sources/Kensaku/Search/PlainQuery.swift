/// Recognizes the common query of plain words in one pass over its scalars, so that parsing it
/// costs no `Character` segmentation, hashing or Foundation search.
///
/// The answer must be the one ``QueryParser`` gives, so the fast path only takes queries whose
/// scalars make every `Character` a single scalar (ASCII, CJK ideographs, kana other than the
/// combining sound marks, CJK punctuation, full-width forms): then splitting on white-space
/// scalars is splitting on white-space characters. Anything else, and every query holding
/// syntax (a quote, a colon, an item starting with `-` or `－`, an `OR` item), goes to the
/// full parser.
enum PlainQuery {
    /// The words of `query` joined by single spaces, or nil when the full parser must decide.
    static func words(of query: String) -> String? {
        var words = ""
        var itemStart = true
        var itemIsOR = false
        var itemLength = 0
        for scalar in query.unicodeScalars {
            let value = scalar.value
            if isWhitespace(value) {
                if itemIsOR && itemLength == 2 { return nil }
                itemStart = true
                itemLength = 0
                continue
            }
            guard isSingleScalarCharacter(value) else { return nil }
            if value == 0x22 || value == 0x3A || value == 0xFF1A { return nil } // a quote, a colon
            if itemStart && (value == 0x2D || value == 0xFF0D) { return nil } // an exclusion
            if itemStart {
                if !words.isEmpty { words.unicodeScalars.append(" ") }
                itemIsOR = value == 0x4F // "O"
            } else if itemLength == 1 {
                itemIsOR = itemIsOR && value == 0x52 // "R"
            }
            words.unicodeScalars.append(scalar)
            itemStart = false
            itemLength += 1
        }
        if itemIsOR && itemLength == 2 { return nil }
        return words
    }

    /// The white space of the scalars the fast path takes (`Character.isWhitespace` agrees on them).
    private static func isWhitespace(_ value: UInt32) -> Bool {
        (0x09...0x0D).contains(value) || value == 0x20 || value == 0x3000
    }

    /// Scalars other than white space that never join a neighbour into one `Character` (no
    /// extenders, spacing marks, prepended or regional-indicator scalars). CR LF, which does
    /// join, is white space on both sides of the split.
    private static func isSingleScalarCharacter(_ value: UInt32) -> Bool {
        switch value {
        case 0x21...0x7E: true
        case 0x3001...0x3098, 0x309B...0x30FF: true // CJK punctuation, kana (not U+3099/309A, combining)
        case 0x3400...0x4DBF, 0x4E00...0x9FFF: true // CJK ideographs
        case 0xFF01...0xFF9D: true // full-width ASCII, half-width katakana (not U+FF9E/FF9F, extenders)
        default: false
        }
    }
}
