/// Numbers strings given as UTF-8 so that two strings get the same number exactly when they are
/// equal as Swift `String`s, hashing and comparing their bytes wherever that gives the same answer.
///
/// `String` equality is canonical equivalence (`"が"`, U+304C, equals `"か\u{3099}"`), and hashing
/// a `String` first normalizes it to NFC, which for Japanese text costs most of a lookup. Text
/// made only of *plain* scalars (see ``isPlain(_:)``) is NFC already, so two plain strings are
/// equal exactly when their bytes are: they are numbered by their bytes alone. The first string
/// that is not plain (a combining mark, a compatibility ideograph, ill-formed UTF-8 read with
/// U+FFFD) makes the numbering keep every key as a `String` from then on, and strings not found
/// by their bytes are looked up with `String` equality: a plain string may equal one that is
/// not (`"が"` and `"か\u{3099}"`), whichever comes first.
struct CanonicalKeyNumbering {
    /// Plain keys by their bytes.
    private var plainKeys = ArenaTermTable<UInt8>()
    /// The number of each entry of `plainKeys`.
    private var numberOfPlainKey: [Int] = []
    /// Every key so far by `String` equality, once a key that is not plain has come.
    private var stringNumbers: [String: Int]?
    /// How many numbers were given (they are 0..<count, in first-seen order).
    private(set) var count = 0

    init() {}

    /// The number of the key with UTF-8 `bytes`, adding it when new.
    ///
    /// - Parameters:
    ///   - bytes: The key's UTF-8, well-formed (the bytes of a `String`).
    ///   - isPlain: Whether every scalar of the key is plain (see ``isPlain(_:)``).
    mutating func number(for bytes: UnsafeBufferPointer<UInt8>, isPlain: Bool) -> Int {
        if isPlain {
            let (entry, isNew) = plainKeys.number(for: bytes, hash: ArenaTermTable<UInt8>.hash(bytes))
            guard isNew else { return numberOfPlainKey[Int(entry)] }
            // A new plain key may still equal a key that is not plain.
            let number = stringNumbers == nil ? newNumber() : numberByString(String(decoding: bytes, as: UTF8.self))
            numberOfPlainKey.append(number)
            return number
        }
        if stringNumbers == nil {
            var numbers: [String: Int] = [:]
            numbers.reserveCapacity(numberOfPlainKey.count * 2)
            for (entry, number) in numberOfPlainKey.enumerated() {
                let start = entry == 0 ? 0 : plainKeys.ends[entry - 1]
                numbers[String(decoding: plainKeys.arena[start..<plainKeys.ends[entry]], as: UTF8.self)] = number
            }
            stringNumbers = numbers
        }
        return numberByString(String(decoding: bytes, as: UTF8.self))
    }

    /// The number of `key`, adding it when new.
    mutating func number(for key: String) -> Int {
        var key = key
        return key.withUTF8 { number(for: $0, isPlain: Self.isPlain($0)) }
    }

    /// The number of `key` by `String` equality (``stringNumbers`` must exist), adding it when new.
    private mutating func numberByString(_ key: String) -> Int {
        if let number = stringNumbers?[key] { return number }
        let number = newNumber()
        stringNumbers?[key] = number
        return number
    }

    private mutating func newNumber() -> Int {
        count += 1
        return count - 1
    }
}

// MARK: - Plain scalars

