import CPrefetch

/// Finds passages whose content is (nearly) all present in other, better-reading passages.
///
/// A passage is described by shingles: hashes of adjacent token pairs (two bigrams, which spell
/// four characters, or two words), sampled by hash so memory stays small at scale. Passages are
/// visited best first: ordinary paragraphs in document order, then windows cut from long lines
/// (a blog's "whole article on one line" copies). A passage with enough shingles of which at
/// least ``coverageThreshold`` are held by one kept passage (or, for a window, by its best few
/// together) is a duplicate, covered by those passages; otherwise it is kept. Search folds a
/// duplicate's score into its best-matching coverer, so repeated content is shown once.
///
/// Kept passages are known by the order they were kept in (their *kept number*), so holder lists
/// ascend and the per-passage tables are dense. A paragraph whose shingles repeat an earlier
/// paragraph's exactly (a table or boilerplate copied from report to report) starts from that
/// paragraph's answer and counts only the passages kept since (see ``RepeatedShingles``).
struct DuplicateDetector {
    /// Shingles whose hash is divisible by this are kept (1 in 4): sampling keeps the containment
    /// estimate unbiased and cuts memory fourfold.
    static let samplingModulus: UInt64 = 4
    /// Passages with fewer sampled shingles (roughly 100 characters) are never grouped: short
    /// lines such as table cells legitimately repeat.
    static let minimumShingles = 16
    /// The share of a passage's shingles that must already be kept elsewhere.
    static let coverageThreshold = 0.8
    /// The least share of a window that one of its coverers must hold (a paragraph of several).
    static let minimumWindowShare = 0.1
    /// The most coverers recorded per duplicate.
    static let maximumCoverers = 4

    /// One passage to classify.
    struct Candidate {
        var passage: Int
        /// Its sampled shingles, sorted and distinct.
        var shingles: ArraySlice<UInt64>
        /// A window cut from a line longer than a passage: visited after ordinary passages.
        var isWindowOfLongLine: Bool
    }

    /// The kept passages holding each sampled shingle, by kept number (ascending).
    private var holders = ShingleHolders()
    /// The sorted shingles of every kept passage, end to end (see `keptSpans`).
    private var keptShingles: [UInt64] = []
    /// Each kept passage's shingles in `keptShingles`, by kept number: 8 bytes a passage, so
    /// more of them stay in cache during the lookups.
    private var keptSpans: [KeptSpan] = []
    /// Each kept passage's passage number, by kept number.
    private var keptPassages: [Int32] = []
    /// The last answer for each paragraph's shingles seen so far.
    private var repeated = RepeatedShingles()
    /// Scratch of ``holders(of:atLeast:boundedByBest:keptSince:)``, reused from candidate to
    /// candidate (a reference: copies of a detector share it, so only one of them may be used).
    private let scratch = HolderCountScratch()

    /// Classifies one document's passages against everything kept so far.
    ///
    /// - Returns: for each duplicate passage, its coverers, best first.
    mutating func classify(_ candidates: [Candidate]) -> [Int: [Int]] {
        var duplicates: [Int: [Int]] = [:]
        let ordered = candidates.filter { !$0.isWindowOfLongLine } + candidates.filter(\.isWindowOfLongLine)
        for candidate in ordered {
            if candidate.shingles.count >= Self.minimumShingles {
                let coverers = coverers(of: candidate)
                if !coverers.isEmpty {
                    duplicates[candidate.passage] = coverers.map { Int(keptPassages[Int($0.kept)]) }
                    continue
                }
            }
            keep(candidate)
        }
        return duplicates
    }

    /// How many passages are kept so far: the kept number of the next one.
    private var keptCount: Int32 { Int32(truncatingIfNeeded: keptPassages.count) }

    /// Records a kept passage as a holder of its shingles.
    private mutating func keep(_ candidate: Candidate) {
        let kept = keptCount
        candidate.shingles.withUnsafeBufferPointer { shingles in
            for index in shingles.indices {
                // The table's slots miss the cache: those a few shingles ahead start loading.
                if index + Self.prefetchDistance < shingles.count { holders.prefetch(shingles[index + Self.prefetchDistance]) }
                holders.add(kept, to: shingles[index])
            }
        }
        precondition(keptShingles.count + candidate.shingles.count <= Int(UInt32.max), "over 4 G kept shingles")
        keptSpans.append(KeptSpan(start: UInt32(keptShingles.count), count: UInt32(candidate.shingles.count)))
        keptShingles.append(contentsOf: candidate.shingles)
        keptPassages.append(Int32(truncatingIfNeeded: candidate.passage))
        scratch.makeRoom(forKept: Int(kept))
    }

