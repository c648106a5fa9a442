/// Finds the best `count` passages by BM25 plus heading bonus without scoring every passage
/// that holds a query term: MaxScore (Turtle and Flood, 1995), as in Lucene and tantivy.
///
/// Each query term's score in any passage is bounded from the largest frequency and smallest
/// field length its list records (per list, and per block of 128 entries). Terms are ordered by
/// bound; once the collector holds `count` passages, the terms whose bounds (plus every heading
/// bonus the query can earn) sum below the worst kept score are *non-essential*: a passage
/// holding only those cannot enter, so candidates come from the other lists alone, and the
/// non-essential lists are only probed (skip table, then a short scan) for those candidates, in
/// decreasing bound order, stopping as soon as the candidate cannot reach the worst kept score.
///
/// The result is exactly the best `count` of the exhaustive scorer (same scores, bit for bit:
/// a candidate's terms are summed in query order, as ``BM25Scorer`` does), with ties broken by
/// lower passage number. Bounds are compared with a relative margin of 10⁻¹², far above the
/// rounding error of a few additions, so rounding never prunes a passage that belongs.
struct MaxScoreCollector {
    let reader: IndexReader
    let parameters: RankingParameters
    let headings: HeadingTerms

    /// A kept passage and the parts of its score.
    struct Collected {
        var passage: Int
        var score: Double
        var body: Double
        var heading: Double
        var headingTerms: [String]
    }

    /// What the collector found.
    struct Outcome {
        /// The best non-duplicate passages and the duplicates ranking before the last of them,
        /// best first (score, then lower passage number).
        var best: [Collected]
        /// Passages holding a query term that the filter allows: exact when `countIsExact`,
        /// otherwise a lower bound (pruning skipped some without looking).
        var matched: Int
        var countIsExact: Bool
    }

    /// One query term's posting list.
    private struct Lane {
        var cursor: PostingsCursor
        let kind: Token.Kind
        /// Field weight × query frequency × IDF (``BM25Scorer``'s term weight).
        let weight: Double
        /// The most this term adds to any passage's body score.
        let bound: Double
        /// The current passage; `Int.max` once exhausted, `-1` before the first.
        var current = -1
        /// The block holding the passage last asked about in ``MaxScoreCollector/collect``, its last
        /// passage (`Int.max` for a list of one block or past the end) and its bound.
        var block = -1
        var blockLast = -1
        var blockBound = 0.0
    }

