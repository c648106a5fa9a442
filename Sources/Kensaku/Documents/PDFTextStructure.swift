/// Sections and page furniture of PDF-extracted text.
///
/// Text extracted from a laid-out report keeps each page's furniture: a navigation bar at the top
/// of every page (the ISSB pillars `ガバナンス　　戦略　　リスク管理　　指標および目標` in the NEC ESG Data
/// Book), the page's section title as a footer line, the link targets as a list of URLs after the
/// page text, cross-reference buttons (` 人材開発 `) and a chapter tab bar with the page number.
/// ``detect(_:)`` uses that furniture to recover the book's tree:
///
/// - level 1, chapters: from a known chapter table, when the book's tab bar lists its chapters
///   (see ``knownChapterTables``); without one, sections are the outermost level;
/// - level 2, sections: one per page title (`気候変動対策`), found from the footers and the headers
///   that repeat on the section's pages, plus the content index (`対照表`);
/// - level 3, subsections: the heading at the top of each page, the heading before each inline
///   `GRI` disclosure marker, and short box headings followed directly by body text.
///
/// The lines before the first section (the book's first page) form a level-1 section titled
/// ``frontMatterTitle``. The leaves of the tree tile the file from that first page to the end:
/// every line lies in exactly one leaf, and each parent covers its children.
///
/// Lines are compared by their *key*: the text without any whitespace, because the extraction
/// spaces the same title differently on different pages (`AIと人権`, `AI と人権`).
struct PDFTextStructure: Sendable {
    /// Sections in document order, parents before their children; `parent` indexes this array.
    var sections: [Section]
    /// Lines that are page furniture (navigation bars, repeated page-title footers, running heads, page numbers, URL lists at page ends): kept out of passages' text for ranking.
    var furnitureLines: Set<Int>

    /// The title given to the lines before the first section: the book's first page carries no
    /// title line of its own (it is synthesized, so ``Section/headingLine`` is nil).
    static let frontMatterTitle = "前付け"

    /// Recovers the section tree and the furniture lines of `source`.
    ///
    /// A text without navigation bars has no page titles, so it yields no sections unless it
    /// has a content index; furniture found line by line (URL lists) is still reported.
    ///
    /// - Parameter source: PDF-extracted plain text, one text line per line.
    /// - Returns: The sections in document order and the set of furniture lines (1-based).
    /// - Complexity: A few passes over the lines, O(*n* log *n*) with sorting; about 20 ms for
    ///   the data book (11,505 lines, 553 KB) in the optimized engine build.
    static func detect(_ source: SourceText) -> PDFTextStructure {
        var scan = Scan(source: source)
        scan.findNavigationBars()
        scan.findChapterTable()
        scan.findContentIndex()
        scan.findPages()
        scan.findTitleKeys()
        scan.findTopics()
        scan.findFurniture()
        let sections = scan.assembleSections()  // also marks the content index's running heads
        return PDFTextStructure(sections: sections, furnitureLines: Set(scan.furniture))
    }
}

// MARK: - Thresholds and tables

extension PDFTextStructure {
    /// A layout line (navigation bar) must repeat at least this often: a bar is on every page,
    /// while a table row with wide gaps seldom repeats three times verbatim. In the data book the
    /// bar's three spellings repeat 147, 6 and 4 times; no other gapped line repeats twice.
    static let minimumNavigationBarRepeats = 3

    /// Page titles, headings and headers are at most this many characters long. The longest
    /// heading found in the data book (`環境車導入に伴う業務変化を支援する「EVエネルギーマネジメント」（事業企画中）`)
    /// has 39; longer lines are sentences.
    static let maximumTitleCharacters = 40

    /// A title is mentioned in the body at most this many times per page it ends. A footer ends
    /// most pages of its section (`気候変動対策`: 7 of 9 mentions); a link label that lands last
    /// on a page now and then does not (`情報セキュリティ報告書`: 2 of 9, `NEC Way`: 1 of 6).
    static let maximumMentionsPerPageEnd = 3

    /// A box heading is followed directly by a body line at least this long. Full-width body
    /// lines run to about 50 characters; the two-column first page wraps at about 24.
    static let minimumProseCharacters = 20

    /// A box heading has at least this many characters: shorter lines before body text are
    /// table labels (`単体`, `連結`, `電気`).
    static let minimumBoxHeadingCharacters = 3

    /// A book's chapters as its tab bar lists them, each with the section that opens it.
    struct ChapterTable: Sendable {
        /// Chapter names in order, as the tab bar spells them.
        var names: [String]
        /// The title of the first section of each chapter.
        var openingSections: [String]
    }

    /// Chapter tables of known books, applied when a line of the text starts with the table's
    /// names (the tab bar).
    ///
    /// The text cannot tell where a chapter begins: the tab bar shows the current chapter by
    /// highlighting, which extraction loses, and the book has no table of contents in text (its
    /// first page is the editorial policy). The names come from the tab bar itself
    /// (`サステナビリティ経営 環境 社会 ガバナンス 付表・データ集NEC ESGデータブック 2024 28`), and each
    /// chapter's opening section from the book's order of sections.
    static let knownChapterTables: [ChapterTable] = [
        ChapterTable(
            names: ["サステナビリティ経営", "環境", "社会", "ガバナンス", "付表・データ集"],
            openingSections: ["NECのサステナビリティ経営", "環境経営", "人的資本経営", "コーポレート・ガバナンス",
                              "第三者保証・社外からの評価"]),
    ]