extension CanonicalKeyNumbering {
    /// Whether `scalar` is *plain*: a character of its own and NFC next to any other plain scalar.
    ///
    /// A plain scalar has canonical combining class 0, is unchanged by NFC, composes with nothing
    /// before it (not an NFC_Quick_Check=Maybe scalar such as U+3099) and is no grapheme extender,
    /// spacing mark, prepended mark, joiner, regional indicator or Hangul jamo. So in a string of
    /// plain scalars each scalar is one `Character`, and the string is NFC: `String` equality and
    /// `hasPrefix` are byte comparisons. The ranges cover the text Kensaku reads (ASCII, Latin,
    /// punctuation and symbols, kana, CJK ideographs, full-width forms) and leave out the blocks
    /// with combining marks or canonical singletons (U+2000, U+2126 Ω, U+2329, U+F900…).
    /// U+000D is plain because a line never holds the U+000A that would join it.
    static func isPlain(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0...0x2FF,  // ASCII, Latin-1, Latin Extended, IPA, spacing modifiers
             0x2002...0x200A, 0x2010...0x2027, 0x202F...0x205F,  // spaces, dashes, quotes, bullets, ※
             0x2100...0x2125, 0x2127...0x2129, 0x212C...0x218B,  // letterlike (℃), number forms (Ⅴ)
             0x2190...0x2328, 0x232B...0x23FF,  // arrows, mathematical operators, technical
             0x2460...0x27BF,  // enclosed alphanumerics (①), box drawing, shapes (■), dingbats
             0x2E80...0x2E99, 0x2E9B...0x2EF3, 0x2F00...0x2FD5,  // CJK and Kangxi radicals
             0x3000...0x3029, 0x3030...0x303F,  // CJK punctuation without its combining marks
             0x3041...0x3096, 0x309B...0x30FF,  // kana without the combining (semi-)voiced marks
             0x31F0...0x321E, 0x3220...0x33FF,  // small katakana, enclosed CJK, CJK squares (㎥)
             0x3400...0x9FFF,  // CJK ideographs (extension A, Yijing hexagrams, unified)
             0xFF01...0xFF9D, 0xFFE0...0xFFE6, 0xFFE8...0xFFEE,  // full- and half-width forms
             0xFFFD:
            return true
        default:
            return false
        }
    }

    /// Whether `bytes` are well-formed UTF-8 of plain scalars only (``isPlain(_:)``).
    static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            let length = plainSequenceLength(bytes, at: index)
            guard length > 0 else { return false }
            index += length
        }
        return true
    }

    /// Whether the three-byte UTF-8 sequence `lead`, `second`, `third` (a lead byte E0…EF and
    /// two continuation bytes) is a plain scalar. CJK ideographs and kana, most of Japanese text,
    /// are decided from the bytes.
    @inline(__always)
    static func isPlain(_ lead: UInt8, _ second: UInt8, _ third: UInt8) -> Bool {
        if lead >= 0xE4 && lead <= 0xE9 { return true }  // U+4000…U+9FFF
        if lead == 0xE3 && second >= 0x81 && second <= 0x83 {  // U+3040…U+30FF
            let offset = UInt32(second & 0x3F) << 6 | UInt32(third & 0x3F)  // from U+3000
            return (offset >= 0x41 && offset <= 0x96) || offset >= 0x9B
        }
        let scalar = UInt32(lead & 0x0F) << 12 | UInt32(second & 0x3F) << 6 | UInt32(third & 0x3F)
        return scalar >= 0x800 && isPlain(scalar)
    }

    /// The byte length of the well-formed UTF-8 sequence of a plain scalar at `index`, or 0.
    @inline(__always)
    static func plainSequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        if lead < 0x80 { return 1 }
        // No plain scalar needs four bytes; two- and three-byte scalars below 0x80 and 0x800 are
        // overlong, and the surrogates (ED A0…) are not plain.
        if lead >= 0xC2 && lead <= 0xDF {
            guard index + 1 < bytes.count, bytes[index + 1] & 0xC0 == 0x80 else { return 0 }
            return isPlain(UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)) ? 2 : 0
        }
        if lead >= 0xE0 && lead <= 0xEF {
            guard index + 2 < bytes.count, bytes[index + 1] & 0xC0 == 0x80, bytes[index + 2] & 0xC0 == 0x80 else {
                return 0
            }
            return isPlain(lead, bytes[index + 1], bytes[index + 2]) ? 3 : 0
        }
        return 0
    }
}
