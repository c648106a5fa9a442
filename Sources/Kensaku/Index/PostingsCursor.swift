/// Walks one posting list (see ``PostingListWriter`` for the layout): passages in increasing
/// order with their term frequencies and, on request, positions. ``advance(to:)`` jumps over
/// whole blocks through the skip table, and the skip entries bound the scores of each block.
///
/// Every read is checked against the list's bytes, so a damaged list throws ``DecodingError``
/// instead of reading outside it.
struct PostingsCursor {
    private let file: UnsafeRawBufferPointer
    private var reader: ByteReader
    private let entriesStart: Int
    private let skipTableStart: Int
    /// Skip entries (0 for a list of one block).
    let blockCount: Int
    /// Entries in the list.
    let documentFrequency: Int
    /// Entries read so far; the current entry is number `ordinal - 1`.
    private var ordinal = 0
    /// The current passage (valid after `next()` or `advance(to:)` returned true).
    private(set) var passage = 0
    /// The current term frequency.
    private(set) var frequency = 0
    private var positionsPending = false

    init(file: UnsafeRawBufferPointer, info: IndexReader.TermInfo) {
        self.file = file
        entriesStart = info.entriesStart
        skipTableStart = info.postings.lowerBound
        blockCount = info.blockCount
        documentFrequency = info.documentFrequency
        reader = ByteReader(file, range: info.entriesStart..<info.postings.upperBound)
    }

    /// Thrown when a posting list does not decode: the index is damaged.
    struct DecodingError: Error {}

    /// Advances to the next passage; false at the end.
    mutating func next() throws(DecodingError) -> Bool {
        do {
            if positionsPending {
                try reader.skipVarInts(frequency)
                positionsPending = false
            }
            guard ordinal < documentFrequency else { return false }
            ordinal += 1
            passage += Int(try reader.readVarInt())
            frequency = Int(try reader.readVarInt())
            // Every position takes at least one byte: a larger count is damage, not data.
            guard frequency >= 1, frequency <= reader.remainingCount else { throw DecodingError() }
            positionsPending = true
            return true
        } catch {
            throw DecodingError()
        }
    }

    /// Advances to the first passage at or after `target` (staying put when the current passage
    /// already is); false when the list has none. Blocks whose last passage precedes `target`
    /// are skipped without decoding.
    mutating func advance(to target: Int) throws(DecodingError) -> Bool {
        if ordinal > 0 && passage >= target { return true }
        if blockCount > 0 {
            let current = ordinal == 0 ? 0 : (ordinal - 1) / IndexFormat.postingBlockSize
            if current < blockCount && lastPassage(ofBlock: current) < target {
                var low = current + 1, high = blockCount
                while low < high {
                    let middle = (low + high) / 2
                    if lastPassage(ofBlock: middle) < target { low = middle + 1 } else { high = middle }
                }
                guard low < blockCount else {
                    ordinal = documentFrequency
                    positionsPending = false
                    return false
                }
                try jump(toBlock: low)
            }
        }
        do {
            return try reader.scanPostings(to: target, passage: &passage, frequency: &frequency, ordinal: &ordinal,
                                           count: documentFrequency, positionsPending: &positionsPending)
        } catch {
            throw DecodingError()
        }
    }

    /// Calls `body` with every remaining passage and its frequency, to the end of the list (the
    /// cursor is left there).
    @inline(__always)
    mutating func forEachRemaining(_ body: (_ passage: Int, _ frequency: Int) -> Void) throws(DecodingError) {
        do {
            try reader.forEachPosting(passage: &passage, ordinal: &ordinal, count: documentFrequency,
                                      positionsPending: &positionsPending, frequency: frequency, body)
        } catch {
            throw DecodingError()
        }
    }

    /// The positions of the current passage; call at most once per passage.
    mutating func positions() throws(DecodingError) -> [Int] {
        var result: [Int] = []
        try appendPositions(to: &result)
        return result
    }

    /// Appends the positions of the current passage to `buffer`; call at most once per passage.
    mutating func appendPositions(to buffer: inout [Int]) throws(DecodingError) {
        guard positionsPending else { return }
        positionsPending = false
        var position = 0
        do {
            for _ in 0..<frequency {
                position += Int(try reader.readVarInt())
                buffer.append(position)
            }
        } catch {
            throw DecodingError()
        }
    }

    /// Bytes of entries read so far (up to the current entry's positions when they were read).
    var entriesOffset: Int { reader.offset - entriesStart }

    // MARK: - Blocks

    /// The block holding the current entry (0 before the first).
    var currentBlock: Int { ordinal == 0 ? 0 : (ordinal - 1) / IndexFormat.postingBlockSize }

    /// The last passage of block `block` (< `blockCount`).
    func lastPassage(ofBlock block: Int) -> Int {
        Int(skipField(block, 0))
    }

    /// Where block `block`'s entries end, in bytes from the start of the entries.
    func entriesEnd(ofBlock block: Int) -> Int {
        Int(skipField(block, 4))
    }

    /// The largest term frequency in block `block` (``IndexFormat/maximumBound16`` means this or more).
    func maxFrequency(ofBlock block: Int) -> Int {
        Int(skipField(block, 8) & 0xFFFF)
    }

    /// The smallest field length in block `block` (possibly lower than the true one).
    func minLength(ofBlock block: Int) -> Int {
        Int(skipField(block, 8) >> 16)
    }

    private func skipField(_ block: Int, _ offset: Int) -> UInt32 {
        UInt32(littleEndian: file.loadUnaligned(
            fromByteOffset: skipTableStart + block * IndexFormat.skipEntrySize + offset, as: UInt32.self))
    }

    /// Positions the cursor just before the first entry of `block`.
    private mutating func jump(toBlock block: Int) throws(DecodingError) {
        let end = block == 0 ? 0 : entriesEnd(ofBlock: block - 1)
        do {
            try reader.seek(to: entriesStart + end)
        } catch {
            throw DecodingError()
        }
        passage = block == 0 ? 0 : lastPassage(ofBlock: block - 1)
        ordinal = block * IndexFormat.postingBlockSize
        positionsPending = false
    }
}
