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
        let total = field == .word ? reader.wordTokenTotal : reader.bigramTokenTotal
        let average = max(1, Double(total) / Double(max(1, reader.passageCount)))
        let length = Double(reader.fieldLength(ofPassage: passage, field: field))
        let tf = Double(frequency), k1 = parameters.k1, b = parameters.b
        return tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / average))
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

    /// Scores every passage holding a query term, in no particular order.
    ///
    /// - Throws: `KensakuError` (`indexCorrupt`) when a posting list does not decode.
    func scorePassages(_ query: AnalyzedQuery) throws(KensakuError) -> [Scored] {
        let passageCount = reader.passageCount
        guard passageCount > 0 else { return [] }
        var scores = [Double](repeating: 0, count: passageCount)
        var isTouched = [Bool](repeating: false, count: passageCount)
        var touched: [Int] = []
        for (term, count) in query.terms {
            guard let info = reader.lookup(term.text, field: term.kind) else { continue }
            let termWeight = weight(of: term) * Double(count) * inverseDocumentFrequency(info.documentFrequency)
            var cursor = reader.postings(info)
            do {
                while try cursor.next() {
                    let passage = cursor.passage
                    guard passage < passageCount else { throw PostingsCursor.DecodingError() }
                    let normalized = normalizedFrequency(cursor.frequency, passage: passage, field: term.kind)
                    if !isTouched[passage] {
                        isTouched[passage] = true
                        touched.append(passage)
                    }
                    scores[passage] += termWeight * normalized
                }
            } catch {
                throw KensakuError(.indexCorrupt(path: reader.path, detail: "the posting list of '\(term.text)' does not decode"))
            }
        }
        return touched.map { Scored(passage: $0, score: scores[$0]) }
    }
}
