import Foundation
import Testing
@testable import Kensaku

/// The table parsers on small hand-made inputs shaped like the data book's flattened tables.
@Suite("Content-index parsers")
struct CrossReferenceParserTests {
    /// Numbered table lines from a text (line 1 is the first line).
    func tableLines(_ text: String, firstLine: Int = 1) -> [TableLine] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
            TableLine(number: firstLine + $0.offset, text: String($0.element))
        }
    }

    func record(_ records: [ContentIndexRecord], _ code: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ContentIndexRecord {
        try #require(records.first { $0.code == code }, "no record \(code)", sourceLocation: sourceLocation)
    }

    @Test func griRowsHeadersWrapsAndStatuses() throws {
        let text = """
            対照表：GRIスタンダード
            NECはGRIスタンダードを参照し、本GRI対照表に記載した情報を報告します。
            ID 報告要求事項 対応する記載
            GRI 1： 基礎 2021［GRI 1 には開示事項は含まれていません］
            一般開示項目
            GRI 2：
            一般開示事項 
            2021
            1.組織のプロフィール
            2-1 組織の詳細 企業情報>会社概要>プロフィール
            Corporate Profile>NEC Worldwide

            2-4 情報の修正・訂正記述 変更なし
            2-12 インパクトのマネジメントの監督における
            最高ガバナンス機関の役割 サステナビリティ経営
            2-19 報酬方針 企業情報>会社概要>コーポレート・ガバナンス
            >役員>役員報酬の内容
            GRI 305：
            大気への排出 2016 305-1 直接的な温室効果ガス（GHG）排出量

            （スコープ1）

            環境経営
            気候変動対策
            https://example.com/page
            305-4 温室効果ガス（GHG）排出原単位 ―
            305-5 温室効果ガス（GHG）排出量の削減量
            環境経営
            特定スタンダード 400：社会
            GRI 410：
            保安慣行 2016 410-1 人権方針や手順について研修を受けた

            保安要員 マテリアリティではないため対象外
            GRI 304：
            生物多様性 2016 304-1

            保護地域および保護地域ではないが生物多様
            性価値の高い地域

            生物多様性・エコシステム
            """
        let vocabulary = LocationVocabulary(names: ["サステナビリティ経営", "環境経営", "気候変動対策", "生物多様性・エコシステム"])
        let records = GRITableParser(vocabulary: vocabulary).parse(tableLines(text))
        #expect(records.map(\.code) == ["2-1", "2-4", "2-12", "2-19", "305-1", "305-4", "305-5", "410-1", "304-1"])

        let profile = try record(records, "2-1")
        #expect(profile.standard == "GRI 2: 一般開示事項 2021")
        #expect(profile.title == "組織の詳細")
        #expect(profile.locations == ["企業情報>会社概要>プロフィール", "Corporate Profile>NEC Worldwide"])
        #expect(profile.status == .external && profile.lines == 10...11)

        #expect(try record(records, "2-4").status == .noChange)
        let role = try record(records, "2-12")
        #expect(role.title == "インパクトのマネジメントの監督における最高ガバナンス機関の役割")
        #expect(role.locations == ["サステナビリティ経営"] && role.status == .reported)
        #expect(try record(records, "2-19").locations == ["企業情報>会社概要>コーポレート・ガバナンス>役員>役員報酬の内容"])

        let scope1 = try record(records, "305-1")
        #expect(scope1.standard == "GRI 305: 大気への排出 2016")
        #expect(scope1.title == "直接的な温室効果ガス（GHG）排出量（スコープ1）")
        #expect(scope1.locations == ["環境経営", "気候変動対策"], "the URL list after a page is furniture")
        #expect(scope1.lines == 19...24)
        let intensity = try record(records, "305-4")
        #expect(intensity.title == "温室効果ガス（GHG）排出原単位" && intensity.status == .omitted && intensity.locations.isEmpty)
        #expect(try record(records, "305-5").locations == ["環境経営"])

        let security = try record(records, "410-1")
        #expect(security.standard == "GRI 410: 保安慣行 2016")
        #expect(security.title == "人権方針や手順について研修を受けた保安要員" && security.status == .notMaterial)

        let biodiversity = try record(records, "304-1")
        #expect(biodiversity.title == "保護地域および保護地域ではないが生物多様性価値の高い地域")
        #expect(biodiversity.locations == ["生物多様性・エコシステム"])
    }

    @Test func griHeaderPieces() {
        #expect(GRITableParser.standardHeader("GRI 305：")! == (305, nil))
        #expect(GRITableParser.standardHeader("GRI 1： 基礎 2021［…］")! == (1, "基礎 2021［…］"))
        #expect(GRITableParser.standardHeader("GRI＝Global Reporting Initiative") == nil)
        #expect(GRITableParser.splitAtYear("大気への排出 2016 305-1 直接的な")! == ("大気への排出", "2016", "305-1 直接的な"))
        #expect(GRITableParser.splitAtYear("2021")! == ("", "2021", ""))
        #expect(GRITableParser.splitAtYear("地域経済での") == nil)
        #expect(GRITableParser.rowStart("403-10 労働関連の疾病・体調不良 労働安全衛生")?.code == "403-10")
        #expect(GRITableParser.rowStart("2021") == nil)
        #expect(GRITableParser.isGroupLabel("1.組織のプロフィール"))
        #expect(GRITableParser.isGroupLabel("特定スタンダード 200：経済"))
        #expect(!GRITableParser.isGroupLabel("2.5 percent"))
    }

    @Test func sasbTopicsMetricsAndWrappedLocations() throws {
        let text = """
            対照表：SASBスタンダード
            サステナビリティ開示トピックおよび会計指標との対照表です。
            トピック 会計指標 コード 対応する記載
            ハードウェアの
            環境指標

            （1）総エネルギー消費量
            （2）再生可能エネルギーの割合

            TC-SI-130a.1
            気候変動対策
            環境データ

            （1）総取水量

            高い地域の割合
            TC-SI-130a.2 環境データ
            データセキュリティ （1）データ漏洩件数
            （2）�影響を受けた利用者数
            TC-SI-230a.1 カスタマー・リレーション

            シップ・マネジメント
            情報セキュリティ報告書
            金銭的損失の総額 TC-SI-230a.2 ー
            """
        let parser = SASBTableParser(
            vocabulary: LocationVocabulary(names: ["気候変動対策", "環境データ", "カスタマー・リレーションシップ・マネジメント"]),
            topicOpeningCodes: ["TC-SI-130a.1", "TC-SI-230a.1"])
        let records = parser.parse(tableLines(text))
        #expect(records.map(\.code) == ["TC-SI-130a.1", "TC-SI-130a.2", "TC-SI-230a.1", "TC-SI-230a.2"])
        let energy = try record(records, "TC-SI-130a.1")
        #expect(energy.standard == "ハードウェアの環境指標")
        #expect(energy.title == "（1）総エネルギー消費量 （2）再生可能エネルギーの割合")
        #expect(energy.locations == ["気候変動対策", "環境データ"] && energy.lines == 4...12)
        let water = try record(records, "TC-SI-130a.2")
        #expect(water.standard == "ハードウェアの環境指標" && water.title == "（1）総取水量高い地域の割合")
        #expect(water.locations == ["環境データ"])
        let breaches = try record(records, "TC-SI-230a.1")
        #expect(breaches.standard == "データセキュリティ")
        #expect(breaches.title == "（1）データ漏洩件数 （2）影響を受けた利用者数")
        #expect(breaches.locations == ["カスタマー・リレーションシップ・マネジメント", "情報セキュリティ報告書"])
        #expect(breaches.status == .reported)
        let losses = try record(records, "TC-SI-230a.2")
        #expect(losses.standard == "データセキュリティ" && losses.title == "金銭的損失の総額" && losses.status == .omitted)
    }

    @Test(arguments: [
        ("TC-SI-130a.1", true), ("tc-si-130a.1", true), ("TC-SI-000.A", true), ("TC-SI-000.1", false),
        ("TC-SI-130.1", false), ("TC-SI-130a", false), ("305-1", false), ("TCSI-130a.1", false),
    ])
    func sasbCodeShape(_ word: String, _ isCode: Bool) {
        #expect(SASBTableParser.isCode(word) == isCode)
    }

    @Test func ungcMergedCellsAndGluedLocations() throws {
        let text = """
            対照表：国連グローバル・コンパクト
            国連グローバル・コンパクト原則 対応する記載
            人権 原則1 企業は人権の擁護を支持し、
            尊重する。

            人権の尊重
            サプライチェーン・マネジメント原則2 人権侵害に加担しない。

            環境 原則7 予防的なアプローチを支持する。

            気候変動対策原則8 責任を担うための
            イニシアティブをとる。
            対照表
            """
        let vocabulary = LocationVocabulary(names: ["人権の尊重", "サプライチェーン・マネジメント", "気候変動対策"])
        let records = UNGCTableParser(vocabulary: vocabulary).parse(tableLines(text))
        #expect(records.map(\.code) == ["1", "2", "7", "8"])
        #expect(records.map(\.standard) == ["人権", "人権", "環境", "環境"])
        #expect(records.map(\.title) == ["企業は人権の擁護を支持し、尊重する。", "人権侵害に加担しない。",
                                         "予防的なアプローチを支持する。", "責任を担うためのイニシアティブをとる。"])
        #expect(records[0].locations == ["人権の尊重", "サプライチェーン・マネジメント"])
        #expect(records[1].locations == records[0].locations, "the merged cell applies to both principles")
        #expect(records[2].locations == ["気候変動対策"] && records[3].locations == ["気候変動対策"])
        #expect(records.allSatisfy { $0.status == .reported })
        #expect(records[0].lines == 3...7 && records[3].lines == 11...12)
    }

    @Test func iso26000SubjectsIssuesAndLocations() throws {
        let text = """
            対照表：ISO26000
            中核主題 課題 対応する記載
            組織統治 1.組織統治 サステナビリティ経営
            消費者課題 1.公正なマーケティング
            2.�消費者に対するサービス、支援ならびに苦情 

            および紛争解決

            人権の尊重
            品質・安全性
            コミュニティへの
            参画及び発展

            1.コミュニティへの参画
            2.健康

            企業市民活動
            """
        let clauses = ["組織統治": "6.2", "消費者課題": "6.7", "コミュニティへの参画及び発展": "6.8"]
        let parser = ISO26000TableParser(
            vocabulary: LocationVocabulary(names: ["サステナビリティ経営", "人権の尊重", "品質・安全性", "企業市民活動"]),
            clauseOfSubject: { clauses[$0] })
        let records = parser.parse(tableLines(text))
        #expect(records.map(\.code) == ["6.2", "6.7", "6.8"])
        #expect(records.map(\.title) == ["組織統治", "消費者課題", "コミュニティへの参画及び発展"])
        #expect(records[0].issues == ["組織統治"] && records[0].locations == ["サステナビリティ経営"])
        #expect(records[1].issues == ["公正なマーケティング", "消費者に対するサービス、支援ならびに苦情および紛争解決"])
        #expect(records[1].locations == ["人権の尊重", "品質・安全性"])
        #expect(records[2].issues == ["コミュニティへの参画", "健康"] && records[2].locations == ["企業市民活動"])
        #expect(records[2].lines == 11...17)
        #expect(records.allSatisfy { $0.standard == "ISO 26000" && $0.status == .reported })
    }

    @Test func tablesAreLocatedByTheirHeadings() {
        let lines = [
            "本文", "対照表：GRIスタンダード", "2-1 組織の詳細 ―", " 対照表：GRIスタンダード", "2-2 事業体 ―",
            " 対照表：国連グローバル・コンパクト", "原則1 …", "対照表：SASBスタンダード", "TC-SI-130a.1 ー",
            "対照表：ISO26000", "組織統治 1.組織統治 ―",
        ]
        let tables = ContentIndexLocator.tables(in: lines)
        #expect(tables.map(\.framework) == [.gri, .ungc, .sasb, .iso26000])
        #expect(tables.map(\.lines) == [2...5, 6...7, 8...9, 10...11])
        #expect(ContentIndexLocator.tables(in: ["本文", "…との対照表です。", "対照表"]).isEmpty)
    }

    @Test func inlineMarkersWithTheirHeadings() {
        let lines = [
            "サステナビリティ経営の推進体制", "", "GRI ", "2-12", "2-13", "", "本文", "Scope1、2、3排出量", "",
            "GRI", "305-1", "GRI", "本文のGRIという語", "対照表：GRIスタンダード", "GRI", "2-1",
        ]
        let markers = InlineMarkerScanner.markers(in: lines, excluding: [14...16])
        #expect(markers.count == 2)
        #expect(markers[0] == InlineMarker(framework: .gri, codes: ["2-12", "2-13"], line: 3,
                                           heading: "サステナビリティ経営の推進体制", headingLine: 1))
        #expect(markers[1] == InlineMarker(framework: .gri, codes: ["305-1"], line: 10, heading: "Scope1、2、3排出量", headingLine: 8))
    }

    @Test(arguments: [
        ("―", DisclosureStatus.omitted), ("ー", .omitted), ("－", .omitted), ("マテリアリティではないため対象外", .notMaterial),
        ("変更なし", .noChange),
    ])
    func locationCellStatuses(_ text: String, _ status: DisclosureStatus) {
        #expect(LocationCell.status(of: text) == status)
    }

    @Test func locationCellPlaces() {
        for external in ["企業情報>会社概要>プロフィール", "Corporate Profile>NEC Worldwide", "有価証券報告書", "有価証券報告書「従業員の状況」",
                         "コーポレート・ガバナンス報告書", "TNFDレポート", "https://jpn.nec.com/"] {
            #expect(LocationCell.isExternal(external), "\(external)")
        }
        for inside in ["環境経営", "NECグループ人権方針", "第三者保証", "情報セキュリティとサイバーセキュリティ"] {
            #expect(!LocationCell.isExternal(inside), "\(inside)")
        }
        #expect(LocationCell.interpret(["―"]) == (.omitted, []))
        #expect(LocationCell.interpret(["有価証券報告書"]) == (.external, ["有価証券報告書"]))
        #expect(LocationCell.interpret(["有価証券報告書", "環境経営"]) == (.reported, ["有価証券報告書", "環境経営"]))
        #expect(LocationCell.interpret([]).status == .omitted)
    }

    @Test func vocabularyJoinsWrappedLocations() {
        let vocabulary = LocationVocabulary(names: ["カスタマー・リレーションシップ・マネジメント", "インクルージョン&ダイバーシティ", "人権の尊重"])
        #expect(vocabulary.contains("インクルージョン＆ダイバーシティ"), "NFKC")
        #expect(vocabulary.contains("人権の 尊重"), "whitespace ignored")
        #expect(vocabulary.names(from: ["カスタマー・リレーション", "シップ・マネジメント", "人権の尊重"])
                == ["カスタマー・リレーションシップ・マネジメント", "人権の尊重"])
        #expect(vocabulary.names(from: ["インクルージョン＆", "ダイバーシティ"]) == ["インクルージョン＆ダイバーシティ"])
        #expect(vocabulary.names(from: ["企業情報>会社概要", ">役員"]) == ["企業情報>会社概要>役員"])
        #expect(vocabulary.names(from: ["人権の尊重", "TNFDレポート"]) == ["人権の尊重", "TNFDレポート"])
    }

    @Test func wrapsJoinLikeTheBookReads() {
        #expect(CrossReferenceText.joinWrapped(["インパクトのマネジメントの監督における", "最高ガバナンス機関の役割"])
                == "インパクトのマネジメントの監督における最高ガバナンス機関の役割")
        #expect(CrossReferenceText.joinWrapped(["（1）総取水量", "（2）水の総消費量"]) == "（1）総取水量 （2）水の総消費量")
        #expect(CrossReferenceText.joinWrapped(["SBT Net", "Zero"]) == "SBT Net Zero")
        #expect(CrossReferenceText.clean("　（2）�水の総消費量 ") == "（2）水の総消費量")
        #expect(CrossReferenceText.key("AI と 人権") == CrossReferenceText.key("AIと人権"))
    }

    /// A cross-reference built from text alone (no index): resolution, line ranges, citations.
    @Test func crossReferenceFromTextAlone() throws {
        let text = """
            環境経営
            GRI
            305-1
            本文
            気候変動対策
            本文
            対照表：GRIスタンダード
            GRI 305：
            大気への排出 2016 305-1 直接的な温室効果ガス（GHG）排出量 環境経営
            気候変動対策
            TNFDレポート
            305-2 間接的な温室効果ガス（GHG）排出量 ―
            """
        let sections = [
            Section(title: "環境経営", level: 1, startLine: 1, endLine: 4, headingLine: 1),
            Section(title: "気候変動対策", level: 1, startLine: 5, endLine: 6, headingLine: 5),
            Section(title: "対照表", level: 1, startLine: 7, endLine: 12, headingLine: 7),
        ]
        let crossReference = try CrossReference(documentName: "book.txt", text: text, sections: sections,
                                                registry: try DisclosureRegistry.bundled())
        #expect(crossReference.records.map(\.code) == ["305-1", "305-2"])
        let lookup = try #require(try crossReference.lookup("305-1").first)
        #expect(lookup.locations.map(\.name) == ["環境経営", "気候変動対策", "TNFDレポート"])
        #expect(lookup.locations.map { $0.sections.map(\.lines) } == [[1...4], [5...6], []])
        #expect(lookup.locations[2].isExternal)
        #expect(lookup.markers.map(\.marker.line) == [2] && lookup.passages.isEmpty)
        #expect(try crossReference.lineRanges(forCode: "GRI 305").map(\.lines) == [1...4, 5...6])
        #expect(try crossReference.lineRanges(forCode: "305-2").isEmpty)
        let citations = try crossReference.citations(of: "book.txt:6")
        #expect(citations.sections.map(\.title) == ["気候変動対策"] && citations.citations.map(\.code) == ["305-1"])
        #expect(try crossReference.citations(of: "TNFDレポート").citations.map(\.code) == ["305-1"])
        #expect(throws: KensakuError.self) { try CrossReference(documentName: "x.txt", text: "本文", sections: [],
                                                                  registry: try DisclosureRegistry.bundled()) }
    }
}
