/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum in an index file's footer.
///
/// The same function as zlib's `crc32` and Python's `zlib.crc32`, so a file can be checked
/// outside Kensaku. Slicing-by-4 tables keep it near a byte per cycle.
enum CRC32 {
    /// The checksum of a byte buffer.
    ///
    /// - Complexity: O(*n*).
    static func checksum(_ bytes: UnsafeRawBufferPointer, initial: UInt32 = 0) -> UInt32 {
        var crc = ~initial
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return initial }
        let count = bytes.count
        tables.withUnsafeBufferPointer { table in
            var index = 0
            while count - index >= 4 {
                crc ^= UInt32(base[index]) | UInt32(base[index + 1]) << 8
                    | UInt32(base[index + 2]) << 16 | UInt32(base[index + 3]) << 24
                crc = table[768 + Int(crc & 0xff)] ^ table[512 + Int((crc >> 8) & 0xff)]
                    ^ table[256 + Int((crc >> 16) & 0xff)] ^ table[Int(crc >> 24)]
                index += 4
            }
            while index < count {
                crc = table[Int((crc ^ UInt32(base[index])) & 0xff)] ^ (crc >> 8)
                index += 1
            }
        }
        return ~crc
    }

    /// Four 256-entry tables: `tables[k * 256 + b]` is the CRC of byte `b` followed by `k` zero bytes.
    private static let tables: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 1024)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 {
                crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
            }
            table[byte] = crc
        }
        for byte in 0..<256 {
            for k in 1..<4 {
                let previous = table[(k - 1) * 256 + byte]
                table[k * 256 + byte] = table[Int(previous & 0xff)] ^ (previous >> 8)
            }
        }
        return table
    }()
}