    /// The kept passages that cover a candidate, best first, or none when it is not a duplicate.
    ///
    /// An ordinary passage must be covered by one kept passage (a copy, or a copy inside a longer
    /// passage); a window of a long line, which flattens several paragraphs, may be covered by
    /// its best ``maximumCoverers`` kept passages together. Coverage by the union of many
    /// passages is not enough: common phrases would make any paragraph look covered.
    private mutating func coverers(of candidate: Candidate) -> [Holder] {
        let count = candidate.shingles.count
        let needed = Self.coverageThreshold * Double(count)
        // An ordinary passage: its coverers are the kept passages that each hold `needed` of it.
        guard candidate.isWindowOfLongLine else {
            // Counts of kept passages never change, so the best of an earlier paragraph with the
            // same shingles are still the best of those kept before it: only later ones can join.
            let key = RepeatedShingles.key(of: candidate.shingles)
            let earlier = repeated[key]
            let later = holders(of: candidate, atLeast: needed, keptSince: earlier?.keptCount ?? 0)
            let best = best(earlier.map { $0.coverers + later } ?? later)
            repeated[key] = Answer(keptCount: keptCount, coverers: best)
            return best
        }
        // A window: covered by its best few holders together, each holding a real share of it.
        let group = best(holders(of: candidate, atLeast: Self.minimumWindowShare * Double(count), boundedByBest: true))
        guard !group.isEmpty else { return [] }
        let covered = candidate.shingles.reduce(0) { total, shingle in
            group.contains { isKept(shingle, by: Int($0.kept)) } ? total + 1 : total
        }
        return Double(covered) >= needed ? group : []
    }

