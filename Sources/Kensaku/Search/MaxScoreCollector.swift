import Foundation
import Synchronization

/// Finds the best `count` passages by BM25 plus heading bonus without scoring every passage
/// that holds a query term: MaxScore (Turtle and Flood, 1995), as in Lucene and tantivy.
///
/// Each query term's score in any passage is bounded from the largest frequency and smallest
/// field length its list records (per list, and per block of 128 entries). Once the collector
/// holds `count` passages, the terms whose bounds (plus every heading bonus the query can earn)
/// sum below the worst kept score are *non-essential*: a passage holding only those cannot
/// enter, so candidates come from the other lists alone, and the non-essential lists are only
/// probed (skip table, then a short scan) for those candidates, stopping as soon as the
/// candidate cannot reach the worst kept score. The choice is made again for every window of
/// passages from the bounds of the blocks overlapping it (`MaxScoreWindows.swift`).
///
/// The result is exactly the best `count` of the exhaustive scorer (same scores, bit for bit:
/// a candidate's terms are summed in query order, as ``BM25Scorer`` does), with ties broken by
/// lower passage number. Bounds are compared with a relative margin of 10⁻¹², far above the
/// rounding error of a few additions, so rounding never prunes a passage that belongs.
///
/// Large queries are collected in passage ranges on several processors, which keep their best
/// in one ``SharedKeeper``: each prunes against the worst kept score of everything found so far.
struct MaxScoreCollector {
    let reader: IndexReader
    let parameters: RankingParameters
    /// Queries whose posting lists hold at most this many entries in all are scored densely
    /// (see ``defaultDenseScoringPostings``); tests set 0 to prune every query.
    var denseScoringPostings = Self.defaultDenseScoringPostings
    /// When set, every pruned query is collected in this many passage ranges (tests).
    var partCount: Int? = nil

    /// A kept passage and the parts of its score.
    struct Collected {
        var passage: Int
        var score: Double
        var body: Double
        var heading: Double
    }

    /// What the collector found.
    struct Outcome {
        /// The best non-duplicate passages and the duplicates ranking before the last of them, in
        /// no particular order (ranking sorts them by passage).
        var best: [Collected]
        /// Passages holding a query term that the filter allows: exact when `countIsExact`,
        /// otherwise a lower bound (pruning skipped some without looking).
        var matched: Int
        var countIsExact: Bool
        /// How often a lane became essential again after being non-essential (diagnostics).
        var lanesMadeEssentialAgain = 0
    }

    /// One query term's posting list.
    struct Lane {
        var cursor: PostingsCursor
        let kind: Token.Kind
        /// Field weight × query frequency × IDF (``BM25Scorer``'s term weight).
        let weight: Double
        /// The most this term adds to any passage's body score.
        let bound: Double
        /// The term's position among the query's terms found in the index: sums follow it.
        let queryOrder: Int
        /// The current passage; `Int.max` once exhausted, `-1` before the first.
        var current = -1
        /// The first block that can hold the current window's passages (asked with increasing
        /// windows), and the last block whose score bound was worked out, with that bound.
        var block = -1
        var boundedBlock = -1
        var boundedBlockBound = 0.0
    }

