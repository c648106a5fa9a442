import Foundation
import Testing
@testable import Kensaku

@Suite("Markdown structure")
struct MarkdownStructureTests {
    @Test func frontMatterBecomesMetadata() throws {
        let bytes = try TestSupport.corpusBytes("hitachi-nvidia-ai-factory.md")
        let structure = MarkdownStructure.detect(SourceText(bytes: bytes))
        #expect(structure.metadata["title"] == "日立とNVIDIAが描く「AI工場」の真意とは？")
        #expect(structure.metadata["date"] == "2025-09-27 02:00:40 +0000")
        #expect(structure.metadata["categories"] == "業界別AI活用")
        #expect(structure.metadata["tags"] == "NVIDIA, LLM, AIエージェント, 推論最適化, AI人材, セキュリティ")
        #expect(structure.metadata["author"] == "ALLFORCES編集部")
        #expect(structure.metadata["excerpt"]?.hasPrefix("日立製作所とNVIDIAが手を組み") == true)
        // Delimiters and ---END--- separators are furniture and passage boundaries.
        #expect(structure.furnitureLines.isSuperset(of: [1, 10, 63, 79, 83, 104, 106, 131]))
        #expect(structure.boundaries.isSuperset(of: [64, 80, 84, 105, 107]))
    }

    @Test func headingsFormATreeWithLineRanges() throws {
        let bytes = try TestSupport.corpusBytes("nec-dx-report.md")
        let structure = MarkdownStructure.detect(SourceText(bytes: bytes))
        #expect(structure.sections.count == 11)
        let root = try #require(structure.sections.first)
        #expect(root.title == "日本電気株式会社（NEC） 調査レポート" && root.level == 1 && root.startLine == 1 && root.endLine == 145)
        let first = structure.sections[1]
        #expect(first.title == "1. 内製化の強化・IT子会社再編" && first.level == 2 && first.parent == 0)
        #expect(first.startLine == 7 && first.endLine == 20 && first.headingLine == 7)
        #expect(structure.sections[10].title == "10. エッジコンピューティング・IoT基盤の刷新を検討中の企業")
        #expect(structure.sections[10].endLine == 145)
        #expect(structure.metadata["title"] == root.title)
    }

    @Test func tablesBecomeRowPassagesWithTheirHeader() throws {
        let text = """
            # 表

            | 項目 | 値 |
            | :--- | ---: |
            | 温室効果ガス | 226 千t |
            | エネルギー使用量 | 4,564 TJ |

            本文の段落。
            """
        let bytes = Array(text.utf8)
        let parsed = try DocumentParser.parse(format: .markdown, bytes: bytes, path: "t.md")
        let rows = parsed.spans.filter { $0.contextRange != nil }
        #expect(rows.map(\.startLine) == [5, 6])
        let header = SourceText(bytes: bytes).contentRange(ofLine: 3)
        #expect(rows.allSatisfy { $0.contextRange == header && $0.startLine == $0.endLine })
        #expect(parsed.spans.contains { $0.startLine == 8 })
        #expect(!parsed.spans.contains { $0.startLine == 3 || $0.startLine == 4 }, "header and delimiter rows are context only")

        // The header's words find the row passages.
        let corpus = try TestSupport.makeCorpus(["t.md": text])
        let index = try SearchIndex(path: try { () throws -> String in
            let path = corpus + ".kidx"
            _ = try CorpusIndexer.build(corpusPath: corpus, outputPath: path)
            return path
        }())
        let hits = try index.search("項目 エネルギー使用量").hits
        #expect(hits.first?.passage.startLine == 6)
        #expect(hits.first?.section == ["表"])
    }

    @Test func headingLevelsWithoutParentsAreMadeConsecutive() {
        let text = "### 深い見出し\n本文\n# 章\n## 節\n本文\n"
        let structure = MarkdownStructure.detect(SourceText(bytes: Array(text.utf8)))
        #expect(structure.sections.map(\.level) == [1, 1, 2])
        #expect(structure.sections.map(\.parent) == [nil, nil, 1])
        #expect(structure.sections[0].endLine == 2)
    }
}

