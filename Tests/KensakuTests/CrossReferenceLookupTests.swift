import Foundation
import Testing
@testable import Kensaku

/// Lookups, reverse lookups, coverage and line ranges on the real data book, through the library.
@Suite("Cross-reference lookups")
struct CrossReferenceLookupTests {
    func lookup(_ code: String, framework: Framework? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> DisclosureLookup {
        let lookups = try TestSupport.crossReference().lookup(code, framework: framework)
        #expect(lookups.count == 1, sourceLocation: sourceLocation)
        return try #require(lookups.first, sourceLocation: sourceLocation)
    }

    @Test func gri305Dash1() throws {
        let scope1 = try lookup("305-1")
        #expect(scope1.framework == .gri && scope1.code == "305-1")
        #expect(scope1.title == "直接的な温室効果ガス（GHG）排出量（スコープ1）")
        #expect(scope1.titleEnglish == "Direct (Scope 1) GHG emissions")
        #expect(scope1.standard == "GRI 305: 大気への排出 2016" && scope1.standardEnglish == "GRI 305: Emissions 2016")
        #expect(scope1.status == .reported)
        #expect(scope1.locations.map(\.name) == ["環境経営", "気候変動対策", "環境負荷の全体像", "環境関連データ（推移）"])
        #expect(scope1.locations.map { $0.sections.map(\.lines) } == [[1117...2145], [2146...3084], [1835...2023], [2024...2145]])
        #expect(scope1.locations.allSatisfy { $0.isResolved && !$0.isExternal })
        #expect(scope1.markers.map(\.marker.line) == [1654, 1838, 2027, 2886])
        #expect(scope1.markers.map { $0.section?.title } == ["環境経営推進計画", "環境負荷の全体像", "環境関連データ（推移）", "Scope1、2、3排出量"])

        // Supporting passages: at most three, inside the code's sections, about Scope 1 emissions.
        let passages = scope1.passages
        #expect((1...3).contains(passages.count))
        let ranges = try TestSupport.crossReference().lineRanges(forCode: "305-1").map(\.lines)
        for passage in passages {
            #expect(passage.document == "nec-esg-databook-2024.txt")
            #expect(ranges.contains { $0.contains(passage.startLine) && $0.contains(passage.endLine) })
            let bytes = try TestSupport.corpusBytes(passage.document)[passage.byteStart..<passage.byteEnd]
            #expect(!passage.snippet.isEmpty && !bytes.isEmpty)
        }
        #expect(passages.map(\.score) == passages.map(\.score).sorted(by: >))
        let scopeOne = passages.filter { passage in
            let text = String(decoding: (try? TestSupport.corpusBytes(passage.document))?[passage.byteStart..<passage.byteEnd] ?? [], as: UTF8.self)
            return text.contains("Scope 1") || text.contains("Scope1") || text.contains("スコープ1")
        }
        #expect(scopeOne.count >= 2, "\(passages.map { ($0.startLine, $0.snippet) })")
        #expect(passages.first?.startLine == 2087, "the Scope 1/2/3 definitions in 環境関連データ（推移）")
    }

    @Test func omittedNotMaterialNoChangeExternal() throws {
        let ratio = try lookup("gri 2-21")
        #expect(ratio.status == .omitted && ratio.title == "年間報酬総額の比率" && ratio.locations.isEmpty && ratio.passages.isEmpty)
        let security = try lookup("410-1")
        #expect(security.status == .notMaterial && security.title == "人権方針や手順について研修を受けた保安要員")
        #expect(try lookup("2-4").status == .noChange)
        let profile = try lookup("2-1")
        #expect(profile.status == .external && profile.locations.allSatisfy(\.isExternal))
    }

    @Test func fullWidthCodesEqualHalfWidth() throws {
        #expect(try lookup("３０５－１") == lookup("305-1"))
        #expect(try lookup("GRI 305-1") == lookup("gri305-1"))
        #expect(try lookup("tc-si-230a.2") == lookup("TC-SI-230a.2"))
        #expect(try lookup("原則10") == lookup("UNGC 10"))
    }

    @Test func unknownCodeFailsWithASuggestion() throws {
        let crossReference = try TestSupport.crossReference()
        #expect {
            try crossReference.lookup("999-9")
        } throws: { error in
            (error as? KensakuError)?.code == .unknownCode && (error as? KensakuError)?.message.contains("Closest: 2-9, 403-9, 409-1.") == true
        }
    }

