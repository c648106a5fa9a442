/// Lenient UTF-8 decoding that never fails: an ill-formed sequence becomes U+FFFD and consumes
/// one byte, so every byte offset stays meaningful.
enum UTF8Decoding {
    /// Decodes the scalar starting at `index`; returns it with the number of bytes it used.
    @inline(__always)
    static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (scalar: UInt32, length: Int) {
        let count = bytes.count
        let lead = bytes[index]
        if lead < 0x80 { return (UInt32(lead), 1) }
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

    /// The offset of the first ill-formed byte, or nil when all bytes are well-formed UTF-8.
    static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        while index < bytes.count {
            let (scalar, length) = decodeScalar(bytes, at: index)
            if scalar == CharacterClass.replacementCharacter && length == 1 && bytes[index] >= 0x80 {
                return index
            }
            index += length
        }
        return nil
    }
}
