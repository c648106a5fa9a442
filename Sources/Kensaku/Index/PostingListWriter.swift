/// One term's posting list as the builder appends passages to it, encoded as format 3 stores it
/// (see `docs/index-format.md`):
///
/// ```
/// Postings  --> [<SkipEntry>^BlockCount], <Entry>^DocumentFrequency
/// Entry     --> PassageDelta(varint), TermFrequency(varint), <PositionDelta(varint)>^TermFrequency
/// SkipEntry --> LastPassage(u32), EntriesEnd(u32), MaxFrequency(u16), MinLength(u16)
/// ```
///
/// The skip table is written only when the list has more than one block of
/// ``IndexFormat/postingBlockSize`` entries. It lets a reader jump over whole blocks, and its
/// bounds (the block's largest term frequency and smallest field length) bound the BM25 score
/// of any passage in the block, for any `k1`, `b` ≥ 0. The list's own bounds go in its term entry.
struct PostingListWriter {
    /// The encoded entries so far.
    private var entryBytes = GrowableBytes()
    /// Skip entries of the complete blocks so far.
    private var skips: [UInt8] = []
    /// Passages in the list.
    private(set) var documentFrequency = 0
    /// The largest term frequency in the list.
    private(set) var maxFrequency = 0
    /// The smallest field length of a passage in the list.
    private(set) var minLength = Int.max
    private var lastPassage: UInt32 = 0
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
            let delta = passage - lastPassage
            lastPassage = passage
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
            put(UInt32(positions.count))
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
                skips += skipEntry()
                blockMaxFrequency = 0
                blockMinLength = Int.max
            }
        }
    }

    /// The encoded entries so far.
    var entries: [UInt8] { entryBytes.withBytes { Array($0) } }

    /// The byte size of ``entries``.
    var entriesByteCount: Int { entryBytes.count }

    /// Calls `body` with the bytes of ``entries`` (without copying them).
    func withEntries<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try entryBytes.withBytes(body)
    }

    /// The skip table, written before the entries: empty for a list of one block.
    ///
    /// - Precondition: the entries are at most 4 GiB (``Limits/maximumPostingListBytes``).
    var skipTable: [UInt8] {
        guard documentFrequency > IndexFormat.postingBlockSize else { return [] }
        return documentFrequency % IndexFormat.postingBlockSize == 0 ? skips : skips + skipEntry()
    }

    /// The encoded size of the list: skip table and entries.
    var byteCount: Int {
        let blocks = documentFrequency > IndexFormat.postingBlockSize
            ? (documentFrequency + IndexFormat.postingBlockSize - 1) / IndexFormat.postingBlockSize : 0
        return blocks * IndexFormat.skipEntrySize + entriesByteCount
    }

    /// The skip entry of the block ending with the last entry appended.
    private func skipEntry() -> [UInt8] {
        precondition(entriesByteCount <= Int(UInt32.max), "posting list over 4 GiB")
        var entry: [UInt8] = []
        entry.reserveCapacity(IndexFormat.skipEntrySize)
        withUnsafeBytes(of: lastPassage.littleEndian) { entry.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(entriesByteCount).littleEndian) { entry.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt16(min(blockMaxFrequency, IndexFormat.maximumBound16)).littleEndian) { entry.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt16(min(blockMinLength, IndexFormat.maximumBound16)).littleEndian) { entry.append(contentsOf: $0) }
        return entry
    }
}