    /// Words that name a content index (`対照表：GRIスタンダード`, `GRI内容索引`); the first title-like
    /// line holding one starts the index, which runs to the end of the file.
    static let contentIndexWords = ["対照表", "内容索引", "ContentIndex"]
}

// MARK: - Lines

extension PDFTextStructure {
    /// One line of the text with the measurements the heuristics need.
    ///
    /// A line holds no `String`: its text and its key are byte ranges (``Scan/text(of:)`` makes
    /// the text of the few lines that become titles), and keys are compared by number.
    private struct Line {
        /// Where the text without leading and trailing whitespace lies in the source bytes.
        var content: Range<Int>
        /// Where the text without any whitespace (the key) lies in ``LineTable/keyBytes``: the
        /// UTF-8 of the key as a `String` holds it (ill-formed bytes read as U+FFFD).
        var keyBytes: Range<Int>
        /// The key's number in ``LineTable/keys``: two lines have the same number exactly when
        /// their keys are equal as `String`s. This is how lines are compared.
        var key = 0
        /// Whether every scalar of the text is plain (``CanonicalKeyNumbering/isPlain(_:)``): then
        /// each scalar is a `Character` of its own and the key is NFC, so `Character` and
        /// `String` comparisons of the key are comparisons of its bytes.
        var isPlain: Bool
        /// Whether the line starts with whitespace (headers and buttons are indented).
        var leftPadded: Bool
        /// Whether the line ends with whitespace (buttons are padded on both sides).
        var rightPadded: Bool
        /// Number of whitespace-separated fields.
        var fieldCount: Int
        /// Whether two fields are separated by two or more whitespace characters, a layout gap
        /// that prose never has.
        var hasLayoutGap: Bool
        /// Characters (Unicode scalars) of the text without leading and trailing whitespace.
        var characterCount: Int
        /// Whether the line holds a sentence end `。`.
        var hasSentenceEnd: Bool
        /// Whether the line is a lone `http://` or `https://` address (a link target).
        var isURL: Bool
        /// Whether the text's last scalar is a comma (`、`, `，` or `,`).
        var endsWithComma: Bool

        var isBlank: Bool { keyBytes.isEmpty }
        /// Neither indented nor padded at the end: how footers are extracted.
        var isUnpadded: Bool { !leftPadded && !rightPadded }

        /// Measures the UTF-8 bytes of one line in a single pass. The line's `content` is relative
        /// to `bytes`; its `keyBytes` is `content` too, which is the key when the line has one
        /// field (``LineTable`` makes the key of other lines); its `key` is not set.
        ///
        /// Whitespace is found at the start of each character; a character is a lead byte with
        /// the continuation bytes (10xxxxxx) after it, which start no space and no character.
        /// Three-byte characters (most Japanese text) take a shorter path.
        static func measure(_ bytes: UnsafeBufferPointer<UInt8>) -> Line {
            let count = bytes.count
            var contentStart = count, contentEnd = 0, hasContent = false
            var fieldCount = 0, gapLength = 0, hasLayoutGap = false, characterCount = 0, hasSentenceEnd = false
            var isPlain = true
            var index = 0
            while index < count {
                let byte = bytes[index]
                var end: Int
                if byte & 0xF0 == 0xE0, index &+ 2 < count, bytes[index &+ 1] & 0xC0 == 0x80,
                   bytes[index &+ 2] & 0xC0 == 0x80 {
                    let second = bytes[index &+ 1], third = bytes[index &+ 2]
                    if byte == 0xE3 && second == 0x80 {
                        if third == 0x80 {  // U+3000 IDEOGRAPHIC SPACE
                            if hasContent { gapLength &+= 1 }
                            index &+= 3
                            continue
                        }
                        if third == 0x82 { hasSentenceEnd = true }  // U+3002 IDEOGRAPHIC FULL STOP
                    }
                    end = index &+ 3
                    // A fourth continuation byte is a character of its own below (no lead byte).
                    if isPlain {
                        isPlain = CanonicalKeyNumbering.isPlain(byte, second, third)
                    }
                } else {
                    let width = PDFTextStructure.spaceWidth(bytes, at: index)
                    if width > 0 {
                        if hasContent { gapLength &+= 1 }
                        index &+= width
                        continue
                    }
                    // U+3002 IDEOGRAPHIC FULL STOP is E3 80 82, which the path above takes.
                    end = index &+ 1
                    while end < count, bytes[end] & 0xC0 == 0x80 { end &+= 1 }
                    // Ill-formed when the continuation bytes are too many or too few (also after an
                    // ASCII byte, or with no lead byte).
                    if isPlain && (byte >= 0x80 || end != index &+ 1) {
                        isPlain = CanonicalKeyNumbering.plainSequenceLength(bytes, at: index) == end &- index
                    }
                }
                if !hasContent {
                    hasContent = true
                    contentStart = index
                    fieldCount = 1
                } else if gapLength > 0 {
                    fieldCount &+= 1
                    characterCount &+= gapLength
                    if gapLength >= 2 { hasLayoutGap = true }
                }
                gapLength = 0
                if byte & 0xC0 != 0x80 { characterCount &+= 1 }  // the first byte of a character
                index = end
                contentEnd = end
            }
            // The whitespace between fields (spaces, U+00A0, U+3000) is plain too.
            let content = hasContent ? contentStart..<contentEnd : 0..<0
            let text = UnsafeBufferPointer(rebasing: bytes[content])
            return Line(
                content: content, keyBytes: content, isPlain: isPlain,
                leftPadded: hasContent && contentStart > 0, rightPadded: hasContent && contentEnd < count,
                fieldCount: fieldCount, hasLayoutGap: hasLayoutGap, characterCount: characterCount,
                hasSentenceEnd: hasSentenceEnd,
                isURL: fieldCount == 1 && (Self.starts(text, with: "https://") || Self.starts(text, with: "http://")),
                endsWithComma: endsWithComma(text))
        }

