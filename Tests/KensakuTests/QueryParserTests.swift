import Foundation
import Testing
@testable import Kensaku

@Suite("Query language")
struct QueryParserTests {
    @Test func wordsPhrasesExclusionsAndFilters() throws {
        let parsed = try QueryParser.parse("\"温室効果ガス\" 削減 -ガス -\"排出量\" doc:nec-esg section:気候変動対策 gri:305-1 sasb:TC-SI-130a.1")
        #expect(parsed.text == "温室効果ガス 削減")
        #expect(parsed.phraseClauses == [["温室効果ガス"]])
        #expect(parsed.exclusions == ["ガス", "排出量"])
        #expect(parsed.documentFilters == ["nec-esg"])
        #expect(parsed.sectionFilters == ["気候変動対策"])
        #expect(parsed.codeFilters.map { "\($0.framework) \($0.code)" } == ["gri 305-1", "sasb TC-SI-130a.1"])
    }

    /// Plain queries take a shortcut; an empty phrase (which adds nothing) forces the full parse,
    /// and both must give the same text.
    @Test(arguments: ["NECのCO2排出量削減目標 2030年", "  女性管理職比率\t ", "Blackwell GPU\u{3000}HGX B200", "ＧＨＧ排出量", "a\r\nb", "e\u{301} x", "",
                      "NEC-CSIRT インシデント対応", "ORACLE OR", "ガ\u{3099} ｶ\u{FF9E}"])
    func plainQueriesParseLikeTheFullParser(query: String) throws {
        let plain = try QueryParser.parse(query)
        let full = try QueryParser.parse(query + " \"\"")
        #expect(plain.text == full.text)
        #expect(!plain.hasConstraints)
    }

    /// The scalar-level fast path agrees with the full parser on random mixes of words, white
    /// space, syntax and scalars that join their neighbours into one character.
    @Test func plainQueryFastPathAgreesWithTheFullParser() throws {
        let alphabet: [String] = ["a", "O", "R", "7", " ", "\u{3000}", "\t", "\r", "\n", "-", "－", ":", "：", "\"", "“",
                                  "の", "排", "ガ", "\u{3099}", "\u{301}", "ｶ", "\u{FF9E}", "\u{2028}", "\u{85}", "é", "🇯", "🇵"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var fastPaths = 0
        for _ in 0..<3000 {
            var query = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for _ in 0..<Int(state >> 61) + 1 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                query += alphabet[Int(state >> 33) % alphabet.count]
            }
            guard let words = PlainQuery.words(of: query) else { continue }
            fastPaths += 1
            let full = try QueryParser.parse(query + " \"\"")
            #expect(words == full.text, "\(Array(query.unicodeScalars))")
            #expect(full.phraseClauses.isEmpty && full.exclusions.isEmpty && full.codeFilters.isEmpty, "\(Array(query.unicodeScalars))")
        }
        #expect(fastPaths > 300)
        #expect(PlainQuery.words(of: "a OR b") == nil && PlainQuery.words(of: "x -y") == nil && PlainQuery.words(of: "doc:x") == nil)
        #expect(PlainQuery.words(of: " NEC-CSIRT\u{3000}対応 ") == "NEC-CSIRT 対応")
    }

    @Test func orJoinsPhrasesAndIsNoWordOfItsOwn() throws {
        let phrases = try QueryParser.parse("“女性管理職比率” OR \"女性比率\" 目標")
        #expect(phrases.phraseClauses == [["女性管理職比率", "女性比率"]])
        #expect(phrases.text == "女性管理職比率 女性比率 目標")
        let words = try QueryParser.parse("紛争鉱物 OR 責任ある鉱物調達")
        #expect(words.text == "紛争鉱物 責任ある鉱物調達" && words.phraseClauses.isEmpty)
    }

    @Test func urlsTimesAndFullWidthColonsAreWords() throws {
        #expect(try QueryParser.parse("https://jpn.nec.com 10:30").text == "https://jpn.nec.com 10:30")
        #expect(try QueryParser.parse("doc：nec-dx").documentFilters == ["nec-dx"])
    }

    @Test(arguments: [
        ("温室 \"効果ガス", 4, "never closed"),
        ("温室 - 削減", 4, "a lone '-'"),
        ("foo:bar 温室", 1, "unknown filter 'foo:'"),
        ("温室 section:", 4, "needs a value"),
    ])
    func malformedQueriesNameThePosition(_ query: String, _ position: Int, _ detail: String) {
        do {
            _ = try QueryParser.parse(query)
            Issue.record("expected malformedQuery for \(query)")
        } catch {
            #expect(error.code == .malformedQuery)
            #expect(error.message.hasPrefix("Query error at character \(position) "), "\(error.message)")
            #expect(error.message.contains(detail), "\(error.message)")
        }
    }

    @Test func filtersAndExclusionsApplyOnTheCorpus() throws {
        let index = try TestSupport.index()
        let dx = try index.search("doc:nec-dx AI", limit: 10).hits
        #expect(!dx.isEmpty && dx.allSatisfy { $0.document == "nec-dx-report.md" })
        let climate = try index.search("section:気候変動対策 目標", limit: 10).hits
        #expect(!climate.isEmpty && climate.allSatisfy { $0.section.contains("気候変動対策") })
        let without = try index.search("温室効果ガス -削減", limit: 20).hits
        #expect(!without.isEmpty)
        for hit in without { #expect(!(try index.text(ofPassage: hit.passageIndex)).contains("削減")) }
        // gri: keeps passages inside the sections (and marker subsections) GRI 305-1 resolves to.
        let ranges = try CrossReference(index: index).lineRanges(forCode: "gri 305-1")
        let disclosure = try index.search("gri:305-1 排出量", limit: 10).hits
        #expect(!disclosure.isEmpty && !ranges.isEmpty)
        for hit in disclosure {
            #expect(ranges.contains { $0.document == hit.document && ($0.lines.contains(hit.passage.startLine) || $0.lines.contains(hit.passage.endLine)) })
        }
        #expect(try index.search("gri:305-1 排出量").matchedPassageCount < (try index.search("排出量").matchedPassageCount))
        do {
            _ = try index.search("gri:999-9 排出量", limit: 5)
            Issue.record("an unknown code is an error")
        } catch {
            #expect(error.code == .unknownCode && error.message.contains("Closest"))
        }
        do {
            _ = try index.search("doc:nec-dx", limit: 5)
            Issue.record("a query of filters only has nothing to rank by")
        } catch {
            #expect(error.code == .emptyQuery)
        }
    }
}

/// The README's query-language examples run on the corpus as documented.
@Suite("README examples")
struct ReadmeExampleTests {
    static func examples() throws -> [String] {
        let readme = try String(contentsOfFile: TestSupport.packageRoot + "/README.md", encoding: .utf8)
        guard let start = readme.range(of: "## Query language"), let end = readme.range(of: "## Command reference") else { return [] }
        return readme[start.upperBound..<end.lowerBound].split(separator: "\n").compactMap { line in
            guard line.hasPrefix("| `"), let close = line.dropFirst(3).firstIndex(of: "`") else { return nil }
            return String(line[line.index(line.startIndex, offsetBy: 3)..<close])
        }
    }

    @Test func everyExampleFindsPassages() throws {
        let examples = try Self.examples()
        #expect(examples.count >= 8)
        let index = try TestSupport.index()
        for example in examples {
            #expect(!(try index.search(example, limit: 3).hits.isEmpty), "\(example)")
        }
    }
}
