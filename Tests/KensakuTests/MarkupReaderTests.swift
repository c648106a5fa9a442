import Testing
@testable import Kensaku

@Suite("Markup reader")
struct MarkupReaderTests {
    static let page = """
        <!DOCTYPE html>
        <html lang="ja">
        <head>
          <meta charset="utf-8">
          <title>温室効果ガス &amp; 気候変動</title>
          <meta name="Description" content="NECの  気候変動対策">
          <meta name="author" content="広報部">
          <meta property="og:title" content="気候変動対策 | NEC">
          <style>p { color: red; }</style>
          <script>if (a < b && c > d) { alert("<p>not text</p>"); }</script>
        </head>
        <body>
        <!-- navigation <p>not a paragraph</p> -->
        <h1>気候変動への取り組み</h1>
        <p>2030年までに&#x6F22;字と<b>CO<sub>2</sub></b>を削減&hellip;します。</p>
        <h2 id="scope">Scope&nbsp;3 の排出量</h2>
        <ul>
          <li>再生可能エネルギー</li>
          <li>省エネ&#12288;設計</li>
        </ul>
        <table>
          <tr><th>年度</th><th>排出量</th></tr>
          <tr><td>2023</td><td>1,234 t</td></tr>
        </table>
        </body>
        </html>

        """

