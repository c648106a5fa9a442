import Foundation
import Testing
@testable import Kensaku

extension TestSupport {
    /// The cross-references of the real corpus, built once per test process from ``corpusIndex``.
    static let corpusCrossReference: Result<CrossReference, KensakuError> = Result { () throws(KensakuError) in
        try CrossReference(index: try corpusIndex.get())
    }

    static func crossReference() throws -> CrossReference { try corpusCrossReference.get() }
}

/// One content-index record as the data book prints it, checked field by field.
struct PinnedRecord: CustomTestStringConvertible, Sendable {
    var framework: Framework
    var code: String
    var standard: String
    var title: String
    var locations: [String]
    var status: DisclosureStatus
    var lines: ClosedRange<Int>
    /// What makes the row awkward to read from the flattened text.
    var why: String
    var issues: [String] = []

    var testDescription: String { "\(framework.displayName) \(code): \(why)" }
}

@Suite("Content-index records of the data book")
struct CrossReferenceRecordTests {
    static let environmentData = ["環境負荷の全体像", "環境関連データ（推移）"]

    static let pinned: [PinnedRecord] = [
        // GRI
        .init(framework: .gri, code: "2-1", standard: "GRI 2: 一般開示事項 2021", title: "組織の詳細",
              locations: ["企業情報>会社概要>プロフィール", "Corporate Profile>NEC Worldwide"], status: .external, lines: 10728...10729,
              why: "header split over three lines; a location with spaces on a line of its own"),
        .init(framework: .gri, code: "2-2", standard: "GRI 2: 一般開示事項 2021", title: "組織のサステナビリティ報告の対象となる事業体",
              locations: ["有価証券報告書「関係会社の状況」", "企業情報>会社概要>グループ会社情報"], status: .external, lines: 10731...10735,
              why: "wrapped title, locations after a blank line"),
        .init(framework: .gri, code: "2-4", standard: "GRI 2: 一般開示事項 2021", title: "情報の修正・訂正記述",
              locations: [], status: .noChange, lines: 10739...10739, why: "変更なし"),
        .init(framework: .gri, code: "2-12", standard: "GRI 2: 一般開示事項 2021", title: "インパクトのマネジメントの監督における最高ガバナンス機関の役割",
              locations: ["NECのサステナビリティ経営"], status: .reported, lines: 10760...10761,
              why: "the location shares the title's second line"),
        .init(framework: .gri, code: "2-19", standard: "GRI 2: 一般開示事項 2021", title: "報酬方針",
              locations: ["企業情報>会社概要>コーポレート・ガバナンス>役員>役員報酬の内容"], status: .external, lines: 10779...10780,
              why: "a web path wrapped at '>'"),
        .init(framework: .gri, code: "2-21", standard: "GRI 2: 一般開示事項 2021", title: "年間報酬総額の比率",
              locations: [], status: .omitted, lines: 10785...10785, why: "―"),
        .init(framework: .gri, code: "2-22", standard: "GRI 2: 一般開示事項 2021", title: "持続可能な発展に向けた戦略に関する声明",
              locations: ["企業情報>サステナビリティ>社長メッセージ", "NECのサステナビリティ経営"], status: .reported, lines: 10795...10799,
              why: "first row after a page break; web path and section mixed"),
        .init(framework: .gri, code: "2-26", standard: "GRI 2: 一般開示事項 2021", title: "助言を求める制度および懸念を提起する制度",
              locations: ["人権の尊重", "リスク・マネジメント", "コンプライアンス"], status: .reported, lines: 10808...10813,
              why: "multi-location cell after a blank line"),
        .init(framework: .gri, code: "204-1", standard: "GRI 204: 調達慣行 2016", title: "地元サプライヤーへの支出の割合",
              locations: [], status: .omitted, lines: 10877...10877, why: "code mid-line after the standard's year"),
        .init(framework: .gri, code: "206-1", standard: "GRI 206: 調達慣行 2016", title: "反競争的行為、反トラスト、独占的慣行により受けた法的措置",
              locations: ["コンプライアンス"], status: .reported, lines: 10914...10916,
              why: "title wrapped across a blank line; the book prints 調達慣行 for GRI 206"),
        .init(framework: .gri, code: "302-1", standard: "GRI 302: エネルギー 2016", title: "組織内のエネルギー消費量",
              locations: environmentData, status: .reported, lines: 10943...10945, why: "mid-line code; second location after a blank"),
        .init(framework: .gri, code: "304-1", standard: "GRI 304: 生物多様性 2016",
              title: "保護地域および保護地域ではないが生物多様性価値の高い地域、もしくはそれらの隣接地域に所有、賃借、管理している事業サイト",
              locations: ["生物多様性・エコシステム"], status: .reported, lines: 10980...10986,
              why: "bare mid-line code (生物多様性 2016 304-1), title on the next three lines"),
        .init(framework: .gri, code: "305-1", standard: "GRI 305: 大気への排出 2016", title: "直接的な温室効果ガス（GHG）排出量（スコープ1）",
              locations: ["環境経営", "気候変動対策"] + environmentData, status: .reported, lines: 11002...11009,
              why: "split header, mid-line code, title wrapped across blank lines, four locations"),
        .init(framework: .gri, code: "305-5", standard: "GRI 305: 大気への排出 2016", title: "温室効果ガス（GHG）排出量の削減量",
              locations: ["環境経営"] + environmentData, status: .reported, lines: 11029...11032,
              why: "locations follow the title with no space or blank"),
        .init(framework: .gri, code: "306-1", standard: "GRI 306: 廃棄物 2020", title: "廃棄物の発生と廃棄物関連の著しいインパクト",
              locations: ["環境経営", "汚染防止・化学物質管理"], status: .reported, lines: 11040...11044,
              why: "mid-line code; a title fragment alone after a blank, then locations"),
        .init(framework: .gri, code: "403-10", standard: "GRI 403: 労働安全衛生 2018", title: "労働関連の疾病・体調不良",
              locations: ["労働安全衛生とワークライフ・バランス"], status: .reported, lines: 11118...11118, why: "two-digit disclosure number"),
        .init(framework: .gri, code: "409-1", standard: "GRI 409: 強制労働 2016", title: "強制労働事例に関して著しいリスクがある事業所およびサプライヤー",
              locations: ["NECグループの英国現代奴隷法への対応（宣言書）"], status: .reported, lines: 11159...11161,
              why: "a location that is no section of the book"),
        .init(framework: .gri, code: "410-1", standard: "GRI 410: 保安慣行 2016", title: "人権方針や手順について研修を受けた保安要員",
              locations: [], status: .notMaterial, lines: 11164...11166, why: "マテリアリティではないため対象外 after a wrapped title"),
        .init(framework: .gri, code: "413-1", standard: "GRI 413: 地域コミュニティ 2016",
              title: "地域コミュニティとのエンゲージメント、インパクト評価、開発プログラムを実施した事業所",
              locations: [], status: .notMaterial, lines: 11192...11193, why: "a word wrapped mid-katakana (インパク/ト)"),
        .init(framework: .gri, code: "418-1", standard: "GRI 418: 顧客プライバシー 2016",
              title: "顧客プライバシーの侵害および顧客データの紛失に関して具体化した不服申立",
              locations: ["個人情報保護、プライバシー"], status: .reported, lines: 11241...11242,
              why: "header year on an indented line; a location holding a comma"),
        // SASB
        .init(framework: .sasb, code: "TC-SI-130a.1", standard: "ハードウェアインフラの環境評価指標",
              title: "（1）総エネルギー消費量 （2）グリッド電力の割合 （3）再生可能エネルギーの割合",
              locations: ["気候変動対策"] + environmentData, status: .reported, lines: 11291...11301,
              why: "wrapped topic, enumerated metric, code on a line of its own"),
        .init(framework: .sasb, code: "TC-SI-130a.2", standard: "ハードウェアインフラの環境評価指標",
              title: "（1）総取水量 （2）水の総消費量、ベースライン水ストレス（BWS）が高い地域または非常に高い地域の個々の割合",
              locations: environmentData, status: .reported, lines: 11303...11309,
              why: "metric in two blank-separated blocks (no new topic); a location after a blank; U+FFFD dropped"),
        .init(framework: .sasb, code: "TC-SI-220a.1", standard: "データプライバシーと表現の自由",
              title: "行動に基づく広告と利用者のプライバシーに関する方針と実務の説明",
              locations: ["カスタマー・リレーションシップ・マネジメント"], status: .reported, lines: 11314...11320,
              why: "a location wrapped across a blank line (カスタマー・リレーション / シップ・マネジメント)"),
        .init(framework: .sasb, code: "TC-SI-220a.2", standard: "データプライバシーと表現の自由", title: "情報が二次目的で使用される利用者の数",
              locations: [], status: .omitted, lines: 11322...11322, why: "ー (katakana long vowel) marks the omission"),
        .init(framework: .sasb, code: "TC-SI-230a.1", standard: "データセキュリティ",
              title: "（1）データ漏洩件数 （2）個人を特定できる情報に関する割合 （3）影響を受けた利用者数",
              locations: ["個人情報保護、プライバシー"], status: .reported, lines: 11339...11343,
              why: "topic and metric on one line"),
        .init(framework: .sasb, code: "TC-SI-230a.2", standard: "データセキュリティ",
              title: "第三者のサイバーセキュリティ基準の使用を含む、データセキュリティリスクを特定して対処するアプローチの説明",
              locations: ["個人情報保護、プライバシー", "情報セキュリティとサイバーセキュリティ", "情報セキュリティ報告書"],
              status: .reported, lines: 11345...11354, why: "three locations, one wrapped, one another report"),
        .init(framework: .sasb, code: "TC-SI-330a.3", standard: "グローバルな、ダイバーシティのある、熟練している労働力の採用と管理",
              title: "以下についての性別および人種・民族グループの代表性割合 （1）管理職 （2）技術職員 （3）その他すべての従業員",
              locations: ["インクルージョン＆ダイバーシティ"], status: .reported, lines: 11371...11379,
              why: "wrapped location with a full-width ＆; topic carried over from TC-SI-330a.1"),
        .init(framework: .sasb, code: "TC-SI-520a.1", standard: "知的財産の保護および競争行動",
              title: "反競争的行動に関連する法的手続きの結果としての金銭的損失の総額",
              locations: ["リスク・マネジメント", "コンプライアンス"], status: .reported, lines: 11381...11387,
              why: "metric and code share a line; second location after a blank"),
        .init(framework: .sasb, code: "TC-SI-000.A", standard: "活動指標", title: "（1）ライセンスまたはサブスクリプションの数 （2）クラウドベースの割合",
              locations: [], status: .omitted, lines: 11400...11404, why: "activity metric; topic before a column header"),
        // UN Global Compact
        .init(framework: .ungc, code: "1", standard: "人権", title: "企業はその影響の及ぶ範囲内で国際的に宣言されている人権の擁護を支持し、尊重する。",
              locations: ["人権の尊重", "AIと人権", "サプライチェーン・マネジメント"], status: .reported, lines: 11251...11256,
              why: "merged location cell over principles 1-2"),
        .init(framework: .ungc, code: "2", standard: "人権", title: "人権侵害に加担しない。",
              locations: ["人権の尊重", "AIと人権", "サプライチェーン・マネジメント"], status: .reported, lines: 11256...11256,
              why: "a location glued to 原則2"),
        .init(framework: .ungc, code: "5", standard: "労働基準", title: "児童労働を実効的に廃止する。",
              locations: ["人権の尊重", "採用と定着および報酬の考え方"], status: .reported, lines: 11266...11266,
              why: "merged cells over principles 3-6, printed after principle 3"),
        .init(framework: .ungc, code: "8", standard: "環境", title: "環境に関していっそうの責任を担うためのイニシアティブをとる。",
              locations: ["気候変動対策"], status: .reported, lines: 11274...11275,
              why: "気候変動対策原則8: the area's location glued before the principle"),
        .init(framework: .ungc, code: "10", standard: "腐敗防止", title: "強要と贈収賄を含むあらゆる形態の腐敗を防止するために取り組む。",
              locations: ["リスク・マネジメント", "コンプライアンス"], status: .reported, lines: 11279...11283, why: "single-principle area"),
        // ISO 26000
        .init(framework: .iso26000, code: "6.2", standard: "ISO 26000", title: "組織統治", locations: ["NECのサステナビリティ経営"],
              status: .reported, lines: 11422...11422, why: "subject, issue and location on one line", issues: ["組織統治"]),
        .init(framework: .iso26000, code: "6.7", standard: "ISO 26000", title: "消費者課題",
              locations: ["人権の尊重", "AIと人権", "個人情報保護、プライバシー", "カスタマー・リレーションシップ・マネジメント", "品質・安全性"],
              status: .reported, lines: 11473...11487, why: "an issue wrapped across a blank line",
              issues: ["公正なマーケティング、情報および契約慣行", "消費者の安全衛生の保護", "持続可能な消費",
                       "消費者に対するサービス、支援ならびに苦情および紛争解決", "消費者データ保護およびプライバシー",
                       "必要不可欠なサービスへのアクセス", "研修および意識向上"]),
        .init(framework: .iso26000, code: "6.8", standard: "ISO 26000", title: "コミュニティへの参画及び発展",
              locations: ["ステークホルダーとの対話・共創", "労働安全衛生とワークライフ・バランス", "企業市民活動"],
              status: .reported, lines: 11489...11502, why: "subject name wrapped on lines of its own",
              issues: ["コミュニティへの参画", "研修および文化", "雇用創出および技能開発", "技術の開発および技術へのアクセス",
                       "富および所得の創出", "健康", "社会的投資"]),
    ]

