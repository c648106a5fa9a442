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
        var shingles: Set<UInt64>
        /// A window cut from a line longer than a passage: visited after ordinary passages.
        var isWindowOfLongLine: Bool
    }

    private var keptByShingle: [UInt64: [Int32]] = [:]
    /// The sorted shingles of each kept passage (empty for others), by passage number.
    private var keptShingles: [[UInt64]] = []
    /// Scratch for ``coverers(of:)``: shingles held, per kept passage (zero between calls).
    private var holderCounts: [Int32] = []
    /// Scratch for ``coverers(of:)``: the passages whose count is nonzero.
    private var touched: [Int32] = []

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
            for shingle in candidate.shingles {
                keptByShingle[shingle, default: []].append(Int32(truncatingIfNeeded: candidate.passage))
            }
            if candidate.passage >= keptShingles.count {
                keptShingles.append(contentsOf: repeatElement([], count: candidate.passage + 1 - keptShingles.count))
            }
            keptShingles[candidate.passage] = candidate.shingles.sorted()
        }
        return duplicates
    }

    /// The kept passages that cover a candidate, best first, or nil when it is not a duplicate.
    ///
    /// An ordinary passage must be covered by one kept passage (a copy, or a copy inside a longer
    /// passage); a window of a long line, which flattens several paragraphs, may be covered by
    /// its best ``maximumCoverers`` kept passages together. Coverage by the union of many
    /// passages is not enough: common phrases would make any paragraph look covered.
    private mutating func coverers(of candidate: Candidate) -> [Int]? {
        // An ordinary passage: its coverers are the kept passages that each hold it.
        guard candidate.isWindowOfLongLine else { return holders(of: candidate) }
        // Holder counts in a dense scratch array indexed by passage (reset through `touched`):
        // at scale every shingle has many holders, and hashing each one dominated index builds.
        for shingle in candidate.shingles {
            for holder in keptByShingle[shingle] ?? [] {
                let index = Int(holder)
                if index >= holderCounts.count {
                    holderCounts.append(contentsOf: repeatElement(0, count: Swift.max(index + 1 - holderCounts.count, holderCounts.count)))
                }
                if holderCounts[index] == 0 { touched.append(holder) }
                holderCounts[index] += 1
            }
        }
        // The best `maximumCoverers` holders: most shingles first, then lowest passage number.
        var best: [(key: Int32, value: Int)] = []
        for holder in touched {
            let entry = (key: holder, value: Int(holderCounts[Int(holder)]))
            holderCounts[Int(holder)] = 0
            func precedes(_ a: (key: Int32, value: Int), _ b: (key: Int32, value: Int)) -> Bool {
                a.value != b.value ? a.value > b.value : a.key < b.key
            }
            if best.count == Self.maximumCoverers {
                guard let last = best.last, precedes(entry, last) else { continue }
                best.removeLast()
            }
            let position = best.firstIndex { precedes(entry, $0) } ?? best.endIndex
            best.insert(entry, at: position)
        }
        touched.removeAll(keepingCapacity: true)
        guard best.first != nil else { return nil }
        let needed = Self.coverageThreshold * Double(candidate.shingles.count)
        // A window: covered by its best few together; each must hold a real share of it.
        let group = best.filter { Double($0.value) >= Self.minimumWindowShare * Double(candidate.shingles.count) }
        let members = Set(group.map(\.key))
        let covered = candidate.shingles.reduce(0) { total, shingle in
            (keptByShingle[shingle] ?? []).contains(where: members.contains) ? total + 1 : total
        }
        return !group.isEmpty && Double(covered) >= needed ? group.map { Int($0.key) } : nil
    }

    /// The coverers of an ordinary passage: the kept passages holding at least
    /// ``coverageThreshold`` of its shingles, best first (at most ``maximumCoverers``), or nil.
    ///
    /// The same answer as counting every holder of every shingle, found without walking the
    /// long holder lists of common shingles (at scale, thousands of passages hold a shingle such
    /// as `ている`, which made the build quadratic): a passage holding at least `needed` of the
    /// *n* shingles must hold one of any `n − needed + 1` of them (pigeonhole), so only the
    /// holders of the rarest shingles are candidates, and each candidate's remaining shingles
    /// are looked up in its own sorted shingle list.
    ///
    /// - Complexity: O(*r* + *c* · *n* log *n*) for *r* holders of the rarest shingles and *c*
    ///   candidates still able to reach the threshold.
    private mutating func holders(of candidate: Candidate) -> [Int]? {
        let shingles = candidate.shingles.map { (shingle: $0, holders: keptByShingle[$0] ?? []) }
            .sorted { $0.holders.count < $1.holders.count }
        let count = shingles.count
        let needed = Self.coverageThreshold * Double(count)
        // Phase 1: count the holders of the rarest shingles, while a holder first seen there can
        // still reach `needed` (it then holds at most count − j of them).
        var next = 0
        while next < count && Double(count - next) >= needed {
            for holder in shingles[next].holders {
                let index = Int(holder)
                if index >= holderCounts.count {
                    holderCounts.append(contentsOf: repeatElement(0, count: Swift.max(index + 1 - holderCounts.count, holderCounts.count)))
                }
                if holderCounts[index] == 0 { touched.append(holder) }
                holderCounts[index] += 1
            }
            next += 1
        }
        // Phase 2: no new holder can reach `needed`; follow those that still can, one shingle at
        // a time, dropping each as soon as it has missed too many.
        var viable: [(key: Int32, value: Int)] = touched.map { ($0, Int(holderCounts[Int($0)])) }
        for holder in touched { holderCounts[Int(holder)] = 0 }
        while next < count && !viable.isEmpty {
            viable.removeAll { Double($0.value + count - next) < needed }
            let shingle = shingles[next].shingle
            for index in viable.indices {
                let holder = Int(viable[index].key)
                if holder < keptShingles.count && Self.sortedContains(keptShingles[holder], shingle) { viable[index].value += 1 }
            }
            next += 1
        }
        var passing = viable.filter { Double($0.value) >= needed }
        touched.removeAll(keepingCapacity: true)
        passing.sort { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let best = passing.prefix(Self.maximumCoverers).map { Int($0.key) }
        return best.isEmpty ? nil : best
    }

    private static func sortedContains(_ values: [UInt64], _ value: UInt64) -> Bool {
        var low = 0, high = values.count
        while low < high {
            let middle = (low + high) / 2
            if values[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < values.count && values[low] == value
    }

    /// The sampled shingle of two adjacent tokens (FNV-1a, deterministic across runs), or nil
    /// when the sample leaves it out.
    static func shingle(_ first: String, _ second: String) -> UInt64? {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in first.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        hash = (hash ^ 0xFF) &* 0x100_0000_01b3
        for byte in second.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash % samplingModulus == 0 ? hash : nil
    }
}
