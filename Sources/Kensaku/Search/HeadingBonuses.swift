/// A query's heading bonuses (see ``RankingParameters/headingWeight``): for each query term some
/// heading holds, its bonus, in query order; summed once per distinct section path, so a
/// passage's bonus is a lookup, and the largest of them bounds every passage's.
struct HeadingBonuses {
    private let reader: IndexReader
    private let headings: HeadingTerms
    /// Each passage's heading list; only made (once per index) when a heading holds a query term.
    private let passageLists: HeadingTerms.PassageLists?
    private let terms: [(number: Int32, text: String, bonus: Double)]
    /// Per distinct heading list: the bonus of its query terms, summed in query order (the
    /// order the exhaustive ranker adds them in).
    private let listBonuses: [Double]
    /// The largest bonus any passage gets.
    let largest: Double

    init(_ plan: QueryPlan, reader: IndexReader, parameters: RankingParameters, headings: HeadingTerms) {
        var terms: [(number: Int32, text: String, bonus: Double)] = []
        terms.reserveCapacity(plan.terms.count)
        if parameters.headingWeight > 0 {
            for term in plan.terms {
                guard let number = headings.number(of: term.term) else { continue }
                terms.append((number, term.term.text, parameters.headingWeight * (term.termWeight * Double(term.queryCount))))
            }
        }
        let lists = headings.lists
        var listBonuses = [Double](repeating: 0, count: terms.isEmpty ? 0 : lists.lists.count)
        for (number, _, bonus) in terms {
            for list in lists.lists(holding: number) { listBonuses[Int(list)] += bonus }
        }
        self.reader = reader
        self.headings = headings
        passageLists = terms.isEmpty ? nil : headings.passageListIndices(reader: reader)
        self.terms = terms
        self.listBonuses = listBonuses
        largest = listBonuses.max() ?? 0
    }

    /// The heading bonus of a passage.
    func bonus(of passage: Int) -> Double {
        guard let passageLists else { return 0 }
        let list = passageLists.indices[passage]
        return list < 0 ? 0 : listBonuses[Int(list)]
    }

    /// The query terms found in a passage's headings, in query order.
    func terms(of passage: Int) -> [String] {
        guard !terms.isEmpty else { return [] }
        let location = reader.location(ofPassage: passage)
        let numbers = headings.termNumbers(document: location.document, section: location.section)
        return terms.filter { numbers.sortedContains($0.number) }.map(\.text)
    }
}
