import Testing
@testable import Kensaku

@Suite("Analyzer")
struct AnalyzerTests {
    /// Segmentation depends on the ICU version: print it with the results.
    @Test func reportsICUVersion() {
        print("ICU version: \(Analyzer.icuVersion); analyzer fingerprint: \(Analyzer.fingerprint)")
        #expect(Analyzer.icuVersion.first?.isNumber == true)
    }

    struct Golden: CustomTestStringConvertible, Sendable {
        let input: String
        /// `field:term@position[byteStart..<byteEnd]`, words first, then bigrams.
        let tokens: [String]
        var testDescription: String { input }
    }

    /// Lucene-style `assertAnalyzesTo`: tokens with their source byte ranges.
    @Test(arguments: [
        Golden(input: "AI Factory", tokens: ["w:ai@0[0..<2]", "w:factory@1[3..<10]"]),
        Golden(input: "NVIDIA HGX B200", tokens: ["w:nvidia@0[0..<6]", "w:hgx@1[7..<10]", "w:b200@2[11..<15]"]),
        Golden(input: "GHG排出量", tokens: [
            "w:ghg@0[0..<3]", "w:排出@1[3..<9]", "w:量@2[9..<12]", "b:排出@3[3..<9]", "b:出量@4[6..<12]",
        ]),
        // Full-width Latin folds to ASCII; byte ranges still point at the full-width source.
        Golden(input: "ＧＨＧ排出量", tokens: [
            "w:ghg@0[0..<9]", "w:排出@1[9..<15]", "w:量@2[15..<18]", "b:排出@3[9..<15]", "b:出量@4[12..<18]",
        ]),
        Golden(input: "Scope3", tokens: ["w:scope3@0[0..<6]"]),
        Golden(input: "２０２３年", tokens: ["w:2023@0[0..<12]", "w:年@1[12..<15]", "b:年@4[12..<15]"]),
        Golden(input: "温室効果ガス", tokens: [
            "w:温室@0[0..<6]", "w:効果@1[6..<12]", "w:ガス@2[12..<18]",
            "b:温室@0[0..<6]", "b:室効@1[3..<9]", "b:効果@2[6..<12]", "b:果ガ@3[9..<15]", "b:ガス@4[12..<18]",
        ]),
        // Prolonged sound mark: folded at the end of katakana words of four or more characters.
        Golden(input: "サーバー", tokens: ["w:サーバ@0[0..<9]", "b:サー@0[0..<6]", "b:ーバ@1[3..<9]"]),
        Golden(input: "コピー", tokens: ["w:コピー@0[0..<9]", "b:コピ@0[0..<6]", "b:ピー@1[3..<9]"]),
        // Half-width katakana becomes full-width (ﾊﾞ is two source characters, one output).
        Golden(input: "ｻｰﾊﾞｰ", tokens: ["w:サーバ@0[0..<12]", "b:サー@0[0..<6]", "b:ーバ@1[3..<12]"]),
        // Punctuation and U+FFFD produce nothing; a lone CJK character is a unigram.
        Golden(input: "（量）\u{FFFD}。", tokens: ["w:量@0[3..<6]", "b:量@1[3..<6]"]),
    ])
    func analyzesTo(_ golden: Golden) throws {
        let tokens = try Analyzer().tokens(of: golden.input)
        #expect(tokens.map(\.description) == golden.tokens)
    }

    /// A PDF line wrap inside a Japanese word is not a word boundary; the token spans the newline.
    @Test func joinsWrappedJapaneseLines() throws {
        let tokens = try Analyzer().tokens(of: "経営企画・サステナビリ\nティ推進部門")
        let words = tokens.filter { $0.kind == .word }.map(\.text)
        #expect(words.contains("サステナビリティ"))
        #expect(tokens.contains { $0.kind == .bigram && $0.text == "リテ" })
        // Latin words split by a line break stay two words.
        let latin = try Analyzer().tokens(of: "Net-Zero\ntarget").map(\.text)
        #expect(latin == ["net", "zero", "target"])
    }

    @Test(arguments: [("ＧＨＧ排出量", "GHG排出量"), ("サーバー", "サーバ"), ("ｻｰﾊﾞｰ", "サーバ"), ("ＡＩ　Ｆａｃｔｏｒｙ", "ai factory")])
    func equivalentFormsAnalyzeAlike(_ left: String, _ right: String) throws {
        let analyzer = Analyzer()
        let terms = { (text: String) throws in try analyzer.tokens(of: text).map { "\($0.kind):\($0.text)" } }
        #expect(try terms(left) == terms(right))
    }

    @Test func substringBigramsAreIndexed() throws {
        let bigrams = try Analyzer().tokens(of: "温室効果ガス排出量").filter { $0.kind == .bigram }.map(\.text)
        #expect(bigrams.contains("排出"))
        #expect(bigrams.contains("効果") && bigrams.contains("果ガ") && bigrams.contains("ガス"))
    }

    /// Lucene's `checkRandomData`: random mixed-script text never crashes the analyzer, and every
    /// token's byte range lies inside the input on character boundaries.
    @Test func randomTextKeepsValidByteRanges() throws {
        var generator = SeededGenerator(seed: 20_261_122)
        let alphabet: [Character] = Array("温室効果ガス排出量サーバーｻｰﾊﾞｰＧＨＧghg 2023２０２３。、「」・\n\r\t\u{FFFD}\u{00AD}㍻①é😀𠮷AIＡＩ-_/.")
        let analyzer = Analyzer()
        for _ in 0..<300 {
            let length = Int.random(in: 0...40, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            let utf8 = Array(text.utf8)
            for token in try analyzer.tokens(of: text) {
                #expect(token.byteRange.lowerBound >= 0 && token.byteRange.upperBound <= utf8.count, "\(text.debugDescription)")
                #expect(!token.byteRange.isEmpty && !token.text.isEmpty)
                let slice = Array(utf8[token.byteRange])
                #expect(String(validating: slice, as: UTF8.self) != nil, "token \(token) of \(text.debugDescription)")
            }
        }
    }

    /// The hand-written transcoder against the standard library's, on every kind of unit.
    @Test func utf16TranscodingMatchesTheStandardLibrary() {
        let samples: [[UInt16]] = [
            [], Array("NEC 2030年".utf16), Array("é ß ÿ".utf16), Array("温室効果ガス".utf16), Array("😀𠮷a".utf16),
            [0xD83D], [0xDE00], [0x61, 0xD83D, 0x62], [0xDE00, 0xD83D], [0xD83D, 0xD83D, 0xDE00], [0x7F, 0x80, 0x7FF, 0x800, 0xFFFF],
        ]
        for units in samples {
            units.withUnsafeBufferPointer { buffer in
                let made = AnalysisSession.string(fromUTF16: buffer)
                #expect(Array(made.utf8) == Array(String(decoding: buffer, as: UTF16.self).utf8), "\(units)")
            }
        }
    }
}
