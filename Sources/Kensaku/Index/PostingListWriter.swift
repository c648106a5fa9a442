/// One term's posting list as the builder appends passages to it, encoded as format 4 stores it
/// (see `docs/index-format.md`):
///
/// ```
/// Postings  --> [<SkipEntry>^BlockCount], <Block>^⌈DocumentFrequency / 128⌉
/// Block     --> DeltaBits(u8), FrequencyBits(u8), PackedDeltas, PackedFrequencies, <Positions>^n
/// Positions --> <PositionDelta(varint)>^TermFrequency
/// SkipEntry --> LastPassage(u32), BlockEnd(u32), MaxFrequency(u16), MinLength(u16)
/// ```
///
/// A block holds 128 entries (the last one the rest): first its `n` passage deltas minus one
/// (the list's first passage is its own delta), then its `n` frequencies minus one, each run
/// bit-packed at the width of its largest value (``PackedIntegers``), then every entry's
/// positions in order. Scoring reads the packed runs alone; only phrases, proximity and snippets
/// read positions.
///
/// The skip table is written only when the list has more than one block. It lets a reader jump
/// over whole blocks, and its bounds (the block's largest term frequency and smallest field
/// length) bound the BM25 score of any passage in the block, for any `k1`, `b` ≥ 0. The list's
/// own bounds go in its term entry.
///
/// While a block fills, its entries are kept as LEB128 integers (delta − 1, frequency − 1,
/// positions) after the packed blocks; a block is packed when it completes, the last one when
/// the list is written.
struct PostingListWriter {
    /// The packed complete blocks, then the pending entries of the block being filled.
    private var entryBytes = GrowableBytes()
    /// Where the pending entries start in `entryBytes`.
    private var pendingStart = 0
    /// Skip entries of the complete blocks so far.
    private var skips: [UInt8] = []
    /// Passages in the list.
    private(set) var documentFrequency = 0
    /// The largest term frequency in the list.
    private(set) var maxFrequency = 0
    /// The smallest field length of a passage in the list.
    private(set) var minLength = Int.max
    private var lastPassage = -1
    private var blockMaxFrequency = 0
    private var blockMinLength = Int.max

    /// Appends one passage's entry.
    ///
    /// - Parameters:
    ///   - passage: the passage number, greater than every one appended before.
    ///   - positions: sort keys whose low 32 bits are the term's positions, increasing.
    ///   - fieldLength: the passage's token count in this term's field (for the bounds).
    mutating func append(passage: UInt32, positions: ArraySlice<UInt64>, fieldLength: Int) {
        positions.withUnsafeBufferPointer { append(passage: passage, positions: $0, fieldLength: fieldLength) }
    }

    /// Appends one passage's entry, its positions' keys in a buffer (see the overload above).
    mutating func append(passage: UInt32, positions: UnsafeBufferPointer<UInt64>, fieldLength: Int) {
        append(count: 1) { _ in (passage, positions, fieldLength) }
    }

    /// Appends `count` passages' entries in a row, `entry(i)` giving the `i`th (as the
    /// overloads above): the storage is checked for sharing once, not once per entry.
    mutating func append(
        count: Int, _ entry: (Int) -> (passage: UInt32, positions: UnsafeBufferPointer<UInt64>, fieldLength: Int)
    ) {
        if !isKnownUniquelyReferenced(&entryBytes) { entryBytes = entryBytes.copy() }
        let storage = entryBytes
        for index in 0..<count {
            let (passage, positions, fieldLength) = entry(index)
            let delta = UInt32(truncatingIfNeeded: Int(passage) - lastPassage - 1)
            lastPassage = Int(passage)
            // Encoded in place: at most five bytes per integer.
            let buffer = storage.reserve(5 * (2 + positions.count))
            var written = 0
            @inline(__always) func put(_ value: UInt32) {
                var value = value
                while value >= 0x80 {
                    buffer[written] = UInt8(truncatingIfNeeded: value) | 0x80
                    written += 1
                    value >>= 7
                }
                buffer[written] = UInt8(value)
                written += 1
            }
            put(delta)
            put(UInt32(positions.count - 1))
            var previous: UInt32 = 0
            for key in positions {
                let position = UInt32(truncatingIfNeeded: key)
                put(position - previous)
                previous = position
            }
            storage.didAppend(written)
            documentFrequency += 1
            maxFrequency = max(maxFrequency, positions.count)
            minLength = min(minLength, fieldLength)
            blockMaxFrequency = max(blockMaxFrequency, positions.count)
            blockMinLength = min(blockMinLength, fieldLength)
            if documentFrequency % IndexFormat.postingBlockSize == 0 {
                let block = storage.withBytes { Self.packBlock(pending: UnsafeRawBufferPointer(rebasing: $0[pendingStart...])) }
                storage.truncate(to: pendingStart)
                let target = storage.reserve(block.count)
                block.withUnsafeBufferPointer { target.update(from: $0.baseAddress!, count: block.count) }
                storage.didAppend(block.count)
                pendingStart = storage.count
                skips += skipEntry(blockEnd: pendingStart)
                blockMaxFrequency = 0
                blockMinLength = Int.max
            }
        }
    }

    /// Starts loading the storage object of the entries into the cache (a hint).
    @inline(__always)
    func prefetchStorage() { entryBytes.prefetchObject() }

    /// Starts loading the place of the next entry into the cache (a hint; after
    /// ``prefetchStorage()``).
    @inline(__always)
    func prefetchEnd() { entryBytes.prefetchEnd() }