    @Test(arguments: pinned)
    func recordReadsAsPrinted(_ expected: PinnedRecord) throws {
        let crossReference = try TestSupport.crossReference()
        let record = try #require(crossReference.records.first { $0.framework == expected.framework && $0.code == expected.code })
        #expect(record.standard == expected.standard)
        #expect(record.title == expected.title)
        #expect(record.locations == expected.locations)
        #expect(record.status == expected.status)
        #expect(record.lines == expected.lines)
        if expected.framework == .iso26000 || !expected.issues.isEmpty { #expect(record.issues == expected.issues) }
    }

    @Test func pinnedSampleSpansAllFrameworks() {
        #expect(Self.pinned.count >= 20)
        #expect(Set(Self.pinned.map(\.framework)) == Set(Framework.allCases))
    }

    /// The issue expects 119 GRI records, but the table lists 120 distinct disclosures (2-1 … 2-30,
    /// 3-1 … 3-3 and 87 topic disclosures 201-1 … 418-1): every GRI disclosure in force, as the
    /// registry (120 codes besides `306-3@2016`) confirms. The count is checked against the raw text.
    @Test func recordCountsPerFramework() throws {
        let crossReference = try TestSupport.crossReference()
        let counts = Dictionary(grouping: crossReference.records, by: \.framework).mapValues(\.count)
        #expect(counts == [.gri: 120, .sasb: 19, .ungc: 10, .iso26000: 7])
        #expect(crossReference.records.allSatisfy { !$0.title.isEmpty && !$0.standard.isEmpty })

        // An independent count: distinct codes that start a row (or follow a standard's year) in the GRI table.
        let text = String(decoding: try TestSupport.corpusBytes("nec-esg-databook-2024.txt"), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var codes: Set<String> = []
        for line in lines[10709..<11246] {
            for word in line.split(separator: " ") where CrossReferenceText.isGRICode(word) { codes.insert(String(word)) }
        }
        #expect(codes.count == 120)
        #expect(Set(crossReference.records.filter { $0.framework == .gri }.map(\.code)) == codes)

        let gri = crossReference.records.filter { $0.framework == .gri }
        #expect(gri.first?.code == "2-1" && gri.last?.code == "418-1")
        let sasb = crossReference.records.filter { $0.framework == .sasb }
        #expect(sasb.first?.code == "TC-SI-130a.1" && sasb.last?.code == "TC-SI-000.C")
        #expect(crossReference.records.filter { $0.framework == .ungc }.map(\.code) == (1...10).map(String.init))
        #expect(crossReference.records.filter { $0.framework == .iso26000 }.map(\.code) == ["6.2", "6.3", "6.4", "6.5", "6.6", "6.7", "6.8"])
    }

    @Test func statusCountsPerFramework() throws {
        let crossReference = try TestSupport.crossReference()
        var counts: [String: Int] = [:]
        for record in crossReference.records { counts["\(record.framework.rawValue) \(record.status.rawValue)", default: 0] += 1 }
        #expect(counts == [
            "gri reported": 86, "gri omitted": 16, "gri notMaterial": 9, "gri external": 8, "gri noChange": 1,
            "sasb reported": 13, "sasb omitted": 6, "ungc reported": 10, "iso26000 reported": 7,
        ])
    }

