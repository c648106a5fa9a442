/// How one passage's score was made.
public struct ScoreExplanation: Sendable, Hashable {
    /// One query term's BM25 contribution from the passage body.
    public struct TermContribution: Sendable, Hashable {
        /// `word` or `bigram`.
        public let field: String
        public let term: String
        /// Occurrences in the passage.
        public let frequency: Int
        /// Field weight × IDF.
        public let weight: Double
        public let score: Double
    }
    /// BM25 over the body, per term.
    public let terms: [TermContribution]
    /// Query terms found in the section headings or the document title, and their bonus.
    public let headingTerms: [String]
    public let headingScore: Double
    /// The bonus for query words close together.
    public let proximityScore: Double
    /// Score taken over from duplicates folded into this passage (their best score minus this one's).
    public let foldedScore: Double
    /// Whether the score was lowered because a neighbouring passage ranks higher.
    public let neighbourPenalty: Bool
}

/// Ranks passages: BM25 over body fields, heading-field bonus, proximity bonus, duplicate
/// folding and neighbour diversification, in that order.
struct PassageRanker {
    let reader: IndexReader
    let parameters: RankingParameters
    let headings: HeadingTerms
    let coverers: [Int: [Int]]

    struct Ranked {
        var passage: Int
        var score: Double
        var body: Double
        var heading: Double = 0
        var headingTerms: [String] = []
        var proximity: Double = 0
        var folded: Double = 0
        var penalized = false
    }

    /// The best `limit` passages among those that `allowed` accepts (all when nil).
    ///
    /// - Throws: `KensakuError` (`indexCorrupt`) when a posting list does not decode.
    func rank(_ query: AnalyzedQuery, allowed: ((Int) -> Bool)?, limit: Int) throws(KensakuError) -> (ranked: [Ranked], matched: Int) {
        let scorer = BM25Scorer(reader: reader, parameters: parameters)
        var candidates = try scorer.scorePassages(query)
            .filter { allowed?($0.passage) ?? true }
            .map { Ranked(passage: $0.passage, score: $0.score, body: $0.score) }
        let matched = candidates.count
        var weights: [AnalyzedQuery.Term: Double] = [:]
        for (term, count) in query.terms { weights[term] = scorer.termWeight(term) * Double(count) }

        // Heading field: query terms present in the passage's section path or document title.
        if parameters.headingWeight > 0 {
            // Per query: the heading numbers and bonuses of the query terms any heading holds.
            let headingQueryTerms: [(number: Int32, text: String, bonus: Double)] = query.terms.compactMap { term, _ in
                headings.number(of: term).map { ($0, term.text, parameters.headingWeight * (weights[term] ?? 0)) }
            }
            if !headingQueryTerms.isEmpty {
                for index in candidates.indices {
                    let passage = reader.passage(at: candidates[index].passage).passage
                    guard !headings.termNumbers(of: passage).isEmpty else { continue }
                    for (number, text, bonus) in headingQueryTerms where headings.contains(number, in: passage) {
                        candidates[index].heading += bonus
                        candidates[index].headingTerms.append(text)
                    }
                    candidates[index].score += candidates[index].heading
                }
            }
        }

        // Proximity, for the best candidates only.
        candidates.sort { $0.score != $1.score ? $0.score > $1.score : $0.passage < $1.passage }
        let head = Set(candidates.prefix(parameters.proximityCandidates).map(\.passage))
        let proximity = try ProximityScorer(reader: reader, parameters: parameters, termWeight: scorer.termWeight)
            .bonuses(query, candidates: head)
        for index in candidates.indices {
            if let bonus = proximity[candidates[index].passage] {
                candidates[index].proximity = bonus
                candidates[index].score += bonus
            }
        }
        return (select(fold(candidates), limit: limit), matched)
    }

    /// Counts each duplicate group once: a passage whose content is covered by other passages
    /// (found at index time) gives its score to the best-scoring of its coverers that matched,
    /// and disappears; with no coverer among the matches it stays.
    private func fold(_ candidates: [Ranked]) -> [Ranked] {
        guard !coverers.isEmpty else { return candidates }
        var byPassage: [Int: Int] = [:]
        for (index, candidate) in candidates.enumerated() { byPassage[candidate.passage] = index }
        var result = candidates
        var removed = Set<Int>()
        for candidate in candidates {
            guard let covering = coverers[candidate.passage] else { continue }
            let matching = covering.compactMap { byPassage[$0] }.filter { !removed.contains($0) }
            guard let best = matching.max(by: { result[$0].score < result[$1].score }) else { continue }
            if candidate.score > result[best].score {
                result[best].folded += candidate.score - result[best].score
                result[best].score = candidate.score
            }
            if let own = byPassage[candidate.passage] { removed.insert(own) }
        }
        return result.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
    }

    /// Picks the best `limit`, lowering a passage next to one already picked (same document and
    /// section, neighbouring passage number) by ``RankingParameters/neighbourPenalty`` once.
    private func select(_ candidates: [Ranked], limit: Int) -> [Ranked] {
        var pool = candidates.sorted { $0.score != $1.score ? $0.score > $1.score : $0.passage < $1.passage }
        var chosen: [Ranked] = []
        var chosenPassages: [Int: Passage] = [:]
        while chosen.count < limit, !pool.isEmpty {
            var next = pool.removeFirst()
            let passage = reader.passage(at: next.passage).passage
            let isNeighbour = [next.passage - 1, next.passage + 1].contains { other in
                guard let neighbour = chosenPassages[other] else { return false }
                return neighbour.documentIndex == passage.documentIndex && neighbour.section == passage.section
            }
            if isNeighbour && !next.penalized && parameters.neighbourPenalty < 1 {
                next.penalized = true
                next.score *= parameters.neighbourPenalty
                let position = pool.firstIndex { $0.score < next.score || ($0.score == next.score && $0.passage > next.passage) } ?? pool.endIndex
                pool.insert(next, at: position)
                continue
            }
            chosen.append(next)
            chosenPassages[next.passage] = passage
        }
        return chosen
    }

    /// The body contributions of each query term to a passage (for `--explain`).
    func termContributions(_ query: AnalyzedQuery, passage: Int) throws(KensakuError) -> [ScoreExplanation.TermContribution] {
        let scorer = BM25Scorer(reader: reader, parameters: parameters)
        var contributions: [ScoreExplanation.TermContribution] = []
        for (term, count) in query.terms {
            guard let info = reader.lookup(term.text, field: term.kind) else { continue }
            var cursor = reader.postings(info)
            do {
                while try cursor.next() {
                    if cursor.passage < passage { continue }
                    if cursor.passage > passage { break }
                    let weight = scorer.weight(of: term) * Double(count) * scorer.inverseDocumentFrequency(info.documentFrequency)
                    let score = weight * scorer.normalizedFrequency(cursor.frequency, passage: passage, field: term.kind)
                    contributions.append(.init(field: term.kind == .word ? "word" : "bigram", term: term.text,
                                               frequency: cursor.frequency, weight: weight, score: score))
                    break
                }
            } catch {
                throw KensakuError(.indexCorrupt(path: reader.path, detail: "the posting list of '\(term.text)' does not decode"))
            }
        }
        return contributions.sorted { $0.score > $1.score }
    }
}
