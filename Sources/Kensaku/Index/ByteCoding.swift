/// Appends little-endian integers and strings to a byte buffer.
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

    private mutating func appendLittleEndian(_ value: UInt64, byteCount: Int) {
        for index in 0..<byteCount { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))) }
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
}