    @Test func tablesAreFoundInDocumentOrder() throws {
        let tables = try TestSupport.crossReference().tables
        #expect(tables.map(\.framework) == [.gri, .ungc, .sasb, .iso26000])
        #expect(tables.map(\.lines) == [10711...11246, 11247...11284, 11285...11414, 11415...11505])
    }

    /// 72 markers, as the issue says; the four citing 305-1 are at 1654, 1838, 2027 and 2886,
    /// checked here against the raw lines.
    @Test func inlineMarkers() throws {
        let crossReference = try TestSupport.crossReference()
        #expect(crossReference.markers.count == 72)
        #expect(crossReference.markers.reduce(0) { $0 + $1.codes.count } == 137)
        let citing = crossReference.markers.filter { $0.codes.contains("305-1") }
        #expect(citing.map(\.line) == [1654, 1838, 2027, 2886])
        #expect(citing.map(\.heading) == ["環境経営推進計画", "環境負荷の全体像", "環境関連データ（推移）", "Scope1、2、3排出量"])
        #expect(citing.map(\.headingLine) == [1652, 1836, 2025, 2884])
        let lines = String(decoding: try TestSupport.corpusBytes("nec-esg-databook-2024.txt"), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false)
        for marker in crossReference.markers {
            #expect(lines[marker.line - 1].trimmingCharacters(in: .whitespaces) == "GRI")
            #expect(lines[marker.line].trimmingCharacters(in: .whitespaces) == marker.codes.first)
        }
        let first = try #require(crossReference.markers.first)
        #expect(first.line == 77 && first.codes == ["2-12", "2-13", "2-14", "2-17", "2-18"] && first.heading == "サステナビリティ経営の推進体制")
        let last = try #require(crossReference.markers.last)
        #expect(last.line == 10598 && last.codes == ["2-5"] && last.heading == "第三者保証", "indented heading trimmed")
        // Every code a marker lists is a row of the GRI table.
        let listed = Set(crossReference.records.filter { $0.framework == .gri }.map(\.code))
        #expect(crossReference.markers.flatMap(\.codes).allSatisfy(listed.contains))
    }

    @Test func locationsResolveToSectionsOrAreReported() throws {
        let crossReference = try TestSupport.crossReference()
        let all = crossReference.records(framework: nil).flatMap(\.locations)
        let unresolved = Set(all.filter { !$0.isResolved && !$0.isExternal }.map(\.name))
        #expect(unresolved == ["NECグループ人権方針", "SDGs達成に貢献するNECの取り組み", "NECグループの英国現代奴隷法への対応（宣言書）"])
        #expect(all.filter(\.isResolved).count == 182)
        // Full-width and half-width ＆ resolve to the same section.
        let halfWidth = try #require(all.first { $0.name == "インクルージョン&ダイバーシティ" })
        let fullWidth = try #require(all.first { $0.name == "インクルージョン＆ダイバーシティ" })
        #expect(halfWidth.sections == fullWidth.sections && halfWidth.sections.map(\.lines) == [4253...5047])
        // A title held by two sections resolves to both.
        let assurance = try #require(all.first { $0.name == "第三者保証" })
        #expect(assurance.sections.map(\.lines) == [56...72, 10596...10653])
    }
}
