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

    /// The bonus of each passage of `candidates` (increasing), in the same order: 0 for a
    /// passage without a pair.
    ///
    /// - Throws: `KensakuError` (`indexCorrupt`) when a posting list does not decode.
    func bonuses(_ plan: QueryPlan, candidates: [Int]) throws(KensakuError) -> [Double] {
        var bonuses = [Double](repeating: 0, count: candidates.count)
        let units = plan.query.units
        guard units.count >= 2, !candidates.isEmpty, parameters.proximityWeight > 0 else { return bonuses }
        // The query terms the units need, each a row of the position table.
        var rows = [Int](repeating: -1, count: plan.terms.count)
        var needed: [Int] = []
        needed.reserveCapacity(plan.terms.count)
        func row(_ term: Int) -> Int {
            if rows[term] < 0 {
                rows[term] = needed.count
                needed.append(term)
            }
            return rows[term]
        }
        // Only units in a pair of their own kind are measured (a Latin word between Japanese
        // ones is not), and a unit spelled by bigrams is located through them alone: no other
        // positions are decoded (-1: no row).
        func sameKind(_ a: Int, _ b: Int) -> Bool { units[a].bigrams.isEmpty == units[b].bigrams.isEmpty }
        let measured = units.indices.map { ($0 > 0 && sameKind($0 - 1, $0)) || ($0 + 1 < units.count && sameKind($0, $0 + 1)) }
        guard measured.contains(true) else { return bonuses }
        let spelled: [(word: Int, bigrams: [(term: Int, offset: Int)])] = units.indices.map { index in
            let unit = units[index]
            guard measured[index] else { return (-1, []) }
            return unit.bigrams.isEmpty ? (row(unit.word), []) : (-1, unit.bigrams.map { (row($0.term), $0.offset) })
        }
        let table = try PositionTable(needed.map { plan.terms[$0].info }, passages: candidates, reader: reader) {
            plan.terms[needed[$0]].term.text
        }
        func weight(_ term: Int) -> Double { plan.terms[term].termWeight }
        let weights = units.map { unit in
            unit.bigrams.isEmpty ? weight(unit.word)
                : max(weight(unit.word), unit.bigrams.map { weight($0.term) }.reduce(0, +) / Double(unit.bigrams.count))
        }
        // Per unit: its start positions in the passage at hand, in a buffer reused across
        // passages (as many as its first term's positions in any of them, at most).
        var starts = spelled.indices.map { unit in
            StartList(capacity: measured[unit] ? table.largestCount(of: spelled[unit].bigrams.first?.term ?? spelled[unit].word) : 0)
        }
        defer { for list in starts { list.deallocate() } }
        for index in candidates.indices {
            for unit in spelled.indices where measured[unit] { table.occurrences(of: spelled[unit], in: index, into: &starts[unit]) }
            var bonus = 0.0
            for pair in 0..<(units.count - 1) {
                let (left, right) = (units[pair], units[pair + 1])
                guard sameKind(pair, pair + 1),
                      let gap = smallestGap(starts[pair].positions, left.length, starts[pair + 1].positions, right.length) else { continue }
                let characters = left.bigrams.isEmpty ? Double(gap) * Self.charactersPerWord : Double(gap)
                bonus += (weights[pair] + weights[pair + 1]) / 2 / (1 + characters / parameters.proximityScale)
            }
            if bonus > 0 { bonuses[index] = parameters.proximityWeight * bonus }
        }
        return bonuses
    }

    /// The fewest positions between an occurrence of one unit and one of the other (either order).
    /// Both lists are increasing (positions are stored in order, and filtering keeps it).
    private func smallestGap(_ left: UnsafeBufferPointer<Int>, _ leftLength: Int, _ right: UnsafeBufferPointer<Int>, _ rightLength: Int) -> Int? {
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

/// A unit's start positions in one passage: a fixed buffer, refilled for every passage (an
/// array's `removeAll(keepingCapacity:)` and appends cost ~2 % of a query at ×1).
private struct StartList {
    private let buffer: UnsafeMutableBufferPointer<Int>
    private(set) var count = 0

    init(capacity: Int) {
        buffer = .allocate(capacity: capacity)
    }

    func deallocate() {
        buffer.deallocate()
    }

    var positions: UnsafeBufferPointer<Int> { UnsafeBufferPointer(rebasing: buffer[..<count]) }

    mutating func removeAll() {
        count = 0
    }

    /// - Precondition: fewer than `capacity` positions held.
    mutating func append(_ position: Int) {
        buffer[count] = position
        count += 1
    }
}

/// The positions of a few terms in a few passages, decoded once into one buffer.
private struct PositionTable {
    private var values: [Int] = []
    /// Term `t`'s positions in passage number `i` are `values[bounds[t * stride + i] ..< bounds[t * stride + i + 1]]`.
    private var bounds: [Int] = []
    private let stride: Int

    /// - Parameters:
    ///   - infos: the terms' index entries (nil: absent); `name(i)` names term `i` in errors.
    ///   - passages: increasing passage numbers.
    init(_ infos: [IndexReader.TermInfo?], passages: [Int], reader: IndexReader, name: (Int) -> String) throws(KensakuError) {
        stride = passages.count + 1
        bounds.reserveCapacity(infos.count * stride)
        // A few positions per term and passage, about what the dev queries need.
        values.reserveCapacity(4 * infos.count * passages.count)
        for (term, info) in infos.enumerated() {
            bounds.append(values.count)
            guard let info else {
                bounds += repeatElement(values.count, count: passages.count)
                continue
            }
            var cursor = reader.postings(info)
            do {
                for passage in passages {
                    if try cursor.advance(to: passage), cursor.passage == passage { try cursor.appendPositions(to: &values) }
                    bounds.append(values.count)
                }
            } catch {
                throw KensakuError(.indexCorrupt(path: reader.path, detail: "the posting list of '\(name(term))' does not decode"))
            }
        }
    }

    /// The most positions term `term` has in any one of the passages.
    func largestCount(of term: Int) -> Int {
        var largest = 0
        for passage in 0..<(stride - 1) {
            largest = max(largest, bounds[term * stride + passage + 1] - bounds[term * stride + passage])
        }
        return largest
    }

    /// Replaces `starts` with the start positions of a unit in passage number `passage`: word
    /// positions, or the positions where the whole bigram chain occurs (positions are sorted, so
    /// membership is a binary search, and the result is sorted too).
    ///
    /// Reads the table through buffer pointers: slices of `values` would retain and release
    /// it at every look (~10 % of the proximity bonus's instructions at ×1).
    func occurrences(of unit: (word: Int, bigrams: [(term: Int, offset: Int)]), in passage: Int, into starts: inout StartList) {
        starts.removeAll()
        values.withUnsafeBufferPointer { values in
            bounds.withUnsafeBufferPointer { bounds in
                func positions(of term: Int) -> Slice<UnsafeBufferPointer<Int>> {
                    values[bounds[term &* stride &+ passage] ..< bounds[term &* stride &+ passage &+ 1]]
                }
                guard let first = unit.bigrams.first else {
                    for position in positions(of: unit.word) { starts.append(position) }
                    return
                }
                for index in 1..<unit.bigrams.count where positions(of: unit.bigrams[index].term).isEmpty { return }
                candidates: for start in positions(of: first.term) {
                    for index in 1..<unit.bigrams.count {
                        let (term, offset) = unit.bigrams[index]
                        guard positions(of: term).sortedContains(start &+ offset) else { continue candidates }
                    }
                    starts.append(start)
                }
            }
        }
    }
}
