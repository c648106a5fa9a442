/// A query after analysis: its distinct terms per field, with how often each occurs.
struct AnalyzedQuery: Sendable {
    struct Term: Sendable, Hashable {
        var kind: Token.Kind
        var text: String
    }

    /// Distinct terms in first-occurrence order, with their query frequencies.
    let terms: [(term: Term, count: Int)]

    /// A content word of the query, for proximity: a CJK word spelled by its bigrams (at offsets
    /// relative to the first), or a Latin word or number.
    struct Unit: Sendable {
        /// The word token (in the word field).
        var word: Term
        /// For CJK words: the bigrams and their character offsets; empty for Latin words.
        var bigrams: [(term: Term, offset: Int)]
        /// Length in characters (CJK) or 1 (a Latin word).
        var length: Int
    }

    /// Content words in query order: hiragana-only words (function words) and lone CJK
    /// characters are left out.
    let units: [Unit]

    /// Analyzes `text` with the shared analyzer.
    ///
    /// - Throws: `KensakuError` with code `emptyQuery` when nothing searchable remains.
    init(_ text: String, analyzer: Analyzer = Analyzer()) throws(KensakuError) {
        var order: [Term] = []
        var counts: [Term: Int] = [:]
        let tokens = try analyzer.tokens(of: text)
        for token in tokens {
            let term = Term(kind: token.kind, text: token.text)
            if counts[term] == nil { order.append(term) }
            counts[term, default: 0] += 1
        }
        guard !order.isEmpty else {
            throw KensakuError(.emptyQuery(query: text.trimmingWhitespace()))
        }
        terms = order.map { ($0, counts[$0] ?? 1) }
        units = Self.units(tokens)
    }

    private static func units(_ tokens: [Token]) -> [Unit] {
        let bigrams = tokens.filter { $0.kind == .bigram }
        var units: [Unit] = []
        for word in tokens where word.kind == .word {
            let scalars = word.text.unicodeScalars
            if scalars.allSatisfy({ CharacterClass.isHiragana($0.value) }) { continue }
            if scalars.contains(where: { CharacterClass.isCJKLetter($0.value) }) {
                let inside = bigrams.filter { word.byteRange.contains($0.byteRange.lowerBound) && $0.byteRange.upperBound <= word.byteRange.upperBound }
                guard let first = inside.first, inside.count == scalars.count - 1 else { continue }
                units.append(Unit(word: Term(kind: .word, text: word.text),
                                  bigrams: inside.map { (Term(kind: .bigram, text: $0.text), $0.position - first.position) },
                                  length: scalars.count))
            } else {
                units.append(Unit(word: Term(kind: .word, text: word.text), bigrams: [], length: 1))
            }
        }
        return units
    }
}

extension String {
    /// The string without leading and trailing white space (including U+3000).
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
