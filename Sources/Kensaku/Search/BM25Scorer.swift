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

    /// Scores every passage holding a query term, in no particular order.
    ///
    /// - Throws: `KensakuError` (`indexCorrupt`) when a posting list does not decode.
    func scorePassages(_ query: AnalyzedQuery) throws(KensakuError) -> [Scored] {
        let passageCount = reader.passageCount
        guard passageCount > 0 else { return [] }
        var scores = [Double](repeating: 0, count: passageCount)
        var isTouched = [Bool](repeating: false, count: passageCount)
        var touched: [Int] = []
        let averageLength = [
            max(1, Double(reader.wordTokenTotal) / Double(passageCount)),
            max(1, Double(reader.bigramTokenTotal) / Double(passageCount)),
        ]
        let k1 = parameters.k1, b = parameters.b
        for (term, count) in query.terms {
            guard let info = reader.lookup(term.text, field: term.kind) else { continue }
            let fieldWeight = term.kind == .word ? parameters.wordWeight : parameters.bigramWeight
            let termWeight = fieldWeight * Double(count) * inverseDocumentFrequency(info.documentFrequency)
            let average = averageLength[Int(term.kind.rawValue)]
            var cursor = reader.postings(info)
            do {
                while try cursor.next() {
                    let passage = cursor.passage
                    guard passage < passageCount else { throw PostingsCursor.DecodingError() }
                    let frequency = Double(cursor.frequency)
                    let length = Double(reader.fieldLength(ofPassage: passage, field: term.kind))
                    let normalized = frequency * (k1 + 1) / (frequency + k1 * (1 - b + b * length / average))
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