    /// The best `count` passages allowed by `allowed` (all when nil) that are not duplicates,
    /// and every duplicate passage that ranks before the last of them.
    ///
    /// Duplicates are collected apart because ranking folds them into the passages that cover
    /// them: counting them among the best would let copies of one text crowd out the passages
    /// that survive folding. Passages the collection leaves out rank after every non-duplicate
    /// it keeps.
    ///
    /// - Parameter duplicates: the duplicate passages.
    /// - Throws: `KensakuError` (`indexCorrupt`) when a posting list does not decode.
    func collect(
        _ plan: QueryPlan, headingBonuses: HeadingBonuses, allowed: ((Int) -> Bool)?, count: Int, duplicates: PassageSet
    ) throws(KensakuError) -> Outcome {
        let scorer = BM25Scorer(reader: reader, parameters: parameters)
        let passageCount = reader.passageCount
        guard count > 0, passageCount > 0 else { return Outcome(best: [], matched: 0, countIsExact: count > 0) }

        // Lanes ordered by increasing bound; each remembers its place in the query.
        var found: [Lane] = []
        var texts: [String] = []
        found.reserveCapacity(plan.terms.count)
        texts.reserveCapacity(plan.terms.count)
        var largestFrequency = 0
        for term in plan.terms {
            guard let info = term.info else { continue }
            let bound = term.bodyWeight * boundFactor(maxFrequency: info.maxFrequency, minLength: info.minLength,
                                                      saturated: IndexFormat.maximumRecordedFrequency, scorer: scorer, field: term.term.kind)
            found.append(Lane(cursor: reader.postings(info), kind: term.term.kind, weight: term.bodyWeight, bound: bound, queryOrder: found.count))
            texts.append(term.term.text)
            largestFrequency = max(largestFrequency, info.documentFrequency)
        }
        guard !found.isEmpty else { return Outcome(best: [], matched: 0, countIsExact: true) }
        let totalPostings = found.reduce(0, { $0 + $1.cursor.documentFrequency })
        // Dense scoring clears and scans an array over all passages: not for a few postings in a large index.
        if totalPostings <= denseScoringPostings && passageCount <= 4 * totalPostings {
            return try collectDensely(lanes: found, texts: texts, headingBonuses: headingBonuses, allowed: allowed, count: count,
                                      duplicates: duplicates, scorer: scorer)
        }
        let sortedLanes = found.sorted { $0.bound != $1.bound ? $0.bound < $1.bound : $0.queryOrder < $1.queryOrder }
        let parts = partCount.map { max(1, min($0, passageCount)) }
            ?? Self.parallelParts(postings: totalPostings, passages: passageCount,
                                  processors: Self.activeProcessorCount, threshold: Self.defaultParallelScoringPostings)
        let collected: [PartOutcome]
        var sharedKeeper: SharedKeeper? = nil
        if parts == 1 {
            collected = [try collectWindowed(lanes: sortedLanes, texts: texts, chunks: PassageChunks(0..<passageCount, size: passageCount),
                                           headingBonuses: headingBonuses, allowed: allowed, count: count, duplicates: duplicates, scorer: scorer)]
        } else {
            // Each part collects the passage ranges it takes exactly; the parts only read shared
            // state. Ranges are handed out as the parts ask for them, so a part that started
            // late, met costlier passages or lost its processor for a while takes fewer. (With
            // fixed halves the heavy dev queries at ×100 waited for the slower half: thread CPU
            // of the halves differed by 3–19 %, wall time by more on a shared machine.)
            var results = [Result<PartOutcome, KensakuError>?](repeating: nil, count: parts)
            results.withUnsafeMutableBufferPointer { buffer in
                // Safe to share: each part writes only its own slot, and the rest is only read
                // (the filter reads sets and the memory-mapped index).
                nonisolated(unsafe) let output = buffer
                nonisolated(unsafe) let shared = (collector: self, lanes: sortedLanes, texts: texts, allowed: allowed, headingBonuses: headingBonuses,
                                                  scorer: scorer)
                let keeper = SharedKeeper(count: count, duplicates: duplicates)
                sharedKeeper = keeper
                let chunks = PassageChunks(0..<passageCount, size: Self.chunkSize(passages: passageCount, parts: parts,
                                                                                  window: Self.windowSize(laneCount: sortedLanes.count)))
                // Parts set by a test always wake the helpers, so that they run at the same time.
                let waking = partCount != nil || totalPostings >= Self.wakingParallelScoringPostings
                PartWorkers.shared.run(parts: parts, wakingSleepers: waking) { part in
                    do throws(KensakuError) {
                        output[part] = .success(try shared.collector.collectWindowed(
                            lanes: shared.lanes, texts: shared.texts, chunks: chunks, headingBonuses: shared.headingBonuses,
                            allowed: shared.allowed, count: count, duplicates: duplicates, scorer: shared.scorer, keeper: keeper))
                    } catch {
                        output[part] = .failure(error)
                    }
                }
            }
            collected = try results.map { result throws(KensakuError) in try result!.get() }
        }
        let exact = !collected.contains(where: \.prunedAny)
        let matched = collected.reduce(0) { $0 + $1.matched }
        // Unfiltered, every passage of the longest list matches: a lower bound when pruned.
        return Outcome(best: sharedKeeper?.best() ?? collected[0].best,
                       matched: exact || allowed != nil ? matched : max(matched, largestFrequency), countIsExact: exact,
                       lanesMadeEssentialAgain: collected.reduce(0) { $0 + $1.lanesMadeEssentialAgain })
    }

