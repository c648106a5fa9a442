/// A query split into free text and quoted phrases.
struct ParsedQuery: Sendable, Equatable {
    /// Every word of the query, phrases included, for ranking.
    var text: String
    /// Quoted phrases: a passage must hold each one as adjacent tokens.
    var phrases: [String]
}

/// Reads the query syntax: words, and `"quoted phrases"` (ASCII `"` or curly `“…”`).
enum QueryParser {
    /// Parses a query.
    ///
    /// - Throws: `KensakuError` with code `malformedQuery` for an unbalanced quote, naming its
    ///   position (in characters, from 1).
    static func parse(_ query: String) throws(KensakuError) -> ParsedQuery {
        var text = ""
        var phrases: [String] = []
        var phrase: String? = nil
        var openedAt = 0
        for (offset, character) in query.enumerated() {
            let isOpening = character == "\"" || character == "“"
            let isClosing = character == "\"" || character == "”"
            if var current = phrase {
                if isClosing {
                    if !current.trimmingWhitespace().isEmpty { phrases.append(current.trimmingWhitespace()) }
                    text += " "
                    phrase = nil
                } else {
                    current.append(character)
                    phrase = current
                    text.append(character)
                }
            } else if isOpening {
                phrase = ""
                openedAt = offset + 1
                text += " "
            } else {
                text.append(character)
            }
        }
        if phrase != nil {
            throw KensakuError(.malformedQuery(query: query, position: openedAt, detail: "the quote opened here is never closed"))
        }
        return ParsedQuery(text: text, phrases: phrases)
    }
}