    /// The best `count` passages allowed by `allowed` (all when nil) that are not duplicates,
    /// and every duplicate passage that ranks before the last of them.
    ///
    /// Duplicates are collected apart because ranking folds them into the passages that cover
    /// them: counting them among the best would let copies of one text crowd out the passages
    /// that survive folding. Passages the collection leaves out rank after every non-duplicate
    /// it keeps.
    ///
    /// - Parameter duplicates: the duplicate passages, sorted.
    /// - Throws: `KensakuError` (`indexCorrupt`) when a posting list does not decode.
    func collect(_ query: AnalyzedQuery, allowed: ((Int) -> Bool)?, count: Int, duplicates: [Int]) throws(KensakuError) -> Outcome {
        let scorer = BM25Scorer(reader: reader, parameters: parameters)
        let passageCount = reader.passageCount
        guard count > 0, passageCount > 0 else { return Outcome(best: [], matched: 0, countIsExact: count > 0) }

        // Lanes in query order, then an order by increasing bound.
        var lanes: [Lane] = []
        var texts: [String] = []
        var largestFrequency = 0
        for (term, queryCount) in query.terms {
            guard let info = reader.lookup(term.text, field: term.kind) else { continue }
            let weight = scorer.weight(of: term) * Double(queryCount) * scorer.inverseDocumentFrequency(info.documentFrequency)
            let bound = weight * boundFactor(maxFrequency: info.maxFrequency, minLength: info.minLength,
                                             saturated: IndexFormat.maximumRecordedFrequency, field: term.kind)
            lanes.append(Lane(cursor: reader.postings(info), kind: term.kind, weight: weight, bound: bound))
            texts.append(term.text)
            largestFrequency = max(largestFrequency, info.documentFrequency)
        }
        guard !lanes.isEmpty else { return Outcome(best: [], matched: 0, countIsExact: true) }

        // Heading bonuses, in query order, exactly as the ranker adds them.
        var headingBonuses: [(number: Int32, text: String, bonus: Double)] = []
        if parameters.headingWeight > 0 {
            for (term, queryCount) in query.terms {
                guard let number = headings.number(of: term) else { continue }
                headingBonuses.append((number, term.text, parameters.headingWeight * (scorer.termWeight(term) * Double(queryCount))))
            }
        }
        let headingBound = headingBonuses.reduce(0) { $0 + $1.bonus }

        let order = lanes.indices.sorted { lanes[$0].bound < lanes[$1].bound }
        // boundBelow[i]: the sum of the bounds of order[0..<i].
        var boundBelow = [0.0]
        for index in order { boundBelow.append(boundBelow[boundBelow.count - 1] + lanes[index].bound) }

        var heap = TopHeap(capacity: count)
        var duplicatesAhead: [Collected] = []
        var nextDuplicate = 0
        var firstEssential = 0
        var prunedAny = false
        var matched = 0
        var contributions = [Double](repeating: 0, count: lanes.count)
        var present = [Bool](repeating: false, count: lanes.count)

        func advance(_ index: Int, to target: Int) throws(KensakuError) {
            do {
                if try lanes[index].cursor.advance(to: target) {
                    guard lanes[index].cursor.passage < passageCount else { throw PostingsCursor.DecodingError() }
                    lanes[index].current = lanes[index].cursor.passage
                } else {
                    lanes[index].current = Int.max
                }
            } catch {
                throw KensakuError(.indexCorrupt(path: reader.path, detail: "the posting list of '\(texts[index])' does not decode"))
            }
        }
        func contribution(_ index: Int, passage: Int) -> Double {
            lanes[index].weight * scorer.normalizedFrequency(lanes[index].cursor.frequency, passage: passage, field: lanes[index].kind)
        }
        /// The most lane `index` adds to any passage from `passage` to the lane's `blockLast`:
        /// the bound of the block holding `passage` (asked with increasing passages).
        func blockBound(_ index: Int, at passage: Int) -> Double {
            if lanes[index].current == Int.max {
                lanes[index].blockLast = Int.max
                return 0
            }
            let cursor = lanes[index].cursor
            if cursor.blockCount == 0 {
                lanes[index].blockLast = Int.max
                return lanes[index].bound
            }
            if passage <= lanes[index].blockLast { return lanes[index].blockBound }
            var low = lanes[index].block + 1, high = cursor.blockCount
            while low < high {
                let middle = (low + high) / 2
                if cursor.lastPassage(ofBlock: middle) < passage { low = middle + 1 } else { high = middle }
            }
            lanes[index].block = low
            if low == cursor.blockCount {
                lanes[index].blockLast = Int.max
                lanes[index].blockBound = 0
            } else {
                lanes[index].blockLast = cursor.lastPassage(ofBlock: low)
                lanes[index].blockBound = lanes[index].weight * boundFactor(
                    maxFrequency: cursor.maxFrequency(ofBlock: low), minLength: cursor.minLength(ofBlock: low),
                    saturated: IndexFormat.maximumBound16, field: lanes[index].kind)
            }
            return lanes[index].blockBound
        }
        /// Whether a passage whose score is at most `bound` cannot enter the full heap.
        func cannotEnter(_ bound: Double) -> Bool {
            heap.isFull && bound * (1 + 1e-12) < heap.worstScore
        }
        var laneBlockBounds = [Double](repeating: 0, count: lanes.count)

        for index in lanes.indices { try advance(index, to: 0) }
        candidates: while true {
            // The next candidate: the smallest current passage among the essential lanes.
            var passage = Int.max
            for position in firstEssential..<order.count where lanes[order[position]].current < passage {
                passage = lanes[order[position]].current
            }
            if passage == Int.max { break }

            if heap.isFull {
                // Block bounds: when no passage from here to the end of the nearest block boundary
                // can enter, skip to that boundary without scoring.
                var windowBound = headingBound
                var windowEnd = Int.max
                for index in lanes.indices {
                    laneBlockBounds[index] = blockBound(index, at: passage)
                    windowBound += laneBlockBounds[index]
                    windowEnd = min(windowEnd, lanes[index].blockLast)
                }
                if cannotEnter(windowBound) {
                    prunedAny = true
                    if windowEnd == Int.max { break candidates }
                    for position in firstEssential..<order.count where lanes[order[position]].current <= windowEnd {
                        try advance(order[position], to: windowEnd + 1)
                    }
                    continue
                }
                // This passage alone: the block bounds of the essential lanes holding it and of
                // every non-essential lane.
                var candidateBound = headingBound
                for position in 0..<order.count where position < firstEssential || lanes[order[position]].current == passage {
                    candidateBound += laneBlockBounds[order[position]]
                }
                if cannotEnter(candidateBound) {
                    prunedAny = true
                    for position in firstEssential..<order.count where lanes[order[position]].current == passage {
                        try advance(order[position], to: passage + 1)
                    }
                    continue
                }
            } else {
                for index in lanes.indices { laneBlockBounds[index] = lanes[index].bound }
            }
            if let allowed, !allowed(passage) {
                for position in firstEssential..<order.count where lanes[order[position]].current == passage {
                    try advance(order[position], to: passage + 1)
                }
                continue
            }
            matched += 1
            var partial = 0.0
            for position in firstEssential..<order.count where lanes[order[position]].current == passage {
                let lane = order[position]
                contributions[lane] = contribution(lane, passage: passage)
                present[lane] = true
                partial += contributions[lane]
                try advance(lane, to: passage + 1)
            }
            // Probe the non-essential lanes, largest bound first, while the candidate can still enter.
            var remaining = 0.0
            for position in 0..<firstEssential { remaining += laneBlockBounds[order[position]] }
            var position = firstEssential - 1
            while position >= 0 {
                if cannotEnter(partial + remaining + headingBound) { break }
                let lane = order[position]
                remaining -= laneBlockBounds[lane]
                if lanes[lane].current < passage { try advance(lane, to: passage) }
                if lanes[lane].current == passage {
                    contributions[lane] = contribution(lane, passage: passage)
                    present[lane] = true
                    partial += contributions[lane]
                }
                position -= 1
            }
            if position < 0 {
                // Fully scored: the exact sums, in query order.
                var body = 0.0
                for lane in lanes.indices where present[lane] { body += contributions[lane] }
                var score = body
                var heading = 0.0
                var headingTerms: [String] = []
                if !headingBonuses.isEmpty {
                    let location = reader.location(ofPassage: passage)
                    let numbers = headings.termNumbers(document: location.document, section: location.section)
                    if !numbers.isEmpty {
                        for (number, text, bonus) in headingBonuses where Self.sortedContains(numbers, number) {
                            heading += bonus
                            headingTerms.append(text)
                        }
                        score += heading
                    }
                }
                let collected = Collected(passage: passage, score: score, body: body, heading: heading, headingTerms: headingTerms)
                while nextDuplicate < duplicates.count && duplicates[nextDuplicate] < passage { nextDuplicate += 1 }
                if nextDuplicate < duplicates.count && duplicates[nextDuplicate] == passage {
                    if !heap.isFull || TopHeap.precedes(collected, heap.worst) {
                        duplicatesAhead.append(collected)
                        if duplicatesAhead.count > 4 * count + 64 {
                            duplicatesAhead.removeAll { !TopHeap.precedes($0, heap.worst) }
                        }
                    }
                } else if heap.offer(collected), heap.isFull {
                    // The worst kept score rose: more lanes may have become non-essential.
                    while firstEssential < order.count
                            && (boundBelow[firstEssential + 1] + headingBound) * (1 + 1e-12) < heap.worstScore {
                        firstEssential += 1
                        prunedAny = true
                    }
                }
            } else {
                prunedAny = true
            }
            for lane in lanes.indices { present[lane] = false }
        }
        let exact = !prunedAny
        // Unfiltered, every passage of the longest list matches: a lower bound when pruned.
        var best = heap.sortedBest()
        if let worst = best.last, heap.isFull { duplicatesAhead.removeAll { !TopHeap.precedes($0, worst) } }
        best = (best + duplicatesAhead).sorted(by: TopHeap.precedes)
        return Outcome(best: best, matched: exact || allowed != nil ? matched : max(matched, largestFrequency),
                       countIsExact: exact)
    }

