/// The analysis pipeline shared by indexing and querying, so both sides always agree.
///
/// Text is normalized (see ``Normalizer``), segmented into words by ICU (locale `ja`), and every
/// run of Han, hiragana and katakana is also cut into overlapping character bigrams, so that both
/// whole words (`排出量`) and substrings (`排出` inside `排出量`) match. Punctuation, spaces and
/// U+FFFD produce no tokens.
public struct Analyzer: Sendable {
    public init() {}

    /// Names the analysis configuration; an index built with another fingerprint is rebuilt.
    ///
    /// It includes the ICU version because word segmentation can change between ICU releases.
    public static var fingerprint: String { "kensaku-analysis-1;icu-\(ICU.version)" }

    /// The version of the system ICU library in use.
    public static var icuVersion: String { ICU.version }

    /// Analyzes a string (a query, or a test input); byte ranges are offsets into its UTF-8.
    ///
    /// - Throws: `KensakuError` with code `icuFailure` if ICU fails.
    public func tokens(of text: String) throws(KensakuError) -> [Token] {
        let session = try AnalysisSessionPool.shared.take()
        var bytes = Array(text.utf8)
        var tokens: [Token] = []
        // Rarely more than a word and a bigram per character (queries are short; the cap is
        // for long texts given to `kensaku analyze`).
        tokens.reserveCapacity(min(2 * text.unicodeScalars.count, 4096))
        try bytes.withUnsafeMutableBufferPointer { buffer throws(KensakuError) in
            try session.analyze(UnsafeBufferPointer(buffer), baseOffset: 0) { tokens.append($0) }
        }
        // Only a session that finished is reused.
        AnalysisSessionPool.shared.give(session)
        return tokens
    }
}

/// Reusable analysis state (ICU break iterator, buffers) for one task. Not thread-safe.
final class AnalysisSession {
    private var normalizer = Normalizer()
    private let breaker: WordBreaker

    /// - Parameter memoizesSegmentation: whether the word breaker remembers the segmentation of
    ///   recurring chunks of text (worth it over a corpus, not for a few queries).
    init(memoizesSegmentation: Bool = false) throws(KensakuError) {
        breaker = try WordBreaker(memoizes: memoizesSegmentation)
    }

    /// The word breaker's memo, for its hit counts.
    var segmentationMemo: SegmentationMemo { breaker.memo }

    /// Analyzes UTF-8 bytes whose first byte is at `baseOffset` in the source file, calling
    /// `emit` with every token: first all words in order, then all bigrams in order.
    func analyze(
        _ bytes: UnsafeBufferPointer<UInt8>,
        baseOffset: Int,
        emit: (Token) -> Void
    ) throws(KensakuError) {
        try analyzeUnits(bytes, baseOffset: baseOffset) { token in
            emit(Token(text: Self.string(fromUTF16: token.units), kind: token.kind,
                       position: token.position, byteRange: token.byteRange))
        }
    }