    @Test func htmlBlocksInDocumentOrder() throws {
        let (document, _) = try read(Self.page)
        #expect(document.blocks.map(\.kind) == [
            .title, .heading(level: 1), .paragraph, .heading(level: 2), .listItem, .listItem, .tableRow, .tableRow,
        ])
        #expect(document.blocks.map(\.text) == [
            "温室効果ガス & 気候変動",
            "気候変動への取り組み",
            "2030年までに漢字とCO2を削減…します。",
            "Scope 3 の排出量",
            "再生可能エネルギー",
            "省エネ 設計",
            "年度 | 排出量",
            "2023 | 1,234 t",
        ])
    }

    @Test func htmlMetadata() throws {
        let (document, _) = try read(Self.page)
        #expect(document.metadata == [
            "title": "温室効果ガス & 気候変動",
            "description": "NECの 気候変動対策",
            "author": "広報部",
            "og:title": "気候変動対策 | NEC",
        ])
    }

    @Test func htmlBlockRangesCoverTheirTags() throws {
        let (document, bytes) = try read(Self.page)
        let tags = ["title", "h1", "p", "h2", "li", "li", "tr", "tr"]
        #expect(document.blocks.count == tags.count)
        for (block, tag) in zip(document.blocks, tags) {
            expectRange(block.byteRange, in: bytes, startsWith: "<\(tag)", endsWith: "</\(tag)>")
        }
        #expect(slice(bytes, document.blocks[3].byteRange) == "<h2 id=\"scope\">Scope&nbsp;3 の排出量</h2>")
    }

    @Test func analysisBytesBlankMarkupAndKeepLines() throws {
        let (document, bytes) = try read(Self.page)
        let analysis = document.analysisBytes
        #expect(analysis.count == bytes.count)
        #expect(!analysis.contains(UInt8(ascii: "<")))
        #expect(!analysis.contains(UInt8(ascii: ">")))
        for (offset, byte) in bytes.enumerated() where byte == 0x0A {
            #expect(analysis[offset] == 0x0A, "line break at \(offset) lost")
        }
        #expect(analysis.filter { $0 == 0x0A }.count == bytes.filter { $0 == 0x0A }.count)
        let text = String(decoding: analysis, as: UTF8.self)
        for hidden in ["alert", "color", "not text", "navigation", "not a paragraph", "DOCTYPE", "charset", "Description"] {
            #expect(!text.contains(hidden), "\(hidden) is markup")
        }
        // References become their character, padded with spaces to the reference's length.
        #expect(text.contains("温室効果ガス &     気候変動"))
        #expect(text.contains("2030年までに漢     字と   CO     2          を削減…     します。"))
        #expect(text.contains("Scope\u{A0}    3"))
        #expect(text.contains("省エネ\u{3000}     設計"))
        // Every text byte outside references is where it was.
        let title = document.blocks[0].byteRange
        let titleText = String(decoding: analysis[title], as: UTF8.self)
        #expect(titleText.trimmingSpaces == "温室効果ガス &     気候変動")
    }

    @Test func referencesDecodeInBothLanguages() throws {
        let html = try read("<p>a&amp;b &lt;c&gt; &#x6F22;&#28450; &#x41 &hellip; &unknown; &#0;.</p>")
        #expect(html.document.blocks.map(\.text) == ["a&b <c> 漢漢 A … &unknown; ."])
        #expect(String(decoding: html.document.analysisBytes, as: UTF8.self)
            == "   a&    b <   c>    漢     漢      A     …      &unknown;     .    ")

        let xml = try read("<r>a&amp;b &#x6F22; &apos;q&quot; &hellip;</r>", html: false)
        #expect(xml.document.blocks.map(\.text) == ["a&b 漢 'q\""])
        #expect(String(decoding: xml.document.analysisBytes, as: UTF8.self)
            == "   a&    b 漢      '     q\"      &hellip;    ")
    }

    /// Unclosed `<p>` and `<li>`, a stray `</div>`, uppercase tags, `>` inside a quoted
    /// attribute, cells and rows without end tags.
    @Test func malformedHTMLReadsLeniently() throws {
        let source = """
            <HTML><BODY>
            <P CLASS="a>b">一つ目の段落
            <p>二つ目 &amp; more</div>
            <UL>
              <LI>項目A
              <li data-x='1>2'>項目B</LI>
              <li>項目C
            </ul>
            <h3>見出し</H3>
            <p>本文<!-- 注 -->
            <table><tr><td>1<td>2<tr><td>3</table>
            """
        let (document, bytes) = try read(source)
        #expect(document.blocks.map(\.kind) == [
            .paragraph, .paragraph, .listItem, .listItem, .listItem, .heading(level: 3), .paragraph,
            .tableRow, .tableRow,
        ])
        #expect(document.blocks.map(\.text) == [
            "一つ目の段落", "二つ目 & more", "項目A", "項目B", "項目C", "見出し", "本文", "1 | 2", "3",
        ])
        let slices = document.blocks.map { slice(bytes, $0.byteRange) }
        #expect(slices[0] == "<P CLASS=\"a>b\">一つ目の段落")
        // The stray `</div>` is not part of the paragraph.
        #expect(slices[1] == "<p>二つ目 &amp; more")
        #expect(slices[2] == "<LI>項目A")
        #expect(slices[3] == "<li data-x='1>2'>項目B</LI>")
        #expect(slices[4] == "<li>項目C")
        #expect(slices[5] == "<h3>見出し</H3>")
        // An implied end leaves out the trailing comment and white space.
        #expect(slices[6] == "<p>本文")
        #expect(slices[7] == "<tr><td>1<td>2")
        #expect(slices[8] == "<tr><td>3")
        let analysis = String(decoding: document.analysisBytes, as: UTF8.self)
        #expect(!analysis.contains("<") && !analysis.contains(">"))
        #expect(!analysis.contains("data-x") && !analysis.contains("CLASS"))
    }

    @Test func textOutsideElementsBecomesAParagraph() throws {
        let source = "  ただのテキスト &amp; more\n"
        let (document, bytes) = try read(source)
        #expect(document.blocks.map(\.text) == ["ただのテキスト & more"])
        #expect(slice(bytes, document.blocks[0].byteRange) == "ただのテキスト &amp; more")
    }

    @Test func voidAndSelfClosingElementsAndLineBreaks() throws {
        let source = "<p>line one<br>line two<img src=x.png alt='a>b'/>末尾</p>\n<p>単語<wbr>続き</p>"
        let (document, bytes) = try read(source)
        #expect(document.blocks.map(\.text) == ["line one line two末尾", "単語続き"])
        expectRange(document.blocks[0].byteRange, in: bytes, startsWith: "<p>", endsWith: "末尾</p>")
    }

    static let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE report [
          <!ENTITY company "日本電気株式会社">
        ]>
        <rep:report xmlns:rep="urn:example:report" year="2024">
          <!-- 目次 -->
          <title>統合報告書 &amp; ESG</title>
          <section>
            <heading>環境</heading>
            <para>&company;は<em>温室効果ガス</em>を&#x524A;減します。</para>
            <code><![CDATA[if (a < b) return;]]></code>
            <empty/>
          </section>
        </rep:report>

        """

    @Test func xmlLeafElementsAreParagraphs() throws {
        let (document, bytes) = try read(Self.xml, html: false)
        #expect(document.metadata == ["root": "rep:report"])
        #expect(document.blocks.map(\.kind) == [.paragraph, .paragraph, .paragraph, .paragraph])
        #expect(document.blocks.map(\.text) == [
            "統合報告書 & ESG", "環境", "日本電気株式会社は温室効果ガスを削減します。", "if (a < b) return;",
        ])
        let tags = ["title", "heading", "para", "code"]
        for (block, tag) in zip(document.blocks, tags) {
            expectRange(block.byteRange, in: bytes, startsWith: "<\(tag)>", endsWith: "</\(tag)>")
        }
    }

    @Test func xmlAnalysisBytes() throws {
        let (document, bytes) = try read(Self.xml, html: false)
        let analysis = document.analysisBytes
        #expect(analysis.count == bytes.count)
        for (offset, byte) in bytes.enumerated() where byte == 0x0A {
            #expect(analysis[offset] == 0x0A)
        }
        let text = String(decoding: analysis, as: UTF8.self)
        for hidden in ["xml version", "DOCTYPE", "ENTITY", "xmlns", "目次", "CDATA", "]]"] {
            #expect(!text.contains(hidden), "\(hidden) is markup")
        }
        // CDATA contents are text, taken literally.
        #expect(text.contains("if (a < b) return;"))
        #expect(text.contains("統合報告書 &     ESG"))
        #expect(text.contains("を削     減します。"))
        // An entity declared in the document stays as written (only predefined ones decode).
        #expect(text.contains("&company;は"))
    }

    @Test func malformedXMLRecovers() throws {
        let source = "<doc><a>一</a><b>二<c>三</doc>"
        let (document, bytes) = try read(source, html: false)
        #expect(document.blocks.map(\.text) == ["一", "二三"])
        #expect(slice(bytes, document.blocks[0].byteRange) == "<a>一</a>")
        #expect(slice(bytes, document.blocks[1].byteRange) == "<b>二<c>三")
    }

    @Test func byteOrderMarkAndIllFormedBytesKeepOffsets() throws {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        bytes += Array("<h2>見出し</h2>\n<p>壊れた".utf8) + [0xFF] + Array("バイト</p>\n".utf8)
        let document = try MarkupDocument.read(bytes, isHTML: true, path: "bom.html")
        #expect(document.blocks.map(\.text) == ["見出し", "壊れた\u{FFFD}バイト"])
        expectRange(document.blocks[0].byteRange, in: bytes, startsWith: "<h2>", endsWith: "</h2>")
        expectRange(document.blocks[1].byteRange, in: bytes, startsWith: "<p>", endsWith: "</p>")
        #expect(Array(document.analysisBytes.prefix(3)) == [0x20, 0x20, 0x20])
        #expect(document.analysisBytes.contains(0xFF))
    }

    /// A large file, so that libxml2 moves its input buffer along while parsing.
    @Test(arguments: [true, false])
    func largeFileKeepsExactRanges(html: Bool) throws {
        var generator = SeededGenerator(seed: 20_240_601)
        var source = html ? "<html><body>\n" : "<doc>\n"
        var expected: [String] = []
        let words = ["気候", "変動", "対策", "&amp;", "NEC", "データ", "センター", "再生可能", "エネルギー", "\n"]
        for index in 0..<20_000 {
            let count = Int(generator.next() % 12)
            // The first word is never a line break, so that every element has text.
            let body = ([words[index % 9]] + (0..<count).map { _ in words[Int(generator.next() % UInt64(words.count))] })
                .joined(separator: " ")
            let tag = index % 3 == 0 ? "h3" : "p"
            source += "<\(tag) class=\"c\(index)\">\(body)</\(tag)>\n"
            expected.append(tag)
        }
        source += html ? "</body></html>\n" : "</doc>\n"
        let (document, bytes) = try read(source, html: html)
        #expect(bytes.count > 1_000_000)
        #expect(document.blocks.count == expected.count)
        for (block, tag) in zip(document.blocks, expected) {
            expectRange(block.byteRange, in: bytes, startsWith: "<\(tag) ", endsWith: "</\(tag)>")
        }
        #expect(document.analysisBytes.count == bytes.count)
        #expect(!document.analysisBytes.contains(UInt8(ascii: "<")))
    }

    /// Random tag soup, read concurrently: reading never fails on text, analysis bytes keep the
    /// length and the line breaks, and blocks lie in the file, start at their tag and nest
    /// without crossing.
    @Test(arguments: [true, false])
    func randomTagSoup(html: Bool) async throws {
        let pieces = [
            "<p>", "</p>", "<P class=\"a>b\">", "<li>", "</li>", "<ul>", "</ul>", "<h2>", "</h2>", "<H3 id='x'>",
            "<table>", "<tr>", "<td>", "</td>", "</tr>", "<div>", "</div>", "<br>", "<br/>", "<!-- c -->",
            "<script>if (a<b) x();</script>", "<style>p{}</style>", "&amp;", "&#x6F22;", "&#10;", "&hellip;",
            "&bogus;", "テキスト", "text", " ", "\n", "\r\n", "<", ">", "&", "\"", "<b>", "</b>", "<title>",
            "</title>", "<img src='a>b'>", "<!DOCTYPE html>", "<?pi x?>", "<![CDATA[c<d]]>", "</", "<x:y>", "</x:y>",
        ]
        var generator = SeededGenerator(seed: html ? 11 : 12)
        let documents = (0..<300).map { _ in
            "<r>" + (0..<Int(generator.next() % 60)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }
                .joined() + "t"
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for source in documents {
                group.addTask { try Self.checkSoup(source, html: html) }
            }
            try await group.waitForAll()
        }
    }

    private static func checkSoup(_ source: String, html: Bool) throws {
        let bytes = Array(source.utf8)
        let document = try MarkupDocument.read(bytes, isHTML: html, path: "soup")
        let analysis = document.analysisBytes
        #expect(analysis.count == bytes.count, "\(source.debugDescription)")
        for index in bytes.indices where (bytes[index] == 0x0A) != (analysis[index] == 0x0A) {
            Issue.record("line break at \(index) differs in \(source.debugDescription)")
        }
        var open: [Range<Int>] = []
        for block in document.blocks {
            let range = block.byteRange
            #expect(range.lowerBound >= 0 && range.upperBound <= bytes.count && !range.isEmpty)
            #expect(!block.text.isEmpty)
            while let last = open.last, last.upperBound <= range.lowerBound { open.removeLast() }
            if let last = open.last {
                #expect(last.contains(range.lowerBound) && range.upperBound <= last.upperBound,
                        "\(range) crosses \(last) in \(source.debugDescription)")
            }
            open.append(range)
            let start = String(decoding: bytes[range.lowerBound...].prefix(4), as: UTF8.self).lowercased()
            switch block.kind {
            case .heading(let level): #expect(start.hasPrefix("<h\(level)"), "\(source.debugDescription)")
            case .listItem: #expect(start.hasPrefix("<li"), "\(source.debugDescription)")
            case .tableRow: #expect(start.hasPrefix("<tr"), "\(source.debugDescription)")
            case .title: #expect(start.hasPrefix("<tit"), "\(source.debugDescription)")
            case .paragraph: #expect(!html || start.hasPrefix("<p") || !start.hasPrefix("<"), "\(source.debugDescription)")
            }
        }
    }

    @Test(arguments: [
        ("empty.html", [UInt8](), true, "empty"),
        ("blank.html", Array(" \n\t\n".utf8), true, "no HTML elements or text that libxml2 can read (libxml2: Document is empty"),
        ("comment.html", Array("<!-- nothing here -->".utf8), true, "no HTML elements or text"),
        ("garbage.html", (0..<4_096).map { UInt8(truncatingIfNeeded: $0 &* 7_919 &+ ($0 >> 3)) }, true, "binary"),
        ("empty.xml", [UInt8](), false, "empty"),
        ("text.xml", Array("これはXMLではない".utf8), false, "no root element that libxml2 can read (libxml2: Start tag expected"),
        ("nul.xml", [UInt8](repeating: 0, count: 64), false, "binary"),
    ])
    func unreadableFilesNameThePath(name: String, bytes: [UInt8], html: Bool, cause: String) {
        let path = "Corpus/broken/\(name)"
        do {
            let document = try MarkupDocument.read(bytes, isHTML: html, path: path)
            Issue.record("read \(document.blocks.count) blocks from \(name)")
        } catch {
            #expect(error.code == .fileUnreadable)
            #expect(error.path == path)
            #expect(error.message.contains("'\(path)'"), "\(error.message)")
            #expect(error.message.contains(cause), "\(error.message)")
        }
    }

    @Test func libxml2VersionIsReported() {
        print("libxml2 \(LibXML2.version)")
        #expect(!LibXML2.version.isEmpty)
    }

    // MARK: - Helpers

    private func read(_ source: String, html: Bool = true) throws -> (document: MarkupDocument, bytes: [UInt8]) {
        let bytes = Array(source.utf8)
        return (try MarkupDocument.read(bytes, isHTML: html, path: html ? "test.html" : "test.xml"), bytes)
    }

    private func slice(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    private func expectRange(
        _ range: Range<Int>, in bytes: [UInt8], startsWith prefix: String, endsWith suffix: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let covered = Array(bytes[range])
        #expect(covered.starts(with: Array(prefix.utf8)), "\(slice(bytes, range))", sourceLocation: sourceLocation)
        #expect(covered.reversed().starts(with: Array(suffix.utf8).reversed()), "\(slice(bytes, range))",
                sourceLocation: sourceLocation)
    }
}

private extension String {
    var trimmingSpaces: String {
        String(unicodeScalars.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed().map(Character.init))
    }
}
