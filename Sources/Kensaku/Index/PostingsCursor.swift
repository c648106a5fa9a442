/// Walks one posting list (see ``PostingListWriter`` for the layout): passages in increasing
/// order with their term frequencies and, on request, positions. ``advance(to:)`` jumps over
/// whole blocks through the skip table, and the skip entries bound the scores of each block.
///
/// Inside a block, passages and frequencies are read straight from their bit-packed runs
/// (``PackedIntegers``): a passage is a load, a shift, a mask and an add, and a frequency is
/// read only for the passage a search stops at. Positions are read only when asked for, by
/// skipping the positions of the block's entries before.
///
/// Every read is checked against the list's bytes, so a damaged list throws ``DecodingError``
/// instead of reading outside it. The packed runs are read 8 bytes at a time, up to 7 bytes past
/// their end; a block is entered only when those bytes lie inside the file (in an index file
/// the footer follows every list).
struct PostingsCursor {
    private let file: UnsafeRawBufferPointer
    private let entriesStart: Int
    private let listEnd: Int
    private let skipTableStart: Int
    /// Skip entries (0 for a list of one block).
    let blockCount: Int
    /// Entries in the list.
    let documentFrequency: Int
    /// Entries read so far; the current entry is number `ordinal - 1`.
    private var ordinal = 0
    /// The current passage (valid after `next()` or `advance(to:)` returned true).
    private(set) var passage = -1
    /// The current term frequency.
    private(set) var frequency = 0

    // The entered block: its number (-1 before the first), first entry, entries, packed runs
    // and positions.
    private var enteredBlock = -1
    private var blockFirst = 0
    private var blockEntries = 0
    private var deltas: UnsafeRawPointer
    private var deltaWidth = 0
    private var deltaMask: UInt64 = 0
    private var frequencies: UnsafeRawPointer
    private var frequencyWidth = 0
    private var frequencyMask: UInt64 = 0
    private var blockEnd = 0
    /// Where the positions of the block's entry `positionsEntry` start (file offset).
    private var positionsOffset = 0
    private var positionsEntry = 0
    /// Whether the current entry's positions are still unread.
    private var positionsPending = false

    init(file: UnsafeRawBufferPointer, info: IndexReader.TermInfo) {
        self.file = file
        entriesStart = info.entriesStart
        listEnd = info.postings.upperBound
        skipTableStart = info.postings.lowerBound
        blockCount = info.blockCount
        documentFrequency = info.documentFrequency
        // Placeholders until a block is entered.
        deltas = UnsafeRawPointer(bitPattern: 1)!
        frequencies = deltas
    }

    /// Thrown when a posting list does not decode: the index is damaged.
    struct DecodingError: Error {}

    /// Advances to the next passage; false at the end.
    mutating func next() throws(DecodingError) -> Bool {
        guard ordinal < documentFrequency else { return false }
        if ordinal == blockFirst + blockEntries { try enter(block: enteredBlock + 1) }
        let index = ordinal &- blockFirst
        ordinal &+= 1
        passage &+= PackedIntegers.value(at: index, base: deltas, width: deltaWidth, mask: deltaMask) &+ 1
        frequency = PackedIntegers.value(at: index, base: frequencies, width: frequencyWidth, mask: frequencyMask) &+ 1
        positionsPending = true
        return true
    }

    /// Advances to the first passage at or after `target` (staying put when the current passage
    /// already is); false when the list has none. Blocks whose last passage precedes `target`
    /// are skipped without reading them.
    mutating func advance(to target: Int) throws(DecodingError) -> Bool {
        if ordinal > 0 && passage >= target { return true }
        if blockCount > 0 {
            let current = ordinal == 0 ? 0 : (ordinal - 1) / IndexFormat.postingBlockSize
            if lastPassage(ofBlock: current) < target {
                let low = firstBlock(endingAtOrAfter: target, from: current + 1)
                guard low < blockCount else {
                    ordinal = documentFrequency
                    positionsPending = false
                    return false
                }
                try jump(toBlock: low)
            }
        }
        positionsPending = false
        while ordinal < documentFrequency {
            if ordinal == blockFirst + blockEntries { try enter(block: enteredBlock + 1) }
            // The rest of the block, with the state in registers.
            var index = ordinal &- blockFirst
            var current = passage
            let (base, width, mask, end) = (deltas, deltaWidth, deltaMask, blockEntries)
            if width <= PackedIntegers.maximumWidthForFour {
                // Four deltas at a time while their sum stays below the target: one load holds
                // them, and one comparison passes them all.
                while index &+ 4 <= end {
                    let next = current &+ PackedIntegers.sumOfFour(at: index, base: base, width: width, mask: mask) &+ 4
                    if next >= target { break }
                    current = next
                    index &+= 4
                }
            }
            while index < end {
                current &+= PackedIntegers.value(at: index, base: base, width: width, mask: mask) &+ 1
                index &+= 1
                if current >= target {
                    passage = current
                    ordinal = blockFirst &+ index
                    frequency = PackedIntegers.value(at: index &- 1, base: frequencies, width: frequencyWidth, mask: frequencyMask) &+ 1
                    positionsPending = true
                    return true
                }
            }
            passage = current
            ordinal = blockFirst &+ end
        }
        return false
    }

