import Foundation
import Testing
@testable import Kensaku

@Suite("PDF text structure")
struct PDFTextStructureTests {
    static let bookName = "nec-esg-databook-2024.txt"

    /// The data book's structure, detected once for all tests.
    static let book: Result<(source: SourceText, structure: PDFTextStructure), any Error> = Result {
        let source = SourceText(bytes: try TestSupport.corpusBytes(bookName))
        return (source, PDFTextStructure.detect(source))
    }

    static func loadBook() throws -> (source: SourceText, structure: PDFTextStructure) { try book.get() }

    // MARK: - The data book

    /// Chapters come from the book's tab bar; their sections are the page titles, in order, and
    /// the content index is a section of its own.
    @Test func chaptersAndSectionsOfTheDataBook() throws {
        let (_, structure) = try Self.loadBook()
        let sections = structure.sections
        // Level 1, and level 2 under chapters (the front matter's children are its headings).
        let outline = sections.filter { section in
            guard let parent = section.parent else { return true }
            return section.level == 2 && sections[parent].title != PDFTextStructure.frontMatterTitle
        }.map { $0.level == 1 ? $0.title : "  " + $0.title }
        #expect(outline == [
            PDFTextStructure.frontMatterTitle,
            "サステナビリティ経営",
            "  NECのサステナビリティ経営",
            "環境",
            "  環境経営", "  気候変動対策", "  汚染防止・化学物質管理", "  水資源管理", "  生物多様性・エコシステム",
            "  資源循環・サーキュラーエコノミー", "  自然資本への依存と影響",
            "社会",
            "  人的資本経営", "  インクルージョン&ダイバーシティ", "  採用と定着および報酬の考え方", "  人材開発",
            "  労働安全衛生とワークライフ・バランス", "  人権の尊重", "  AIと人権", "  個人情報保護、プライバシー",
            "  情報セキュリティとサイバーセキュリティ", "  カスタマー・リレーションシップ・マネジメント", "  品質・安全性",
            "  企業市民活動",
            "ガバナンス",
            "  コーポレート・ガバナンス", "  リスク・マネジメント", "  コンプライアンス", "  サプライチェーン・マネジメント",
            "  イノベーション・マネジメント",
            "付表・データ集",
            "  第三者保証・社外からの評価", "  対照表",
        ])
    }

    /// Section starts checked by reading the file: each is a header above a navigation bar, the
    /// first page after the previous section's last footer, or (the appendix) the line after it.
    @Test(arguments: [
        ("NECのサステナビリティ経営", 73), ("環境経営", 1117), ("気候変動対策", 2146), ("汚染防止・化学物質管理", 3085),
        ("水資源管理", 3221), ("生物多様性・エコシステム", 3368), ("資源循環・サーキュラーエコノミー", 3517),
        ("自然資本への依存と影響", 3735), ("人的資本経営", 4018), ("インクルージョン&ダイバーシティ", 4253),
        ("採用と定着および報酬の考え方", 5048), ("人材開発", 5390), ("労働安全衛生とワークライフ・バランス", 5788),
        ("人権の尊重", 6464), ("AIと人権", 6963), ("個人情報保護、プライバシー", 7232),
        ("情報セキュリティとサイバーセキュリティ", 7539), ("カスタマー・リレーションシップ・マネジメント", 7956),
        ("品質・安全性", 8067), ("企業市民活動", 8254), ("コーポレート・ガバナンス", 8633), ("リスク・マネジメント", 8970),
        ("コンプライアンス", 9442), ("サプライチェーン・マネジメント", 9859), ("イノベーション・マネジメント", 10347),
        ("第三者保証・社外からの評価", 10596), ("対照表", 10710),
    ])
    func sectionStarts(title: String, startLine: Int) throws {
        let (_, structure) = try Self.loadBook()
        let matches = structure.sections.filter { $0.level == 2 && $0.title == title }
        #expect(matches.count == 1)
        #expect(matches.first?.startLine == startLine)
    }

    /// Lines pinned to their path after reading the file around each.
    @Test(arguments: [
        // Editorial policy: "「NEC」および「NECグループ」は…を対象として" under 情報対象範囲.
        (20, [PDFTextStructure.frontMatterTitle, "情報対象範囲"]),
        // GRI 2-13 below the heading サステナビリティ経営の推進体制 (line 75).
        (80, ["サステナビリティ経営", "NECのサステナビリティ経営", "サステナビリティ経営の推進体制"]),
        // "…CFOおよびサステナビリティ推進関係役員がサステナビリティ分野における社外有識者と…".
        (110, ["サステナビリティ経営", "NECのサステナビリティ経営", "NECサステナビリティ・アドバイザリ・コミッティ"]),
        // "…「環境経営」を推進しています。" on the page 環境方針.
        (1320, ["環境", "環境経営", "環境方針"]),
        // "NECは「気候変動（脱炭素）を核とした環境課題への対応」を…" below 気候変動対策方針.
        (2245, ["環境", "気候変動対策", "気候変動対策方針"]),
        // "NECグループは、2040年カーボンニュートラル達成を目標に…" in the box SBT Net-Zero目標の進捗.
        (2980, ["環境", "気候変動対策", "SBT Net-Zero目標の進捗"]),
        // GRI 305-6 of 自社の取り組み on the pollution pages.
        (3100, ["環境", "汚染防止・化学物質管理", "自社の取り組み"]),
        // "World Economic Forumが2020年に発行したレポート…" under the TNFD subtitle.
        (3740, ["環境", "自然資本への依存と影響", "自然資本に対するリスクおよび機会の評価と取り組み～TNFDレポート抜粋～"]),
        // "NECの人的資本経営は、CHRO…" right below 人的資本経営の体制.
        (4021, ["社会", "人的資本経営", "人的資本経営の体制"]),
        // The 2024 new-graduate hiring bullet under 新卒採用における取り組み.
        (5120, ["社会", "採用と定着および報酬の考え方", "新卒採用における取り組み"]),
        // "…いかなる理由であっても差別行為…" in 人権尊重への考え方.
        (6500, ["社会", "人権の尊重", "人権尊重への考え方"]),
        // The AI and human rights policy on the page AIと人権に関する推進体制.
        (6970, ["社会", "AIと人権", "AIと人権に関する推進体制"]),
        // "1.セキュリティトランスフォーメーション推進" in the goals table.
        (7800, ["社会", "情報セキュリティとサイバーセキュリティ", "中長期目標／重点活動と進捗／成果／課題"]),
        // "当社は、指名委員会等設置会社の形態を採用しています。"
        (8642, ["ガバナンス", "コーポレート・ガバナンス", "コーポレート・ガバナンスの体制"]),
        // The Code of Conduct's tax rules under 税務に関する方針.
        (9560, ["ガバナンス", "コンプライアンス", "税務に関する方針"]),
        // "研究開発費用は、注力領域へ集中的に投資する…".
        (10565, ["ガバナンス", "イノベーション・マネジメント", "イノベーション・マネジメントに関する指標および目標"]),
        // "NEC ESGデータブック 2024に掲載される環境・社会関連データは、第三者による…".
        (10601, ["付表・データ集", "第三者保証・社外からの評価", "第三者保証"]),
        // "GRI 1： 基礎 2021" in the GRI table.
        (10718, ["付表・データ集", "対照表", "対照表：GRIスタンダード"]),
        // Labour principle 3 of the UN Global Compact table.
        (11260, ["付表・データ集", "対照表", "対照表：国連グローバル・コンパクト"]),
        // TC-SI-130a.1 of the SASB table.
        (11300, ["付表・データ集", "対照表", "対照表：SASBスタンダード"]),
    ])
    func pinnedLines(line: Int, path: [String]) throws {
        let (_, structure) = try Self.loadBook()
        #expect(Self.path(of: line, in: structure) == path)
    }

    @Test func requiredLinesAreInTheirSections() throws {
        let (_, structure) = try Self.loadBook()
        #expect(Self.section(ofLevel: 2, containing: 2500, in: structure)?.title == "気候変動対策")
        #expect(Self.section(ofLevel: 2, containing: 7800, in: structure)?.title == "情報セキュリティとサイバーセキュリティ")
    }

    /// Titles are trimmed, ranges are valid, children lie in their parents and tile them, and the
    /// leaves tile the whole file.
    @Test func treeIsWellFormed() throws {
        let (source, structure) = try Self.loadBook()
        Self.expectWellFormed(structure, source: source)
        #expect(structure.sections.count > 300)
        #expect(structure.sections.filter { $0.level == 3 }.count > 300)
    }

    @Test func furnitureOfTheDataBook() throws {
        let (_, structure) = try Self.loadBook()
        let furniture: [(line: Int, what: String)] = [
            (74, "navigation bar"), (257, "navigation bar (indented)"), (743, "navigation bar, single spaces"),
            (8068, "navigation bar without its last pillar"), (8970, "navigation bar, リスク管理 variant"),
            (2239, "footer 気候変動対策"), (2378, "footer 気候変動対策"), (3084, "footer 気候変動対策"),
            (207, "indented footer"), (1005, "footer extracted mid-page"), (7710, "footer 情報セキュリティ…"),
            (3000, "tab bar with page number 28"), (9253, "tab bar with page number 100"),
            (2996, "URL list at a page end"), (2997, "URL list at a page end"),
            (3972, "TNFD running head"), (10896, "content index running head"), (11085, "content index footer"),
            (4129, "button naming a section"), (756, "button naming a section"),
        ]
        for (line, what) in furniture {
            #expect(structure.furnitureLines.contains(line), "line \(line): \(what)")
        }
        let body: [(line: Int, what: String)] = [
            (84, "body sentence"), (2979, "body sentence"), (6500, "body sentence"), (10713, "index preamble"),
            (75, "subsection heading"), (2978, "box heading"), (3085, "section header"), (3736, "TNFD subtitle, first time"),
            (804, "materiality named like a section"), (10711, "index table title"),
        ]
        for (line, what) in body {
            #expect(!structure.furnitureLines.contains(line), "line \(line): \(what)")
        }
    }

    @Test func detectionIsFast() throws {
        let (source, _) = try Self.loadBook()
        let clock = ContinuousClock()
        var fastest = Duration.seconds(60)
        for _ in 0..<3 {
            fastest = min(fastest, clock.measure { _ = PDFTextStructure.detect(source) })
        }
        // About 10 ms on an idle machine; the bound leaves room for a loaded CI runner.
        #expect(fastest < .milliseconds(250))
    }

    // MARK: - Hand-made texts

    /// Three pages: a cover line, two pages of one section (a header, then footers) and a page
    /// of another.
    @Test func threePagesWithNavigationBarsAndPageTitles() {
        let text = """
            表紙の見出し
            この冊子は架空の会社の取り組みをまとめたものです。
             気候変動対策
            ガバナンス　　　　戦略　　　　リスク管理　　　　指標および目標
            気候変動対策方針

            当社は気候変動への対応を経営の重要課題と位置づけ、全社で取り組みを進めています。

            気候変動対策
            https://example.com/climate
            ガバナンス　　　　戦略　　　　リスク管理　　　　指標および目標
            排出量の実績

            2023年度の温室効果ガス排出量は前年度から一割減少し、目標の達成に近づきました。

            気候変動対策
             水資源管理
            ガバナンス　　　　戦略　　　　リスク管理　　　　指標および目標
            水資源管理体制

            各事業場は取水量と排水の水質を毎月測定し、結果を環境委員会に報告しています。

            水資源管理
            """
        let source = SourceText(bytes: Array(text.utf8))
        let structure = PDFTextStructure.detect(source)
        #expect(source.lineCount == 23)
        #expect(structure.sections == [
            Section(title: PDFTextStructure.frontMatterTitle, level: 1, startLine: 1, endLine: 2),
            Section(title: "気候変動対策", level: 1, startLine: 3, endLine: 16, headingLine: 3),
            Section(title: "気候変動対策方針", level: 2, startLine: 3, endLine: 10, headingLine: 5, parent: 1),
            Section(title: "排出量の実績", level: 2, startLine: 11, endLine: 16, headingLine: 12, parent: 1),
            Section(title: "水資源管理", level: 1, startLine: 17, endLine: 23, headingLine: 17),
            Section(title: "水資源管理体制", level: 2, startLine: 17, endLine: 23, headingLine: 19, parent: 4),
        ])
        // Navigation bars, footers and the URL; the headers on lines 3 and 17 are headings.
        #expect(structure.furnitureLines == [4, 9, 10, 11, 16, 18, 23])
        Self.expectWellFormed(structure, source: source)
    }

    /// A section named only by footers, a mention of another section's title inside it, and a
    /// content index with a footer and a running head.
    @Test func footersInterlopersAndContentIndex() {
        let text = """
            ガバナンス　　戦略　　リスク管理　　指標および目標
            人権の尊重に関する体制

            当社は人権の尊重を事業活動の基盤と位置づけ、方針と体制を整えています。

            人権の尊重
            ガバナンス　　戦略　　リスク管理　　指標および目標
            人権デュー・ディリジェンス

            人権への負の影響を特定するため、毎年すべての事業部門で評価を実施しています。

            情報セキュリティ
            関連する情報セキュリティの取り組みは別の章で詳しく説明しています。

            人権の尊重
            ガバナンス　　戦略　　リスク管理　　指標および目標
            情報セキュリティの体制

            情報セキュリティ推進本部が全社の対策を統括し、四半期ごとに経営会議に報告しています。

            情報セキュリティ
            ガバナンス　　戦略　　リスク管理　　指標および目標
            情報セキュリティ事故への対応

            事故が発生した場合は、定められた手順に従って直ちに関係部門へ連絡します。

            情報セキュリティ
            https://example.com/security
             対照表
            対照表：GRIスタンダード

            2-23 方針声明 人権の尊重

            対照表
             対照表：GRIスタンダード

            418-1 顧客プライバシー 情報セキュリティ

            対照表：SASBスタンダード

            TC-SI-230a.2 情報セキュリティ
            """
        let source = SourceText(bytes: Array(text.utf8))
        let structure = PDFTextStructure.detect(source)
        #expect(source.lineCount == 41)
        #expect(structure.sections == [
            Section(title: "人権の尊重", level: 1, startLine: 1, endLine: 15, headingLine: 6),
            Section(title: "人権の尊重に関する体制", level: 2, startLine: 1, endLine: 6, headingLine: 2, parent: 0),
            Section(title: "人権デュー・ディリジェンス", level: 2, startLine: 7, endLine: 15, headingLine: 8, parent: 0),
            Section(title: "情報セキュリティ", level: 1, startLine: 16, endLine: 28, headingLine: 21),
            Section(title: "情報セキュリティの体制", level: 2, startLine: 16, endLine: 21, headingLine: 17, parent: 3),
            Section(title: "情報セキュリティ事故への対応", level: 2, startLine: 22, endLine: 28, headingLine: 23, parent: 3),
            Section(title: "対照表", level: 1, startLine: 29, endLine: 41, headingLine: 29),
            Section(title: "対照表：GRIスタンダード", level: 2, startLine: 29, endLine: 38, headingLine: 30, parent: 6),
            Section(title: "対照表：SASBスタンダード", level: 2, startLine: 39, endLine: 41, headingLine: 39, parent: 6),
        ])
        // Navigation bars, footers, the URL, the index's footer and running head; the mention of
        // 情報セキュリティ on line 12 is body text.
        #expect(structure.furnitureLines == [1, 6, 7, 15, 16, 21, 22, 27, 28, 34, 35])
        Self.expectWellFormed(structure, source: source)
    }

    @Test func textWithoutPagesHasNoSections() {
        let plain = SourceText(bytes: Array("見出し\n\n本文の一行目です。\nhttps://example.com/\n".utf8))
        let structure = PDFTextStructure.detect(plain)
        #expect(structure.sections.isEmpty)
        #expect(structure.furnitureLines == [4])
        #expect(PDFTextStructure.detect(SourceText(bytes: [])).sections.isEmpty)
    }

    /// A table row whose wide gaps repeat only twice is no navigation bar.
    @Test func twiceRepeatedGappedLineIsNotANavigationBar() {
        let row = "2021年度　　2022年度　　2023年度"
        let structure = PDFTextStructure.detect(SourceText(bytes: Array("\(row)\n本文です。\n\(row)\n".utf8)))
        #expect(structure.furnitureLines.isEmpty)
        #expect(structure.sections.isEmpty)
    }

    /// Random texts built from the book's kinds of lines (bars, titles, headers, buttons, URLs,
    /// body text, invalid UTF-8) always give a well-formed tree.
    @Test func randomTextsGiveWellFormedTrees() {
        let pieces: [[UInt8]] = [
            "ガバナンス　　　　戦略　　　　リスク管理　　　　指標および目標", " ガバナンス　　戦略　　リスク管理", "気候変動対策",
            " 気候変動対策", " 水資源管理", "水資源管理", " 人材開発 ", "https://example.com/a", "", " ", "　",
            "GRI", "2-12", "305-1", "対照表", " 対照表", "対照表：GRIスタンダード", "SBT Net-Zero目標の進捗",
            "当社は気候変動への対応を経営の重要課題と位置づけ、全社で取り組みを進めています。",
            "サステナビリティ経営 環境 社会 ガバナンス 付表・データ集NEC ESGデータブック 2024 28",
            "NECのサステナビリティ経営", "環境経営", "人的資本経営", "コーポレート・ガバナンス", "・ 箇条書きの項目",
        ].map { Array($0.utf8) } + [[0xE3, 0x80], [0x80, 0x81, 0x20], [0xFF, 0xC2], [0xC2, 0xA0, 0xE6, 0xBC, 0xA2]]
        var generator = SeededGenerator(seed: 20_240_701)
        for _ in 0..<(200 * TestSupport.fuzzScale) {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...80, using: &generator) {
                bytes += pieces[Int.random(in: 0..<pieces.count, using: &generator)]
                bytes.append(Bool.random(using: &generator) ? 0x0A : 0x0D)
                if bytes.last == 0x0D { bytes.append(0x0A) }
            }
            let source = SourceText(bytes: bytes)
            let structure = PDFTextStructure.detect(source)
            Self.expectWellFormed(structure, source: source)
            #expect(structure.furnitureLines.allSatisfy { 1 <= $0 && $0 <= source.lineCount })
        }
    }

    // MARK: - Helpers

    /// Titles of the sections containing `line`, outermost first.
    static func path(of line: Int, in structure: PDFTextStructure) -> [String] {
        structure.sections.filter { $0.startLine <= line && line <= $0.endLine }
            .sorted { $0.level < $1.level }.map(\.title)
    }

    static func section(ofLevel level: Int, containing line: Int, in structure: PDFTextStructure) -> Section? {
        structure.sections.first { $0.level == level && $0.startLine <= line && line <= $0.endLine }
    }

    /// Checks the invariants every detected tree keeps.
    static func expectWellFormed(_ structure: PDFTextStructure, source: SourceText,
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        let lineCount = source.lineCount
        let sections = structure.sections
        var children = Array(repeating: [Int](), count: sections.count)
        for (index, section) in sections.enumerated() {
            let trimmed = section.title.trimmingCharacters(in: .whitespaces)
            #expect(!section.title.isEmpty && section.title == trimmed, "\(section)", sourceLocation: sourceLocation)
            #expect(1 <= section.startLine && section.startLine <= section.endLine && section.endLine <= lineCount,
                    "\(section)", sourceLocation: sourceLocation)
            if let heading = section.headingLine {
                #expect(section.startLine <= heading && heading <= section.endLine, "\(section)", sourceLocation: sourceLocation)
            }
            if let parent = section.parent {
                #expect(parent < index, "parents come first: \(section)", sourceLocation: sourceLocation)
                if parent < index {
                    let outer = sections[parent]
                    #expect(outer.level == section.level - 1, "\(section)", sourceLocation: sourceLocation)
                    #expect(outer.startLine <= section.startLine && section.endLine <= outer.endLine,
                            "\(section) lies outside \(outer)", sourceLocation: sourceLocation)
                    children[parent].append(index)
                }
            } else {
                #expect(section.level == 1, "\(section)", sourceLocation: sourceLocation)
            }
        }
        // Children tile their parent; leaves tile the file from the first section to the end, and
        // only blank lines come before the first section.
        for (parent, list) in children.enumerated() where !list.isEmpty {
            expectTiling(list.map { sections[$0] }, from: sections[parent].startLine, to: sections[parent].endLine,
                         sourceLocation: sourceLocation)
        }
        let leaves = sections.indices.filter { children[$0].isEmpty }.map { sections[$0] }
        if let first = leaves.first {
            expectTiling(leaves, from: first.startLine, to: lineCount, sourceLocation: sourceLocation)
            let before = (1..<first.startLine).filter { line in
                let text = String(decoding: source.bytes[source.contentRange(ofLine: line)], as: UTF8.self)
                return !text.allSatisfy(\.isWhitespace)
            }
            #expect(before.isEmpty, "lines \(before) lie before the first section", sourceLocation: sourceLocation)
        }
    }

    static func expectTiling(_ parts: [Section], from start: Int, to end: Int, sourceLocation: SourceLocation) {
        var next = start
        for part in parts.sorted(by: { $0.startLine < $1.startLine }) {
            #expect(part.startLine == next, "gap or overlap before \(part)", sourceLocation: sourceLocation)
            next = part.endLine + 1
        }
        #expect(next == end + 1, "the parts end at \(next - 1), not \(end)", sourceLocation: sourceLocation)
    }
}
