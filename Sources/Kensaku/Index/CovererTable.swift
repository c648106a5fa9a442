/// The passages covering each duplicate passage (section `DUPS`), in three flat arrays: the
/// duplicate passages in increasing order, where each one's coverers start, and the coverers
/// end to end.
///
/// Opening an index built a dictionary of one array per duplicate before: at ×100 (83,000
/// duplicates, 197,000 coverers) that was about a fifth of a cold `kensaku search`.
struct CovererTable: Sendable {
    /// The duplicate passages.
    let duplicateSet: PassageSet
    /// `coverers[starts[i] ..< starts[i + 1]]` cover `duplicates[i]`, best first.
    private let starts: [Int]
    private let coverers: [UInt32]

    /// An empty table.
    init() {
        duplicateSet = PassageSet([], passageCount: 0)
        starts = [0]
        coverers = []
    }

    /// A table of entries in file order: entry `i` says that `coverers[starts[i] ..< starts[i + 1]]`
    /// cover `passages[i]`. In any order; for a passage listed twice, the last list counts.
    init(passages: [Int], starts: [Int], coverers: [UInt32]) {
        guard zip(passages, passages.dropFirst()).contains(where: { $0 >= $1 }) else {
            // As written: in increasing passage order.
            duplicateSet = PassageSet(passages, passageCount: 0)
            self.starts = starts
            self.coverers = coverers
            return
        }
        // Stable by passage, then the last of equal passages kept.
        var order = passages.indices.sorted { passages[$0] != passages[$1] ? passages[$0] < passages[$1] : $0 < $1 }
        order = order.indices.filter { $0 + 1 == order.count || passages[order[$0 + 1]] != passages[order[$0]] }.map { order[$0] }
        var sortedStarts = [0], sortedCoverers: [UInt32] = []
        for index in order {
            sortedCoverers.append(contentsOf: coverers[starts[index]..<starts[index + 1]])
            sortedStarts.append(sortedCoverers.count)
        }
        duplicateSet = PassageSet(order.map { passages[$0] }, passageCount: 0)
        self.starts = sortedStarts
        self.coverers = sortedCoverers
    }

    /// The duplicate passages, increasing.
    var duplicates: [Int] { duplicateSet.members }

    var isEmpty: Bool { duplicateSet.isEmpty }

    /// The passages covering `passage`, best first, or nil when it is no duplicate.
    subscript(passage: Int) -> [Int]? {
        coverers(of: passage)?.map { Int($0) }
    }

    /// The same without making an array.
    func coverers(of passage: Int) -> ArraySlice<UInt32>? {
        guard let index = duplicateSet.index(of: passage) else { return nil }
        return coverers[starts[index]..<starts[index + 1]]
    }

    /// The reverse lists, for `passageCount` passages: the duplicates each passage covers.
    func covered(passageCount: Int) -> CoveredPassages {
        // Counting sort by coverer, in two passes over raw buffers (a cold search builds this
        // once over every duplicate of the index).
        var starts = [Int](repeating: 0, count: passageCount + 1)
        var covered = [UInt32](repeating: 0, count: coverers.count)
        var total = 0
        starts.withUnsafeMutableBufferPointer { starts in
            coverers.withUnsafeBufferPointer { coverers in
                for coverer in coverers where Int(coverer) < passageCount { starts[Int(coverer) + 1] += 1 }
                for index in 0..<passageCount { starts[index + 1] += starts[index] }
                total = starts[passageCount]
                // `starts[p]` moves to the end of `p`'s run while filling, then back.
                covered.withUnsafeMutableBufferPointer { covered in
                    self.starts.withUnsafeBufferPointer { listStarts in
                        for (index, duplicate) in duplicates.enumerated() {
                            for position in listStarts[index]..<listStarts[index + 1] {
                                let coverer = Int(coverers[position])
                                guard coverer < passageCount else { continue }
                                covered[starts[coverer]] = UInt32(truncatingIfNeeded: duplicate)
                                starts[coverer] += 1
                            }
                        }
                    }
                }
                for index in stride(from: passageCount, to: 0, by: -1) { starts[index] = starts[index - 1] }
                starts[0] = 0
            }
        }
        covered.removeLast(covered.count - total)
        return CoveredPassages(starts: starts, duplicates: covered)
    }
}

/// The reverse of a ``CovererTable``: for each passage, the duplicates it covers, as one array
/// indexed by passage (no hashing, two allocations: cheap to build on a cold search).
struct CoveredPassages: Sendable {
    /// `duplicates[starts[p]..<starts[p + 1]]` are the duplicates passage `p` covers.
    private let starts: [Int]
    private let duplicates: [UInt32]

    init(starts: [Int], duplicates: [UInt32]) {
        self.starts = starts
        self.duplicates = duplicates
    }

    /// The duplicates `passage` covers (in no particular order).
    func duplicates(coveredBy passage: Int) -> [Int] {
        guard passage >= 0, passage + 1 < starts.count else { return [] }
        return duplicates[starts[passage]..<starts[passage + 1]].map { Int($0) }
    }
}