    /// The kept passages holding at least `needed` of the candidate's shingles, among those kept
    /// since kept number `keptSince`, each with how many it holds.
    ///
    /// The same answer as counting every holder of every shingle, found without walking the
    /// long holder lists of common shingles (at scale, thousands of passages hold a shingle such
    /// as `ている`, which made the build quadratic): a passage holding at least `needed` of the
    /// *n* shingles must hold one of any `n − needed + 1` of them (pigeonhole), so only the
    /// holders of the rarest shingles are candidates. Each further shingle is counted for the
    /// candidates that can still reach `needed`, by walking its holder list when that is short,
    /// else by looking it up in each candidate's sorted shingles. Once a single candidate is left
    /// that already holds `needed`, its count is finished by merging the two shingle lists.
    ///
    /// - Complexity: O(*r* + Σ min(*h*, *c* √*n*)) expected, for *r* holders of the rarest
    ///   shingles and, per further shingle, *h* holders and *c* candidates still able to reach
    ///   `needed` (see ``isKept(_:by:)`` for the √*n*).
    ///
    /// With `boundedByBest` (windows, whose `needed` is low), holders that cannot reach the
    /// fourth best count so far are dropped too, and counting stops earlier: they could not be
    /// among the best four.
    private mutating func holders(
        of candidate: Candidate, atLeast needed: Double, boundedByBest: Bool = false, keptSince: Int32 = 0
    ) -> [Holder] {
        // A count never exceeds the candidate's shingles, so 16 bits hold it (and the counts of
        // all passages take half the cache); a longer candidate is counted plainly.
        guard candidate.shingles.count <= Int(UInt16.max) else {
            return countingEveryHolder(of: candidate, atLeast: needed, keptSince: keptSince)
        }
        scratch.makeRoom(forShingles: candidate.shingles.count)
        let counts = scratch.counts, touched = scratch.touched, viable = scratch.viable
        let heldShingles = scratch.heldShingles, heldLists = scratch.heldLists, rarity = scratch.rarity
        var held = 0
        candidate.shingles.withUnsafeBufferPointer { shingles in
            for index in shingles.indices {
                // The table's slots miss the cache: those a few shingles ahead start loading.
                if index + Self.prefetchDistance < shingles.count { holders.prefetch(shingles[index + Self.prefetchDistance]) }
                let shingle = shingles[index]
                if let (list, holderCount) = holders.list(of: shingle) {
                    heldShingles[held] = shingle
                    heldLists[held] = list
                    // Holder count above, position below: sorting orders by count, then as the shingles.
                    rarity[held] = UInt64(holderCount) << 32 | UInt64(held)
                    held += 1
                }
            }
        }
        Self.sort(UnsafeMutableBufferPointer(start: rarity, count: held))
        // Counts are whole: holding `needed` is holding its ceiling.
        let minimumCount = Int(needed.rounded(.up))
        // Shingles nobody holds count as misses: they are the rarest of all.
        let count = candidate.shingles.count
        var next = count - held
        var rank = 0
        var best = BestCounts()
        // Phase 1: count the holders of the rarest shingles, while a holder first seen there
        // can still reach `needed` (it then holds at most count − next of them).
        var touchedCount = 0
        while next < count && count - next >= Swift.max(minimumCount, Int(best.threshold)) {
            let list = heldLists[Int(rarity[rank] & 0xFFFF_FFFF)], listCount = Int(rarity[rank] >> 32)
            if boundedByBest {
                holders.forEach(in: list, count: listCount, from: keptSince) { holder in
                    let index = Int(holder)
                    // Branch-free: the slot after the last touched holder is scratch.
                    touched[touchedCount] = holder
                    touchedCount &+= counts[index] == 0 ? 1 : 0
                    counts[index] &+= 1
                    if Int32(counts[index]) > best.threshold { best.observe(holder, count: Int32(counts[index])) }
                }
            } else {
                holders.forEach(in: list, count: listCount, from: keptSince) { holder in
                    let index = Int(holder)
                    // Branch-free: the slot after the last touched holder is scratch.
                    touched[touchedCount] = holder
                    touchedCount &+= counts[index] == 0 ? 1 : 0
                    counts[index] &+= 1
                }
            }
            next += 1
            rank += 1
        }
        // Phase 2: no new holder can reach `needed`; follow those that still can, one shingle
        // at a time. A holder is dropped once it has missed too many: at every lookup, and
        // before a walk when that costs little beside it (holders not yet dropped only cost
        // time: their counts stay exact, and they cannot pass at the end).
        let floor = Swift.max(minimumCount, Int(best.threshold))
        var viableCount = touchedCount
        viable.update(from: touched, count: touchedCount)
        while next < count && viableCount > 0 {
            let remaining = count - next
            let position = Int(rarity[rank] & 0xFFFF_FFFF)
            let listCount = Int(rarity[rank] >> 32)
            next += 1
            rank += 1
            if listCount <= Self.walkRatio * viableCount {
                if listCount * Self.compactRatio >= viableCount {
                    viableCount = Self.dropping(viable, count: viableCount, counts: counts, below: floor - remaining)
                }
                // Every viable holder has a nonzero count; others touched earlier do not matter.
                holders.forEach(in: heldLists[position], count: listCount, from: keptSince) { holder in
                    // Branch-free: whether a holder was touched is unpredictable.
                    let count = counts[Int(holder)]
                    counts[Int(holder)] = count &+ (count == 0 ? 0 : 1)
                }
                continue
            }
            let shingle = heldShingles[position]
            var kept = 0
            for index in 0..<viableCount {
                // The lookups miss the cache: those a few holders ahead are started early (`viable`
                // is compacted in place, behind `index`, so entries ahead are still unread).
                if index + 8 < viableCount { prefetchSpan(of: Int(viable[index + 8])) }
                if index + 4 < viableCount { prefetchLookup(shingle, by: Int(viable[index + 4])) }
                let holder = viable[index]
                let holds = Int(counts[Int(holder)])
                guard holds + remaining >= floor else { continue }
                viable[kept] = holder
                kept &+= 1
                counts[Int(holder)] = UInt16(truncatingIfNeeded: holds &+ (isKept(shingle, by: Int(holder)) ? 1 : 0))
            }
            viableCount = kept
            if viableCount == 1 && Int(counts[Int(viable[0])]) >= minimumCount && next < count {
                // The answer whatever the rest hold; its count is finished in one merge.
                counts[Int(viable[0])] = UInt16(truncatingIfNeeded: sharedCount(of: candidate, with: Int(viable[0])))
                break
            }
        }
        var passing: [Holder] = []
        for index in 0..<viableCount where Int(counts[Int(viable[index])]) >= minimumCount {
            passing.append(Holder(kept: viable[index], count: Int32(counts[Int(viable[index])])))
        }
        for index in 0..<touchedCount { counts[Int(touched[index])] = 0 }
        return passing
    }