    /// The pending entries of the block being filled, packed (empty when none).
    private var packedPending: [UInt8] {
        entryBytes.withBytes { Self.packBlock(pending: UnsafeRawBufferPointer(rebasing: $0[pendingStart...])) }
    }

    /// The encoded entries: every block, the last one packed too.
    var entries: [UInt8] {
        entryBytes.withBytes { Array($0[..<pendingStart]) } + packedPending
    }

    /// The byte size of the entries so far (the pending ones as kept, not packed): for limits.
    var entriesByteCount: Int { entryBytes.count }

    /// The skip table, written before the entries: empty for a list of one block.
    ///
    /// - Precondition: the entries are at most 4 GiB (``Limits/maximumPostingListBytes``).
    var skipTable: [UInt8] {
        skipTable(lastBlockBytes: packedPending.count)
    }

    private func skipTable(lastBlockBytes: Int) -> [UInt8] {
        guard documentFrequency > IndexFormat.postingBlockSize else { return [] }
        return documentFrequency % IndexFormat.postingBlockSize == 0 ? skips : skips + skipEntry(blockEnd: pendingStart + lastBlockBytes)
    }

    /// The encoded size of the list: skip table and entries.
    var byteCount: Int { skipTable.count + entries.count }

    /// About the encoded size (the pending entries as kept): for reserving capacity.
    var estimatedByteCount: Int {
        let blocks = (documentFrequency + IndexFormat.postingBlockSize - 1) / IndexFormat.postingBlockSize
        return (blocks > 1 ? blocks * IndexFormat.skipEntrySize : 0) + entryBytes.count
    }

    /// Appends the whole list (skip table, then entries) to `output`.
    func write(to output: inout ByteWriter) {
        let last = packedPending
        output.append(contentsOf: skipTable(lastBlockBytes: last.count))
        entryBytes.withBytes { output.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[..<pendingStart])) }
        output.append(contentsOf: last)
    }

    /// The skip entry of the block ending with the last entry appended, which ends at `blockEnd`.
    private func skipEntry(blockEnd: Int) -> [UInt8] {
        precondition(blockEnd <= Int(UInt32.max), "posting list over 4 GiB")
        var entry: [UInt8] = []
        entry.reserveCapacity(IndexFormat.skipEntrySize)
        withUnsafeBytes(of: UInt32(lastPassage).littleEndian) { entry.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(blockEnd).littleEndian) { entry.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt16(min(blockMaxFrequency, IndexFormat.maximumBound16)).littleEndian) { entry.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt16(min(blockMinLength, IndexFormat.maximumBound16)).littleEndian) { entry.append(contentsOf: $0) }
        return entry
    }

    /// One block in its stored form, from its entries as kept while pending (LEB128 delta − 1,
    /// frequency − 1, positions); empty for no entries.
    ///
    /// One pass decodes the deltas and frequencies and gathers the positions' bytes (each
    /// entry's own copy call cost more than the copying: runs are a few bytes); the block is
    /// then written at its exact size.
    private static func packBlock(pending: UnsafeRawBufferPointer) -> [UInt8] {
        guard let base = pending.baseAddress, !pending.isEmpty else { return [] }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        let capacity = IndexFormat.postingBlockSize
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 2 * capacity) { values in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: pending.count) { positionBytes in
                let deltas = values.baseAddress!, frequencies = deltas + capacity
                let positions = positionBytes.baseAddress!
                var count = 0
                var deltaBits: UInt32 = 0, frequencyBits: UInt32 = 0
                var positionByteCount = 0
                var offset = 0
                // The bytes were written by `append`: well-formed, at most one block of entries.
                @inline(__always) func readVarInt() -> UInt32 {
                    var result: UInt32 = 0
                    var shift: UInt32 = 0
                    while true {
                        let byte = bytes[offset]
                        offset &+= 1
                        result |= UInt32(byte & 0x7F) &<< shift
                        if byte < 0x80 { return result }
                        shift &+= 7
                    }
                }
                while offset < pending.count {
                    precondition(count < capacity, "more pending entries than a block holds")
                    let delta = readVarInt()
                    let frequency = readVarInt()
                    var left = Int(frequency) + 1
                    while left > 0 {
                        let byte = bytes[offset]
                        positions[positionByteCount] = byte
                        positionByteCount &+= 1
                        offset &+= 1
                        if byte < 0x80 { left &-= 1 }
                    }
                    deltas[count] = delta
                    frequencies[count] = frequency
                    deltaBits |= delta
                    frequencyBits |= frequency
                    count &+= 1
                }
                // The width of the largest value is the width of all values or-ed together.
                let deltaWidth = PackedIntegers.width(of: deltaBits)
                let frequencyWidth = PackedIntegers.width(of: frequencyBits)
                let deltaBytes = PackedIntegers.byteCount(count: count, width: deltaWidth)
                let frequencyBytes = PackedIntegers.byteCount(count: count, width: frequencyWidth)
                let size = 2 + deltaBytes + frequencyBytes + positionByteCount
                return [UInt8](unsafeUninitializedCapacity: size) { block, initialized in
                    let output = block.baseAddress!
                    output[0] = UInt8(deltaWidth)
                    output[1] = UInt8(frequencyWidth)
                    PackedIntegers.pack(UnsafeBufferPointer(start: deltas, count: count), width: deltaWidth, to: output + 2)
                    PackedIntegers.pack(UnsafeBufferPointer(start: frequencies, count: count), width: frequencyWidth,
                                        to: output + 2 + deltaBytes)
                    (output + 2 + deltaBytes + frequencyBytes).update(from: positions, count: positionByteCount)
                    initialized = size
                }
            }
        }
    }
}
