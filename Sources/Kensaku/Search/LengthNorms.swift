import Foundation

/// BM25's length normalization of every passage for one pair of `k1` and `b`, worked out once
/// per index: scoring a posting then takes one table read instead of a passage-record read and
/// two divisions (a term found once in a passage, the common case, needs no division at all).
///
/// For field *f* of passage *p*: `norm` is ``BM25Scorer/lengthNorm(_:average:k1:b:)`` and
/// `once = (k1 + 1) / (1 + norm)`. These are the very operations of
/// ``BM25Scorer/normalizedFrequency(_:length:field:)``, in the same order, so every score is
/// the same to the bit.
final class LengthNorms: @unchecked Sendable {
    // Safe to share: the tables are written in `init` only.
    let k1: Double
    let b: Double
    /// Passage p's word `norm` and `once` at 4p and 4p + 1, its bigram ones at 4p + 2 and 4p + 3:
    /// one passage's figures share a cache line (candidates are read in no useful order).
    private let table: UnsafeMutableBufferPointer<Double>

    init(reader: IndexReader, k1: Double, b: Double, averages: (word: Double, bigram: Double)) {
        self.k1 = k1
        self.b = b
        let count = reader.passageCount
        let table = UnsafeMutableBufferPointer<Double>.allocate(capacity: 4 * count)
        func fill(_ passage: Int, _ field: Token.Kind, _ average: Double, at slot: Int) {
            let norm = BM25Scorer.lengthNorm(reader.fieldLength(ofPassage: passage, field: field), average: average, k1: k1, b: b)
            table[slot] = norm
            table[slot + 1] = (k1 + 1) / (1 + norm)
        }
        for passage in 0..<count {
            fill(passage, .word, averages.word, at: 4 * passage)
            fill(passage, .bigram, averages.bigram, at: 4 * passage + 2)
        }
        self.table = table
    }

    deinit {
        table.deallocate()
    }

    /// `tf · (k1 + 1) / (tf + norm)` for field `field` of `passage` (< the index's passage count).
    @inline(__always)
    func normalizedFrequency(_ frequency: Int, passage: Int, field: Token.Kind) -> Double {
        let slot = 4 &* passage &+ (field == .word ? 0 : 2)
        if frequency == 1 { return table[slot &+ 1] }
        let tf = Double(frequency)
        return tf * (k1 + 1) / (tf + table[slot])
    }
}

/// The ``LengthNorms`` an index last scored with (ranking almost always uses one set of
/// parameters; another set replaces them).
final class LengthNormsCache: @unchecked Sendable {
    // Safe to share: `current` is only read or written while `lock` is held.
    private let lock = NSLock()
    private var current: LengthNorms?

    func norms(reader: IndexReader, k1: Double, b: Double, averages: (word: Double, bigram: Double)) -> LengthNorms {
        lock.lock()
        defer { lock.unlock() }
        if let current, current.k1 == k1, current.b == b { return current }
        let made = LengthNorms(reader: reader, k1: k1, b: b, averages: averages)
        current = made
        return made
    }
}
