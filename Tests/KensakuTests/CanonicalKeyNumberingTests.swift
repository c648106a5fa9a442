import Foundation
import Testing
@testable import Kensaku

@Suite("Canonical key numbering")
struct CanonicalKeyNumberingTests {
    /// Keys get equal numbers exactly when they are equal `String`s, whichever spelling comes
    /// first: plain keys by their bytes, others by canonical equivalence.
    @Test func numbersFollowStringEquality() {
        let keys = ["ガバナンス", "カ\u{3099}バナンス", "気候変動対策", "é", "e\u{301}", "ガバナンス", "GRI", "", "対照表：GRI"]
        for order in [keys, keys.reversed()] {
            var numbering = CanonicalKeyNumbering()
            let numbers = order.map { numbering.number(for: $0) }
            for i in order.indices {
                for j in order.indices {
                    #expect((numbers[i] == numbers[j]) == (order[i] == order[j]), "\(order[i]) vs \(order[j])")
                }
            }
            #expect(numbering.count == Set(order).count)
        }
    }

    /// Plain keys alone are numbered densely in first-seen order.
    @Test func plainKeysAreNumberedInOrder() {
        var numbering = CanonicalKeyNumbering()
        #expect(["環境", "社会", "環境", "GRI", "社会"].map { numbering.number(for: $0) } == [0, 1, 0, 2, 1])
        #expect(numbering.count == 3)
    }

    @Test func plainBytes() {
        func isPlain(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer(CanonicalKeyNumbering.isPlain) }
        #expect(isPlain(Array("気候変動対策：GRI 2-12、（概要）※①℃㎥ＡＢ".utf8)))
        #expect(!isPlain(Array("カ\u{3099}".utf8)))
        #expect(!isPlain(Array("e\u{301}".utf8)))
        #expect(!isPlain(Array("\u{F900}".utf8)))
        #expect(!isPlain(Array("😀".utf8)))
        #expect(!isPlain([0x41, 0x80]))
        #expect(!isPlain([0xE3, 0x80]))
        #expect(!isPlain([0xC0, 0x80]))  // overlong
        #expect(!isPlain([0xE0, 0x80, 0x80]))  // overlong
    }

    /// Every plain scalar is NFC on its own, has combining class 0, and is a character of its
    /// own next to itself and to ASCII (no extender, spacing mark, prepended mark or jamo).
    @Test func plainScalarsStandAlone() {
        var checked = 0
        for value in UInt32(0)...0xFFFF where CanonicalKeyNumbering.isPlain(value) {
            guard let scalar = Unicode.Scalar(value), value != 0x0A, value != 0x0D else { continue }
            let text = String(Character(scalar))
            #expect(scalar.properties.canonicalCombiningClass == .notReordered, "\(value)")
            #expect(!scalar.properties.isGraphemeExtend, "\(value)")
            #expect(Array(text.precomposedStringWithCanonicalMapping.unicodeScalars) == [scalar], "\(value)")
            #expect((text + text).count == 2 && ("a" + text).count == 2 && (text + "a").count == 2, "\(value)")
            checked += 1
        }
        #expect(checked > 25_000)
    }

    /// The byte test of three-byte sequences agrees with the scalar test.
    @Test func threeByteTestMatchesScalarTest() {
        for value in UInt32(0x800)...0xFFFF where !(0xD800...0xDFFF).contains(value) {
            let bytes = Array(String(Character(Unicode.Scalar(value)!)).utf8)
            #expect(CanonicalKeyNumbering.isPlain(bytes[0], bytes[1], bytes[2]) == CanonicalKeyNumbering.isPlain(value),
                    "\(value)")
        }
    }
}
