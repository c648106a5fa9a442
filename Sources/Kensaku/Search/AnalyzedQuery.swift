import Foundation

/// A query after analysis: its distinct terms per field, with how often each occurs.
struct AnalyzedQuery: Sendable {
    /// A term of one field. Terms are equal when their UTF-8 bytes are, as the index's
    /// dictionary compares them; hashing bytes also avoids `String`'s hashing, which normalizes
    /// to NFC and showed up in query profiles.
    struct Term: Sendable, Hashable {
        var kind: Token.Kind
        var text: String

        static func == (a: Term, b: Term) -> Bool {
            guard a.kind == b.kind else { return false }
            var (left, right) = (a.text, b.text)
            return left.withUTF8 { x in
                right.withUTF8 { y in
                    x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
                }
            }
        }

        /// FNV-1a of the kind and the UTF-8 bytes: cheap, for tables private to one query.
        var bytesHash: UInt64 {
            var text = text
            var hash = Self.hashBasis(of: kind)
            text.withUTF8 { bytes in
                for byte in bytes { hash = Self.hashStep(hash, byte) }
            }
            return hash
        }

        /// ``bytesHash`` before the first byte: FNV-1a's basis, rotated for the bigram field.
        static func hashBasis(of kind: Token.Kind) -> UInt64 {
            kind == .word ? FNV1a.offsetBasis : FNV1a.offsetBasis << 32 | FNV1a.offsetBasis >> 32
        }

        /// ``bytesHash`` after one more byte.
        @inline(__always)
        static func hashStep(_ hash: UInt64, _ byte: UInt8) -> UInt64 { FNV1a.step(hash, UInt64(byte)) }

        func hash(into hasher: inout Hasher) {
            hasher.combine(kind)
            var text = text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    /// Distinct terms in first-occurrence order, with their query frequencies.
    let terms: [(term: Term, count: Int)]

    /// A content word of the query, for proximity: a CJK word spelled by its bigrams (at offsets
    /// relative to the first), or a Latin word or number.
    /// Terms are named by their index in ``terms``.
    struct Unit: Sendable {
        /// The word token (in the word field).
        var word: Int
        /// For CJK words: the bigrams and their character offsets; empty for Latin words.
        var bigrams: [(term: Int, offset: Int)]
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
        var terms: [(term: Term, count: Int)] = []
        var tokens = try analyzer.tokens(of: text)
        // Particles say nothing about what a passage is about, and their posting lists are the
        // longest of all: a query with other words leaves them out (see ``isParticle(_:)``).
        if tokens.contains(where: { $0.kind == .word && !Self.isParticle($0) }) { tokens.removeAll(where: Self.isParticle) }
        terms.reserveCapacity(tokens.count)
        // Each token's index in `terms`.
        var termOfToken: [Int] = []
        termOfToken.reserveCapacity(tokens.count)
        var numbering = QueryTermNumbering(capacity: tokens.count)
        for token in tokens {
            let term = Term(kind: token.kind, text: token.text)
            let (number, isNew) = numbering.insert(term)
            if isNew { terms.append((term, 1)) } else { terms[number].count += 1 }
            termOfToken.append(number)
        }
        guard !terms.isEmpty else {
            throw KensakuError(.emptyQuery(query: text.trimmingWhitespace()))
        }
        self.terms = terms
        units = Self.units(tokens, termOfToken: termOfToken)
    }

    /// Whether a token is a lone hiragana character in the word field: ICU's dictionary makes
    /// one of a particle or an inflection (は, を, の, に, て, し, か), never of a content word.
    /// Such tokens have the longest posting lists of the index, so they would rank by grammar
    /// and cost more postings than any other term. Longer hiragana words and hiragana bigrams
    /// (まで, こと, いじめ) stay, at ``RankingParameters/hiraganaWeight``.
    static func isParticle(_ token: Token) -> Bool {
        guard token.kind == .word else { return false }
        var scalars = token.text.unicodeScalars.makeIterator()
        guard let first = scalars.next(), scalars.next() == nil else { return false }
        return CharacterClass.isHiragana(first.value)
    }

    private static func units(_ tokens: [Token], termOfToken: [Int]) -> [Unit] {
        let bigrams = tokens.indices.filter { tokens[$0].kind == .bigram }
        var units: [Unit] = []
        units.reserveCapacity(tokens.count - bigrams.count)
        for (index, word) in tokens.enumerated() where word.kind == .word {
            let scalars = word.text.unicodeScalars
            if scalars.allSatisfy({ CharacterClass.isHiragana($0.value) }) { continue }
            if scalars.contains(where: { CharacterClass.isCJKLetter($0.value) }) {
                var inside: [Int] = []
                inside.reserveCapacity(scalars.count)
                for bigram in bigrams
                where word.byteRange.contains(tokens[bigram].byteRange.lowerBound) && tokens[bigram].byteRange.upperBound <= word.byteRange.upperBound {
                    inside.append(bigram)
                }
                guard let first = inside.first, inside.count == scalars.count - 1 else { continue }
                units.append(Unit(word: termOfToken[index],
                                  bigrams: inside.map { (termOfToken[$0], tokens[$0].position - tokens[first].position) },
                                  length: scalars.count))
            } else {
                units.append(Unit(word: termOfToken[index], bigrams: [], length: 1))
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
