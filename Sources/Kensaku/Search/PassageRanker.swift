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
    let coverers: CovererTable
    /// The keys of `coverers`: the passages that are duplicates.
    let duplicatePassages: PassageSet
    /// See ``MaxScoreCollector/denseScoringPostings``.
    var denseScoringPostings = MaxScoreCollector.defaultDenseScoringPostings
    /// See ``MaxScoreCollector/partCount``.
    var partCount: Int? = nil

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

    /// The ranked passages and how many passages match.
    struct Ranking {
        var ranked: [Ranked]
        /// Passages holding a query term that the filters allow: exact when `matchedIsExact`,
        /// otherwise a lower bound (pruned search skipped passages without looking at them).
        var matched: Int
        var matchedIsExact: Bool
        /// See ``MaxScoreCollector/Outcome/lanesMadeEssentialAgain`` (0 unless pruned).
        var lanesMadeEssentialAgain = 0
    }

    /// The best `limit` passages among those that `allowed` accepts (all when nil).
    ///
    /// Only the best few passages by BM25 and heading bonus are scored in full, with MaxScore
    /// pruning (``MaxScoreCollector``; small queries are scored densely instead): the best `n = max(proximityCandidates, 3 · limit + 1)`
    /// passages that are not duplicates, the duplicates ranking before the last of those, and
    /// the coverers of those duplicates. That gives exactly the result of
    /// ``rankExhaustively(_:allowed:limit:)``: every passage left out ranks after the `n` kept
    /// non-duplicates, so it is not among the best `proximityCandidates` that get the proximity
    /// bonus; folding raises a passage only to the score of a duplicate it covers (a kept one,
    /// whose coverers are scored, or one ranking after the `n`); and the `n` non-duplicates
    /// survive folding, so the `3 · limit + 1` best after folding, from which selection picks,
    /// are all kept.
    ///
    /// - Parameter namingHeadingTerms: fill in each ranked passage's `headingTerms` (for
    ///   explanations; their bonus is in the score either way).
    /// - Throws: `KensakuError` (`indexCorrupt`) when a posting list does not decode.
    func rank(_ query: AnalyzedQuery, allowed: ((Int) -> Bool)?, limit: Int, namingHeadingTerms: Bool = true) throws(KensakuError) -> Ranking {
        // The argument needs scores that only grow with term frequency and with each bonus.
        guard parameters.allowsPruning else { return try rankExhaustively(query, allowed: allowed, limit: limit) }
        let keep = max(parameters.proximityCandidates, 3 * limit + 1)
        let plan = QueryPlan(query, reader: reader, scorer: BM25Scorer(reader: reader, parameters: parameters))
        let headingBonuses = HeadingBonuses(plan, reader: reader, parameters: parameters, headings: headings)
        var collector = MaxScoreCollector(reader: reader, parameters: parameters, denseScoringPostings: denseScoringPostings)
        collector.partCount = partCount
        let outcome = try collector.collect(plan, headingBonuses: headingBonuses, allowed: allowed, count: keep, duplicates: duplicatePassages)
        // In passage order (sorting the passage numbers, not the 64-byte records: the sort
        // moves each element ~n/4 times).
        let best = outcome.best
        let order = best.indices.sorted { best[$0].passage < best[$1].passage }
        var candidates = order.map { Ranked(passage: best[$0].passage, score: best[$0].score, body: best[$0].body, heading: best[$0].heading) }
        // The coverers of kept duplicates: folding may raise them. (Sorted arrays, not sets: at
        // ×100 hundreds of copies of a top passage are kept, all covered by the same few.)
        var coverersOutside: [Int] = []
        for candidate in candidates where duplicatePassages.contains(candidate.passage) {
            for coverer in coverers.coverers(of: candidate.passage) ?? [] { coverersOutside.append(Int(coverer)) }
        }
        if !coverersOutside.isEmpty {
            coverersOutside.sort()
            var previous = -1
            let outside = coverersOutside.filter { coverer in
                defer { previous = coverer }
                return coverer != previous && candidates.index(ofPassage: coverer) == nil && (allowed?(coverer) ?? true)
            }
            for scored in try collector.score(plan, headingBonuses: headingBonuses, passages: outside) {
                candidates.append(Ranked(passage: scored.passage, score: scored.score, body: scored.body, heading: scored.heading))
            }
            candidates.sort { $0.passage < $1.passage }
        }
        try addProximity(plan, to: &candidates)
        var ranked = select(fold(candidates), limit: limit)
        // The heading terms explain a hit: only the chosen few need them, and only when asked.
        for index in ranked.indices where namingHeadingTerms && ranked[index].heading > 0 {
            ranked[index].headingTerms = headingBonuses.terms(of: ranked[index].passage)
        }
        return Ranking(ranked: ranked, matched: outcome.matched, matchedIsExact: outcome.countIsExact,
                       lanesMadeEssentialAgain: outcome.lanesMadeEssentialAgain)
    }

    /// ``rank(_:allowed:limit:)`` by scoring every passage that holds a query term: the
    /// definition the pruned ranking must match.
    ///
    /// - Throws: `KensakuError` (`indexCorrupt`) when a posting list does not decode.
    func rankExhaustively(_ query: AnalyzedQuery, allowed: ((Int) -> Bool)?, limit: Int) throws(KensakuError) -> Ranking {
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
        try addProximity(QueryPlan(query, reader: reader, scorer: scorer), to: &candidates)
        return Ranking(ranked: select(fold(candidates), limit: limit), matched: matched, matchedIsExact: true)
    }

    /// Adds the proximity bonus to the best ``RankingParameters/proximityCandidates`` of
    /// `candidates` (by score so far). Candidates stay in passage order: only the few best are
    /// ever sorted.
    private func addProximity(_ plan: QueryPlan, to candidates: inout [Ranked]) throws(KensakuError) {
        // Candidates are in increasing passage order, so the head's indices in order are its passages in order.
        let head = Self.best(parameters.proximityCandidates, of: candidates.indices, in: candidates, ordered: false).sorted()
        let bonuses = try ProximityScorer(reader: reader, parameters: parameters).bonuses(plan, candidates: head.map { candidates[$0].passage })
        for (index, bonus) in zip(head, bonuses) where bonus > 0 {
            candidates[index].proximity = bonus
            candidates[index].score += bonus
        }
    }

    /// Counts each duplicate group once: a passage whose content is covered by other passages
    /// (found at index time) gives its score to the best-scoring of its coverers that matched,
    /// and disappears; with no coverer among the matches it stays.
    ///
    /// Duplicates are visited in the order of their score before the proximity bonus (body plus
    /// heading), best first; `candidates` must be in increasing passage order, so coverers are
    /// found by binary search.
    private func fold(_ candidates: [Ranked]) -> [Ranked] {
        guard !coverers.isEmpty else { return candidates }
        // The duplicates among the candidates (a binary search each: the candidates are few, the
        // duplicates of a large index many).
        var duplicateIndices: [Int] = []
        duplicateIndices.reserveCapacity(candidates.count)
        for index in candidates.indices where duplicatePassages.contains(candidates[index].passage) { duplicateIndices.append(index) }
        guard !duplicateIndices.isEmpty else { return candidates }
        let duplicates = duplicateIndices.sorted { a, b in
            let (x, y) = (candidates[a].body + candidates[a].heading, candidates[b].body + candidates[b].heading)
            return x != y ? x > y : candidates[a].passage < candidates[b].passage
        }
        var result = candidates
        var removed = [Bool](repeating: false, count: candidates.count)
        var removedAny = false
        for own in duplicates {
            let candidate = candidates[own]
            guard let covering = coverers.coverers(of: candidate.passage) else { continue }
            // The best-scoring coverer among the candidates not folded away (the first of equals).
            var best: Int?
            for coverer in covering {
                guard let index = candidates.index(ofPassage: Int(coverer)), !removed[index] else { continue }
                if best.map({ result[index].score > result[$0].score }) ?? true { best = index }
            }
            guard let best else { continue }
            if candidate.score > result[best].score {
                result[best].folded += candidate.score - result[best].score
                result[best].score = candidate.score
            }
            removed[own] = true
            removedAny = true
        }
        guard removedAny else { return result }
        var kept: [Ranked] = []
        kept.reserveCapacity(result.count)
        for index in result.indices where !removed[index] { kept.append(result[index]) }
        return kept
    }

    /// The indices of the best `count` of `candidates` among `indices` (highest score first, then
    /// lowest passage number), in that order when `ordered`, else in no particular order.
    ///
    /// - Complexity: O(*n* log `count`) for *n* indices.
    static func best(_ count: Int, of indices: some Sequence<Int>, in candidates: [Ranked], ordered: Bool = true) -> [Int] {
        guard count > 0 else { return [] }
        func precedes(_ a: Int, _ b: Int) -> Bool {
            candidates[a].score != candidates[b].score ? candidates[a].score > candidates[b].score
                : candidates[a].passage < candidates[b].passage
        }
        // A binary heap whose root is the worst of the best so far.
        var heap: [Int] = []
        heap.reserveCapacity(count)
        func siftDown(_ start: Int) {
            var parent = start
            while true {
                let left = 2 * parent + 1, right = left + 1
                var worst = parent
                if left < heap.count && precedes(heap[worst], heap[left]) { worst = left }
                if right < heap.count && precedes(heap[worst], heap[right]) { worst = right }
                if worst == parent { return }
                heap.swapAt(parent, worst)
                parent = worst
            }
        }
        for index in indices {
            if heap.count < count {
                heap.append(index)
                var child = heap.count - 1
                while child > 0 {
                    let parent = (child - 1) / 2
                    guard precedes(heap[parent], heap[child]) else { break }
                    heap.swapAt(parent, child)
                    child = parent
                }
            } else if precedes(index, heap[0]) {
                heap[0] = index
                siftDown(0)
            }
        }
        return ordered ? heap.sorted(by: precedes) : heap
    }

    /// Picks the best `limit`, lowering a passage next to one already picked (same document and
    /// section, neighbouring passage number) by ``RankingParameters/neighbourPenalty`` once.
    ///
    /// Only the best `3 · limit + 1` candidates are sorted: every pick either keeps a passage
    /// (at most `limit`) or penalizes one next to a kept passage (at most two per kept passage),
    /// so fewer than `3 · limit + 1` of the sorted candidates are ever taken, and one of them is
    /// always left ahead of every candidate outside them.
    private func select(_ candidates: [Ranked], limit: Int) -> [Ranked] {
        var pool = Self.best(3 * limit + 1, of: candidates.indices, in: candidates).map { candidates[$0] }
        var chosen: [Ranked] = []
        chosen.reserveCapacity(min(limit, pool.count))
        // The chosen passages' numbers, documents and sections, in `chosen`'s order (a few: a
        // linear search beats hashing).
        var chosenLocations: [(passage: Int, document: Int, section: Int?)] = []
        chosenLocations.reserveCapacity(min(limit, pool.count))
        var next = 0
        while chosen.count < limit, next < pool.count {
            var candidate = pool[next]
            next += 1
            let passage = reader.location(ofPassage: candidate.passage)
            var isNeighbour = false
            for chosenLocation in chosenLocations where abs(chosenLocation.passage - candidate.passage) == 1 {
                if chosenLocation.document == passage.document && chosenLocation.section == passage.section {
                    isNeighbour = true
                    break
                }
            }
            if isNeighbour && !candidate.penalized && parameters.neighbourPenalty < 1 {
                candidate.penalized = true
                candidate.score *= parameters.neighbourPenalty
                let position = pool[next...].firstIndex { $0.score < candidate.score || ($0.score == candidate.score && $0.passage > candidate.passage) } ?? pool.endIndex
                pool.insert(candidate, at: position)
                continue
            }
            chosen.append(candidate)
            chosenLocations.append((candidate.passage, passage.document, passage.section))
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

extension [PassageRanker.Ranked] {
    /// The index of `passage` in this array, in increasing passage order (binary search).
    func index(ofPassage passage: Int) -> Int? {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle].passage < passage { low = middle + 1 } else { high = middle }
        }
        return low < count && self[low].passage == passage ? low : nil
    }
}
