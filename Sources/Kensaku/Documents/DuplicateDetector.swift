/// Finds passages whose content is (nearly) all present in other, better-reading passages.
///
/// A passage is described by shingles: hashes of adjacent token pairs (two bigrams, which spell
/// four characters, or two words), sampled by hash so memory stays small at scale. Passages are
/// visited best first: ordinary paragraphs in document order, then windows cut from long lines
/// (a blog's "whole article on one line" copies). A passage with enough shingles of which at
/// least ``coverageThreshold`` are held by one kept passage (or, for a window, by its best few
/// together) is a duplicate, covered by those passages; otherwise it is kept. Search folds a
/// duplicate's score into its best-matching coverer, so repeated content is shown once.
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

    /// The kept passages holding each sampled shingle, in the order they were kept.
    private var holders = ShingleHolders()
    /// The sorted shingles of every kept passage, end to end (see `keptRanges`).
    private var keptShingles: [UInt64] = []
    /// Each passage's range in `keptShingles` (empty for duplicates), by passage number.
    private var keptRanges: [Range<Int>] = []
    /// Scratch: shingles held, per kept passage (zero between calls).
    private var holderCounts: [Int32] = []
    /// Scratch: the passages whose count is nonzero.
    private var touched: [Int32] = []
    /// Scratch: a candidate's shingles with their holder lists, rarest first.
    private var lists: [(shingle: UInt64, list: Int32, count: Int32)] = []

    /// Classifies one document's passages against everything kept so far.
    ///
    /// - Returns: for each duplicate passage, its coverers, best first.
    mutating func classify(_ candidates: [Candidate]) -> [Int: [Int]] {
        var duplicates: [Int: [Int]] = [:]
        let ordered = candidates.filter { !$0.isWindowOfLongLine } + candidates.filter(\.isWindowOfLongLine)
        for candidate in ordered {
            if candidate.shingles.count >= Self.minimumShingles,
               let coverers = coverers(of: candidate) {
                duplicates[candidate.passage] = coverers
                continue
            }
            keep(candidate)
        }
        return duplicates
    }

    /// Records a kept passage as a holder of its shingles.
    private mutating func keep(_ candidate: Candidate) {
        let passage = Int32(truncatingIfNeeded: candidate.passage)
        for shingle in candidate.shingles { holders.add(passage, to: shingle) }
        if candidate.passage >= keptRanges.count {
            keptRanges.append(contentsOf: repeatElement(0..<0, count: candidate.passage + 1 - keptRanges.count))
        }
        let start = keptShingles.count
        keptShingles.append(contentsOf: candidate.shingles)
        keptRanges[candidate.passage] = start..<keptShingles.count
        if candidate.passage >= holderCounts.count {
            holderCounts.append(contentsOf: repeatElement(0, count: Swift.max(candidate.passage + 1 - holderCounts.count, holderCounts.count)))
        }
    }

    /// The kept passages that cover a candidate, best first, or nil when it is not a duplicate.
    ///
    /// An ordinary passage must be covered by one kept passage (a copy, or a copy inside a longer
    /// passage); a window of a long line, which flattens several paragraphs, may be covered by
    /// its best ``maximumCoverers`` kept passages together. Coverage by the union of many
    /// passages is not enough: common phrases would make any paragraph look covered.
    private mutating func coverers(of candidate: Candidate) -> [Int]? {
        let count = candidate.shingles.count
        let needed = Self.coverageThreshold * Double(count)
        // An ordinary passage: its coverers are the kept passages that each hold `needed` of it.
        guard candidate.isWindowOfLongLine else {
            let best = holders(of: candidate, atLeast: needed).prefix(Self.maximumCoverers).map { Int($0.passage) }
            return best.isEmpty ? nil : best
        }
        // A window: covered by its best few holders together, each holding a real share of it.
        let group = holders(of: candidate, atLeast: Self.minimumWindowShare * Double(count), boundedByBest: true)
            .prefix(Self.maximumCoverers).map { Int($0.passage) }
        guard !group.isEmpty else { return nil }
        let covered = candidate.shingles.reduce(0) { total, shingle in
            group.contains { isKept(shingle, by: $0) } ? total + 1 : total
        }
        return Double(covered) >= needed ? group : nil
    }

    /// The kept passages holding at least `needed` of the candidate's shingles, most shingles
    /// first, then by passage number.
    ///
    /// The same answer as counting every holder of every shingle, found without walking the
    /// long holder lists of common shingles (at scale, thousands of passages hold a shingle such
    /// as `ている`, which made the build quadratic): a passage holding at least `needed` of the
    /// *n* shingles must hold one of any `n − needed + 1` of them (pigeonhole), so only the
    /// holders of the rarest shingles are candidates. Each further shingle is counted for the
    /// candidates that can still reach `needed`, by walking its holder list when that is short,
    /// else by looking it up in each candidate's sorted shingles.
    ///
    /// - Complexity: O(*r* + Σ min(*h*, *c* log *n*)) for *r* holders of the rarest shingles and,
    ///   per further shingle, *h* holders and *c* candidates still able to reach `needed`.
    ///
    /// With `boundedByBest` (windows, whose `needed` is low), only the best ``maximumCoverers``
    /// of the result are exact: holders that cannot reach the fourth best count so far are
    /// dropped too, and counting stops earlier.
    private mutating func holders(
        of candidate: Candidate, atLeast needed: Double, boundedByBest: Bool = false
    ) -> [(passage: Int32, count: Int)] {
        lists.removeAll(keepingCapacity: true)
        for shingle in candidate.shingles {
            if let list = holders.list(of: shingle) {
                lists.append((shingle, list, Int32(truncatingIfNeeded: holders.count(of: list))))
            }
        }
        lists.sort { $0.count < $1.count }
        // Shingles nobody holds count as misses: they are the rarest of all.
        let count = candidate.shingles.count
        var next = count - lists.count
        // Phase 1: count the holders of the rarest shingles, while a holder first seen there can
        // still reach `needed` (it then holds at most count − next of them).
        var listIndex = 0
        var best = BestCounts()
        while next < count && Double(count - next) >= needed && count - next >= Int(best.threshold) {
            if boundedByBest {
                holders.forEach(in: lists[listIndex].list) { holder in
                    let index = Int(holder)
                    if holderCounts[index] == 0 { touched.append(holder) }
                    holderCounts[index] += 1
                    if holderCounts[index] > best.threshold { best.observe(holder, count: holderCounts[index]) }
                }
            } else {
                holders.forEach(in: lists[listIndex].list) { holder in
                    let index = Int(holder)
                    if holderCounts[index] == 0 { touched.append(holder) }
                    holderCounts[index] += 1
                }
            }
            next += 1
            listIndex += 1
        }
        // Phase 2: no new holder can reach `needed`; follow those that still can, one shingle at
        // a time, dropping each as soon as it has missed too many.
        var viable = touched
        while next < count && !viable.isEmpty {
            let remaining = count - next
            viable.removeAll {
                let reach = Int(holderCounts[Int($0)]) + remaining
                return Double(reach) < needed || reach < Int(best.threshold)
            }
            let entry = lists[listIndex]
            if Int(entry.count) <= 4 * viable.count {
                holders.forEach(in: entry.list) { holder in
                    if holderCounts[Int(holder)] > 0 { holderCounts[Int(holder)] += 1 }
                }
            } else {
                for holder in viable where isKept(entry.shingle, by: Int(holder)) { holderCounts[Int(holder)] += 1 }
            }
            next += 1
            listIndex += 1
        }
        var passing: [(passage: Int32, count: Int)] = []
        for holder in viable where Double(holderCounts[Int(holder)]) >= needed {
            passing.append((holder, Int(holderCounts[Int(holder)])))
        }
        for holder in touched { holderCounts[Int(holder)] = 0 }
        touched.removeAll(keepingCapacity: true)
        passing.sort { $0.count != $1.count ? $0.count > $1.count : $0.passage < $1.passage }
        return passing
    }

    /// Whether kept passage `passage` holds `shingle` (binary search in its sorted shingles).
    private func isKept(_ shingle: UInt64, by passage: Int) -> Bool {
        let range = keptRanges[passage]
        return keptShingles.withUnsafeBufferPointer { shingles in
            var low = range.lowerBound, high = range.upperBound
            while low < high {
                let middle = (low + high) / 2
                if shingles[middle] < shingle { low = middle + 1 } else { high = middle }
            }
            return low < range.upperBound && shingles[low] == shingle
        }
    }

    private static let fnvOffsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let fnvPrime: UInt64 = 0x100_0000_01b3

    /// The hash state after a shingle's first token and the separator: pass it to
    /// ``shingle(prefix:_:)`` with the next token.
    static func shinglePrefix(_ first: UnsafeBufferPointer<UInt16>) -> UInt64 {
        var hash = fnvOffsetBasis
        UTF16ToUTF8.forEachByte(of: first) { hash = (hash ^ UInt64($0)) &* fnvPrime }
        return (hash ^ 0xFF) &* fnvPrime
    }

    /// The sampled shingle of two adjacent tokens — FNV-1a of the first token's UTF-8, a 0xFF
    /// separator and the second token's UTF-8 (deterministic across runs) — or nil when the
    /// sample leaves it out.
    static func shingle(prefix: UInt64, _ second: UnsafeBufferPointer<UInt16>) -> UInt64? {
        var hash = prefix
        UTF16ToUTF8.forEachByte(of: second) { hash = (hash ^ UInt64($0)) &* fnvPrime }
        return hash % samplingModulus == 0 ? hash : nil
    }
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
