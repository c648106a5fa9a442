/// A query split into its parts.
struct ParsedQuery: Sendable {
    /// The words that rank passages: every free word and the words of the phrases.
    var text: String
    /// Required phrases: each clause lists alternatives joined by `OR`; a passage must hold one
    /// phrase of every clause as adjacent tokens.
    var phraseClauses: [[String]] = []
    /// Words or phrases after `-`: passages holding one are left out.
    var exclusions: [String] = []
    /// `doc:NAME` filters: the passage's document name must contain one of them.
    var documentFilters: [String] = []
    /// `section:TEXT` filters: a heading of the passage's section path must contain each.
    var sectionFilters: [String] = []
    /// `gri:CODE`, `sasb:CODE`, `ungc:CODE`, `iso:CODE`: the passage must lie in a section the code
    /// resolves to.
    var codeFilters: [(framework: String, code: String)] = []

    /// Whether anything but ranking words was given.
    var hasConstraints: Bool {
        !phraseClauses.isEmpty || !exclusions.isEmpty || !documentFilters.isEmpty || !sectionFilters.isEmpty || !codeFilters.isEmpty
    }
}

/// Reads the query language:
///
/// | syntax | meaning |
/// | --- | --- |
/// | `温室効果ガス 削減` | words, combined by ranking (a passage need not hold all) |
/// | `"サステナビリティ推進部門"` or `“…”` | a phrase: required, tokens adjacent |
/// | `"A" OR "B"` | either phrase; between plain words `OR` changes nothing (words are alternatives already) |
/// | `-word`, `-"a phrase"` | leave out passages holding it |
/// | `doc:NAME` | only documents whose name contains NAME |
/// | `section:TEXT` | only passages whose section headings contain TEXT |
/// | `gri:305-1`, `sasb:TC-SI-130a.1` | only passages in the sections that disclosure resolves to |
enum QueryParser {
    /// Filter names the parser knows.
    static let filterNames = ["doc", "section", "gri", "sasb", "ungc", "iso"]

    /// Parses a query.
    ///
    /// - Throws: `KensakuError` with code `malformedQuery` naming the position (in characters, from
    ///   1) of an unbalanced quote, a lone `-`, an empty or unknown filter.
    static func parse(_ query: String) throws(KensakuError) -> ParsedQuery {
        // Most queries are plain words: without quotes, exclusions, colons or `OR` every item is
        // a word, and the words are the text.
        if let words = PlainQuery.words(of: query) { return ParsedQuery(text: words) }
        var parsed = ParsedQuery(text: "")
        var words: [String] = []
        var pendingOr = false
        var lastWasPhrase = false
        for item in try items(of: query) {
            func fail(_ detail: String) -> KensakuError {
                KensakuError(.malformedQuery(query: query, position: item.position, detail: detail))
            }
            if item.text == "OR" && !item.quoted && !item.negated {
                pendingOr = lastWasPhrase
                continue
            }
            if item.negated {
                guard !item.text.isEmpty else { throw fail("a lone '-' excludes nothing; write the word right after it (-word)") }
                parsed.exclusions.append(item.text)
                lastWasPhrase = false
                pendingOr = false
                continue
            }
            if item.quoted {
                guard !item.text.trimmingWhitespace().isEmpty else { continue }
                let phrase = item.text.trimmingWhitespace()
                if pendingOr, !parsed.phraseClauses.isEmpty {
                    parsed.phraseClauses[parsed.phraseClauses.count - 1].append(phrase)
                } else {
                    parsed.phraseClauses.append([phrase])
                }
                words.append(phrase)
                lastWasPhrase = true
                pendingOr = false
                continue
            }
            lastWasPhrase = false
            pendingOr = false
            if let (name, value) = filter(item.text) {
                guard filterNames.contains(name) else {
                    throw fail("unknown filter '\(name):' (known: \(filterNames.map { $0 + ":" }.joined(separator: ", ")))")
                }
                guard !value.isEmpty else { throw fail("the filter '\(name):' needs a value, for example \(name == "doc" ? "doc:nec-dx-report.md" : name == "section" ? "section:気候変動対策" : "gri:305-1")") }
                switch name {
                case "doc": parsed.documentFilters.append(value)
                case "section": parsed.sectionFilters.append(value)
                default: parsed.codeFilters.append((name, value))
                }
                continue
            }
            words.append(item.text)
        }
        parsed.text = words.joined(separator: " ")
        return parsed
    }

    /// `name:value` with an ASCII-letter name, not a URL (`https://…`) and not a time (`10:30`).
    private static func filter(_ text: String) -> (String, String)? {
        guard let colon = text.firstIndex(where: { $0 == ":" || $0 == "：" }) else { return nil }
        let name = text[..<colon].lowercased()
        let value = String(text[text.index(after: colon)...])
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && $0.isLetter }), !value.hasPrefix("//") else { return nil }
        return (name, value)
    }

    /// One space-separated item: a word, a quoted phrase, or either after `-`.
    private struct Item {
        var text: String
        var quoted: Bool
        var negated: Bool
        var position: Int
    }

    private static func items(of query: String) throws(KensakuError) -> [Item] {
        var items: [Item] = []
        let characters = Array(query)
        var index = 0
        func isSpace(_ character: Character) -> Bool { character.isWhitespace }
        while index < characters.count {
            if isSpace(characters[index]) { index += 1; continue }
            let start = index
            var negated = false
            if characters[index] == "-" || characters[index] == "－" {
                negated = true
                index += 1
                if index >= characters.count || isSpace(characters[index]) {
                    items.append(Item(text: "", quoted: false, negated: true, position: start + 1))
                    continue
                }
            }
            if characters[index] == "\"" || characters[index] == "“" {
                let opening = index
                index += 1
                var text = ""
                while index < characters.count && characters[index] != "\"" && characters[index] != "”" {
                    text.append(characters[index])
                    index += 1
                }
                guard index < characters.count else {
                    throw KensakuError(.malformedQuery(query: query, position: opening + 1, detail: "the quote opened here is never closed; close it, or remove it to search the words"))
                }
                index += 1
                items.append(Item(text: text, quoted: true, negated: negated, position: start + 1))
                continue
            }
            var text = ""
            while index < characters.count && !isSpace(characters[index]) && characters[index] != "\"" && characters[index] != "“" {
                text.append(characters[index])
                index += 1
            }
            items.append(Item(text: text, quoted: false, negated: negated, position: start + 1))
        }
        return items
    }
}
