/// The UTF-8 bytes of analysis output (UTF-16 units), without making a `String`.
///
/// Gives the bytes `String(decoding: units, as: UTF16.self).utf8` would: an unpaired surrogate
/// becomes U+FFFD.
enum UTF16ToUTF8 {
    /// Calls `body` with each UTF-8 byte of `units`, in order.
    @inline(__always)
    static func forEachByte(of units: UnsafeBufferPointer<UInt16>, _ body: (UInt8) -> Void) {
        var index = 0
        let count = units.count
        while index < count {
            var scalar = UInt32(units[index])
            index += 1
            if scalar < 0x80 {
                body(UInt8(truncatingIfNeeded: scalar))
                continue
            }
            if scalar < 0x800 {
                body(UInt8(truncatingIfNeeded: 0xC0 | scalar >> 6))
                body(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
                continue
            }
            if scalar & 0xF800 == 0xD800 {
                if scalar & 0xFC00 == 0xD800 && index < count && units[index] & 0xFC00 == 0xDC00 {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (UInt32(units[index]) - 0xDC00)
                    index += 1
                    body(UInt8(truncatingIfNeeded: 0xF0 | scalar >> 18))
                    body(UInt8(truncatingIfNeeded: 0x80 | (scalar >> 12) & 0x3F))
                    body(UInt8(truncatingIfNeeded: 0x80 | (scalar >> 6) & 0x3F))
                    body(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
                    continue
                }
                scalar = CharacterClass.replacementCharacter
            }
            body(UInt8(truncatingIfNeeded: 0xE0 | scalar >> 12))
            body(UInt8(truncatingIfNeeded: 0x80 | (scalar >> 6) & 0x3F))
            body(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
        }
    }

    /// Appends the UTF-8 bytes of `units` to `bytes`.
    static func append(_ units: UnsafeBufferPointer<UInt16>, to bytes: inout [UInt8]) {
        forEachByte(of: units) { bytes.append($0) }
    }
}
