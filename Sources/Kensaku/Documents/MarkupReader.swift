/// One block of text in an HTML or XML document.
struct MarkupBlock: Sendable, Hashable {
    /// What kind of element the block is.
    enum Kind: Sendable, Hashable {
        /// `<title>`.
        case title
        /// `<h1>` … `<h6>`, with the level 1…6.
        case heading(level: Int)
        /// `<p>`, or in XML any element that carries text.
        case paragraph
        /// `<li>`.
        case listItem
        /// `<tr>`.
        case tableRow
    }

    var kind: Kind
    /// UTF-8 byte range in the source file covering the element (from its start tag to its end
    /// tag, or to where its content ends when the end tag is missing).
    var byteRange: Range<Int>
    /// The element's text content, whitespace collapsed.
    var text: String
}

/// What an HTML or XML file holds, for indexing.
///
/// libxml2 parses the file (leniently: HTML with its HTML parser, XML with recovery), which
/// decides the elements and their text; ``MarkupScanner`` finds the tags byte for byte, so that
/// blocks have exact byte ranges and ``analysisBytes`` line up with the file.
struct MarkupDocument: Sendable {
    /// `title` from <title>; `description`, `author`, `date`, `keywords` … from
    /// <meta name=… content=…> (also `og:title` style property=…); for XML, the root element name
    /// as `root`.
    ///
    /// Keys are lowercased; the first non-empty value of a key wins.
    var metadata: [String: String]
    /// Blocks in document order: h1–h6 headings, p, li, tr (table rows; cells joined with " | "),
    /// title; for XML, leaf-ish elements that carry text (each element whose direct text content
    /// is non-empty), as paragraphs.
    ///
    /// Blocks without text are left out. HTML blocks can nest (a `<p>` in an `<li>`); in XML the
    /// outermost element with direct text is the block, and elements inside it are its text
    /// (`<para>a <em>b</em></para>` is one block, "a b").
    var blocks: [MarkupBlock]
    /// The source bytes with everything that is not text content replaced by ASCII spaces, byte
    /// for byte the same length as the source: tags, comments, <script>/<style> contents, CDATA
    /// markers, XML declarations, doctype. Character references (&amp; &#x6F22; &hellip;) are
    /// replaced by their UTF-8 character followed by spaces to keep the length. Newlines inside
    /// markup stay newlines so line numbers are kept. This is what the analyzer will tokenize, so
    /// byte offsets stay exact.
    var analysisBytes: [UInt8]

    /// HTML elements whose start and end do not separate words (`a<b>b</b>` is one word);
    /// every other element boundary, `<br>` or `<td>` for example, reads as a space.
    static let inlineHTMLElements: Set<String> = [
        "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "button", "cite", "code", "data", "del",
        "dfn", "em", "font", "i", "img", "input", "ins", "kbd", "label", "mark", "nobr", "q", "rb",
        "rp", "rt", "ruby", "s", "samp", "select", "small", "span", "strike", "strong", "sub", "sup",
        "time", "tt", "u", "var", "wbr",
    ]

    /// Reads HTML (isHTML true) or XML. Throws `KensakuError(.fileUnreadable(path: path, cause: "…"))`
    /// with a clear cause when the file cannot be parsed at all.
    ///
    /// The file is read as UTF-8 whatever it declares (`<meta charset>` and `encoding="…"` are
    /// ignored); ill-formed bytes read as U+FFFD in block text and stay as they are in
    /// ``analysisBytes``. A UTF-8 byte order mark is markup.
    ///
    /// - Parameters:
    ///   - bytes: The file's contents.
    ///   - isHTML: Whether to read HTML (libxml2's HTML parser) rather than XML.
    ///   - path: The file's path, for error messages.
    /// - Throws: `KensakuError` with code `fileUnreadable` when the file is empty, looks binary,
    ///   or holds no element libxml2 can find (no root element in XML; no elements or text in
    ///   HTML).
    /// - Complexity: O(n log n) in the file size.
    static func read(_ bytes: [UInt8], isHTML: Bool, path: String) throws(KensakuError) -> MarkupDocument {
        let format = isHTML ? "HTML" : "XML"
        guard !bytes.isEmpty else {
            throw KensakuError(.fileUnreadable(path: path, cause: "the file is empty, so it holds no \(format) to index"))
        }
        guard !CorpusScanner.looksBinary(bytes) else {
            throw KensakuError(.fileUnreadable(
                path: path, cause: "it looks binary (control bytes or ill-formed UTF-8), not \(format) text"))
        }
        let bomLength = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let (tokens, analysisBytes) = MarkupScanner(bytes: bytes, isHTML: isHTML).scan(from: bomLength)
        guard let parse = LibXML2.parse(parserInput(bytes)[bomLength...], isHTML: isHTML) else {
            throw KensakuError(.fileUnreadable(path: path, cause: "libxml2 ran out of memory parsing it as \(format)"))
        }
        var builder = MarkupTreeBuilder(bytes: bytes, tokens: tokens, isHTML: isHTML)
        let tree = builder.build(parse.events, offsetShift: bomLength)
        guard !tree.elements.isEmpty else {
            let found = isHTML ? "no HTML elements or text" : "no root element"
            let detail = parse.firstError.map { " (libxml2: \($0.message), line \($0.line))" } ?? ""
            throw KensakuError(.fileUnreadable(path: path, cause: "it holds \(found) that libxml2 can read\(detail)"))
        }
        var document = MarkupDocument(metadata: [:], blocks: [], analysisBytes: analysisBytes)
        if isHTML {
            document.readHTML(tree)
        } else {
            document.readXML(tree)
        }
        return document
    }

