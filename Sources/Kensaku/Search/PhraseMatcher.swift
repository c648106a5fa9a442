/// Checks that passages hold a phrase as adjacent tokens, using stored positions.
///
/// A phrase is analyzed like any text. Its bigrams must occur at the same relative character
/// positions in the passage (so `温室効果ガス` needs 温室, 室効, 効果, 果ガ, ガス at p, p+1, …, p+4), and
/// its words at the same relative word positions. Because line wraps between CJK characters are
/// joined during normalization, a phrase matches across a PDF line break.
struct PhraseMatcher {
    private struct Part {
        var term: String
        var field: Token.Kind
        var offset: Int
    }
    private let parts: [Part]

    /// Analyzes a phrase; nil when it has no tokens.
    init?(_ phrase: String, analyzer: Analyzer = Analyzer()) throws(KensakuError) {
        let tokens = try analyzer.tokens(of: phrase)
        // With bigrams, adjacency is checked on them (they do not depend on how ICU segments the
        // surrounding text); words are checked only for phrases without CJK.
        let bigrams = tokens.filter { $0.kind == .bigram }
        let chosen = bigrams.isEmpty ? tokens.filter { $0.kind == .word } : bigrams
        guard let first = chosen.first else { return nil }
        parts = chosen.map { Part(term: $0.text, field: $0.kind, offset: $0.position - first.position) }
    }

    /// The passages that hold the phrase: the first token's posting list gives the candidates,
    /// each further token narrows them.
    ///
    /// - Throws: `KensakuError` (`indexCorrupt`) when a posting list does not decode.
    func matchingPassages(in reader: IndexReader) throws(KensakuError) -> Set<Int> {
        var positionsByPart: [[Int: [Int]]] = []
        var remaining: Set<Int>? = nil
        for part in parts {
            let positions = try reader.positions(of: part.term, field: part.field, in: remaining)
            if positions.isEmpty { return [] }
            remaining = remaining.map { $0.intersection(positions.keys) } ?? Set(positions.keys)
            positionsByPart.append(positions)
        }
        return (remaining ?? []).filter { passage in
            guard let starts = positionsByPart.first?[passage] else { return false }
            let sets = positionsByPart.dropFirst().map { Set($0[passage] ?? []) }
            return starts.contains { start in
                zip(parts.dropFirst(), sets).allSatisfy { part, set in set.contains(start + part.offset) }
            }
        }
    }
}
