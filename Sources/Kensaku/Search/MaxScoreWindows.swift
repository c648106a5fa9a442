extension MaxScoreCollector {
    /// Passages per window of ``collectWindowed(lanes:texts:chunks:headingBonuses:allowed:count:duplicates:scorer:keeper:)``
    /// for a query of `laneCount` terms: 1,024, fewer for long queries so that the per-window
    /// contributions (a `Double` per term and passage) stay within 1 MiB. A multiple of 64.
    /// (Dev queries at ×100: 512 → 1,024 passages −4.4 % instructions and about −10 % wall;
    /// 2,048 and 4,096 −6 % instructions but no faster.)
    static func windowSize(laneCount: Int) -> Int {
        max(64, min(1024, 131_072 / max(laneCount, 1)) & ~63)
    }

    /// The share of the threshold the non-essential lanes' window bounds may sum to (with the
    /// largest heading bonus). Any share below 1 keeps the collection exact; a smaller one makes
    /// more lanes essential (more postings scored term at a time) but leaves each passage they
    /// reach a margin to make up from them, so fewer candidates get as far as probing the
    /// non-essential lanes, at about 230 instructions a probe. Dev queries at ×100: 1 → 0.9,
    /// 0.8, 0.75, 0.7, 0.65, 0.6: −2.2, −4.6, −5.2, −4.5, −3.0, −1.3 % instructions (q01 −18 %,
    /// q60 −12 %); ×1 and ×10 unchanged.
    static let nonEssentialShare = 0.75

    /// Scores an essential lane's entries before `end` into the window's arrays (`contributions`
    /// and `present` already moved to the term's row and word; `words` words of `present` per
    /// passage); the cursor's ``PostingsCursor/forEach(before:_:)`` result.
    ///
    /// A function of its own, with plain pointers: inside the collector the loop kept ~13 values
    /// on the stack and reloaded them at every entry (~62 instructions an entry at ×100). A query
    /// of at most 64 terms (one word per passage) gets a loop of its own: no multiply, and one
    /// value fewer for the loop to keep (×100 −2.6 % instructions).
    @inline(never)
    static func scoreEssential(
        _ cursor: inout PostingsCursor, before end: Int, windowStart start: Int, weight: Double, norms: LengthNorms.FieldLookup,
        partial: UnsafeMutablePointer<Double>, contributions: UnsafeMutablePointer<Double>, present: UnsafeMutablePointer<UInt64>,
        words: Int, bit: UInt64, occupied: UnsafeMutablePointer<UInt64>
    ) throws(PostingsCursor.DecodingError) -> Bool {
        if words == 1 {
            return try scoreEntries(&cursor, before: end, windowStart: start, weight: weight, norms: norms, partial: partial,
                                    contributions: contributions, present: present, bit: bit, occupied: occupied) { $0 }
        }
        return try scoreEntries(&cursor, before: end, windowStart: start, weight: weight, norms: norms, partial: partial,
                                contributions: contributions, present: present, bit: bit, occupied: occupied) { $0 &* words }
    }

    /// The loop of ``scoreEssential(_:before:windowStart:weight:norms:partial:contributions:present:words:bit:occupied:)``:
    /// `presentWord` maps a window offset to its word of `present`.
    @inline(__always)
    private static func scoreEntries(
        _ cursor: inout PostingsCursor, before end: Int, windowStart start: Int, weight: Double, norms: LengthNorms.FieldLookup,
        partial: UnsafeMutablePointer<Double>, contributions: UnsafeMutablePointer<Double>, present: UnsafeMutablePointer<UInt64>,
        bit: UInt64, occupied: UnsafeMutablePointer<UInt64>, presentWord: (Int) -> Int
    ) throws(PostingsCursor.DecodingError) -> Bool {
        try cursor.forEach(before: end) { passage, frequency in
            let offset = passage &- start
            let value = weight * norms.normalizedFrequency(frequency, passage: passage)
            partial[offset] += value
            contributions[offset] = value
            present[presentWord(offset)] |= bit
            occupied[offset &>> 6] |= 1 &<< UInt64(offset & 63)
        }
    }

    /// MaxScore window by window, as Lucene's `MaxScoreBulkScorer` does: the passage ranges
    /// taken from `chunks` (in increasing order) are cut into windows of
    /// ``windowSize(laneCount:)``. For each window every term's bound is the largest of its blocks
    /// overlapping the window (the block-max bounds of the skip tables), so a term that is
    /// frequent here and absent there is essential only where it can matter. Once `count`
    /// passages are kept, the terms whose window bounds (plus every heading bonus the query can
    /// earn) sum below the worst kept score are non-essential; a window where all are is skipped
    /// without decoding anything.
    ///
    /// The essential terms are scored term at a time, in query order, into per-window arrays
    /// (a tight loop over each bit-packed block, no per-passage bookkeeping across terms). Each
    /// passage they reach is then a candidate: it probes the non-essential terms, largest window
    /// bound first, only while it can still enter; a candidate fully scored sums its terms'
    /// contributions in query order, so scores equal the exhaustive scorer's bit for bit.
    ///
    /// `lanes` are positioned before their first entry. Several threads may take their ranges
    /// from one `chunks`; with `keeper`, they keep their best in it (and the outcome's `best` is
    /// empty), else in a keeper of their own.
    func collectWindowed(
        lanes sortedLanes: [Lane], texts: [String], chunks: PassageChunks, headingBonuses: HeadingBonuses,
        allowed: ((Int) -> Bool)?, count: Int, duplicates: PassageSet, scorer: BM25Scorer,
        keeper shared: SharedKeeper? = nil
    ) throws(KensakuError) -> PartOutcome {
        let passageCount = reader.passageCount
        let laneCount = sortedLanes.count
        let window = Self.windowSize(laneCount: laneCount)
        let words = (laneCount + 63) >> 6

        // The lanes and the per-window state live in buffers of their own: the loops below write
        // them constantly, and arrays would check uniqueness on every write.
        let lanes = UnsafeMutableBufferPointer<Lane>.allocate(capacity: laneCount)
        _ = lanes.initialize(from: sortedLanes)
        // Per window offset: the essential terms' sum (query order), the terms present (a bit per
        // term, by query order) and each present term's contribution (`[term × window + offset]`,
        // read only where the bit is set). `occupied` has a bit per offset some term reached.
        let partial = UnsafeMutableBufferPointer<Double>.allocate(capacity: window)
        partial.initialize(repeating: 0)
        let present = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: window * words)
        present.initialize(repeating: 0)
        // Left uninitialized (a trivial type): each element is written before it is read.
        let contributions = UnsafeMutableBufferPointer<Double>.allocate(capacity: window * laneCount)
        let occupied = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: window >> 6)
        occupied.initialize(repeating: 0)
        // Per lane: its bound in the current window and its postings; the lanes by increasing
        // window bound and by increasing window bound per posting; the lane of each query term;
        // whether each lane is essential in the current window, and whether it is non-essential
        // in the choice at hand; the non-essential lanes in the order candidates probe them.
        let windowBounds = UnsafeMutableBufferPointer<Double>.allocate(capacity: laneCount)
        windowBounds.initialize(repeating: 0)
        let postings = UnsafeMutableBufferPointer<Double>.allocate(capacity: laneCount)
        let byBound = UnsafeMutableBufferPointer<Int>.allocate(capacity: laneCount)
        let byDensity = UnsafeMutableBufferPointer<Int>.allocate(capacity: laneCount)
        let laneOfTerm = UnsafeMutableBufferPointer<Int>.allocate(capacity: laneCount)
        let isEssential = UnsafeMutableBufferPointer<Bool>.allocate(capacity: laneCount)
        isEssential.initialize(repeating: true)
        let chosen = UnsafeMutableBufferPointer<Bool>.allocate(capacity: laneCount)
        chosen.initialize(repeating: false)
        let probeOrder = UnsafeMutableBufferPointer<Int>.allocate(capacity: laneCount)
        probeOrder.initialize(repeating: 0)
        for lane in 0..<laneCount {
            postings.initializeElement(at: lane, to: Double(sortedLanes[lane].cursor.documentFrequency))
            byBound.initializeElement(at: lane, to: lane)
            byDensity.initializeElement(at: lane, to: lane)
            laneOfTerm.initializeElement(at: sortedLanes[lane].queryOrder, to: lane)
        }
        defer {
            lanes.deinitialize().deallocate()
            partial.deallocate()
            present.deallocate()
            contributions.deallocate()
            occupied.deallocate()
            windowBounds.deallocate()
            postings.deallocate()
            byBound.deallocate()
            byDensity.deallocate()
            laneOfTerm.deallocate()
            isEssential.deallocate()
            chosen.deallocate()
            probeOrder.deallocate()
        }

        func corrupt(_ lane: Int) -> KensakuError {
            KensakuError(.indexCorrupt(path: reader.path, detail: "the posting list of '\(texts[lanes[lane].queryOrder])' does not decode"))
        }
        /// Records where lane `lane`'s cursor stands after a move that found a passage or ran
        /// past the list's end.
        func settle(_ lane: Int, found: Bool) throws(PostingsCursor.DecodingError) {
            if found {
                guard lanes[lane].cursor.passage < passageCount else { throw PostingsCursor.DecodingError() }
                lanes[lane].current = lanes[lane].cursor.passage
            } else {
                lanes[lane].current = Int.max
            }
        }
        func advance(_ lane: Int, to target: Int) throws(KensakuError) {
            do {
                try settle(lane, found: try lanes[lane].cursor.advance(to: target))
            } catch {
                throw corrupt(lane)
            }
        }
        /// The bound of block `block` of lane `lane` (the last one asked is remembered).
        func blockBound(_ lane: Int, _ block: Int) -> Double {
            if lanes[lane].boundedBlock == block { return lanes[lane].boundedBlockBound }
            let cursor = lanes[lane].cursor
            let bound = lanes[lane].weight * boundFactor(
                maxFrequency: cursor.maxFrequency(ofBlock: block), minLength: cursor.minLength(ofBlock: block),
                saturated: IndexFormat.maximumBound16, scorer: scorer, field: lanes[lane].kind)
            lanes[lane].boundedBlock = block
            lanes[lane].boundedBlockBound = bound
            return bound
        }
        /// The most lane `lane` adds to any passage in `start ..< end` (asked with increasing
        /// `start`): 0 when its next passage is past the window, else the largest bound of its
        /// blocks overlapping the window.
        func windowBound(_ lane: Int, start: Int, end: Int) -> Double {
            let current = lanes[lane].current
            if current >= end { return 0 }
            let blockCount = lanes[lane].cursor.blockCount
            if blockCount == 0 { return lanes[lane].bound }
            // The first block that can hold a passage at or after `from`.
            let from = max(start, current)
            var block = lanes[lane].cursor.firstBlock(endingAtOrAfter: from, from: max(lanes[lane].block, 0))
            if block == blockCount { return 0 }
            lanes[lane].block = block
            var bound = blockBound(lane, block)
            while lanes[lane].cursor.lastPassage(ofBlock: block) < end - 1 && block + 1 < blockCount {
                block += 1
                bound = max(bound, blockBound(lane, block))
            }
            return bound
        }

        let headingBound = headingBonuses.largest
        var kept = Keeper(count: count, duplicates: duplicates)
        var prunedAny = false
        var matched = 0
        var lanesMadeEssentialAgain = 0
        // The score a passage must reach: the worst kept once `count` are kept (here or, with a
        // shared keeper, by all parts); 0 (nothing pruned) before.
        var threshold = 0.0
        /// Whether a passage whose score is at most `bound` cannot be among the best.
        func cannotEnter(_ bound: Double) -> Bool { bound * (1 + 1e-12) < threshold }
        /// Whether lanes whose window bounds sum to `bound` (with the largest heading bonus) may
        /// all be non-essential (see ``nonEssentialShare``).
        func mayBeNonEssential(_ bound: Double) -> Bool { bound * (1 + 1e-12) < threshold * Self.nonEssentialShare }

        while let range = chunks.next() {
            for lane in 0..<laneCount where lanes[lane].current < range.lowerBound { try advance(lane, to: range.lowerBound) }
            var start = range.lowerBound
            while true {
                // Every lane's current passage is its next one at or after `start`, except the
                // non-essential lanes of the window before, which may lag behind: the window starts
                // at the next passage any lane holds.
                var next = Int.max
                for lane in 0..<laneCount where lanes[lane].current < next { next = lanes[lane].current }
                start = max(start, next)
                if start >= range.upperBound { break }
                let end = min(start + window, range.upperBound)
                if let shared { threshold = max(threshold, shared.worstScore) }

                // The non-essential lanes: any whose window bounds sum (with the largest heading
                // bonus) below a share of the threshold. Of two choices, the one leaving the fewest
                // postings to the essential lanes (they make the candidates): the lanes of smallest
                // bound (classic MaxScore), or lanes taken by increasing bound per posting, so that a
                // frequent term of middling bound need not make every passage holding it a candidate.
                var probeCount = 0
                var nonEssentialSum = 0.0
                if threshold > 0 {
                    for lane in 0..<laneCount { windowBounds[lane] = windowBound(lane, start: start, end: end) }
                    // Insertion sorts: the orders change little from one window to the next.
                    Self.insertionSort(byBound, laneCount) { windowBounds[$0] < windowBounds[$1] }
                    Self.insertionSort(byDensity, laneCount) { windowBounds[$0] * postings[$1] < windowBounds[$1] * postings[$0] }
                    var smallest = 0, smallestSum = 0.0, smallestPostings = 0.0
                    while smallest < laneCount && mayBeNonEssential(smallestSum + windowBounds[byBound[smallest]] + headingBound) {
                        smallestSum += windowBounds[byBound[smallest]]
                        smallestPostings += postings[byBound[smallest]]
                        smallest += 1
                    }
                    var denseSum = 0.0, densePostings = 0.0
                    for rank in 0..<laneCount {
                        let lane = byDensity[rank]
                        chosen[lane] = mayBeNonEssential(denseSum + windowBounds[lane] + headingBound)
                        if chosen[lane] {
                            denseSum += windowBounds[lane]
                            densePostings += postings[lane]
                        }
                    }
                    if densePostings > smallestPostings {
                        nonEssentialSum = denseSum
                    } else {
                        nonEssentialSum = smallestSum
                        for lane in 0..<laneCount { chosen[lane] = false }
                        for rank in 0..<smallest { chosen[byBound[rank]] = true }
                    }
                    // Candidates probe first the lanes of largest window bound: a miss there lowers
                    // the candidate's bound most. (By bound per posting instead, rare terms first:
                    // 1 % more instructions on the dev queries at ×100.)
                    for rank in stride(from: laneCount - 1, through: 0, by: -1) where chosen[byBound[rank]] {
                        probeOrder[probeCount] = byBound[rank]
                        probeCount += 1
                    }
                    if probeCount == laneCount {
                        // No passage of the window can enter.
                        prunedAny = true
                        start = end
                        continue
                    }
                    if probeCount > 0 { prunedAny = true }
                }
                for lane in 0..<laneCount {
                    let essential = probeCount == 0 || !chosen[lane]
                    if essential && !isEssential[lane] { lanesMadeEssentialAgain += 1 }
                    isEssential[lane] = essential
                }

                // The essential lanes, term at a time in query order.
                for term in 0..<laneCount {
                    let lane = laneOfTerm[term]
                    guard isEssential[lane] else { continue }
                    if lanes[lane].current < start { try advance(lane, to: start) }
                    if lanes[lane].current >= end { continue }
                    do {
                        let more = try Self.scoreEssential(
                            &lanes[lane].cursor, before: end, windowStart: start, weight: lanes[lane].weight,
                            norms: scorer.normsLookup(field: lanes[lane].kind), partial: partial.baseAddress!,
                            contributions: contributions.baseAddress! + term * window, present: present.baseAddress! + (term >> 6),
                            words: words, bit: UInt64(1) << UInt64(term & 63), occupied: occupied.baseAddress!)
                        try settle(lane, found: more)
                    } catch {
                        throw corrupt(lane)
                    }
                }

                // Each passage the essential lanes reached, in increasing order.
                for occupiedWord in 0..<(window >> 6) {
                    var bits = occupied[occupiedWord]
                    occupied[occupiedWord] = 0
                    while bits != 0 {
                        let offset = occupiedWord << 6 | bits.trailingZeroBitCount
                        bits &= bits - 1
                        let passage = start + offset
                        var score = partial[offset]
                        partial[offset] = 0
                        // This passage's words of `present`, cleared whatever happens below.
                        let terms = present.baseAddress! + offset &* words
                        defer { if words == 1 { terms.pointee = 0 } else { terms.update(repeating: 0, count: words) } }
                        if let allowed, !allowed(passage) { continue }
                        // The largest heading bonus first: it needs no look at the passage record.
                        if cannotEnter(score + nonEssentialSum + headingBound) {
                            prunedAny = true
                            continue
                        }
                        let bonus = headingBonuses.bonus(of: passage)
                        if cannotEnter(score + nonEssentialSum + bonus) {
                            prunedAny = true
                            continue
                        }
                        matched += 1
                        // Probe the non-essential lanes, largest window bound first, while the
                        // candidate can still enter.
                        var remaining = nonEssentialSum
                        var complete = true
                        var rank = 0
                        while rank < probeCount {
                            if cannotEnter(score + remaining + bonus) {
                                complete = false
                                break
                            }
                            let lane = probeOrder[rank]
                            rank += 1
                            remaining -= windowBounds[lane]
                            if windowBounds[lane] == 0 || lanes[lane].current > passage { continue }
                            if lanes[lane].current < passage { try advance(lane, to: passage) }
                            if lanes[lane].current == passage {
                                let term = lanes[lane].queryOrder
                                let value = lanes[lane].weight
                                    * scorer.normalizedFrequency(lanes[lane].cursor.frequency, passage: passage, field: lanes[lane].kind)
                                contributions[term &* window &+ offset] = value
                                terms[term &>> 6] |= 1 &<< UInt64(term & 63)
                                score += value
                            }
                        }
                        guard complete else {
                            prunedAny = true
                            continue
                        }
                        // Fully scored: the exact sum, in query order.
                        var body = 0.0
                        for word in 0..<words {
                            var held = terms[word]
                            while held != 0 {
                                body += contributions[(word &<< 6 | held.trailingZeroBitCount) &* window &+ offset]
                                held &= held &- 1
                            }
                        }
                        let scored = Collected(passage: passage, score: body + bonus, body: body, heading: bonus)
                        if let shared {
                            if let worst = shared.offer(scored) { threshold = max(threshold, worst) }
                        } else if kept.offer(scored) {
                            // The worst kept score rose.
                            threshold = max(threshold, kept.worstScore)
                        }
                    }
                }
                start = end
            }
        }
        return PartOutcome(best: shared == nil ? kept.best() : [], matched: matched, prunedAny: prunedAny, lanesMadeEssentialAgain: lanesMadeEssentialAgain)
    }

    /// Sorts the first `count` elements of `items` by `precedes`, stably; fast when they are
    /// nearly sorted already.
    @inline(__always)
    private static func insertionSort(_ items: UnsafeMutableBufferPointer<Int>, _ count: Int, by precedes: (Int, Int) -> Bool) {
        guard count > 1 else { return }
        for index in 1..<count {
            let item = items[index]
            var slot = index
            while slot > 0 && precedes(item, items[slot - 1]) {
                items[slot] = items[slot - 1]
                slot -= 1
            }
            items[slot] = item
        }
    }
}