    /// The bytes libxml2 parses: the file with each ill-formed UTF-8 byte replaced by
    /// ``MarkupParse/illFormedByteStandIn`` and each control character other than tab, LF and CR
    /// by a space, so that libxml2 never switches encodings or stops early, and its offsets stay
    /// file offsets.
    private static func parserInput(_ bytes: [UInt8]) -> [UInt8] {
        var input = bytes
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                let byte = buffer[index]
                if byte < 0x20 {
                    if byte != 0x09 && byte != 0x0A && byte != 0x0D { input[index] = 0x20 }
                    index += 1
                    continue
                }
                let (scalar, length) = UTF8Decoding.decodeScalar(buffer, at: index)
                if scalar == CharacterClass.replacementCharacter && length == 1 && byte >= 0x80 {
                    input[index] = MarkupParse.illFormedByteStandIn
                }
                index += length
            }
        }
        return input
    }

    // MARK: - HTML

    private mutating func readHTML(_ tree: MarkupTree) {
        for (index, element) in tree.elements.enumerated() {
            switch element.name {
            case "title":
                let text = Self.text(of: index, in: tree, isHTML: true)
                add(.title, element, text)
                setMetadata("title", text)
            case "h1", "h2", "h3", "h4", "h5", "h6":
                let level = Int(element.name.utf8.last.map { $0 - UInt8(ascii: "0") } ?? 1)
                add(.heading(level: level), element, Self.text(of: index, in: tree, isHTML: true))
            case "p":
                add(.paragraph, element, Self.text(of: index, in: tree, isHTML: true))
            case "li":
                add(.listItem, element, Self.text(of: index, in: tree, isHTML: true))
            case "tr":
                let cells = element.children.compactMap { content -> String? in
                    guard case .element(let child) = content,
                          ["td", "th"].contains(tree.elements[child].name) else { return nil }
                    let text = Self.text(of: child, in: tree, isHTML: true)
                    return text.isEmpty ? nil : text
                }
                let text = cells.isEmpty ? Self.text(of: index, in: tree, isHTML: true) : cells.joined(separator: " | ")
                add(.tableRow, element, text)
            case "meta":
                let attributes = element.attributes
                func value(_ name: String) -> String? { attributes.first { $0.name == name }?.value }
                guard let key = value("name") ?? value("property"), let content = value("content") else { continue }
                setMetadata(Self.collapsingWhiteSpace(key).lowercased(), Self.collapsingWhiteSpace(content))
            default:
                continue
            }
        }
    }

    // MARK: - XML

    private mutating func readXML(_ tree: MarkupTree) {
        if let root = tree.elements.first(where: { $0.parent == nil }) {
            setMetadata("root", root.name)
        }
        // The outermost elements with direct text are the blocks; their descendants are their text.
        var insideBlock = [Bool](repeating: false, count: tree.elements.count)
        for (index, element) in tree.elements.enumerated() {
            if let parent = element.parent, insideBlock[parent] {
                insideBlock[index] = true
                continue
            }
            let hasDirectText = element.children.contains { content in
                guard case .text(let text) = content else { return false }
                return text.unicodeScalars.contains { !$0.properties.isWhitespace }
            }
            guard hasDirectText else { continue }
            insideBlock[index] = true
            add(.paragraph, element, Self.text(of: index, in: tree, isHTML: false))
        }
    }

    // MARK: - Text

    private mutating func add(_ kind: MarkupBlock.Kind, _ element: MarkupTree.Element, _ text: String) {
        guard !text.isEmpty else { return }
        blocks.append(MarkupBlock(kind: kind, byteRange: element.byteRange, text: text))
    }

    private mutating func setMetadata(_ key: String, _ value: String) {
        guard !key.isEmpty, !value.isEmpty, metadata[key] == nil else { return }
        metadata[key] = value
    }

    /// An element's text content, whitespace collapsed. In HTML, the boundaries of elements other
    /// than ``inlineHTMLElements`` read as spaces.
    ///
    /// - Complexity: O(size of the subtree), without recursion (deeply nested files are common
    ///   in broken HTML).
    static func text(of index: Int, in tree: MarkupTree, isHTML: Bool) -> String {
        var raw = ""
        // Each entry is an element and the position of its next child to visit.
        var stack: [(element: Int, child: Int)] = [(index, 0)]
        while let (element, child) = stack.last {
            let children = tree.elements[element].children
            guard child < children.count else {
                stack.removeLast()
                if isHTML && !inlineHTMLElements.contains(tree.elements[element].name) { raw += " " }
                continue
            }
            stack[stack.count - 1].child += 1
            switch children[child] {
            case .text(let text):
                raw += text
            case .element(let nested):
                if isHTML && !inlineHTMLElements.contains(tree.elements[nested].name) { raw += " " }
                stack.append((nested, 0))
            }
        }
        return collapsingWhiteSpace(raw)
    }

    /// The text with each run of white space (Unicode's, so U+3000 and U+00A0 too) made one
    /// ASCII space, and none at either end.
    static func collapsingWhiteSpace(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !scalars.isEmpty
                continue
            }
            if pendingSpace {
                scalars.append(" ")
                pendingSpace = false
            }
            scalars.append(scalar)
        }
        return String(scalars)
    }
}