    /// Queries whose posting lists hold at least this many entries in all are collected in
    /// parallel, one part per active processor (at most four). Since the parts run on
    /// ``PartWorkers`` (a job costs ~10 µs more than its longest part, against 30–90 µs with
    /// `concurrentPerform`), dev queries at ×100 of 30,000–38,000 postings (0.17–0.22 ms alone)
    /// took 13–32 % less wall time in two parts, but two of 17,000 postings and 2–6 terms
    /// 6–12 % more: each part fills its own best 31 before it prunes. (60,000 before, and
    /// 150,000 before that.)
    static let defaultParallelScoringPostings = 20_000

    /// Queries with at least this many postings (about half a millisecond alone at ×100) also
    /// wake helper threads that sleep; smaller ones are shared only with helpers that are awake
    /// (see ``PartWorkers/run(parts:wakingSleepers:_:)``).
    static let wakingParallelScoringPostings = 60_000

    /// The active processors, read once: `ProcessInfo` reads the cgroup files on every call
    /// (about 28,000 instructions, a tenth of a small query at ×100).
    private static let activeProcessorCount = ProcessInfo.processInfo.activeProcessorCount

    /// How many parts (threads) a query is collected in: one per processor (at most
    /// ``PartWorkers/maximumThreads``) for a query with at least `threshold` postings (and 4,096
    /// passages per part), else one.
    static func parallelParts(postings: Int, passages: Int, processors: Int, threshold: Int) -> Int {
        guard postings >= threshold, processors > 1 else { return 1 }
        return max(1, min(processors, PartWorkers.maximumThreads, passages / 4096))
    }

    /// Ranges handed out per part when a query is collected in parallel: enough that the parts
    /// finish close together, few enough that each range's setup (every lane moved to the
    /// range's start, the first window's bounds) stays small.
    static let chunksPerPart = 8

    /// Passages per range handed out to `parts` parts: a multiple of the window, about
    /// ``chunksPerPart`` ranges per part.
    static func chunkSize(passages: Int, parts: Int, window: Int) -> Int {
        let windows = (passages + window - 1) / window
        return max(1, (windows + parts * chunksPerPart - 1) / (parts * chunksPerPart)) * window
    }

    /// What one part gave: the best non-duplicates and the duplicates ranking before
    /// the last of them (in no particular order; none when the parts share a ``SharedKeeper``,
    /// which holds them), how many passages matched, whether any was pruned.
    struct PartOutcome {
        var best: [Collected]
        var matched: Int
        var prunedAny: Bool
        var lanesMadeEssentialAgain: Int
    }

    /// Queries whose posting lists hold at most this many entries in all (and at least a
    /// quarter of the index's passage count) are scored term at a time into an array over the
    /// passages: that is cheaper than pruning when the array is small and well filled (the
    /// plain corpus). A sixteenth, before windowed pruning, cost 5 % more instructions on the
    /// development queries at ×100 and saved 1 % at ×1.
    static let defaultDenseScoringPostings = 50_000

