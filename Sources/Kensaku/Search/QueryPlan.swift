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
    /// The distinct terms, in query order.
    let terms: [Term]
    private let numbers: [AnalyzedQuery.Term: Int]

    init(_ query: AnalyzedQuery, reader: IndexReader, scorer: BM25Scorer) {
        var terms: [Term] = []
        var numbers: [AnalyzedQuery.Term: Int] = [:]
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
            numbers[term] = terms.count
            terms.append(Term(term: term, queryCount: queryCount, info: info, termWeight: termWeight, bodyWeight: bodyWeight))
        }
        self.query = query
        self.terms = terms
        self.numbers = numbers
    }

    /// The plan's entry for a query term (every term of the query's units has one).
    func entry(_ term: AnalyzedQuery.Term) -> Term? {
        numbers[term].map { terms[$0] }
    }

    /// Field weight × IDF of a query term (0 when absent).
    func termWeight(_ term: AnalyzedQuery.Term) -> Double {
        entry(term)?.termWeight ?? 0
    }
}