    /// One passage's score, or nil when it holds no query term: for passages the collection did
    /// not keep (coverers of kept duplicates).
    ///
    /// - Throws: `KensakuError` (`indexCorrupt`) when a posting list does not decode.
    func score(_ query: AnalyzedQuery, passage: Int) throws(KensakuError) -> Collected? {
        let scorer = BM25Scorer(reader: reader, parameters: parameters)
        var body = 0.0
        var found = false
        for (term, queryCount) in query.terms {
            guard let info = reader.lookup(term.text, field: term.kind) else { continue }
            var cursor = reader.postings(info)
            do {
                guard try cursor.advance(to: passage), cursor.passage == passage else { continue }
            } catch {
                throw KensakuError(.indexCorrupt(path: reader.path, detail: "the posting list of '\(term.text)' does not decode"))
            }
            let weight = scorer.weight(of: term) * Double(queryCount) * scorer.inverseDocumentFrequency(info.documentFrequency)
            body += weight * scorer.normalizedFrequency(cursor.frequency, passage: passage, field: term.kind)
            found = true
        }
        guard found else { return nil }
        var score = body, heading = 0.0
        var headingTerms: [String] = []
        let location = reader.location(ofPassage: passage)
        let numbers = headings.termNumbers(document: location.document, section: location.section)
        if parameters.headingWeight > 0 && !numbers.isEmpty {
            var any = false
            for (term, queryCount) in query.terms {
                guard let number = headings.number(of: term) else { continue }
                any = true
                if Self.sortedContains(numbers, number) {
                    heading += parameters.headingWeight * (scorer.termWeight(term) * Double(queryCount))
                    headingTerms.append(term.text)
                }
            }
            if any { score += heading }
        }
        return Collected(passage: passage, score: score, body: body, heading: heading, headingTerms: headingTerms)
    }