    @Test func realCodesAbsentFromTheReport() throws {
        let withdrawn = try lookup("307-1")
        #expect(withdrawn.status == .notInIndex && withdrawn.title == nil && withdrawn.record == nil)
        #expect(withdrawn.registryEntry?.state == .withdrawn && withdrawn.titleEnglish == "Non-compliance with environmental laws and regulations")
        let spills = try lookup("306-3@2016")
        #expect(spills.status == .notInIndex && spills.titleEnglish == "Significant spills" && spills.markers.isEmpty)
        let waste = try lookup("306-3")
        #expect(waste.status == .reported && waste.title == "発生した廃棄物" && waste.otherEditions.map(\.code) == ["306-3@2016"])
        #expect(try lookup("101-1").status == .notInIndex)
    }

    @Test func aStandardListsItsDisclosures() throws {
        let emissions = try TestSupport.crossReference().lookup("GRI 305", passageLimit: 0)
        #expect(emissions.map(\.code) == (1...7).map { "305-\($0)" })
        #expect(emissions.map(\.status) == [.reported, .reported, .reported, .omitted, .reported, .reported, .reported])
        #expect(emissions.allSatisfy { $0.passages.isEmpty })
        #expect(try TestSupport.crossReference().lookup("305", framework: .gri, passageLimit: 0) == emissions)
    }

    @Test func otherFrameworks() throws {
        let energy = try lookup("TC-SI-130a.1")
        #expect(energy.standard == "ハードウェアインフラの環境評価指標" && energy.standardEnglish == "Environmental Footprint of Hardware Infrastructure")
        #expect(energy.locations.map(\.name) == ["気候変動対策", "環境負荷の全体像", "環境関連データ（推移）"])
        let principle = try lookup("10", framework: .ungc)
        #expect(principle.standard == "腐敗防止" && principle.titleEnglish?.contains("corruption") == true)
        let humanRights = try lookup("ISO 26000 人権")
        #expect(humanRights.code == "6.3" && humanRights.issues.count == 8 && humanRights.titleEnglish == "Human rights")
    }

    @Test func lineRangesForTheSearchFilter() throws {
        let crossReference = try TestSupport.crossReference()
        let scope1 = try crossReference.lineRanges(forCode: "gri:305-1")
        #expect(scope1.allSatisfy { $0.document == "nec-esg-databook-2024.txt" })
        #expect(scope1.map(\.lines) == [1117...2145, 1651...1660, 1835...2023, 2024...2145, 2146...3084, 2884...2969])
        #expect(try crossReference.lineRanges(forCode: "TC-SI-330a.2").map(\.lines) == [4018...4252])
        #expect(try crossReference.lineRanges(forCode: "2-21").isEmpty, "omitted: nowhere to search")
        #expect(try crossReference.lineRanges(forCode: "203-2").isEmpty, "its only location is no section")
        #expect(throws: KensakuError.self) { try crossReference.lineRanges(forCode: "999-9") }
        // A standard: the union of its disclosures' ranges.
        let water = try crossReference.lineRanges(forCode: "GRI 303").map(\.lines)
        #expect(water.contains(3221...3367) && water.contains(3085...3220) && water.contains(1835...2023))
    }

