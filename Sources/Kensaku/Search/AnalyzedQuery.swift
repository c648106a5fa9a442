/// A query after analysis: its distinct terms per field, with how often each occurs.
struct AnalyzedQuery: Sendable {
    struct Term: Sendable, Hashable {
        var kind: Token.Kind
        var text: String
    }

    /// Distinct terms in first-occurrence order, with their query frequencies.
    let terms: [(term: Term, count: Int)]

    /// Analyzes `text` with the shared analyzer.
    ///
    /// - Throws: `KensakuError` with code `emptyQuery` when nothing searchable remains.
    init(_ text: String, analyzer: Analyzer = Analyzer()) throws(KensakuError) {
        var order: [Term] = []
        var counts: [Term: Int] = [:]
        for token in try analyzer.tokens(of: text) {
            let term = Term(kind: token.kind, text: token.text)
            if counts[term] == nil { order.append(term) }
            counts[term, default: 0] += 1
        }
        guard !order.isEmpty else {
            throw KensakuError(.emptyQuery(query: text.trimmingWhitespace()))
        }
        terms = order.map { ($0, counts[$0] ?? 1) }
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