    /// The BM25 saturation at the largest frequency and smallest length a list or block records:
    /// no passage of it gets more (the function grows with frequency, shrinks with length).
    /// A frequency of `saturated` means "this or more": then the limit for tf → ∞, `k1 + 1`.
    private func boundFactor(maxFrequency: Int, minLength: Int, saturated: Int, field: Token.Kind) -> Double {
        if maxFrequency >= saturated { return parameters.k1 + 1 }
        let total = field == .word ? reader.wordTokenTotal : reader.bigramTokenTotal
        let average = max(1, Double(total) / Double(max(1, reader.passageCount)))
        let tf = Double(maxFrequency), k1 = parameters.k1, b = parameters.b
        return tf * (k1 + 1) / (tf + k1 * (1 - b + b * Double(minLength) / average))
    }

    static func sortedContains(_ values: [Int32], _ value: Int32) -> Bool {
        var low = 0, high = values.count
        while low < high {
            let middle = (low + high) / 2
            if values[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < values.count && values[low] == value
    }
}

/// The best `capacity` passages seen so far: a binary heap whose root is the worst kept one
/// (lowest score, then highest passage number).
struct TopHeap {
    let capacity: Int
    private var items: [MaxScoreCollector.Collected] = []

    init(capacity: Int) {
        self.capacity = capacity
        items.reserveCapacity(capacity)
    }

    var isFull: Bool { items.count >= capacity }
    /// The worst kept score (meaningful when full).
    var worstScore: Double { items.first?.score ?? 0 }
    /// The worst kept passage (when not empty).
    var worst: MaxScoreCollector.Collected { items[0] }

    /// Whether `a` ranks before `b`: higher score, then lower passage number.
    static func precedes(_ a: MaxScoreCollector.Collected, _ b: MaxScoreCollector.Collected) -> Bool {
        a.score != b.score ? a.score > b.score : a.passage < b.passage
    }

    /// Keeps `item` if it belongs among the best; true when kept.
    mutating func offer(_ item: MaxScoreCollector.Collected) -> Bool {
        if items.count < capacity {
            items.append(item)
            var child = items.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard Self.precedes(items[parent], items[child]) else { break }
                items.swapAt(parent, child)
                child = parent
            }
            return true
        }
        guard Self.precedes(item, items[0]) else { return false }
        items[0] = item
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var worst = parent
            if left < items.count && Self.precedes(items[worst], items[left]) { worst = left }
            if right < items.count && Self.precedes(items[worst], items[right]) { worst = right }
            if worst == parent { return true }
            items.swapAt(parent, worst)
            parent = worst
        }
    }

    /// The kept passages, best first.
    func sortedBest() -> [MaxScoreCollector.Collected] {
        items.sorted(by: Self.precedes)
    }
}
