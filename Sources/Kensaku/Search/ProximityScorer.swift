/// Rewards passages where the query's content words occur close together.
///
/// Each pair of consecutive content words of the query (see ``AnalyzedQuery/Unit``) found in a
/// passage adds `proximityWeight × mean(weight) / (1 + gap / proximityScale)`, where the gap is
/// the number of characters between the nearest occurrences. CJK words are located through
/// their bigram chains (character positions); Latin words through word positions, whose gaps
/// count as ``charactersPerWord`` characters each. Pairs of a CJK and a Latin word are skipped:
/// the two position spaces do not compare.
struct ProximityScorer {
    /// Rough characters per Latin word, to put word gaps on the character scale.
    static let charactersPerWord = 4.0

    let reader: IndexReader
    let parameters: RankingParameters
    let termWeight: (AnalyzedQuery.Term) -> Double

    /// The bonus of each passage among `candidates` (passages without a pair get none).
    ///
    /// - Throws: `KensakuError` (`indexCorrupt`) when a posting list does not decode.
    func bonuses(_ query: AnalyzedQuery, candidates: Set<Int>) throws(KensakuError) -> [Int: Double] {
        let units = query.units
        guard units.count >= 2, !candidates.isEmpty, parameters.proximityWeight > 0 else { return [:] }
        // The terms the units need, numbered once, so the per-passage work compares integers
        // (hashing Japanese strings normalizes them, which profiling showed to be costly).
        var numbers: [AnalyzedQuery.Term: Int] = [:]
        var terms: [AnalyzedQuery.Term] = []
        func number(_ term: AnalyzedQuery.Term) -> Int {
            if let known = numbers[term] { return known }
            numbers[term] = terms.count
            terms.append(term)
            return terms.count - 1
        }
        let spelled: [(word: Int, bigrams: [(term: Int, offset: Int)])] = units.map { unit in
            (number(unit.word), unit.bigrams.map { (number($0.term), $0.offset) })
        }
        let passages = candidates.sorted()
        // positions[term][i]: the term's positions in passages[i].
        var positions: [[[Int]]] = []
        for term in terms {
            positions.append(try reader.positionLists(of: term.text, field: term.kind, inSorted: passages))
        }
        let weights = units.map { unit in
            unit.bigrams.isEmpty ? termWeight(unit.word)
                : max(termWeight(unit.word), unit.bigrams.map { termWeight($0.term) }.reduce(0, +) / Double(unit.bigrams.count))
        }
        var bonuses: [Int: Double] = [:]
        for (index, passage) in passages.enumerated() {
            let starts = spelled.map { occurrences(of: $0, at: index, positions) }
            var bonus = 0.0
            for pair in 0..<(units.count - 1) {
                let (left, right) = (units[pair], units[pair + 1])
                guard left.bigrams.isEmpty == right.bigrams.isEmpty,
                      let gap = smallestGap(starts[pair], left.length, starts[pair + 1], right.length) else { continue }
                let characters = left.bigrams.isEmpty ? Double(gap) * Self.charactersPerWord : Double(gap)
                bonus += (weights[pair] + weights[pair + 1]) / 2 / (1 + characters / parameters.proximityScale)
            }
            if bonus > 0 { bonuses[passage] = parameters.proximityWeight * bonus }
        }
        return bonuses
    }

    /// Start positions of a unit in a passage: word positions, or positions where the whole
    /// bigram chain occurs (positions are sorted, so membership is a binary search).
    private func occurrences(of unit: (word: Int, bigrams: [(term: Int, offset: Int)]), at index: Int,
                             _ positions: [[[Int]]]) -> [Int] {
        guard let first = unit.bigrams.first else { return positions[unit.word][index] }
        let rest = unit.bigrams.dropFirst().map { (positions[$0.term][index], $0.offset) }
        if rest.contains(where: { $0.0.isEmpty }) { return [] }
        return positions[first.term][index].filter { start in
            rest.allSatisfy { sorted, offset in sorted.sortedContains(start + offset) }
        }
    }

    /// The fewest positions between an occurrence of one unit and one of the other (either order).
    /// Both lists are increasing (positions are stored in order, and filtering keeps it).
    private func smallestGap(_ left: [Int], _ leftLength: Int, _ right: [Int], _ rightLength: Int) -> Int? {
        guard !left.isEmpty, !right.isEmpty else { return nil }
        var best = Int.max
        var j = 0
        func consider(_ candidate: Int, _ start: Int) {
            let gap = candidate >= start ? candidate - (start + leftLength) : start - (candidate + rightLength)
            best = min(best, max(0, gap))
        }
        for start in left {
            while j + 1 < right.count && right[j + 1] <= start { j += 1 }
            consider(right[j], start)
            consider(right[min(j + 1, right.count - 1)], start)
        }
        return best
    }
}
