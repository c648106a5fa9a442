import Foundation

/// BM25's length normalization of every passage for one pair of `k1` and `b`, worked out once
/// per index: scoring a posting then takes one table read instead of a passage-record read and
/// two divisions (a term found once in a passage, the common case, needs no division at all).
///
/// For field *f* of passage *p*: `norm = k1 · (1 − b + b · length / average)` and
/// `once = (k1 + 1) / (1 + norm)`. These are the very operations of
/// ``BM25Scorer/normalizedFrequency(_:length:field:)``, in the same order, so every score is
/// the same to the bit.
final class LengthNorms: @unchecked Sendable {
    // Safe to share: the tables are written in `init` only.
    let k1: Double
    let b: Double
    /// Per field (word, bigram): `norm` and `once` of passage p at 2p and 2p + 1.
    private let word: UnsafeMutableBufferPointer<Double>
    private let bigram: UnsafeMutableBufferPointer<Double>

    init(reader: IndexReader, k1: Double, b: Double, averages: (word: Double, bigram: Double)) {
        self.k1 = k1
        self.b = b
        let count = reader.passageCount
        word = .allocate(capacity: 2 * count)
        bigram = .allocate(capacity: 2 * count)
        func fill(_ table: UnsafeMutableBufferPointer<Double>, field: Token.Kind, average: Double) {
            for passage in 0..<count {
                let norm = k1 * (1 - b + b * Double(reader.fieldLength(ofPassage: passage, field: field)) / average)
                table[2 * passage] = norm
                table[2 * passage + 1] = (k1 + 1) / (1 + norm)
            }
        }
        fill(word, field: .word, average: averages.word)
        fill(bigram, field: .bigram, average: averages.bigram)
    }

    deinit {
        word.deallocate()
        bigram.deallocate()
    }

    /// `tf · (k1 + 1) / (tf + norm)` for field `field` of `passage` (< the index's passage count).
    @inline(__always)
    func normalizedFrequency(_ frequency: Int, passage: Int, field: Token.Kind) -> Double {
        let table = field == .word ? word : bigram
        if frequency == 1 { return table[2 * passage + 1] }
        let tf = Double(frequency)
        return tf * (k1 + 1) / (tf + table[2 * passage])
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