    /// The string of some UTF-16 code units (a lone surrogate becomes U+FFFD), transcoded to
    /// UTF-8 by hand: `String(decoding:as: UTF16.self)` takes a slow generic path, which query
    /// profiles showed at about 600 instructions per token.
    static func string(fromUTF16 units: UnsafeBufferPointer<UInt16>) -> String {
        String(unsafeUninitializedCapacity: units.count * 3) { bytes in
            var count = 0
            func put(_ scalar: UInt32) {
                switch scalar {
                case ..<0x80:
                    bytes[count] = UInt8(scalar)
                    count += 1
                case ..<0x800:
                    bytes[count] = UInt8(0xC0 | scalar >> 6)
                    bytes[count + 1] = UInt8(0x80 | scalar & 0x3F)
                    count += 2
                case ..<0x10000:
                    bytes[count] = UInt8(0xE0 | scalar >> 12)
                    bytes[count + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
                    bytes[count + 2] = UInt8(0x80 | scalar & 0x3F)
                    count += 3
                default:
                    bytes[count] = UInt8(0xF0 | scalar >> 18)
                    bytes[count + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
                    bytes[count + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
                    bytes[count + 3] = UInt8(0x80 | scalar & 0x3F)
                    count += 4
                }
            }
            var index = 0
            while index < units.count {
                let unit = UInt32(units[index])
                index += 1
                switch unit {
                case 0xD800..<0xDC00 where index < units.count && (0xDC00..<0xE000).contains(units[index]):
                    put(0x10000 + (unit - 0xD800) << 10 + (UInt32(units[index]) - 0xDC00))
                    index += 1
                case 0xD800..<0xE000:
                    put(0xFFFD)
                default:
                    put(unit)
                }
            }
            return count
        }
    }

    /// Like ``analyze(_:baseOffset:emit:)``, but each token's text stays in the session's
    /// normalized buffer (valid only during the call), so no `String` is made per token.
    func analyzeUnits(
        _ bytes: UnsafeBufferPointer<UInt8>,
        baseOffset: Int,
        emit: (UnitToken) -> Void
    ) throws(KensakuError) {
        let text = try normalizer.normalize(bytes, baseOffset: baseOffset)
        try text.units.withUnsafeBufferPointer { units throws(KensakuError) in
            let isNFC = try CanonicalForm.isQuickNFC(units)
            try emitWords(text, units, isNFC: isNFC, emit)
            emitBigrams(text, units, emit)
        }
    }

    private func emitWords(
        _ text: NormalizedText,
        _ units: UnsafeBufferPointer<UInt16>,
        isNFC: Bool,
        _ emit: (UnitToken) -> Void
    ) throws(KensakuError) {
        var position = 0
        try breaker.forEachSegment(in: units) { range, status in
            guard !WordRuleStatus.none.contains(status) || Self.hasLetterOrDigit(units, range) else { return }
            var end = range.upperBound
            if Self.endsWithFoldableProlongedSoundMark(units, range) { end -= 1 }
            guard end > range.lowerBound else { return }
            let byteRange = Int(text.sourceStarts[range.lowerBound])..<Int(text.sourceEnds[end - 1])
            emit(UnitToken(units: UnsafeBufferPointer(rebasing: units[range.lowerBound..<end]), kind: .word,
                           position: position, byteRange: byteRange, isNFC: isNFC))
            position += 1
        }
    }

    /// Whether a segment that ICU classed as "none" still holds letters or digits worth indexing
    /// (ICU puts some symbols and rare scripts there); spaces, punctuation and U+FFFD do not count.
    private static func hasLetterOrDigit(_ units: UnsafeBufferPointer<UInt16>, _ range: Range<Int>) -> Bool {
        for index in range {
            let unit = units[index]
            if unit < 0x80 {
                if (0x30...0x39).contains(unit) || (0x61...0x7A).contains(unit) || (0x41...0x5A).contains(unit) {
                    return true
                }
            } else if CharacterClass.isCJKLetter(UInt32(unit)) {
                return true
            }
        }
        return false
    }

    /// A katakana word of at least four characters ending in `ー` (a word inside a longer
    /// katakana run, which the normalizer's run-level fold does not reach).
    private static func endsWithFoldableProlongedSoundMark(_ units: UnsafeBufferPointer<UInt16>, _ range: Range<Int>) -> Bool {
        guard range.count >= Normalizer.minimumKatakanaFoldLength,
              UInt32(units[range.upperBound - 1]) == CharacterClass.prolongedSoundMark
        else { return false }
        return range.allSatisfy { CharacterClass.isKatakana(UInt32(units[$0])) }
    }

    /// Bigrams hold only CJK letters (NFC quick check "yes", combining class 0), so they are
    /// always in NFC.
    private func emitBigrams(
        _ text: NormalizedText,
        _ units: UnsafeBufferPointer<UInt16>,
        _ emit: (UnitToken) -> Void
    ) {
        // The previous CJK character of the current run: its unit range and scalar position.
        var previous: (start: Int, end: Int, position: Int)? = nil
        var runLength = 0
        var scalarPosition = 0
        var index = 0
        let count = units.count

        func emitToken(_ start: Int, _ end: Int, _ position: Int) {
            let byteRange = Int(text.sourceStarts[start])..<Int(text.sourceEnds[end - 1])
            emit(UnitToken(units: UnsafeBufferPointer(rebasing: units[start..<end]), kind: .bigram,
                           position: position, byteRange: byteRange, isNFC: true))
        }

        while index <= count {
            var scalar: UInt32 = 0
            var width = 1
            if index < count {
                let unit = units[index]
                if unit & 0xFC00 == 0xD800 && index + 1 < count && units[index + 1] & 0xFC00 == 0xDC00 {
                    scalar = 0x10000 + (UInt32(unit - 0xD800) << 10) + UInt32(units[index + 1] - 0xDC00)
                    width = 2
                } else {
                    scalar = UInt32(unit)
                }
            }
            if index < count && CharacterClass.isCJKLetter(scalar) {
                if let previous {
                    emitToken(previous.start, index + width, previous.position)
                }
                previous = (index, index + width, scalarPosition)
                runLength += 1
            } else {
                // End of a run: a lone character is indexed as a unigram.
                if runLength == 1, let previous {
                    emitToken(previous.start, previous.end, previous.position)
                }
                previous = nil
                runLength = 0
            }
            index += width
            scalarPosition += 1
        }
    }
}
