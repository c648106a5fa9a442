/// Appends little-endian integers, LEB128 variable-length integers and strings to a byte buffer.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    var count: Int { bytes.count }

    mutating func append(_ value: UInt8) { bytes.append(value) }
    mutating func append(_ value: UInt16) { appendLittleEndian(UInt64(value), byteCount: 2) }
    mutating func append(_ value: UInt32) { appendLittleEndian(UInt64(value), byteCount: 4) }
    mutating func append(_ value: UInt64) { appendLittleEndian(value, byteCount: 8) }
    mutating func append(_ value: Int64) { appendLittleEndian(UInt64(bitPattern: value), byteCount: 8) }
    mutating func append(contentsOf other: [UInt8]) { bytes.append(contentsOf: other) }
    mutating func append(contentsOf other: UnsafeRawBufferPointer) { bytes.append(contentsOf: other) }

    /// A length-prefixed UTF-8 string: `Length(u32), Bytes`.
    mutating func appendString(_ string: String) {
        let utf8 = Array(string.utf8)
        append(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    /// An unsigned LEB128 integer: seven bits per byte, low bits first, high bit set on every
    /// byte but the last. Values below 128 take one byte.
    mutating func appendVarInt(_ value: UInt32) {
        VarInt.append(value, to: &bytes)
    }

    private mutating func appendLittleEndian(_ value: UInt64, byteCount: Int) {
        for index in 0..<byteCount { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))) }
    }
}

/// Unsigned LEB128 encoding of 32-bit integers (at most five bytes each).
enum VarInt {
    static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }
}

/// Reads what ``ByteWriter`` wrote, from a bounded region of memory; every read is checked
/// against the end, so a damaged file yields an error instead of a crash.
struct ByteReader {
    private let buffer: UnsafeRawBufferPointer
    private let end: Int
    private(set) var offset: Int

    /// The reader covers `bytes[range]`; `offset` starts at `range.lowerBound`.
    init(_ bytes: UnsafeRawBufferPointer, range: Range<Int>) {
        precondition(range.upperBound <= bytes.count, "ByteReader range beyond its buffer")
        buffer = bytes
        end = range.upperBound
        offset = range.lowerBound
    }

    var isAtEnd: Bool { offset >= end }

    /// Moves to `newOffset`, which must lie between the start of the buffer and the end of the range.
    mutating func seek(to newOffset: Int) throws(OutOfBounds) {
        guard newOffset >= 0, newOffset <= end else { throw OutOfBounds() }
        offset = newOffset
    }