        /// Whether UTF-8 `text` starts with ASCII `prefix`.
        private static func starts(_ text: UnsafeBufferPointer<UInt8>, with prefix: StaticString) -> Bool {
            guard text.count >= prefix.utf8CodeUnitCount else { return false }
            let prefixBytes = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
            return UnsafeBufferPointer(rebasing: text[..<prefixBytes.count]).elementsEqual(prefixBytes)
        }

        /// Whether UTF-8 `text` ends with `、` (E3 80 81), `，` (EF BC 8C) or `,`. Those bytes at the
        /// end are always read as that scalar, even after ill-formed bytes: E3 and EF are no
        /// continuation bytes.
        private static func endsWithComma(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
            let count = text.count
            guard count > 0 else { return false }
            if text[count - 1] == 0x2C { return true }
            guard count >= 3 else { return false }
            return (text[count - 3] == 0xE3 && text[count - 2] == 0x80 && text[count - 1] == 0x81)
                || (text[count - 3] == 0xEF && text[count - 2] == 0xBC && text[count - 1] == 0x8C)
        }
    }

    /// The byte length of the whitespace character at `index` of UTF-8 `bytes`, or 0: space,
    /// tab, vertical tab, form feed, no-break space U+00A0 (C2 A0) and ideographic space U+3000
    /// (E3 80 80).
    private static func spaceWidth(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        switch bytes[index] {
        case 0x09, 0x0B, 0x0C, 0x20:
            return 1
        case 0xC2:
            return index + 1 < bytes.count && bytes[index + 1] == 0xA0 ? 2 : 0
        case 0xE3:
            return index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80 ? 3 : 0
        default:
            return 0
        }
    }

    /// The measured lines of a text and their keys.
    private struct LineTable {
        /// The lines, 1-based (index 0 holds an empty line).
        var lines: [Line]
        /// The lines' key bytes: the source bytes, where the key of a line with one field is its
        /// text, followed by the keys of the other lines without their whitespace.
        var keyBytes: [UInt8]
        /// The numbers of the keys.
        var keys: CanonicalKeyNumbering
    }

    /// The lines of `source`, 1-based (index 0 holds an empty line).
    private static func decodeLines(_ source: SourceText) -> LineTable {
        var keys = CanonicalKeyNumbering()
        var keyBytes = source.bytes
        var lines: [Line] = []
        lines.reserveCapacity(source.lineCount + 1)
        source.bytes.withUnsafeBufferPointer { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { scratch in
                for number in 0...source.lineCount {
                    let range = number == 0 ? 0..<0 : source.contentRange(ofLine: number)
                    var line = Line.measure(UnsafeBufferPointer(rebasing: bytes[range]))
                    line.content = (line.content.lowerBound + range.lowerBound)..<(line.content.upperBound + range.lowerBound)
                    line.keyBytes = line.content
                    if line.fieldCount > 1 || !line.isPlain {
                        // The bytes that are not whitespace, found as ``Line/measure(_:)`` finds them.
                        var keyCount = 0, index = line.content.lowerBound
                        while index < line.content.upperBound {
                            let width = spaceWidth(bytes, at: index)
                            if width > 0 {
                                index += width
                            } else {
                                scratch[keyCount] = bytes[index]
                                keyCount += 1
                                index += 1
                            }
                        }
                        let key = UnsafeBufferPointer(rebasing: scratch[..<keyCount])
                        let start = keyBytes.count
                        if line.isPlain {
                            keyBytes.append(contentsOf: key)
                        } else {
                            // Ill-formed bytes become U+FFFD, as in the key's `String`.
                            keyBytes.append(contentsOf: String(decoding: key, as: UTF8.self).utf8)
                        }
                        line.keyBytes = start..<keyBytes.count
                    }
                    line.key = keyBytes.withUnsafeBufferPointer { all in
                        keys.number(for: UnsafeBufferPointer(rebasing: all[line.keyBytes]), isPlain: line.isPlain)
                    }
                    lines.append(line)
                }
            }
        }
        return LineTable(lines: lines, keyBytes: keyBytes, keys: keys)
    }

    /// A line that could be a title or heading: 2 to ``maximumTitleCharacters`` characters, no
    /// sentence end (`。`) anywhere, no trailing comma, and not an address.
    private static func isTitleLike(_ line: Line) -> Bool {
        line.characterCount >= 2 && line.characterCount <= maximumTitleCharacters && !line.isURL
            && !line.hasSentenceEnd && !line.endsWithComma
    }

    /// `hasPrefix` against one prefix, for many keys. `String.hasPrefix` compares character by
    /// character under canonical equivalence, which costs about a thousand instructions for a
    /// Japanese key; when the key and the prefix are both plain (``Line/isPlain``) their
    /// characters are their scalars, and comparing bytes gives the same answer.
    private struct PrefixMatcher {
        let prefix: String
        let prefixBytes: [UInt8]
        let isPlain: Bool

