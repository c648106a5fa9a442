import Foundation

/// BM25's length normalization of every passage for one pair of `k1` and `b`, worked out once
/// per index: scoring a posting then takes one table read instead of a passage-record read and
/// a division.
///
/// For field *f* of passage *p*: `norm` is ``BM25Scorer/lengthNorm(_:average:k1:b:)``, the very
/// operations of ``BM25Scorer/normalizedFrequency(_:length:field:)`` in the same order, so every
/// score is the same to the bit.
///
/// Until the ninth session the table also held `once = (k1 + 1) / (1 + norm)`, the value for a
/// frequency of 1, to skip the division in the common case. The branch that chose it
/// mispredicted often (ones and larger frequencies alternate in a posting list as the text has
/// them: at ×1 ~500 times per query in `cachegrind`'s model, most of the dense scorer's
/// mispredictions), while a division overlaps with the next postings; and `tf · (k1 + 1) /
/// (tf + norm)` at tf = 1 is `once` to the bit. Without it the table is half the size.
final class LengthNorms: @unchecked Sendable {
    // Safe to share: the tables are written in `init` only.
    let k1: Double
    let b: Double
    /// The word `norm`s of passages 0, 1 …, then their bigram `norm`s from `bigramStart` on: a
    /// posting list is of one field, so the norms its passages need are adjacent (with the two
    /// fields interleaved, half of each cache line a lane read was the other field's; dev queries,
    /// eight alternating runs: ×100 mean −2.5 %, ×1 −4 %).
    private let table: UnsafeMutableBufferPointer<Double>
    private let bigramStart: Int

    init(reader: IndexReader, k1: Double, b: Double, averages: (word: Double, bigram: Double)) {
        self.k1 = k1
        self.b = b
        let count = reader.passageCount
        // At least one element per field, so that each field's part has an address (``lookup(field:)``).
        let bigramStart = max(1, count)
        let table = UnsafeMutableBufferPointer<Double>.allocate(capacity: 2 * bigramStart)
        for passage in 0..<count {
            table[passage] = BM25Scorer.lengthNorm(reader.fieldLength(ofPassage: passage, field: .word),
                                                   average: averages.word, k1: k1, b: b)
            table[bigramStart + passage] = BM25Scorer.lengthNorm(reader.fieldLength(ofPassage: passage, field: .bigram),
                                                                average: averages.bigram, k1: k1, b: b)
        }
        self.table = table
        self.bigramStart = bigramStart
    }

    deinit {
        table.deallocate()
    }

    /// `tf · (k1 + 1) / (tf + norm)` for field `field` of `passage` (< the index's passage count).
    @inline(__always)
    func normalizedFrequency(_ frequency: Int, passage: Int, field: Token.Kind) -> Double {
        lookup(field: field).normalizedFrequency(frequency, passage: passage)
    }

    /// The same computation for one field, as plain values for a hot loop: through the class,
    /// the compiler reloads `k1` and the table's address after every store the loop makes (the
    /// stores might change them), 4 of the dense scorer's 52 instructions per posting.
    /// Valid while this object lives.
    struct FieldLookup {
        /// The field's `norm`s, by passage.
        fileprivate let table: UnsafePointer<Double>
        fileprivate let kPlusOne: Double

        /// `tf · (k1 + 1) / (tf + norm)` for `passage` (< the index's passage count).
        @inline(__always)
        func normalizedFrequency(_ frequency: Int, passage: Int) -> Double {
            let tf = Double(frequency)
            return tf * kPlusOne / (tf + table[passage])
        }
    }

    @inline(__always)
    func lookup(field: Token.Kind) -> FieldLookup {
        FieldLookup(table: UnsafePointer(table.baseAddress! + (field == .word ? 0 : bigramStart)), kPlusOne: k1 + 1)
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