    /// Reads posting entries (`PassageDelta, TermFrequency, PositionDelta^TermFrequency`, see
    /// ``PostingListWriter``) until one whose passage is at least `target`, and stops before its
    /// positions; false when the `count` entries run out first. One loop with its state in
    /// registers, for ``PostingsCursor/advance(to:)``, which is where search spends its decoding.
    ///
    /// - Parameters:
    ///   - passage, frequency, ordinal: the cursor's state, updated.
    ///   - positionsPending: whether the current entry's positions are still unread; updated.
    mutating func scanPostings(
        to target: Int, passage: inout Int, frequency: inout Int, ordinal: inout Int, count: Int, positionsPending: inout Bool
    ) throws(OutOfBounds) -> Bool {
        guard let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            if ordinal < count { throw OutOfBounds() }
            return false
        }
        var position = offset
        let limit = end
        var current = passage, occurrences = frequency, read = ordinal
        defer {
            offset = position
            passage = current
            frequency = occurrences
            ordinal = read
        }
        @inline(__always) func varInt() throws(OutOfBounds) -> Int { try Self.varInt(base, &position, limit) }
        @inline(__always) func skip(_ integers: Int) throws(OutOfBounds) { try Self.skip(integers, base, &position, limit) }
        if positionsPending { try skip(occurrences) }
        positionsPending = false
        while read < count {
            read += 1
            current += try varInt()
            occurrences = try varInt()
            // Every position takes at least one byte: a larger count is damage, not data.
            guard occurrences >= 1, occurrences <= limit - position else { throw OutOfBounds() }
            if current >= target {
                positionsPending = true
                return true
            }
            try skip(occurrences)
        }
        return false
    }

    /// Reads the remaining posting entries (up to `count` in all), skipping their positions, and
    /// calls `body` with each passage and frequency: ``scanPostings(to:passage:frequency:ordinal:count:positionsPending:)``
    /// without a target, for scoring whole lists.
    @inline(__always)
    mutating func forEachPosting(
        passage: inout Int, ordinal: inout Int, count: Int, positionsPending: inout Bool, frequency: Int,
        _ body: (_ passage: Int, _ frequency: Int) -> Void
    ) throws(OutOfBounds) {
        guard let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            if ordinal < count { throw OutOfBounds() }
            return
        }
        var position = offset
        let limit = end
        var current = passage, read = ordinal
        defer {
            offset = position
            passage = current
            ordinal = read
        }
        @inline(__always) func varInt() throws(OutOfBounds) -> Int { try Self.varInt(base, &position, limit) }
        @inline(__always) func skip(_ integers: Int) throws(OutOfBounds) { try Self.skip(integers, base, &position, limit) }
        if positionsPending { try skip(frequency) }
        positionsPending = false
        while read < count {
            read &+= 1
            current &+= try varInt()
            let occurrences = try varInt()
            // Every position takes at least one byte: a larger count is damage, not data.
            guard occurrences >= 1, occurrences <= limit - position else { throw OutOfBounds() }
            body(current, occurrences)
            try skip(occurrences)
        }
    }

    /// The LEB128 integer (at most five bytes) at `base[position]`, moving `position` past it;
    /// never reads at or beyond `limit`. For the posting loops, which keep their state in registers.
    @inline(__always)
    private static func varInt(_ base: UnsafePointer<UInt8>, _ position: inout Int, _ limit: Int) throws(OutOfBounds) -> Int {
        guard position < limit else { throw OutOfBounds() }
        // Most deltas and frequencies take one byte.
        let first = base[position]
        position &+= 1
        if first < 0x80 { return Int(first) }
        var result = Int(first & 0x7F)
        var shift = 7
        while true {
            guard position < limit, shift < 35 else { throw OutOfBounds() }
            let byte = base[position]
            position &+= 1
            result |= Int(byte & 0x7F) &<< shift
            if byte < 0x80 { return result }
            shift &+= 7
        }
    }

    /// Moves `position` past `integers` LEB128 integers, never reading at or beyond `limit`.
    @inline(__always)
    private static func skip(_ integers: Int, _ base: UnsafePointer<UInt8>, _ position: inout Int, _ limit: Int) throws(OutOfBounds) {
        var left = integers
        while left > 0 {
            guard position < limit else { throw OutOfBounds() }
            if base[position] < 0x80 { left &-= 1 }
            position &+= 1
        }
    }

    /// Skips `count` LEB128 integers.
    @inline(__always)
    mutating func skipVarInts(_ count: Int) throws(OutOfBounds) {
        var left = count
        while left > 0 {
            guard offset < end else { throw OutOfBounds() }
            if buffer.load(fromByteOffset: offset, as: UInt8.self) < 0x80 { left -= 1 }
            offset += 1
        }
    }

    /// Bytes left to read.
    var remainingCount: Int { max(0, end - offset) }

    struct OutOfBounds: Error {}

    mutating func readUInt32() throws(OutOfBounds) -> UInt32 {
        guard end - offset >= 4 else { throw OutOfBounds() }
        defer { offset += 4 }
        return UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    mutating func readUInt64() throws(OutOfBounds) -> UInt64 {
        guard end - offset >= 8 else { throw OutOfBounds() }
        defer { offset += 8 }
        return UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    mutating func readBytes(_ count: Int) throws(OutOfBounds) -> UnsafeRawBufferPointer {
        guard count >= 0, end - offset >= count else { throw OutOfBounds() }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + count)])
    }

    mutating func readString() throws(OutOfBounds) -> String {
        let length = Int(try readUInt32())
        let raw = try readBytes(length)
        return String(decoding: raw, as: UTF8.self)
    }

    /// Reads an unsigned LEB128 integer of at most five bytes.
    @inline(__always)
    mutating func readVarInt() throws(OutOfBounds) -> UInt32 {
        var result: UInt32 = 0
        var shift: UInt32 = 0
        while true {
            guard offset < end, shift < 35 else { throw OutOfBounds() }
            let byte = buffer.load(fromByteOffset: offset, as: UInt8.self)
            offset += 1
            result |= UInt32(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }
}
