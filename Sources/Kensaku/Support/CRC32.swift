import CCRC32

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum in an index file's footer.
///
/// The same function as zlib's `crc32` and Python's `zlib.crc32`, so a file can be checked
/// outside Kensaku. Where the processor multiplies carry-less (x86 PCLMULQDQ), whole 16-byte
/// blocks are folded in C (`kensaku_crc32_fold`, ~10 times faster: opening an index checks all
/// but its postings, 17 % of a cold `kensaku search`'s instructions at ×1 before); otherwise,
/// and for the last few bytes, slicing-by-8 tables process eight bytes per step.
enum CRC32 {
    /// Whether this processor has the instructions of `kensaku_crc32_fold`.
    static let hardwareAvailable = kensaku_crc32_has_hardware() != 0

    /// The checksum of a byte buffer; pass the checksum of the bytes before it as `initial` to
    /// continue a checksum over several buffers.
    ///
    /// - Parameter folding: use `kensaku_crc32_fold` where the processor has its instructions
    ///   (tests compare with the tables alone).
    /// - Complexity: O(*n*).
    static func checksum(_ bytes: UnsafeRawBufferPointer, initial: UInt32 = 0, folding: Bool = true) -> UInt32 {
        var crc = ~initial
        guard let base = bytes.baseAddress else { return initial }
        let count = bytes.count
        var index = 0
        if count >= 64 && folding && hardwareAvailable {
            // Whole 16-byte blocks by carry-less multiplication; the rest below.
            index = count & ~15
            crc = kensaku_crc32_fold(crc, base.assumingMemoryBound(to: UInt8.self), index)
        }
        tables.withUnsafeBufferPointer { table in
            while count - index >= 8 {
                let low = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt32.self)) ^ crc
                let high = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: index + 4, as: UInt32.self))
                crc = table[7 * 256 + Int(low & 0xff)] ^ table[6 * 256 + Int((low >> 8) & 0xff)]
                    ^ table[5 * 256 + Int((low >> 16) & 0xff)] ^ table[4 * 256 + Int(low >> 24)]
                    ^ table[3 * 256 + Int(high & 0xff)] ^ table[2 * 256 + Int((high >> 8) & 0xff)]
                    ^ table[256 + Int((high >> 16) & 0xff)] ^ table[Int(high >> 24)]
                index += 8
            }
            while index < count {
                crc = table[Int((crc ^ UInt32(base.load(fromByteOffset: index, as: UInt8.self))) & 0xff)] ^ (crc >> 8)
                index += 1
            }
        }
        return ~crc
    }

    /// Eight 256-entry tables: `tables[k * 256 + b]` is the CRC of byte `b` followed by `k` zero bytes.
    private static let tables: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 {
                crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
            }
            table[byte] = crc
        }
        for byte in 0..<256 {
            for k in 1..<8 {
                let previous = table[(k - 1) * 256 + byte]
                table[k * 256 + byte] = table[Int(previous & 0xff)] ^ (previous >> 8)
            }
        }
        return table
    }()
}
