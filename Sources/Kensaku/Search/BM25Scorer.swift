import Foundation

/// Scores passages with BM25 summed over the word and bigram fields.
///
/// For a query term *t* of field *f* occurring `qtf` times in the query:
/// `weight_f · qtf · idf(t) · tf·(k1+1) / (tf + k1·(1 − b + b·len_f/avglen_f))`,
/// with Lucene's `idf(t) = ln(1 + (N − df + 0.5)/(df + 0.5))`. Only the postings of the query
/// terms are read: passages without any query term are never touched.
struct BM25Scorer {
    let reader: IndexReader
    let parameters: RankingParameters
    /// Average field lengths (word, bigram), at least 1.
    private let averageLengths: (word: Double, bigram: Double)
    private let norms: LengthNorms

    init(reader: IndexReader, parameters: RankingParameters) {
        self.reader = reader
        self.parameters = parameters
        let passages = Double(max(1, reader.passageCount))
        averageLengths = (max(1, Double(reader.wordTokenTotal) / passages), max(1, Double(reader.bigramTokenTotal) / passages))
        norms = reader.lengthNorms.norms(reader: reader, k1: parameters.k1, b: parameters.b, averages: averageLengths)
    }

    /// A scored passage.
    struct Scored {
        var passage: Int
        var score: Double
    }

    /// The inverse document frequency of a term found in `documentFrequency` passages.
    func inverseDocumentFrequency(_ documentFrequency: Int) -> Double {
        let total = Double(reader.passageCount)
        let frequency = Double(documentFrequency)
        return log(1 + (total - frequency + 0.5) / (frequency + 0.5))
    }

    /// The saturated, length-normalized term frequency of BM25 (without the term's weight).
    @inline(__always)
    func normalizedFrequency(_ frequency: Int, passage: Int, field: Token.Kind) -> Double {
        norms.normalizedFrequency(frequency, passage: passage, field: field)
    }

    /// ``normalizedFrequency(_:passage:field:)`` for one field, for a hot loop; valid while
    /// this scorer lives.
    func normsLookup(field: Token.Kind) -> LengthNorms.FieldLookup {
        norms.lookup(field: field)
    }

    /// The same for a field of `length` tokens; with the largest frequency and smallest length of
    /// a posting list or block, a bound for all its passages (it grows with frequency and
    /// shrinks with length).
    @inline(__always)
    func normalizedFrequency(_ frequency: Int, length: Int, field: Token.Kind) -> Double {
        let average = field == .word ? averageLengths.word : averageLengths.bigram
        let tf = Double(frequency), k1 = parameters.k1
        return tf * (k1 + 1) / (tf + Self.lengthNorm(length, average: average, k1: k1, b: parameters.b))
    }

    /// BM25's length normalization of a field of `length` tokens, `k1 · (1 − b + b · length / average)`:
    /// one expression for the scorer and ``LengthNorms``, so their scores agree to the bit.
    @inline(__always)
    static func lengthNorm(_ length: Int, average: Double, k1: Double, b: Double) -> Double {
        k1 * (1 - b + b * Double(length) / average)
    }

    /// The weight of a term's field, lowered for hiragana-only terms (function words).
    func weight(of term: AnalyzedQuery.Term) -> Double {
        let fieldWeight = term.kind == .word ? parameters.wordWeight : parameters.bigramWeight
        let isHiragana = term.text.unicodeScalars.allSatisfy { CharacterClass.isHiragana($0.value) }
        return isHiragana ? fieldWeight * parameters.hiraganaWeight : fieldWeight
    }

    /// The weight of a term in the index: field weight times IDF (0 when absent).
    func termWeight(_ term: AnalyzedQuery.Term) -> Double {
        let frequency = reader.lookup(term.text, field: term.kind)?.documentFrequency ?? 0
        return frequency == 0 ? 0 : weight(of: term) * inverseDocumentFrequency(frequency)
    }

    /// Scores every passage holding a query term, in increasing passage order.
    ///
    /// Document at a time: the query terms' posting lists (each sorted by passage) are merged, and
    /// each passage's score is summed over its terms in query order, so nothing of the size of the
    /// whole index is allocated per query (the earlier term-at-a-time version allocated a score
    /// and a flag per passage of the index for every query). The sums are the same, bit for bit.
    ///
    /// - Throws: `KensakuError` (`indexCorrupt`) when a posting list does not decode.
    /// - Complexity: O(*p* · *t*) for *p* postings of the *t* query terms found in the index.
    func scorePassages(_ query: AnalyzedQuery) throws(KensakuError) -> [Scored] {
        let passageCount = reader.passageCount
        guard passageCount > 0 else { return [] }
        /// One query term's posting list; `current` is `Int.max` once it is exhausted.
        struct Lane {
            var cursor: PostingsCursor
            let weight: Double
            let kind: Token.Kind
            let text: String
            var current: Int
        }
        func advance(_ lane: inout Lane) throws(KensakuError) {
            do {
                if try lane.cursor.next() {
                    guard lane.cursor.passage < passageCount else { throw PostingsCursor.DecodingError() }
                    lane.current = lane.cursor.passage
                } else {
                    lane.current = Int.max
                }
            } catch {
                throw KensakuError(.indexCorrupt(path: reader.path, detail: "the posting list of '\(lane.text)' does not decode"))
            }
        }
        var lanes: [Lane] = []
        for (term, count) in query.terms {
            guard let info = reader.lookup(term.text, field: term.kind) else { continue }
            let termWeight = weight(of: term) * Double(count) * inverseDocumentFrequency(info.documentFrequency)
            var lane = Lane(cursor: reader.postings(info), weight: termWeight, kind: term.kind, text: term.text, current: Int.max)
            try advance(&lane)
            lanes.append(lane)
        }
        var scored: [Scored] = []
        while true {
            var passage = Int.max
            for lane in lanes where lane.current < passage { passage = lane.current }
            if passage == Int.max { break }
            var score = 0.0
            for index in lanes.indices where lanes[index].current == passage {
                score += lanes[index].weight * normalizedFrequency(lanes[index].cursor.frequency, passage: passage, field: lanes[index].kind)
                try advance(&lanes[index])
            }
            scored.append(Scored(passage: passage, score: score))
        }
        return scored
    }
}