    /// How many of the candidate's shingles kept passage `kept` holds: both lists are sorted.
    private func sharedCount(of candidate: Candidate, with kept: Int) -> Int {
        let span = keptSpans[kept]
        return keptShingles.withUnsafeBufferPointer { keptShingles in
            candidate.shingles.withUnsafeBufferPointer { shingles in
                var shared = 0, left = 0, right = Int(span.start)
                let end = right + Int(span.count)
                while left < shingles.count && right < end {
                    let a = shingles[left], b = keptShingles[right]
                    shared &+= a == b ? 1 : 0
                    left &+= a <= b ? 1 : 0
                    right &+= b <= a ? 1 : 0
                }
                return shared
            }
        }
    }

    /// The answer of ``holders(of:atLeast:boundedByBest:keptSince:)`` found by counting every
    /// holder of every shingle: for candidates too long for its 16-bit counts.
    private func countingEveryHolder(of candidate: Candidate, atLeast needed: Double, keptSince: Int32) -> [Holder] {
        var counts: [Int32: Int32] = [:]
        for shingle in candidate.shingles {
            guard let (list, listCount) = holders.list(of: shingle) else { continue }
            holders.forEach(in: list, count: listCount, from: keptSince) { counts[$0, default: 0] += 1 }
        }
        let minimumCount = Int32(needed.rounded(.up))
        return counts.filter { $0.value >= minimumCount }.map { Holder(kept: $0.key, count: $0.value) }
    }

    /// The best ``maximumCoverers`` holders: most shingles first, then by passage number.
    private func best(_ holders: [Holder]) -> [Holder] {
        guard holders.count > 1 else { return holders }
        return Array(holders.sorted {
            $0.count != $1.count ? $0.count > $1.count : keptPassages[Int($0.kept)] < keptPassages[Int($1.kept)]
        }.prefix(Self.maximumCoverers))
    }

    /// How many shingles ahead the holder table's slots are prefetched.
    private static let prefetchDistance = 8
    /// Phase 2 walks a holder list rather than looking the shingle up in each viable holder's
    /// shingles when the list is at most this many times longer.
    private static let walkRatio = 8
    /// Before a walk, holders are dropped when there are at most this many times more of them
    /// than the list holds.
    private static let compactRatio = 2

    /// Keeps the first `count` holders whose count is at least `least`, in order; returns how many.
    @inline(__always)
    private static func dropping(
        _ holders: UnsafeMutablePointer<Int32>, count: Int, counts: UnsafeMutablePointer<UInt16>, below least: Int
    ) -> Int {
        var kept = 0
        for index in 0..<count {
            let holder = holders[index]
            if Int(counts[Int(holder)]) >= least { holders[kept] = holder; kept &+= 1 }
        }
        return kept
    }

    /// Sorts keys ascending: by insertion when there are few (most passages), which costs less
    /// than the library's sort (it allocates a buffer to merge runs).
    private static func sort(_ keys: UnsafeMutableBufferPointer<UInt64>) {
        guard keys.count > 64 else {
            for index in keys.indices.dropFirst() {
                let key = keys[index]
                var slot = index
                while slot > 0 && keys[slot - 1] > key {
                    keys[slot] = keys[slot - 1]
                    slot -= 1
                }
                keys[slot] = key
            }
            return
        }
        var keys = keys
        keys.sort()
    }

    /// Whether the passage of kept number `kept` holds `shingle`.
    ///
    /// Shingles are hashes, spread evenly over 64 bits, so a shingle's place among a passage's
    /// sorted *n* shingles is close to *n* × shingle / 2⁶⁴ (typically within √*n* / 2): the
    /// search starts there and steps to the first shingle not below it.
    @inline(__always)
    private func isKept(_ shingle: UInt64, by kept: Int) -> Bool {
        let span = keptSpans[kept]
        guard span.count > 0 else { return false }
        return keptShingles.withUnsafeBufferPointer { shingles in
            let first = shingles.baseAddress.unsafelyUnwrapped + Int(span.start)
            let end = first + Int(span.count)
            var position = first + Self.estimatedPlace(of: shingle, among: span.count)
            if position.pointee < shingle {
                repeat { position += 1 } while position < end && position.pointee < shingle
                return position < end && position.pointee == shingle
            }
            while position > first && (position - 1).pointee >= shingle { position -= 1 }
            return position.pointee == shingle
        }
    }