    /// ``collect(_:headingBonuses:allowed:count:duplicates:)`` by scoring every passage that holds a query term,
    /// term at a time in query order (so each passage's sum is in query order, as always), then
    /// keeping the best as the pruned path does. The match count is exact.
    private func collectDensely(
        lanes: [Lane], texts: [String], headingBonuses: HeadingBonuses, allowed: ((Int) -> Bool)?, count: Int, duplicates: PassageSet,
        scorer: BM25Scorer
    ) throws(KensakuError) -> Outcome {
        let passageCount = reader.passageCount
        // Body scores, and which passages hold a query term (a bit each: their order comes free).
        let scores = UnsafeMutableBufferPointer<Double>.allocate(capacity: passageCount)
        scores.initialize(repeating: 0)
        let held = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: (passageCount + 63) / 64)
        held.initialize(repeating: 0)
        defer {
            scores.deallocate()
            held.deallocate()
        }
        for (index, lane) in lanes.enumerated() {
            var cursor = lane.cursor
            let (weight, norms) = (lane.weight, scorer.normsLookup(field: lane.kind))
            var outside = false
            do {
                try cursor.forEachRemaining { passage, frequency in
                    guard passage < passageCount else {
                        outside = true
                        return
                    }
                    held[passage >> 6] |= 1 << UInt64(passage & 63)
                    scores[passage] += weight * norms.normalizedFrequency(frequency, passage: passage)
                }
                if outside { throw PostingsCursor.DecodingError() }
            } catch {
                throw KensakuError(.indexCorrupt(path: reader.path, detail: "the posting list of '\(texts[index])' does not decode"))
            }
        }
        let headingBound = headingBonuses.largest
        var kept = Keeper(count: count, duplicates: duplicates)
        var matched = 0
        // The worst kept score once `count` passages are kept (−∞ before), in a local: read
        // through the keeper at every passage it cost ~2,500 instructions per query at ×1.
        var worst = -Double.infinity
        for word in held.indices {
            var bits = held[word]
            while bits != 0 {
                let passage = word << 6 | bits.trailingZeroBitCount
                bits &= bits - 1
                if let allowed, !allowed(passage) { continue }
                matched += 1
                let body = scores[passage]
                // Passages increase, so one that only ties the worst kept score ranks after it
                // (and the largest heading bonus bounds this passage's).
                if body + headingBound <= worst { continue }
                let bonus = headingBonuses.bonus(of: passage)
                if body + bonus <= worst { continue }
                _ = kept.offer(Collected(passage: passage, score: body + bonus, body: body, heading: bonus))
                if kept.isFull { worst = kept.worstScore }
            }
        }
        return Outcome(best: kept.best(), matched: matched, countIsExact: true)
    }

    /// The scores of `passages` (increasing) that hold a query term, in the same order: for
    /// passages the collection did not keep (coverers of kept duplicates). One cursor per term
    /// walks all of them; each body score is summed in query order, as the exhaustive scorer does.
    ///
    /// - Throws: `KensakuError` (`indexCorrupt`) when a posting list does not decode.
    func score(_ plan: QueryPlan, headingBonuses: HeadingBonuses, passages: [Int]) throws(KensakuError) -> [Collected] {
        guard !passages.isEmpty else { return [] }
        let scorer = BM25Scorer(reader: reader, parameters: parameters)
        var bodies = [Double](repeating: 0, count: passages.count)
        var found = [Bool](repeating: false, count: passages.count)
        for term in plan.terms {
            guard let info = term.info else { continue }
            var cursor = reader.postings(info)
            do {
                for (index, passage) in passages.enumerated() {
                    guard try cursor.advance(to: passage) else { break }
                    guard cursor.passage == passage else { continue }
                    bodies[index] += term.bodyWeight * scorer.normalizedFrequency(cursor.frequency, passage: passage, field: term.term.kind)
                    found[index] = true
                }
            } catch {
                throw KensakuError(.indexCorrupt(path: reader.path, detail: "the posting list of '\(term.term.text)' does not decode"))
            }
        }
        return passages.indices.filter { found[$0] }.map { index in
            let bonus = headingBonuses.bonus(of: passages[index])
            return Collected(passage: passages[index], score: bodies[index] + bonus, body: bodies[index], heading: bonus)
        }
    }

    /// The BM25 saturation at the largest frequency and smallest length a list or block records:
    /// no passage of it gets more. A frequency of `saturated` means "this or more": then the
    /// limit for tf → ∞, `k1 + 1`.
    func boundFactor(maxFrequency: Int, minLength: Int, saturated: Int, scorer: BM25Scorer, field: Token.Kind) -> Double {
        maxFrequency >= saturated ? parameters.k1 + 1 : scorer.normalizedFrequency(maxFrequency, length: minLength, field: field)
    }

}

/// What a collection keeps: the best `count` non-duplicates (a ``TopHeap``) and the duplicates
/// ranking before the last of them.
struct Keeper {
    private var heap: TopHeap
    private var duplicatesAhead: [MaxScoreCollector.Collected] = []
    /// When `duplicatesAhead` grows past this, the duplicates that no longer rank before the
    /// worst kept passage are dropped; the limit doubles when most remain (many copies of a
    /// passage that ranks high), so the dropping stays linear overall instead of running at
    /// every append.
    private var duplicatesAheadLimit: Int
    /// The duplicate passages.
    private let duplicates: PassageSet

    init(count: Int, duplicates: PassageSet) {
        heap = TopHeap(capacity: count)
        duplicatesAheadLimit = 4 * count + 64
        self.duplicates = duplicates
    }

    /// Whether `count` non-duplicates are kept.
    var isFull: Bool { heap.isFull }
    /// The worst kept non-duplicate's score (meaningful when full).
    var worstScore: Double { heap.worstScore }