    @Test func reverseLookupOfASection() throws {
        let citations = try TestSupport.crossReference().citations(of: "環境負荷の全体像")
        #expect(citations.sections.map(\.lines) == [1835...2023])
        let codes = citations.citations.map { "\($0.framework.rawValue) \($0.code)" }
        #expect(codes.contains("gri 305-1") && codes.contains("gri 306-3") && codes.contains("sasb TC-SI-130a.1"))
        let scope1 = try #require(citations.citations.first { $0.code == "305-1" })
        #expect(scope1.reasons.map(\.relation) == [.same, .marker, .enclosing])
        #expect(scope1.reasons[1].line == 1838)
        // 302-5 names only the enclosing page 環境経営.
        let products = try #require(citations.citations.first { $0.code == "302-5" })
        #expect(products.reasons.map(\.relation) == [.enclosing] && products.reasons[0].name == "環境経営")
        // Whitespace does not matter.
        #expect(try TestSupport.crossReference().citations(of: "環境負荷の 全体像") == SectionCitations(
            target: "環境負荷の 全体像", sections: citations.sections, citations: citations.citations))
    }

    @Test func reverseLookupOfALineAndOfANameThatIsNoSection() throws {
        let crossReference = try TestSupport.crossReference()
        let line = try crossReference.citations(of: "nec-esg-databook-2024.txt:2900")
        #expect(line.sections.map(\.title) == ["Scope1、2、3排出量"])
        let markerCodes = line.citations.filter { $0.reasons.contains { $0.relation == .marker } }.map(\.code)
        #expect(markerCodes == ["305-1", "305-2", "305-3"])
        #expect(line.citations.contains { $0.framework == .ungc && $0.code == "7" }, "UNGC 7 names 気候変動対策")
        #expect(try crossReference.citations(of: "nec-esg:2900") == SectionCitations(
            target: "nec-esg:2900", sections: line.sections, citations: line.citations), "a unique prefix names the document")

        let tnfd = try crossReference.citations(of: "TNFDレポート")
        #expect(tnfd.sections.isEmpty && tnfd.citations.map(\.code) == ["304-2"])
        #expect(try crossReference.citations(of: "nec-dx-report.md:3").citations.isEmpty)
        #expect {
            try crossReference.citations(of: "nec-esg-databook-2024.txt:99999")
        } throws: { ($0 as? KensakuError)?.code == .lineOutOfRange }
        #expect {
            try crossReference.citations(of: "環境負荷")
        } throws: { error in
            guard let error = error as? KensakuError else { return false }
            return error.code == .sectionNotFound && error.message.contains("環境負荷の全体像")
        }
    }

    @Test func coverage() throws {
        let coverage = try TestSupport.crossReference().coverage()
        #expect(coverage.map(\.framework) == [.gri, .ungc, .sasb, .iso26000])
        let gri = coverage[0]
        #expect(gri.recordCount == 120 && gri.markerCount == 72)
        #expect(gri.counts == [.reported: 86, .omitted: 16, .notMaterial: 9, .noChange: 1, .external: 8, .notInIndex: 0])
        #expect(gri.omitted.map(\.code) == ["2-21", "201-4", "202-1", "202-2", "204-1", "207-4", "302-3", "305-4", "306-4",
                                            "308-1", "401-2", "406-1", "407-1", "408-1", "412-3", "414-1"])
        #expect(gri.notMaterial.map(\.code) == ["410-1", "411-1", "413-1", "413-2", "416-1", "416-2", "417-1", "417-2", "417-3"])
        #expect(gri.unresolvedLocations == ["NECグループ人権方針", "SDGs達成に貢献するNECの取り組み", "NECグループの英国現代奴隷法への対応（宣言書）"])
        let sasb = coverage[2]
        #expect(sasb.counts[.reported] == 13 && sasb.counts[.omitted] == 6 && sasb.counts[.notInIndex] == 0)
        #expect(sasb.omitted.map(\.code) == ["TC-SI-220a.2", "TC-SI-220a.5", "TC-SI-550a.1", "TC-SI-000.A", "TC-SI-000.B", "TC-SI-000.C"])
        #expect(coverage[1].counts[.reported] == 10 && coverage[3].counts[.reported] == 7)
        #expect(coverage.allSatisfy { $0.counts.count == DisclosureStatus.allCases.count })
    }

    @Test func aCorpusWithoutContentIndexIsReported() throws {
        let corpus = try TestSupport.makeCorpus(["memo.md": "# メモ\n\n温室効果ガスの削減目標。\n"])
        let path = corpus + ".kidx"
        _ = try CorpusIndexer.build(corpusPath: corpus, outputPath: path)
        #expect {
            try CrossReference(index: try SearchIndex(path: path))
        } throws: { error in
            guard let error = error as? KensakuError else { return false }
            return error.code == .noContentIndex && error.message.contains("Indexed: memo.md.")
        }
    }
}
