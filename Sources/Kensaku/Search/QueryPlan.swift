/// A query's terms looked up in the index once, for every stage that ranks it: the posting list
/// and the weights of each term. (A lookup is a binary search over the term dictionary; the
/// collector, the heading bonus and the proximity bonus each used to repeat it.)
struct QueryPlan {
    /// One distinct query term.
    struct Term {
        let term: AnalyzedQuery.Term
        /// How often the query holds it.
        let queryCount: Int
        /// Its entry in the index; nil when no passage holds it.
        let info: IndexReader.TermInfo?
        /// Field weight × IDF (0 when absent), as ``BM25Scorer/termWeight(_:)``.
        let termWeight: Double
        /// Field weight × query count × IDF: the weight of its body contribution (when present).
        let bodyWeight: Double
    }

    let query: AnalyzedQuery
    /// The distinct terms, in query order: `terms[i]` is `query.terms[i]`.
    let terms: [Term]

    init(_ query: AnalyzedQuery, reader: IndexReader, scorer: BM25Scorer) {
        var terms: [Term] = []
        terms.reserveCapacity(query.terms.count)
        for (term, queryCount) in query.terms {
            let info = reader.lookup(term.text, field: term.kind)
            var termWeight = 0.0, bodyWeight = 0.0
            if let info {
                let fieldWeight = scorer.weight(of: term)
                let idf = scorer.inverseDocumentFrequency(info.documentFrequency)
                // The two products in the orders the scorers have always used: sums stay bit for bit.
                termWeight = info.documentFrequency == 0 ? 0 : fieldWeight * idf
                bodyWeight = fieldWeight * Double(queryCount) * idf
            }
            terms.append(Term(term: term, queryCount: queryCount, info: info, termWeight: termWeight, bodyWeight: bodyWeight))
        }
        self.query = query
        self.terms = terms
    }
}
