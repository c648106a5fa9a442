/// Script tests on Unicode scalar values, after NFKC (so half-width katakana is already full-width).
enum CharacterClass {
    /// U+30FC KATAKANA-HIRAGANA PROLONGED SOUND MARK (ー).
    static let prolongedSoundMark: UInt32 = 0x30FC
    /// U+FFFD REPLACEMENT CHARACTER: debris of broken PDF extraction or invalid UTF-8.
    static let replacementCharacter: UInt32 = 0xFFFD

    /// Han ideographs, including the iteration marks 々 and 〆 and the ideographic zero 〇.
    @inline(__always)
    static func isHan(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x3FFFF, 0x3005...0x3007:
            return true
        default:
            return false
        }
    }

    /// Hiragana letters (U+3041…U+309F, without the combining sound marks' spacing forms).
    @inline(__always)
    static func isHiragana(_ scalar: UInt32) -> Bool {
        (0x3041...0x3096).contains(scalar) || (0x309D...0x309F).contains(scalar)
    }

    /// Katakana letters and the prolonged sound mark; not the middle dot ・ (U+30FB), which
    /// separates words.
    @inline(__always)
    static func isKatakana(_ scalar: UInt32) -> Bool {
        ((0x30A1...0x30FF).contains(scalar) && scalar != 0x30FB) || (0x31F0...0x31FF).contains(scalar)
    }

    /// Han, hiragana or katakana: the scripts whose runs are cut into character bigrams.
    @inline(__always)
    static func isCJKLetter(_ scalar: UInt32) -> Bool {
        isHan(scalar) || isHiragana(scalar) || isKatakana(scalar)
    }

    /// CJK letters and CJK punctuation (U+3001…U+303F): a line break between two of these is a
    /// wrap of the PDF layout, not a word boundary.
    @inline(__always)
    static func joinsAcrossLineBreak(_ scalar: UInt32) -> Bool {
        isCJKLetter(scalar) || (0x3001...0x303F).contains(scalar)
    }

    /// Horizontal white space that may surround a wrapped line break (after NFKC, U+3000 is U+0020).
    @inline(__always)
    static func isInlineSpace(_ unit: UInt16) -> Bool {
        unit == 0x20 || unit == 0x09 || unit == 0x0D
    }
}
