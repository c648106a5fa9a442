/// Lenient UTF-8 decoding that never fails: an ill-formed sequence becomes U+FFFD and consumes
/// one byte, so every byte offset stays meaningful.
enum UTF8Decoding {
    /// Decodes the scalar starting at `index`; returns it with the number of bytes it used.
    @inline(__always)
    static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (scalar: UInt32, length: Int) {
        let count = bytes.count
        let lead = bytes[index]
        if lead < 0x80 { return (UInt32(lead), 1) }
        if isPlainThreeByteLead(lead) && index + 3 <= count {
            let second = bytes[index + 1], third = bytes[index + 2]
            if second & 0xC0 == 0x80 && third & 0xC0 == 0x80 {
                return (UInt32(lead & 0x0F) << 12 | UInt32(second & 0x3F) << 6 | UInt32(third & 0x3F), 3)
            }
        }
        let length: Int
        var scalar: UInt32
        let minimum: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; scalar = UInt32(lead & 0x1F); minimum = 0x80
        case 0xE0...0xEF: length = 3; scalar = UInt32(lead & 0x0F); minimum = 0x800
        case 0xF0...0xF4: length = 4; scalar = UInt32(lead & 0x07); minimum = 0x10000
        default: return (CharacterClass.replacementCharacter, 1)
        }
        guard index + length <= count else { return (CharacterClass.replacementCharacter, 1) }
        for offset in 1..<length {
            let byte = bytes[index + offset]
            guard byte & 0xC0 == 0x80 else { return (CharacterClass.replacementCharacter, 1) }
            scalar = scalar << 6 | UInt32(byte & 0x3F)
        }
        guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else {
            return (CharacterClass.replacementCharacter, 1)
        }
        return (scalar, length)
    }

    /// Whether `lead` starts a three-byte sequence that admits no overlong form or surrogate
    /// (E1…EC, EE…EF: most Japanese text): it is well-formed whenever both continuation bytes are.
    @inline(__always)
    private static func isPlainThreeByteLead(_ lead: UInt8) -> Bool {
        lead >= 0xE1 && lead <= 0xEF && lead != 0xED
    }

    /// The offset of the first ill-formed byte, or nil when all bytes are well-formed UTF-8.
    ///
    /// Runs of ASCII are skipped eight bytes at a time, and two- and three-byte sequences whose
    /// lead byte admits no overlong form or surrogate (C2…DF, E1…EC, EE…EF: most Japanese text)
    /// are checked by their continuation bytes alone; other sequences go through
    /// ``decodeScalar(_:at:)``.
    static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = bytes.count
        var index = 0
        while index < count {
            if index + 8 <= count,
               UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
                continue
            }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            if lead >= 0xC2 && lead <= 0xDF && index + 2 <= count && bytes[index + 1] & 0xC0 == 0x80 {
                index += 2
                continue
            }
            if isPlainThreeByteLead(lead) && index + 3 <= count
                && bytes[index + 1] & 0xC0 == 0x80 && bytes[index + 2] & 0xC0 == 0x80 {
                index += 3
                continue
            }
            let (scalar, length) = decodeScalar(bytes, at: index)
            if scalar == CharacterClass.replacementCharacter && length == 1 && bytes[index] >= 0x80 {
                return index
            }
            index += length
        }
        return nil
    }
}