    /// Keeps `passage` if it belongs; true when the kept non-duplicates changed and are `count`
    /// (the worst kept score may have risen).
    mutating func offer(_ passage: MaxScoreCollector.Collected) -> Bool {
        guard duplicates.contains(passage.passage) else {
            return heap.offer(passage) && heap.isFull
        }
        if !heap.isFull || TopHeap.precedes(passage, heap.worst) {
            duplicatesAhead.append(passage)
            // Only against a full heap: until then the worst kept passage can still get worse.
            if heap.isFull && duplicatesAhead.count > duplicatesAheadLimit {
                let worst = heap.worst
                duplicatesAhead.removeAll { !TopHeap.precedes($0, worst) }
                duplicatesAheadLimit = max(duplicatesAheadLimit, 2 * duplicatesAhead.count)
            }
        }
        return false
    }

    /// Everything kept, in no particular order.
    func best() -> [MaxScoreCollector.Collected] {
        var ahead = duplicatesAhead
        if heap.isFull {
            let worst = heap.worst
            ahead.removeAll { !TopHeap.precedes($0, worst) }
        }
        return heap.all + ahead
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
            items.withUnsafeMutableBufferPointer { items in
                // Sift the new item up: it moves while it ranks after its parent.
                var child = items.count - 1
                while child > 0 {
                    let parent = (child - 1) / 2
                    guard Self.precedes(items[parent], item) else { break }
                    items[child] = items[parent]
                    child = parent
                }
                items[child] = item
            }
            return true
        }
        guard Self.precedes(item, items[0]) else { return false }
        items.withUnsafeMutableBufferPointer { items in
            // Sift the new item down from the root: the worse of the children moves up while it
            // ranks after the item.
            let count = items.count
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                if left >= count { break }
                let worst = right < count && Self.precedes(items[left], items[right]) ? right : left
                guard Self.precedes(item, items[worst]) else { break }
                items[parent] = items[worst]
                parent = worst
            }
            items[parent] = item
        }
        return true
    }

    /// The kept passages, in no particular order.
    var all: [MaxScoreCollector.Collected] { items }
}

/// Consecutive passage ranges of one size, handed out in increasing order to whichever part
/// asks next (each part so sees its passages in increasing order).
final class PassageChunks: Sendable {
    let passages: Range<Int>
    let size: Int
    private let taken = Atomic<Int>(0)

    init(_ passages: Range<Int>, size: Int) {
        self.passages = passages
        self.size = max(1, size)
    }

    /// The next range not handed out yet, or nil when all are.
    func next() -> Range<Int>? {
        let index = taken.wrappingAdd(1, ordering: .relaxed).oldValue
        guard index < (passages.count + size - 1) / size else { return nil }
        let lower = passages.lowerBound + index * size
        return lower..<min(lower + size, passages.upperBound)
    }
}

/// One ``Keeper`` for all the parts of a parallel collection, so that each part prunes against
/// the worst kept score of everything the parts found so far.
///
/// Before the fifteenth session each part kept its own best and published its worst kept score
/// (`SharedFloor`), and the parts' best were merged at the end: the floor was then the largest
/// of the parts' `count`-th best scores, where one keeper has the `count`-th best of their union.
/// At ×100, where the best passages have ~100 near-copies spread over the corpus, that is reached
/// about twice as soon. Dev queries, alternating runs (three series of eight): ×100 mean −7 to
/// −9 %, p99 −8 to −14 %; the same results. The lock is taken only for passages scored in full
/// (a few hundred per query), and the worst kept score is read without it.
final class SharedKeeper: @unchecked Sendable {
    // Safe to share: the keeper is only used under its lock; the worst score is atomic.
    private let keeper: Mutex<Keeper>
    /// The worst kept score's bit pattern once `count` non-duplicates are kept, else 0.
    private let worstBits = Atomic<UInt64>(0)

    init(count: Int, duplicates: PassageSet) {
        keeper = Mutex(Keeper(count: count, duplicates: duplicates))
    }

    /// The worst kept score once `count` non-duplicates are kept, else 0.
    var worstScore: Double { Double(bitPattern: worstBits.load(ordering: .relaxed)) }

    /// Offers a passage scored in full; the new worst kept score when it rose.
    func offer(_ passage: MaxScoreCollector.Collected) -> Double? {
        keeper.withLock { keeper in
            guard keeper.offer(passage) else { return nil }
            let worst = keeper.worstScore
            worstBits.store(worst.bitPattern, ordering: .relaxed)
            return worst
        }
    }

    /// Everything kept, in no particular order (see ``Keeper/best()``).
    func best() -> [MaxScoreCollector.Collected] { keeper.withLock { $0.best() } }
}
