/// Where normalized text can be cut into chunks that ICU word segmentation handles independently,
/// so that a chunk's word breaks can be remembered and reused wherever the same chunk recurs.
///
/// A cut goes between a *separator* and a *chunk starter*:
/// - separators are line feed, space, tab and CJK or ASCII brackets and the marks `、` `。` `/`,
///   all of Word_Break `LF`, `WSegSpace` or `Other`, never a dictionary (Kana/Kanji) character;
/// - starters are Han, hiragana and katakana letters and ASCII letters and digits, none of which
///   is `Extend`, `Format`, `ZWJ` or `WSegSpace`.
///
/// In ICU's word rules (UAX #29 plus the `$KanaKanji` dictionary chain) nothing continues a match
/// past such a separator except `Extend`/`Format`/`ZWJ` (WB4) or a second space (WB3d), and a
/// starter is none of them, so there is always a boundary between the two, whatever precedes or
/// follows. The rule-based pass then restarts from that boundary exactly as it starts at the
/// beginning of a text, and dictionary ranges (runs of Kana/Kanji between rule boundaries) never
/// reach across it. Hence the breaks and rule statuses inside a chunk depend only on its units.
/// The tests check this against whole-text segmentation on the corpus and on tricky strings.
enum IndependentSegmentation {
    /// The end of the chunk that starts at `start`: the next cut after it, or the end of `units`.
    @inline(__always)
    static func chunkEnd(in units: UnsafeBufferPointer<UInt16>, from start: Int) -> Int {
        let count = units.count
        var index = start + 1
        while index < count {
            if isSeparator(units[index - 1]) && isStarter(units[index]) { return index }
            index += 1
        }
        return count
    }

    /// A unit after which a starter always begins a new segment.
    @inline(__always)
    static func isSeparator(_ unit: UInt16) -> Bool {
        switch unit {
        case 0x0A, 0x09, 0x20,                      // line feed, tab, space
             0x28, 0x29, 0x2F, 0x5B, 0x5D,          // ( ) / [ ]
             0x3001, 0x3002,                        // 、 。
             0x3008...0x3011,                       // 〈 〉 《 》 「 」 『 』 【 】
             0x3014...0x301B:                       // 〔 〕 〖 〗 〘 〙 〚 〛
            return true
        default:
            return false
        }
    }

    /// A unit that never continues the segment of a separator before it.
    @inline(__always)
    static func isStarter(_ unit: UInt16) -> Bool {
        if unit < 0x80 {
            return (0x30...0x39).contains(unit) || (0x61...0x7A).contains(unit) || (0x41...0x5A).contains(unit)
        }
        // A surrogate is never a starter: a Han character outside the BMP just does not start a chunk.
        return unit & 0xF800 != 0xD800 && CharacterClass.isCJKLetter(UInt32(unit))
    }
}