        init(_ prefix: String) {
            self.prefix = prefix
            prefixBytes = Array(prefix.utf8)
            isPlain = prefixBytes.withUnsafeBufferPointer(CanonicalKeyNumbering.isPlain)
        }

        /// Whether the key with UTF-8 `key` (plain or not, `isPlain`) starts with the prefix.
        func matches(_ key: ArraySlice<UInt8>, isPlain keyIsPlain: Bool) -> Bool {
            guard isPlain && keyIsPlain else { return String(decoding: key, as: UTF8.self).hasPrefix(prefix) }
            guard key.count >= prefixBytes.count else { return false }
            return key.prefix(prefixBytes.count).elementsEqual(prefixBytes)
        }
    }

    /// Whether UTF-8 `key` contains `word` (a byte search: keys are short).
    private static func key(_ key: ArraySlice<UInt8>, contains word: [UInt8]) -> Bool {
        guard !word.isEmpty, key.count >= word.count else { return word.isEmpty }
        let first = word[0]
        return (key.startIndex...(key.endIndex - word.count)).contains {
            key[$0] == first && key[$0..<($0 + word.count)].elementsEqual(word)
        }
    }

    /// Whether `text` starts like a list item, footnote or numbered row rather than a heading or
    /// a sentence: a bullet or reference mark (`・ * ※ ① ■`), or a number followed by `.` or `)`,
    /// or a number in parentheses.
    private static func startsLikeListItem(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars.prefix(6))
        guard let first = scalars.first else { return false }
        if "・•*＊※-–—■●◯○□◆▶>＞".unicodeScalars.contains(first) || (0x2460...0x2473).contains(first.value) {
            return true
        }
        func isDigit(_ scalar: Unicode.Scalar) -> Bool {
            (0x30...0x39).contains(scalar.value) || (0xFF10...0xFF19).contains(scalar.value)
        }
        var index = "(（".unicodeScalars.contains(first) ? 1 : 0
        let opened = index == 1
        let digitsStart = index
        while index < scalars.count, isDigit(scalars[index]) { index += 1 }
        guard index > digitsStart, index < scalars.count else { return false }
        return opened ? ")）".unicodeScalars.contains(scalars[index]) : ".．)）".unicodeScalars.contains(scalars[index])
    }

    /// Whether `key` is a GRI disclosure code such as `2-12` or `305-1`.
    private static func isDisclosureCode(_ key: String) -> Bool {
        let parts = key.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        return (1...3).contains(parts[0].count) && (1...2).contains(parts[1].count)
            && parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }
}

// MARK: - The scan

extension PDFTextStructure {
    /// A set of small non-negative numbers (line or key numbers) kept as flags, so that a
    /// membership test is an array read rather than a hash; it iterates in insertion order.
    private struct NumberSet: Sequence {
        private var flags: [Bool] = []
        private var members: [Int] = []

        func contains(_ number: Int) -> Bool {
            number >= 0 && number < flags.count && flags[number]
        }

        mutating func insert(_ number: Int) {
            if number >= flags.count {
                flags.append(contentsOf: repeatElement(false, count: Swift.max(number + 1, 2 * flags.count) - flags.count))
            }
            guard !flags[number] else { return }
            flags[number] = true
            members.append(number)
        }

        mutating func formUnion<Numbers: Sequence<Int>>(_ numbers: Numbers) {
            for number in numbers { insert(number) }
        }

        func makeIterator() -> IndexingIterator<[Int]> { members.makeIterator() }
    }
}

extension PDFTextStructure {
    /// A page that begins with a navigation bar.
    private struct Page {
        /// The navigation bar's line.
        var navigationBar: Int
        /// The page's first line: the header above the bar, or the bar.
        var start: Int
        /// A section header directly above the bar (` 汚染防止・化学物質管理`), if any.
        var header: Int?
    }

    /// A line that names a section: a header opening it, or a footer on one of its pages.
    private struct Marker {
        var line: Int
        var key: Int
        var isHeader: Bool
    }

    /// A level-2 section (a page title, or the content index) under construction.
    private struct Topic {
        /// The key's number (see ``Line/key``).
        var key: Int
        var title: String
        var start: Int
        var end: Int
        var headingLine: Int
        /// The header that opens it (` 汚染防止・化学物質管理`), if it has one.
        var headerLine: Int?
        /// Lines of the markers that name it (footers and its header), ascending.
        var markerLines: [Int]
        /// Whether this is the content index, whose subsections are its tables.
        var isContentIndex = false
    }

    /// A subsection heading and the first line of its subsection.
    private struct Heading {
        var line: Int
        var title: String
        /// The key's number (see ``Line/key``).
        var key: Int
        /// The page start when the heading tops its page (the subsection takes the whole page
        /// from its navigation bar), else the heading line.
        var start: Int
    }

    /// The state of one detection run; each `find…` step reads what the earlier steps found.
    private struct Scan {
        let lines: [Line]
        var lineCount: Int { lines.count - 1 }
        /// The source text's bytes, which the lines' `content` ranges index.
        let sourceBytes: [UInt8]
        /// The lines' key bytes, which their `keyBytes` ranges index.
        let keyBytes: [UInt8]
        /// The numbers of the lines' keys, and of the keys made here.
        var keys: CanonicalKeyNumbering
        /// The number of the key `GRI` (an inline disclosure marker).
        let disclosureMarkerKey: Int

