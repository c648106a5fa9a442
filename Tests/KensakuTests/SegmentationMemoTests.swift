import Foundation
import Testing
@testable import Kensaku

/// The word breaker's memo must give exactly the segments and rule statuses ICU gives for the
/// whole text, whatever surrounds a remembered chunk.
@Suite("Segmentation memo")
struct SegmentationMemoTests {
    /// Segments and statuses of `units`, as `start..<end:status` strings.
    static func segments(_ units: [UInt16], _ breaker: WordBreaker) throws -> [String] {
        var result: [String] = []
        try units.withUnsafeBufferPointer { buffer throws(KensakuError) in
            try breaker.forEachSegment(in: buffer) { range, status in
                result.append("\(range.lowerBound)..<\(range.upperBound):\(status)")
            }
        }
        return result
    }

    /// The normalized UTF-16 units of a text, as the analysis hands them to the word breaker.
    static func normalized(_ bytes: [UInt8]) throws -> [UInt16] {
        var normalizer = Normalizer()
        return try bytes.withUnsafeBufferPointer { buffer throws(KensakuError) in
            try normalizer.normalize(buffer, baseOffset: 0).units
        }
    }

    /// Every window of 1, 2, 3 and 7 lines of every corpus file (so each chunk recurs in many
    /// contexts), memoized against whole-text ICU segmentation.
    @Test func matchesICUOnTheCorpus() throws {
        let memoized = try WordBreaker(memoizes: true)
        let direct = try WordBreaker(memoizes: false)
        var windowCount = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: TestSupport.corpusPath).sorted() {
            let units = try Self.normalized(try TestSupport.corpusBytes(name))
            var lineStarts = [0]
            for (index, unit) in units.enumerated() where unit == 0x0A { lineStarts.append(index + 1) }
            lineStarts.append(units.count)
            for width in [1, 2, 3, 7] {
                for first in stride(from: 0, to: lineStarts.count - 1, by: width == 1 ? 1 : width - 1) {
                    let window = Array(units[lineStarts[first]..<lineStarts[min(first + width, lineStarts.count - 1)]])
                    let expected = try Self.segments(window, direct)
                    let actual = try Self.segments(window, memoized)
                    #expect(actual == expected, "\(name), lines \(first)..<\(first + width)")
                    windowCount += 1
                }
            }
            // The whole file at once, after all its chunks are remembered.
            #expect(try Self.segments(units, memoized) == Self.segments(units, direct), "\(name)")
        }
        #expect(memoized.misalignedChunkCount == 0)
        #expect(memoized.memo.hitCount > 0)
        print("segmentation memo: \(windowCount) corpus windows; \(memoized.memo.hitCount) of \(memoized.memo.lookupCount) chunk lookups hit")
    }

    /// Pieces that put extenders, spaces, joiners, mid-word punctuation and surrogates next to the
    /// cuts, concatenated in every ordered pair, memoized against whole-text ICU segmentation.
    @Test func matchesICUAroundTrickyBoundaries() throws {
        let pieces = [
            "漢字かなカタカナ", "。", "、", "「", "」", "『引用』", "（注）", "(a)", "[1]", "/", " ", "  ", "\t", "\n", "\r\n", "\r",
            "\u{0301}", "\u{3099}", "\u{200D}", "\u{200B}", "\u{00AD}", "\u{FE0F}", "😀", "👍🏽", "\u{1F1EF}\u{1F1F5}",
            "ab", "AI", "1.5", "2,000", "a.b", "can't", "e\u{0301}", "サーバー", "・", "ー", "々", "〆", "〇", "𠮷野家", "ﾊﾞ",
            "NVIDIA HGX B200", "3月期", "です。", "Scope3", "\u{FFFD}", "x_y", "한국어", "ไทย",
        ].map { Array($0.utf16) }
        let memoized = try WordBreaker(memoizes: true)
        let direct = try WordBreaker(memoizes: false)
        for round in 0..<2 {
            for left in pieces {
                for right in pieces {
                    let text = left + right + left
                    #expect(try Self.segments(text, memoized) == Self.segments(text, direct),
                            "round \(round): \(String(decoding: text, as: UTF16.self).debugDescription)")
                }
            }
        }
        #expect(memoized.misalignedChunkCount == 0)
        #expect(memoized.memo.hitCount > 0)
    }

    /// A full memo forgets everything and keeps answering correctly.
    @Test func forgetsWhenFull() throws {
        let memoized = try WordBreaker(memoizes: true)
        let direct = try WordBreaker(memoizes: false)
        var generator = SeededGenerator(seed: 7)
        let alphabet = Array("漢字かなカタ語文書書類。、 ab1".utf16)
        for _ in 0..<(SegmentationMemo.entryCapacity / 4) {
            var text: [UInt16] = []
            for _ in 0..<40 { text.append(alphabet.randomElement(using: &generator)!) }
            #expect(try Self.segments(text, memoized) == Self.segments(text, direct))
        }
        #expect(memoized.memo.forgetCount > 0)
    }
}