@Suite("Duplicates and phrases")
struct DuplicateAndPhraseTests {
    /// The blog's flattened copies (lines 81 and 107) and repeated paragraphs are grouped under
    /// the main article's passages, which are the ones shown.
    @Test func blogCopiesFoldIntoTheMainArticle() throws {
        let index = try TestSupport.index()
        let hits = try index.search("AI Factory", limit: 10).hits
        let blog = hits.filter { $0.document == "hitachi-nvidia-ai-factory.md" }
        #expect(!blog.isEmpty)
        #expect(!blog.contains { $0.passage.startLine == 81 || $0.passage.startLine == 107 }, "flattened copies are not shown")
        #expect(blog.contains { $0.duplicates.contains { $0.startLine == 81 } && $0.duplicates.contains { $0.startLine == 107 } })
        // No two hits show the same paragraph text.
        var texts = Set<String>()
        for hit in hits { #expect(texts.insert(try index.text(ofPassage: hit.passageIndex)).inserted) }
    }

    @Test func repeatedParagraphsAreGroupedOnHandMadeInput() throws {
        // Both paragraphs are over 200 bytes, so they stay separate passages.
        let paragraph = "日立製作所とNVIDIAが手を組み、AI工場を構築するというニュースは、産業界全体にとって大きな意味を持つ動きだと感じています。現場の知見とAIを結びつける試みです。"
        let other = "まったく別の話題として、再生可能エネルギーの導入拠点を増やし、温室効果ガスの排出量を削減する計画を紹介します。本社ビルとデータセンターが対象です。"
        let text = "\(paragraph)\n\n\(other)\n\n---END---\n\n\(paragraph)\n"
        let corpus = try TestSupport.makeCorpus(["blog.md": text])
        let path = corpus + ".kidx"
        _ = try CorpusIndexer.build(corpusPath: corpus, outputPath: path)
        let index = try SearchIndex(path: path)
        let hits = try index.search("AI工場 NVIDIA").hits
        #expect(hits.count == 1)
        #expect(hits.first?.passage.startLine == 1, "the first copy represents the group")
        #expect(hits.first?.duplicates.map(\.startLine) == [7])
        #expect(try index.search("再生可能エネルギー").hits.first?.duplicates.isEmpty == true)
    }

    @Test func phraseNeedsAdjacentTokensAndCrossesLineWraps() throws {
        let corpus = try TestSupport.makeCorpus([
            "a.txt": "経営企画・サステナビリ\nティ推進部門が担当します。\n",
            "b.txt": "サステナビリティの推進と部門の連携について。\n",
        ])
        let path = corpus + ".kidx"
        _ = try CorpusIndexer.build(corpusPath: corpus, outputPath: path)
        let index = try SearchIndex(path: path)
        #expect(Set(try index.search("サステナビリティ 推進 部門").hits.map(\.document)) == ["a.txt", "b.txt"])
        let phrase = try index.search("\"サステナビリティ推進部門\"").hits
        #expect(phrase.map(\.document) == ["a.txt"])
        #expect(phrase.first?.passage.startLine == 1 && phrase.first?.passage.endLine == 2)
        #expect(try index.search("\"net zero\"").hits.isEmpty)
    }

    @Test func phraseAcrossTheDataBookWrap() throws {
        let hits = try TestSupport.index().search("\"サステナビリティ推進部門\"", limit: 10).hits
        // Line 84 ends "…経営企画・サステナビリ" and line 85 starts "ティ推進部門が…".
        #expect(hits.contains { $0.document == "nec-esg-databook-2024.txt" && $0.passage.startLine <= 84 && $0.passage.endLine >= 85 })
    }
}

@Suite("Documents of every format")
struct FormatIntegrationTests {
    @Test func htmlAndXmlAreIndexedWithSectionsAndExactLocations() throws {
        let html = """
            <!DOCTYPE html>
            <html><head><title>気候変動レポート</title>
            <meta name="author" content="環境部"></head>
            <body>
            <h1>気候変動対策</h1>
            <p>NECは2040年までにサプライチェーン全体のCO2排出量を実質ゼロにします。
            <h2>SBT Net-Zero目標</h2>
            <ul><li>Scope1・Scope2を50%以上削減<li>Scope3を50%以上削減</ul>
            <table><tr><th>年度<th>排出量</tr><tr><td>2023<td>226 千t</tr></table>
            </body></html>
            """
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <report><section><title>人権の尊重</title><para>人権デュー・ディリジェンスを実施しています。</para></section></report>
            """
        let corpus = try TestSupport.makeCorpus([
            "climate.html": html, "rights.xml": xml, "page.txt": "<html><body><p>テキスト拡張子のHTMLです。</p></body></html>",
            "broken.xml": "これはXMLではありません",
        ])
        let path = corpus + ".kidx"
        let report = try CorpusIndexer.build(corpusPath: corpus, outputPath: path)
        #expect(report.documentCount == 3)
        #expect(report.warnings.count == 1 && report.warnings[0].contains("broken.xml"), "\(report.warnings)")
        #expect(IndexVerifier.verify(path: path).isValid)
        let index = try SearchIndex(path: path)
        let climate = try index.document(named: "climate.html").document
        #expect(climate.format == .html)
        #expect(climate.metadata["title"] == "気候変動レポート" && climate.metadata["author"] == "環境部")
        #expect(climate.sections.map(\.title) == ["気候変動対策", "SBT Net-Zero目標"])
        #expect(climate.sections.map(\.level) == [1, 2])
        #expect(try index.document(named: "page.txt").document.format == .html, "content sniffing")
        #expect(try index.document(named: "rights.xml").document.format == .xml)

        let hit = try #require(try index.search("Scope3").hits.first)
        #expect(hit.document == "climate.html" && hit.section == ["気候変動対策", "SBT Net-Zero目標"])
        let bytes = Array(html.utf8)
        let text = String(decoding: bytes[hit.passage.byteRange], as: UTF8.self)
        #expect(text.contains("Scope3を50%以上削減") && !text.hasPrefix("<"))
        #expect(try index.search("doctype meta tbody").hits.isEmpty, "tag names are not indexed")
        #expect(try index.search("人権デュー・ディリジェンス").hits.first?.document == "rights.xml")
    }

    /// The data book's outline: chapters in order, sections with line ranges, pinned lines.
    @Test func dataBookOutline() throws {
        let index = try TestSupport.index()
        let document = try index.document(named: "nec-esg-databook-2024.txt").document
        let chapters = document.sections.filter { $0.level == 1 }.map(\.title)
        #expect(chapters == ["前付け", "サステナビリティ経営", "環境", "社会", "ガバナンス", "付表・データ集"])
        #expect(zip(document.sections, document.sections.dropFirst()).allSatisfy { $0.startLine <= $1.startLine })
        for (line, title) in [(2500, "気候変動対策"), (7800, "情報セキュリティとサイバーセキュリティ"), (11000, "対照表")] {
            let path = document.sectionPath(document.section(containing: line)).map(\.title)
            #expect(path.contains(title), "line \(line): \(path)")
        }
        // Hits carry their section path.
        let hit = try #require(try index.search("SBT Net-Zero目標の進捗").hits.first)
        #expect(hit.section.first == "環境" && hit.section.contains("気候変動対策"))
    }
}