        var navigationBars = NumberSet()
        var tabBarLines: Set<Int> = []
        var chapterTable: ChapterTable?
        /// The key numbers of the chapter table's opening sections.
        var chapterOpeningKeys: [Int] = []
        var contentIndexStart: Int?
        /// The last line before the content index (the last line of the file without one).
        var bodyEnd: Int { (contentIndexStart ?? lines.count) - 1 }
        var pages: [Page] = []
        var pageStartOfNavigationBar: [Int: Int] = [:]
        var titleKeys = NumberSet()
        var topics: [Topic] = []
        var furniture = NumberSet()

        init(source: SourceText) {
            let table = decodeLines(source)
            lines = table.lines
            sourceBytes = source.bytes
            keyBytes = table.keyBytes
            keys = table.keys
            disclosureMarkerKey = keys.number(for: "GRI")
        }

        /// The text of `line` without leading and trailing whitespace.
        func text(of line: Line) -> String {
            String(decoding: sourceBytes[line.content], as: UTF8.self)
        }

        /// The UTF-8 of the key of `line`.
        func keyBytes(of line: Line) -> ArraySlice<UInt8> {
            keyBytes[line.keyBytes]
        }

        /// Navigation bars: lines of three or more fields with a layout gap that repeat (modulo
        /// spacing) at least ``minimumNavigationBarRepeats`` times.
        mutating func findNavigationBars() {
            var candidates: [Int: [Int]] = [:]
            for number in lines.indices.dropFirst() where lines[number].hasLayoutGap && lines[number].fieldCount >= 3 {
                candidates[lines[number].key, default: []].append(number)
            }
            for (_, numbers) in candidates where numbers.count >= minimumNavigationBarRepeats {
                navigationBars.formUnion(numbers)
            }
        }

        /// The chapter table whose names open some line (the tab bar, which also carries the
        /// page number); tab bar lines are furniture.
        mutating func findChapterTable() {
            for table in knownChapterTables {
                let prefix = table.names.joined().filter { !$0.isWhitespace }
                let matcher = PrefixMatcher(prefix)
                let found = lines.indices.dropFirst().filter {
                    matcher.matches(keyBytes(of: lines[$0]), isPlain: lines[$0].isPlain)
                }
                if !found.isEmpty {
                    chapterTable = table
                    chapterOpeningKeys = table.openingSections.map { keys.number(for: $0.filter { !$0.isWhitespace }) }
                    tabBarLines = Set(found)
                    return
                }
            }
        }

        /// The content index: the first title-like line holding one of ``contentIndexWords``
        /// (` 対照表`, the header of the index's first page).
        mutating func findContentIndex() {
            let words = contentIndexWords.map { Array($0.utf8) }
            contentIndexStart = lines.indices.dropFirst().first { number in
                let line = lines[number]
                return isTitleLike(line) && words.contains { key(keyBytes(of: line), contains: $0) }
            }
        }

        /// Pages of the body: each starts at a navigation bar, or at the section header directly
        /// above it (indented, not padded at the end, title-like).
        mutating func findPages() {
            for bar in navigationBars.sorted() where bar <= bodyEnd {
                var page = Page(navigationBar: bar, start: bar, header: nil)
                if bar > 1, isHeaderShape(lines[bar - 1]) {
                    page.header = bar - 1
                    page.start = bar - 1
                }
                pages.append(page)
                pageStartOfNavigationBar[bar] = page.start
            }
        }

        /// An indented title-like line not padded at the end: how headers are extracted.
        /// Buttons are padded on both sides (` 人材開発 ` is a button, ` 人材開発` a header).
        func isHeaderShape(_ line: Line) -> Bool {
            !line.isBlank && line.leftPadded && !line.rightPadded && isTitleLike(line)
        }

        /// Page titles: keys that head a page (a header) or end one (the last line before the next
        /// page, ignoring blank lines, URL lists and buttons; a text without navigation bars has
        /// no pages, so no page titles), that appear at least twice as
        /// unpadded lines or headers, and that are not mentioned in the body more than
        /// ``maximumMentionsPerPageEnd`` times per page they end. The opening sections of the
        /// chapter table are titles too (`第三者保証・社外からの評価` ends no page with a navigation bar).
        mutating func findTitleKeys() {
            var headerCount: [Int: Int] = [:], pageEndCount: [Int: Int] = [:], unpaddedCount: [Int: Int] = [:]
            for page in pages {
                if let header = page.header { headerCount[lines[header].key, default: 0] += 1 }
            }
            // The text before each page start is the previous page's (or the first page's); the
            // last page ends at the content index. A text without navigation bars has no pages.
            let firsts = pages.isEmpty ? [] : [1] + pages.map { $0.navigationBar + 1 }
            let lasts = pages.isEmpty ? [] : pages.map { $0.start - 1 } + [bodyEnd]
            for (first, last) in zip(firsts, lasts) {
                var number = last
                while number >= first, lines[number].isBlank || lines[number].isURL || lines[number].rightPadded {
                    number -= 1
                }
                if number >= first, lines[number].isUnpadded, isTitleLike(lines[number]) {
                    pageEndCount[lines[number].key, default: 0] += 1
                }
            }
            for number in stride(from: 1, through: bodyEnd, by: 1) {
                let line = lines[number]
                if line.isUnpadded && isTitleLike(line) { unpaddedCount[line.key, default: 0] += 1 }
            }
            for key in Set(headerCount.keys).union(pageEndCount.keys) {
                let headers = headerCount[key] ?? 0, ends = pageEndCount[key] ?? 0, mentions = unpaddedCount[key] ?? 0
                if mentions + headers >= 2 && (ends + headers) * maximumMentionsPerPageEnd >= mentions {
                    titleKeys.insert(key)
                }
            }
            titleKeys.formUnion(chapterOpeningKeys)
        }