    /// Calls `body` with the current entry (after ``next()`` or ``advance(to:)`` returned true)
    /// and every following one whose passage is below `end`, then stops on the first entry at or
    /// after `end` (true) or past the last entry (false). Nothing is decoded past that entry.
    @inline(__always)
    mutating func forEach(before end: Int, _ body: (_ passage: Int, _ frequency: Int) -> Void) throws(DecodingError) -> Bool {
        if passage >= end { return true }
        return try forEachFollowing(before: end, testingEnd: true, body)
    }

    /// Calls `body` with every remaining passage and its frequency, to the end of the list (the
    /// cursor is left there).
    @inline(__always)
    mutating func forEachRemaining(_ body: (_ passage: Int, _ frequency: Int) -> Void) throws(DecodingError) {
        guard try next() else { return }
        _ = try forEachFollowing(before: Int.max, testingEnd: false, body)
    }

    /// ``forEach(before:_:)`` from the current entry, which is below `end`. Inlined with
    /// `testingEnd` a constant: false drops the per-entry test for the end (2 of ~45
    /// instructions per entry in the dense scorer's loop, which reads to the end).
    @inline(__always)
    private mutating func forEachFollowing(
        before end: Int, testingEnd: Bool, _ body: (_ passage: Int, _ frequency: Int) -> Void
    ) throws(DecodingError) -> Bool {
        body(passage, frequency)
        positionsPending = false
        while ordinal < documentFrequency {
            if ordinal == blockFirst + blockEntries { try enter(block: enteredBlock + 1) }
            var index = ordinal &- blockFirst
            var current = passage
            let (deltaBase, deltaWidth, deltaMask, entries) = (deltas, self.deltaWidth, self.deltaMask, blockEntries)
            let (frequencyBase, frequencyWidth, frequencyMask) = (frequencies, self.frequencyWidth, self.frequencyMask)
            while index < entries {
                current &+= PackedIntegers.value(at: index, base: deltaBase, width: deltaWidth, mask: deltaMask) &+ 1
                let frequency = PackedIntegers.value(at: index, base: frequencyBase, width: frequencyWidth, mask: frequencyMask) &+ 1
                index &+= 1
                if testingEnd && current >= end {
                    passage = current
                    ordinal = blockFirst &+ index
                    self.frequency = frequency
                    positionsPending = true
                    return true
                }
                body(current, frequency)
            }
            passage = current
            ordinal = blockFirst &+ entries
        }
        return false
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
        let entry = ordinal - 1 - blockFirst
        // Skip the positions of the block's entries before this one: as many as their
        // frequencies sum to, four frequencies a load where they fit, as `advance(to:)` sums
        // deltas (the proximity table skips half a block per passage on average).
        var skipped = 0
        var index = positionsEntry
        let (base, width, mask) = (frequencies, frequencyWidth, frequencyMask)
        if width <= PackedIntegers.maximumWidthForFour {
            while index &+ 4 <= entry {
                skipped &+= PackedIntegers.sumOfFour(at: index, base: base, width: width, mask: mask) &+ 4
                index &+= 4
            }
        }
        while index < entry {
            skipped &+= PackedIntegers.value(at: index, base: base, width: width, mask: mask) &+ 1
            index &+= 1
        }
        var offset = positionsOffset
        try Self.skipVarInts(skipped, in: file, from: &offset, end: blockEnd)
        var position = 0
        for _ in 0..<frequency {
            position &+= try Self.readVarInt(in: file, from: &offset, end: blockEnd)
            buffer.append(position)
        }
        positionsOffset = offset
        positionsEntry = entry + 1
    }

    /// Where the positions read so far end, in bytes from the start of the entries (after the
    /// last entry of a block: the block's end).
    var positionsEnd: Int { positionsOffset - entriesStart }

    // MARK: - Blocks