    /// Where `shingle` would be among `count` sorted, evenly spread shingles: `count` × shingle / 2⁶⁴
    /// (see ``isKept(_:by:)``).
    @inline(__always)
    private static func estimatedPlace(of shingle: UInt64, among count: UInt32) -> Int {
        Int(truncatingIfNeeded: shingle.multipliedFullWidth(by: UInt64(count)).high)
    }

    /// Starts loading where the shingles of kept number `kept` lie (a hint for ``isKept(_:by:)``).
    @inline(__always)
    private func prefetchSpan(of kept: Int) {
        keptSpans.withUnsafeBufferPointer { spans in
            kensaku_prefetch(spans.baseAddress.unsafelyUnwrapped + kept)
        }
    }

    /// Starts loading the shingles ``isKept(_:by:)`` reads first (a hint).
    @inline(__always)
    private func prefetchLookup(_ shingle: UInt64, by kept: Int) {
        let span = keptSpans[kept]
        keptShingles.withUnsafeBufferPointer { shingles in
            kensaku_prefetch(shingles.baseAddress.unsafelyUnwrapped + Int(span.start) + Self.estimatedPlace(of: shingle, among: span.count))
        }
    }

    /// A token's two shingle hashes, from one pass over its UTF-8: the shingle it ends after a
    /// token whose ``ShingleHashes/prefix`` is `previousPrefix`, and its own prefix.
    ///
    /// A shingle of two adjacent tokens is FNV-1a of the first token's UTF-8, a 0xFF separator
    /// and the second token's UTF-8 (deterministic across runs); the prefix is the hash state
    /// after the first token and the separator. Sample the shingle with ``sampled(_:)``.
    @inline(__always)
    static func shingleHashes(_ units: UnsafeBufferPointer<UInt16>, after previousPrefix: UInt64) -> ShingleHashes {
        var shingle = previousPrefix
        var prefix = FNV1a.offsetBasis
        UTF16ToUTF8.forEachByte(of: units) { byte in
            shingle = FNV1a.step(shingle, UInt64(byte))
            prefix = FNV1a.step(prefix, UInt64(byte))
        }
        return ShingleHashes(shingle: shingle, prefix: FNV1a.step(prefix, 0xFF))
    }

    /// The shingle when the sample keeps it (see ``samplingModulus``), else nil.
    @inline(__always)
    static func sampled(_ shingle: UInt64) -> UInt64? {
        shingle % samplingModulus == 0 ? shingle : nil
    }
}

/// A kept passage holding some of a candidate's shingles, and how many.
private struct Holder {
    /// Its kept number.
    var kept: Int32
    var count: Int32
}

/// The answer for a paragraph's shingles (see ``RepeatedShingles``).
private struct Answer {
    /// How many passages were kept when it was found.
    var keptCount: Int32
    /// The best ``DuplicateDetector/maximumCoverers`` holders then (none when it was kept).
    var coverers: [Holder]
}

/// The last answer found for each paragraph's shingles, keyed by a 64-bit digest of them and
/// their number.
///
/// A later paragraph with the same shingles needs only the passages kept since: kept passages'
/// shingles never change, so the best of the earlier ones are the earlier best (or the earlier
/// paragraph itself, if it was kept and found nothing then). Two different shingle lists would
/// have to agree in length and 64-bit digest to be confused, as likely as two shingles colliding.
private struct RepeatedShingles {
    private var answers: [UInt64: Answer] = [:]

    /// The last answer for the shingles of ``key(of:)`` `key`.
    subscript(key: UInt64) -> Answer? {
        get { answers[key] }
        set { answers[key] = newValue }
    }

    /// A digest of the shingles and their number. Shingles are evenly spread hashes, so a
    /// multiply-rotate chain mixes them well.
    static func key(of shingles: ArraySlice<UInt64>) -> UInt64 {
        var digest = UInt64(shingles.count) &* 0x9E37_79B9_7F4A_7C15
        for shingle in shingles {
            digest = ((digest ^ shingle) &* 0xBF58_476D_1CE4_E5B9)
            digest = (digest << 29 | digest >> 35) &* 0x94D0_49BB_1331_11EB
        }
        return digest
    }
}

/// Where a kept passage's shingles lie in ``DuplicateDetector``'s `keptShingles`.
private struct KeptSpan {
    var start: UInt32
    var count: UInt32
}