        /// Level-2 sections from the title markers of the body.
        ///
        /// Markers are title lines not padded at the end: headers (indented, directly above a
        /// navigation bar or directly below another title's footer) and footers. A marker is an
        /// *interloper* (a title mentioned inside another section, as the materiality pages name
        /// `コンプライアンス`) when the current section's title comes back before the marker's own
        /// title does; interlopers are skipped. Then each change of title starts a section:
        /// at its header, else at the first page after the previous title's last marker, else
        /// (no navigation bar in between) after that marker's trailing blank lines and URLs.
        /// The content index follows as a section of its own.
        mutating func findTopics() {
            var headerLines = NumberSet()
            headerLines.formUnion(pages.compactMap(\.header))
            var markers: [Marker] = []
            for number in stride(from: 1, through: bodyEnd, by: 1) {
                let line = lines[number]
                guard !line.rightPadded, isTitleLike(line), titleKeys.contains(line.key) else { continue }
                let above = lines[number - 1]  // line 0 is an empty placeholder
                let followsFooter = above.isUnpadded && titleKeys.contains(above.key)
                let isHeader = line.leftPadded && (headerLines.contains(number) || followsFooter)
                markers.append(Marker(line: number, key: line.key, isHeader: isHeader))
            }
            for marker in dropInterlopers(markers) {
                if let last = topics.indices.last, topics[last].key == marker.key {
                    topics[last].markerLines.append(marker.line)
                    continue
                }
                let start = startOfTopic(at: marker)
                if let last = topics.indices.last { topics[last].end = start - 1 }
                topics.append(Topic(key: marker.key, title: text(of: lines[marker.line]), start: start, end: bodyEnd,
                                    headingLine: marker.line, headerLine: marker.isHeader ? marker.line : nil,
                                    markerLines: [marker.line]))
            }
            if let indexStart = contentIndexStart {
                if let last = topics.indices.last { topics[last].end = indexStart - 1 }
                let title = contentIndexTitle(text(of: lines[indexStart]))
                topics.append(Topic(key: keys.number(for: title.filter { !$0.isWhitespace }), title: title, start: indexStart,
                                    end: lineCount, headingLine: indexStart, headerLine: indexStart, markerLines: [],
                                    isContentIndex: true))
            }
        }

        /// The markers without interlopers (see ``findTopics()``); headers are never interlopers.
        func dropInterlopers(_ markers: [Marker]) -> [Marker] {
            var positions: [Int: [Int]] = [:]
            for (index, marker) in markers.enumerated() { positions[marker.key, default: []].append(index) }
            /// The index of the next marker of `key` after `index`, or `Int.max`.
            func next(_ key: Int, after index: Int) -> Int {
                let list = positions[key] ?? []
                var low = 0, high = list.count
                while low < high {
                    let middle = (low + high) / 2
                    if list[middle] <= index { low = middle + 1 } else { high = middle }
                }
                return low < list.count ? list[low] : Int.max
            }
            var kept: [Marker] = []
            for (index, marker) in markers.enumerated() {
                if let current = kept.last, current.key != marker.key, !marker.isHeader,
                   next(current.key, after: index) < next(marker.key, after: index) {
                    continue
                }
                kept.append(marker)
            }
            return kept
        }

        /// Where the section named by `marker` (its first marker) starts; see ``findTopics()``.
        func startOfTopic(at marker: Marker) -> Int {
            if marker.isHeader { return marker.line }
            guard let previous = topics.last, let lastMarker = previous.markerLines.last else {
                // The first section starts with the page that holds its first marker.
                return pages.last { $0.start <= marker.line }?.start ?? 1
            }
            if let page = pages.first(where: { $0.start > lastMarker && $0.start <= marker.line }) {
                return page.start
            }
            var number = lastMarker + 1
            while number < marker.line, lines[number].isBlank || lines[number].isURL { number += 1 }
            return number
        }

        /// The content index's title: its first line up to a colon (`対照表：GRIスタンダード` gives `対照表`).
        func contentIndexTitle(_ text: String) -> String {
            let prefix = Array(text.prefix { $0 != "：" && $0 != ":" }.utf8)
            let title = prefix.withUnsafeBufferPointer { bytes in
                String(decoding: bytes[Line.measure(bytes).content], as: UTF8.self)
            }
            return title.isEmpty ? text : title
        }

        /// Furniture lines.
        ///
        /// - navigation bars and tab bar lines (which carry the page number);
        /// - lone URLs: the link targets the extractor lists after each page's text;
        /// - page-title footers: every marker of a section except its header;
        /// - buttons: padded lines naming a section (` 人材開発 `), cross-references to it;
        /// - running heads: after a footer (and its URLs), a line that repeats an earlier line of
        ///   the same section, as the TNFD pages repeat their subtitle on each page;
        /// - in the content index, the index title as a footer (`対照表`) and repeats of the
        ///   current table's title (` 対照表：GRIスタンダード` on its second and third pages).
        mutating func findFurniture() {
            furniture.formUnion(navigationBars)
            furniture.formUnion(tabBarLines)
            for number in lines.indices.dropFirst() {
                let line = lines[number]
                if line.isURL || (!line.isBlank && (line.leftPadded || line.rightPadded) && titleKeys.contains(line.key)
                                  && !isMarkerOfItsTopic(number)) {
                    furniture.insert(number)
                }
            }
            for topic in topics where !topic.isContentIndex {
                for marker in topic.markerLines where marker != topic.headerLine {
                    furniture.insert(marker)
                }
                for marker in topic.markerLines {
                    var number = marker + 1
                    while number <= topic.end, lines[number].isBlank || lines[number].isURL { number += 1 }
                    guard number <= topic.end, !navigationBars.contains(number) else { continue }
                    let key = lines[number].key
                    guard (topic.start..<marker).contains(where: { lines[$0].key == key }) else { continue }
                    furniture.insert(number)
                }
            }
        }

