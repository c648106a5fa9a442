import Testing
@testable import Kensaku

@Suite("Passages")
struct PassageSplitterTests {
    static let corpusFiles = ["nec-esg-databook-2024.txt", "nec-dx-report.md", "hitachi-nvidia-ai-factory.md"]

    /// On the whole corpus: passages are non-empty, at most 2,000 bytes, valid UTF-8, in order
    /// without overlap, and their line numbers agree with their byte ranges.
    @Test(arguments: corpusFiles)
    func passagesAgreeWithTheFile(name: String) throws {
        let bytes = try TestSupport.corpusBytes(name)
        let source = SourceText(bytes: bytes)
        let spans = PassageSplitter().split(source)
        #expect(!spans.isEmpty)
        var previousEnd = 0
        for span in spans {
            let range = span.byteRange
            #expect(range.count > 0 && range.count <= PassageSplitter.maximumBytes, "\(span)")
            #expect(range.lowerBound >= previousEnd, "\(span) overlaps the previous passage")
            previousEnd = range.upperBound
            #expect(String(validating: bytes[range], as: UTF8.self) != nil, "\(span) is not valid UTF-8")
            #expect(source.line(containing: range.lowerBound) == span.startLine, "\(span)")
            #expect(source.line(containing: range.upperBound - 1) == span.endLine, "\(span)")
            // No passage starts or ends with a line break.
            #expect(bytes[range.lowerBound] != 0x0A && bytes[range.upperBound - 1] != 0x0A)
        }
    }

    /// The blog's two flattened lines (8,530 and 13,557 bytes) become sentence windows inside the line.
    @Test func longLinesBecomeWindows() throws {
        let bytes = try TestSupport.corpusBytes("hitachi-nvidia-ai-factory.md")
        let source = SourceText(bytes: bytes)
        let spans = PassageSplitter().split(source)
        for line in [81, 107] {
            let lineRange = source.contentRange(ofLine: line)
            #expect(lineRange.count > 8_000)
            let inside = spans.filter { $0.startLine == line && $0.endLine == line }
            #expect(inside.count >= 4, "line \(line) has \(inside.count) windows")
            // The passages that touch the line cover its text exactly, without gaps.
            let touching = spans.filter { $0.byteRange.overlaps(lineRange) }
            let covered = touching.reduce(0) { $0 + $1.byteRange.clamped(to: lineRange).count }
            #expect(covered == lineRange.count)
        }
    }

    @Test func shortParagraphsJoinAndLongOnesSplit() {
        let short = "見出し\n\n本文の一行目。\n"
        let spans = PassageSplitter().split(SourceText(bytes: Array(short.utf8)))
        #expect(spans == [PassageSpan(startLine: 1, endLine: 3, byteRange: 0..<(Array("見出し\n\n本文の一行目。".utf8).count))])

        let sentence = String(repeating: "あ", count: 99) + "。"  // 300 bytes
        let long = (0..<8).map { _ in sentence }.joined(separator: "\n")  // one 2,407-byte paragraph
        let parts = PassageSplitter().split(SourceText(bytes: Array(long.utf8)))
        #expect(parts.count == 2)
        #expect(parts.allSatisfy { $0.byteRange.count <= PassageSplitter.targetBytes })
        #expect(parts.first?.startLine == 1 && parts.last?.endLine == 8)
    }

    @Test func sentenceWithoutEndIsCutBelowTheMaximum() {
        let text = String(repeating: "漢", count: 3_000)  // 9,000 bytes, no sentence end
        let spans = PassageSplitter().split(SourceText(bytes: Array(text.utf8)))
        #expect(spans.allSatisfy { $0.byteRange.count <= PassageSplitter.maximumBytes && $0.byteRange.count % 3 == 0 })
        #expect(spans.last?.byteRange.upperBound == 9_000)
    }

    @Test func crlfLinesKeepExactCoordinates() {
        let text = "一行目の文章です。\r\n二行目の文章です。\r\n"
        let source = SourceText(bytes: Array(text.utf8))
        #expect(source.lineCount == 2)
        #expect(source.contentRange(ofLine: 1) == 0..<27)
        let spans = PassageSplitter().split(source)
        #expect(spans.count == 1)
        #expect(spans.first?.byteRange == 0..<56)
    }

    @Test func emptyAndBlankFilesHaveNoPassages() {
        #expect(PassageSplitter().split(SourceText(bytes: [])).isEmpty)
        #expect(PassageSplitter().split(SourceText(bytes: Array(" \n\u{3000}\n\n".utf8))).isEmpty)
    }
}