/// A token's hashes for shingles (see ``DuplicateDetector/shingleHashes(_:after:)``).
struct ShingleHashes {
    /// The shingle the token ends, before sampling (meaningless when the token has no adjacent
    /// predecessor).
    var shingle: UInt64
    /// The hash state after the token and the separator: the start of the shingle it begins.
    var prefix: UInt64
}

/// The ``DuplicateDetector/maximumCoverers`` (four) holders with the most shingles counted so
/// far, in inline storage: their least count bounds from below the fourth best final count.
private struct BestCounts {
    private var holders = SIMD4<Int32>(repeating: -1)
    private var counts = SIMD4<Int32>(repeating: 0)
    /// The least of the four counts (0 until there are four holders): a holder whose count can
    /// only reach less is not among the best four.
    private(set) var threshold: Int32 = 0

    /// Notes that `holder` now has `count`, which is above ``threshold`` (counts only grow).
    mutating func observe(_ holder: Int32, count: Int32) {
        var slot = -1
        for index in 0..<4 where holders[index] == holder { slot = index }
        if slot < 0 {
            // Replace the least count (an empty slot has count 0).
            slot = 0
            for index in 1..<4 where counts[index] < counts[slot] { slot = index }
        }
        holders[slot] = holder
        counts[slot] = count
        threshold = counts.min()
    }
}

/// The scratch of ``DuplicateDetector``'s holder counting, kept between candidates: a count per
/// kept passage, by kept number (zero between candidates), room for every kept passage in the
/// touched and viable lists, and room for a candidate's held shingles. Raw storage, used through
/// pointers, so the counting loops make no uniqueness checks.
private final class HolderCountScratch {
    /// Shingles held, by kept number (at most the candidate's shingles, fewer than 2¹⁶).
    private(set) var counts = UnsafeMutablePointer<UInt16>.allocate(capacity: 0)
    /// The kept passages whose count is nonzero (room for one more than ``keptCapacity``).
    private(set) var touched = UnsafeMutablePointer<Int32>.allocate(capacity: 0)
    /// The touched kept passages that can still reach the count needed.
    private(set) var viable = UnsafeMutablePointer<Int32>.allocate(capacity: 0)
    /// How many kept passages there is room for.
    private var keptCapacity = 0
    /// The candidate's shingles that some passage holds, in order.
    private(set) var heldShingles = UnsafeMutablePointer<UInt64>.allocate(capacity: 0)
    /// The holder list of each held shingle.
    private(set) var heldLists = UnsafeMutablePointer<Int32>.allocate(capacity: 0)
    /// The held shingles rarest first: each one's holder count (high 32 bits) and position.
    private(set) var rarity = UnsafeMutablePointer<UInt64>.allocate(capacity: 0)
    /// How many held shingles there is room for.
    private var shingleCapacity = 0

    deinit {
        counts.deallocate()
        touched.deallocate()
        viable.deallocate()
        heldShingles.deallocate()
        heldLists.deallocate()
        rarity.deallocate()
    }

    /// Makes room for kept number `kept` (growing by doubling).
    func makeRoom(forKept kept: Int) {
        guard kept >= keptCapacity else { return }
        let grown = Swift.max(kept + 1, 2 * keptCapacity)
        let newCounts = UnsafeMutablePointer<UInt16>.allocate(capacity: grown)
        newCounts.update(from: counts, count: keptCapacity)
        (newCounts + keptCapacity).initialize(repeating: 0, count: grown - keptCapacity)
        counts.deallocate()
        counts = newCounts
        touched.deallocate()
        // One more than kept passages: a holder is written after the last touched one before it is
        // known to be new (see `holders(of:atLeast:boundedByBest:keptSince:)`).
        touched = .allocate(capacity: grown + 1)
        viable.deallocate()
        viable = .allocate(capacity: grown)
        keptCapacity = grown
    }

    /// Makes room for a candidate of `count` shingles.
    @inline(__always)
    func makeRoom(forShingles count: Int) {
        guard count > shingleCapacity else { return }
        let grown = Swift.max(count, 2 * shingleCapacity)
        heldShingles.deallocate()
        heldShingles = .allocate(capacity: grown)
        heldLists.deallocate()
        heldLists = .allocate(capacity: grown)
        rarity.deallocate()
        rarity = .allocate(capacity: grown)
        shingleCapacity = grown
    }
}