        /// Whether `number` holds a marker that was kept for its own section (an indented
        /// footer such as ` NECのサステナビリティ経営` is not a button).
        func isMarkerOfItsTopic(_ number: Int) -> Bool {
            topics.contains { $0.markerLines.contains(number) }
        }

        /// Subsection headings in `range`, adjacent repeats merged (a heading repeated at the top
        /// of the next page continues its subsection).
        ///
        /// A heading is a title-like line that is neither furniture nor a section title and is
        /// 1. the first line of a page: the first non-blank line after a navigation bar or after
        ///    a section header (`気候変動対策方針`), or
        /// 2. the last line before an inline disclosure marker: a line `GRI` followed by a code
        ///    such as `2-12` (`サステナビリティ経営の推進体制`), or
        /// 3. a box heading: after a blank line and directly followed by body text (a line of at
        ///    least ``minimumProseCharacters`` characters that is not a list item, an address or a
        ///    table row), itself at least ``minimumBoxHeadingCharacters`` characters with no
        ///    comma, footnote mark or table gap, and not cut mid-phrase (see `isBoxHeading`), as
        ///    `SBT Net-Zero目標の進捗` and `算定方法`.
        func headings(in range: ClosedRange<Int>, headerLines: NumberSet) -> [Heading] {
            var found: [Heading] = []
            for number in range {
                let line = lines[number]
                guard isTitleLike(line), !furniture.contains(number), !titleKeys.contains(line.key) else {
                    continue
                }
                var previous = number - 1
                while previous >= range.lowerBound, lines[previous].isBlank { previous -= 1 }
                var start: Int?
                if previous >= range.lowerBound {
                    if navigationBars.contains(previous) {
                        start = pageStartOfNavigationBar[previous] ?? previous
                    } else if headerLines.contains(previous) {
                        start = previous
                    }
                }
                let isHeading = start != nil || precedesDisclosureMarker(number, within: range)
                    || isBoxHeading(number, within: range)
                guard isHeading else { continue }
                if let last = found.last, last.key == line.key { continue }
                found.append(Heading(line: number, title: text(of: line), key: line.key, start: start ?? number))
            }
            return found
        }

        /// Whether the next non-blank line after `number` is `GRI` and is followed by a code.
        func precedesDisclosureMarker(_ number: Int, within range: ClosedRange<Int>) -> Bool {
            var next = number + 1
            while next <= range.upperBound, lines[next].isBlank { next += 1 }
            return next < range.upperBound && lines[next].key == disclosureMarkerKey
                && isDisclosureCode(String(decoding: keyBytes(of: lines[next + 1]), as: UTF8.self))
        }

        /// Rule 3 of ``headings(in:headerLines:)``. A heading cut mid-phrase ends in a particle or
        /// connective (`の を が は に で や ・`, `による`) or an opening bracket, or has unbalanced
        /// brackets; a table row has a gap between two Japanese characters (a gap after a colon,
        /// as in `Step1：　…`, is a label's) or a numeric field (`4.0℃`).
        func isBoxHeading(_ number: Int, within range: ClosedRange<Int>) -> Bool {
            guard number > range.lowerBound, number < range.upperBound, lines[number - 1].isBlank else { return false }
            let line = lines[number], next = lines[number + 1]
            // The measured conditions first: they reject most lines without making their text.
            guard !next.isBlank, next.characterCount >= minimumProseCharacters, !next.isURL,
                  next.fieldCount <= 3, line.characterCount >= minimumBoxHeadingCharacters, line.fieldCount <= 2,
                  !startsLikeListItem(self.text(of: next)) else { return false }
            let text = self.text(of: line)
            guard !startsLikeListItem(text), !text.contains(where: { "、，*＊".contains($0) }),
                  !text.hasSuffix("による"), let last = text.last, !"のをがはにでや・（「(".contains(last),
                  hasBalancedBrackets(text), !hasTableGap(text) else { return false }
            return true
        }

        /// Opening brackets and their closers, for ``hasBalancedBrackets(_:)``.
        static let bracketPairs: [Character: Character] = ["（": "）", "(": ")", "「": "」", "『": "』", "【": "】"]
        static let closingBrackets = Set(bracketPairs.values)

        /// Whether every bracket in `text` is closed in order.
        func hasBalancedBrackets(_ text: String) -> Bool {
            var expected: [Character] = []
            for character in text {
                if let closer = Self.bracketPairs[character] {
                    expected.append(closer)
                } else if Self.closingBrackets.contains(character) {
                    guard expected.popLast() == character else { return false }
                }
            }
            return expected.isEmpty
        }

