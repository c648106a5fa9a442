import Testing
@testable import Kensaku

/// `UTF8Decoding.firstInvalidOffset` (with its fast paths) agrees with decoding scalar by scalar.
@Suite("UTF-8 validation")
struct UTF8DecodingTests {
    /// The offset of the first ill-formed byte, found by ``UTF8Decoding/decodeScalar(_:at:)`` alone.
    private static func referenceOffset(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                let (scalar, length) = UTF8Decoding.decodeScalar(buffer, at: index)
                if scalar == CharacterClass.replacementCharacter && length == 1 && buffer[index] >= 0x80 { return index }
                index += length
            }
            return nil
        }
    }

    @Test func matchesScalarDecodingOnDamagedText() {
        let text = Array("検索エンジン Kensaku: 日本語の文書を探す。ASCII runs, é, 𝄞, U+FFFD � and more text.".utf8)
        var generator = SeededGenerator(seed: 23)
        for round in 0..<2_000 {
            var bytes = text
            // Damage a few bytes: random values, cut sequences, surrogates and overlong leads.
            for _ in 0..<(round % 4) {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[position] = [0x80, 0xBF, 0xC0, 0xC2, 0xE0, 0xED, 0xEF, 0xF4, 0xF5, 0xFF, 0x41,
                                   UInt8.random(in: 0...255, using: &generator)].randomElement(using: &generator)!
            }
            let length = Int.random(in: 0...bytes.count, using: &generator)
            let sample = Array(bytes[..<length])
            let fast = sample.withUnsafeBufferPointer(UTF8Decoding.firstInvalidOffset)
            #expect(fast == Self.referenceOffset(sample), "round \(round)")
        }
    }

    @Test func decodesThreeByteSequencesAsTheStandardLibraryValidates() {
        let others: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x9F, 0xA0, 0xBF, 0xC0, 0xE3, 0xFF]
        for lead in UInt8(0xE0)...0xEF {
            for second in others {
                for third in others {
                    let bytes = [lead, second, third]
                    let decoded = bytes.withUnsafeBufferPointer { UTF8Decoding.decodeScalar($0, at: 0) }
                    let scalars = String(validating: bytes, as: UTF8.self).map { Array($0.unicodeScalars) }
                    if let scalars, scalars.count == 1 {
                        #expect(decoded == (scalars[0].value, 3), "\(bytes)")
                    } else {
                        #expect(decoded == (CharacterClass.replacementCharacter, 1), "\(bytes)")
                    }
                }
            }
            // Cut short: one byte used.
            let cut = [lead, 0x80].withUnsafeBufferPointer { UTF8Decoding.decodeScalar($0, at: 0) }
            #expect(cut == (CharacterClass.replacementCharacter, 1))
        }
    }

    @Test func acceptsWellFormedAndFindsEncodedSurrogates() {
        #expect(Array("ひらがな、カタカナ、漢字 and ASCII".utf8).withUnsafeBufferPointer(UTF8Decoding.firstInvalidOffset) == nil)
        // ED A0 80 would be U+D800, a surrogate: ill-formed at its lead byte.
        #expect([0x41, 0xED, 0xA0, 0x80].withUnsafeBufferPointer(UTF8Decoding.firstInvalidOffset) == 1)
        // E0 80 80 is an overlong encoding.
        #expect([0xE0, 0x80, 0x80].withUnsafeBufferPointer(UTF8Decoding.firstInvalidOffset) == 0)
    }
}