    /// The block holding the current entry (0 before the first).
    var currentBlock: Int { ordinal == 0 ? 0 : (ordinal - 1) / IndexFormat.postingBlockSize }

    /// The last passage of block `block` (< `blockCount`).
    func lastPassage(ofBlock block: Int) -> Int {
        Int(skipField(block, 0))
    }

    /// The first block from `start` on whose last passage is at least `target` (`blockCount`
    /// when none). Galloping: the block wanted is usually one of the next few (a probe moving
    /// forward), sometimes far (a list left behind), so it looks 1, 2, 4 … blocks ahead before
    /// the binary search.
    @inline(__always)
    func firstBlock(endingAtOrAfter target: Int, from start: Int) -> Int {
        // Blocks before `low` end before `target`.
        var low = start, high = start, step = 1
        while high < blockCount && lastPassage(ofBlock: high) < target {
            low = high + 1
            high = low + step
            step <<= 1
        }
        high = min(high, blockCount)
        while low < high {
            let middle = (low + high) / 2
            if lastPassage(ofBlock: middle) < target { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Where block `block` ends, in bytes from the start of the entries.
    func blockEnd(ofBlock block: Int) -> Int {
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
        passage = block == 0 ? -1 : lastPassage(ofBlock: block - 1)
        ordinal = block * IndexFormat.postingBlockSize
        try enter(block: block)
    }

    /// Reads the header of `block`, which must start at entry `ordinal`.
    private mutating func enter(block: Int) throws(DecodingError) {
        let start = block == 0 ? entriesStart : entriesStart + blockEnd(ofBlock: block - 1)
        let end = blockCount == 0 ? listEnd : entriesStart + blockEnd(ofBlock: block)
        let entries = min(IndexFormat.postingBlockSize, documentFrequency - block * IndexFormat.postingBlockSize)
        guard block < max(blockCount, 1), start >= entriesStart, start + 2 <= end, end <= listEnd, entries > 0 else {
            throw DecodingError()
        }
        let widths = (Int(file[start]), Int(file[start + 1]))
        guard widths.0 <= PackedIntegers.maximumWidth, widths.1 <= PackedIntegers.maximumWidth else { throw DecodingError() }
        let frequencyStart = start + 2 + PackedIntegers.byteCount(count: entries, width: widths.0)
        let positionsStart = frequencyStart + PackedIntegers.byteCount(count: entries, width: widths.1)
        // Every entry has at least one position byte; the packed runs are read 8 bytes at a time.
        guard positionsStart + entries <= end, positionsStart + 7 <= file.count, let base = file.baseAddress else {
            throw DecodingError()
        }
        enteredBlock = block
        blockFirst = block * IndexFormat.postingBlockSize
        blockEntries = entries
        deltas = base + start + 2
        deltaWidth = widths.0
        deltaMask = PackedIntegers.mask(width: widths.0)
        frequencies = base + frequencyStart
        frequencyWidth = widths.1
        frequencyMask = PackedIntegers.mask(width: widths.1)
        blockEnd = end
        positionsOffset = positionsStart
        positionsEntry = 0
        positionsPending = false
    }

    // MARK: - Position bytes

    /// The LEB128 integer (at most five bytes) at `offset`, moving past it; never reads at or beyond `end`.
    @inline(__always)
    private static func readVarInt(in file: UnsafeRawBufferPointer, from offset: inout Int, end: Int) throws(DecodingError) -> Int {
        var result = 0
        var shift = 0
        while true {
            guard offset < end, shift < 35 else { throw DecodingError() }
            let byte = file[offset]
            offset &+= 1
            result |= Int(byte & 0x7F) &<< shift
            if byte < 0x80 { return result }
            shift &+= 7
        }
    }

    /// Moves `offset` past `count` LEB128 integers, eight bytes at a time where it can (a byte
    /// below 0x80 ends an integer), never reading at or beyond `end`.
    @inline(__always)
    private static func skipVarInts(_ count: Int, in file: UnsafeRawBufferPointer, from offset: inout Int, end: Int) throws(DecodingError) {
        var left = count
        while left > 0 {
            if offset &+ 8 <= end {
                let word = UInt64(littleEndian: file.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                let ends = (~word & 0x8080_8080_8080_8080).nonzeroBitCount
                // All eight bytes belong to the integers skipped: fewer ends than left, or as
                // many with the last byte an end.
                if ends < left || (ends == left && word >> 63 == 0) {
                    left &-= ends
                    offset &+= 8
                    continue
                }
            }
            guard offset < end else { throw DecodingError() }
            if file[offset] < 0x80 { left &-= 1 }
            offset &+= 1
        }
    }
}