        /// Whether `text` has whitespace between two non-ASCII characters (other than after a
        /// colon), a field that is a number (`4.0℃`, `2.1`) or a later field that starts with a
        /// digit (`2023年度排出実績 2020年度比`, a table's column heads).
        func hasTableGap(_ text: String) -> Bool {
            let characters = Array(text)
            for index in characters.indices.dropFirst().dropLast() where characters[index].isWhitespace {
                var before = index - 1
                while before > 0, characters[before].isWhitespace { before -= 1 }
                var after = index + 1
                while after < characters.count - 1, characters[after].isWhitespace { after += 1 }
                if !characters[before].isASCII, !characters[after].isASCII, !"：:".contains(characters[before]) {
                    return true
                }
            }
            let fields = text.split(whereSeparator: \.isWhitespace)
            return fields.enumerated().contains { index, field in
                guard let first = field.first, first.isASCII, first.isNumber else { return false }
                return index > 0 || field.allSatisfy { $0.isASCII || "％℃".contains($0) }
            }
        }

        /// Subsections of the content index: its tables, each opening at a line that starts with
        /// the index title and a colon (`対照表：GRIスタンダード`). Repeats of the current table's title
        /// and the bare index title are furniture (running heads and footers).
        mutating func contentIndexHeadings(_ topic: Topic) -> [Heading] {
            var found: [Heading] = []
            // Built once, not once per line. The tables' titles start with the index's key.
            let key = topic.title.filter { !$0.isWhitespace }
            let fullWidthColonPrefix = PrefixMatcher(key + "："), colonPrefix = PrefixMatcher(key + ":")
            for number in topic.start...topic.end {
                let line = lines[number]
                guard !line.isBlank, isTitleLike(line) else { continue }
                if line.key == topic.key {
                    if number != topic.start { furniture.insert(number) }
                } else if fullWidthColonPrefix.matches(keyBytes(of: line), isPlain: line.isPlain)
                            || colonPrefix.matches(keyBytes(of: line), isPlain: line.isPlain) {
                    if found.last?.key == line.key {
                        furniture.insert(number)
                    } else {
                        found.append(Heading(line: number, title: text(of: line), key: line.key, start: number))
                    }
                }
            }
            return found
        }

        /// The section list: front matter, chapters, their sections and the sections'
        /// subsections, in document order with parents first.
        mutating func assembleSections() -> [Section] {
            guard let firstTopic = topics.first else { return [] }
            var chapters = chapterStarts()
            if !chapters.isEmpty { chapters[0].start = min(chapters[0].start, firstTopic.start) }
            let sectionLevel = chapters.isEmpty ? 1 : 2
            var headerLines = NumberSet()
            headerLines.formUnion(pages.compactMap(\.header))
            headerLines.formUnion(topics.compactMap(\.headerLine))
            var sections: [Section] = []

            let bodyStart = chapters.first?.start ?? firstTopic.start
            if bodyStart > 1, (1..<bodyStart).contains(where: { !lines[$0].isBlank }) {
                let parent = sections.count
                sections.append(Section(title: frontMatterTitle, level: 1, startLine: 1, endLine: bodyStart - 1))
                appendSubsections(headings(in: 1...(bodyStart - 1), headerLines: headerLines),
                                  of: 1...(bodyStart - 1), level: 2, parent: parent, to: &sections)
            }
            var chapterIndex: Int?
            var nextChapter = 0
            for topic in topics {
                while nextChapter < chapters.count, chapters[nextChapter].start <= topic.start {
                    let end = nextChapter + 1 < chapters.count ? chapters[nextChapter + 1].start - 1 : lineCount
                    chapterIndex = sections.count
                    sections.append(Section(title: chapters[nextChapter].name, level: 1,
                                            startLine: chapters[nextChapter].start, endLine: end))
                    nextChapter += 1
                }
                let parent = sections.count
                sections.append(Section(title: topic.title, level: sectionLevel, startLine: topic.start,
                                        endLine: topic.end, headingLine: topic.headingLine, parent: chapterIndex))
                let found = topic.isContentIndex
                    ? contentIndexHeadings(topic)
                    : headings(in: topic.start...topic.end, headerLines: headerLines)
                appendSubsections(found, of: topic.start...topic.end, level: sectionLevel + 1, parent: parent,
                                  to: &sections)
            }
            return sections
        }

        /// The chapters of the chapter table whose opening sections were found, with their
        /// first lines, in order.
        func chapterStarts() -> [(name: String, start: Int)] {
            guard let table = chapterTable else { return [] }
            var starts: [(name: String, start: Int)] = []
            var searchFrom = 0
            for (name, key) in zip(table.names, chapterOpeningKeys) {
                guard let index = topics[searchFrom...].firstIndex(where: { $0.key == key }) else { continue }
                starts.append((name, topics[index].start))
                searchFrom = index + 1
            }
            return starts
        }

        /// Appends one subsection per heading; together they tile `range` (the first one starts
        /// at the range's start, each ends where the next starts). A subsection starts at its
        /// page start only when no earlier heading lies on that page's first lines.
        func appendSubsections(_ headings: [Heading], of range: ClosedRange<Int>, level: Int, parent: Int,
                               to sections: inout [Section]) {
            let starts = headings.indices.map { index in
                index == 0 ? range.lowerBound
                    : headings[index].start > headings[index - 1].line ? headings[index].start : headings[index].line
            }
            for (index, heading) in headings.enumerated() {
                let end = index + 1 < starts.count ? starts[index + 1] - 1 : range.upperBound
                sections.append(Section(title: heading.title, level: level, startLine: starts[index], endLine: end,
                                        headingLine: heading.line, parent: parent))
            }
        }
    }
}
