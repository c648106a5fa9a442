/// Front matter, headings, tables and block separators of a markdown file.
struct MarkdownStructure: Sendable {
    /// Front matter values (`title`, `date`, `categories`, `tags`, `author`, `excerpt`, …); list
    /// values are joined with ", ".
    var metadata: [String: String] = [:]
    /// Sections from ATX headings (`#` … `######`), parents before children.
    var sections: [Section] = []
    /// Lines that carry no content: front matter delimiters and `---END---` separators.
    var furnitureLines: Set<Int> = []
    /// Lines that must start a new passage: headings and the lines after separators.
    var boundaries: Set<Int> = []
    /// Table rows (other than header and delimiter rows) with their header row's line.
    var tableRows: [(line: Int, headerLine: Int)] = []

    /// Reads the structure of markdown text.
    ///
    /// - Complexity: O(*n*) in the number of lines.
    static func detect(_ source: SourceText) -> MarkdownStructure {
        var structure = MarkdownStructure()
        let lineCount = source.lineCount
        func text(_ line: Int) -> String {
            String(decoding: source.bytes[source.contentRange(ofLine: line)], as: UTF8.self)
        }
        var line = 1
        // Front matter: a first line `---`, up to the next `---`.
        if lineCount >= 2, text(1).trimmingWhitespace() == "---" {
            var end = 2
            while end <= lineCount && text(end).trimmingWhitespace() != "---" { end += 1 }
            if end <= lineCount {
                for frontLine in 2..<end {
                    if let (key, value) = frontMatterEntry(text(frontLine)) { structure.metadata[key] = value }
                }
                structure.furnitureLines.formUnion([1, end])
                structure.boundaries.insert(end + 1)
                line = end + 1
            }
        }
        var inFence = false
        var openSections: [Int] = []  // indices of sections still open, outermost first
        var tableHeader: Int? = nil
        while line <= lineCount {
            let content = text(line)
            let trimmed = content.trimmingWhitespace()
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                inFence.toggle()
                tableHeader = nil
            } else if !inFence {
                if trimmed.hasPrefix("---") && trimmed.hasSuffix("---") && trimmed.count > 6
                    && trimmed.dropFirst(3).dropLast(3).allSatisfy({ $0.isLetter })
                {
                    // A block separator such as `---END---`.
                    structure.furnitureLines.insert(line)
                    structure.boundaries.insert(line + 1)
                } else if let (level, title) = heading(trimmed) {
                    while let last = openSections.last, structure.sections[last].level >= level {
                        structure.sections[last].endLine = line - 1
                        openSections.removeLast()
                    }
                    structure.sections.append(Section(title: title, level: level, startLine: line, endLine: lineCount,
                                                      headingLine: line, parent: openSections.last))
                    openSections.append(structure.sections.count - 1)
                    structure.boundaries.insert(line)
                } else if trimmed.hasPrefix("|") {
                    if let header = tableHeader {
                        if !isDelimiterRow(trimmed) { structure.tableRows.append((line, header)) }
                    } else {
                        tableHeader = line
                        structure.boundaries.insert(line)
                    }
                } else {
                    if tableHeader != nil { structure.boundaries.insert(line) }
                    tableHeader = nil
                }
            }
            line += 1
        }
        // Levels are made consecutive (### under # becomes level 2) so the tree has no gaps.
        for index in structure.sections.indices {
            structure.sections[index].level = (structure.sections[index].parent.map { structure.sections[$0].level } ?? 0) + 1
        }
        if structure.metadata["title"] == nil, let first = structure.sections.first(where: { $0.level == 1 }) {
            structure.metadata["title"] = first.title
        }
        return structure
    }

    /// `## Title` → (2, "Title"); nil for other lines.
    private static func heading(_ line: String) -> (Int, String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = line.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var title = String(rest).trimmingWhitespace()
        while title.hasSuffix("#") { title.removeLast() }
        title = title.trimmingWhitespace()
        return title.isEmpty ? nil : (hashes, title)
    }

    /// `| :--- | ---: |`: the row under a table's header.
    private static func isDelimiterRow(_ line: String) -> Bool {
        line.allSatisfy { "|:- \t".contains($0) } && line.contains("-")
    }

    /// `key: value`, `key: "quoted"`, `key: ["a", "b"]` → (key, value); nil for other lines.
    private static func frontMatterEntry(_ line: String) -> (String, String)? {
        guard let colon = line.firstIndex(of: ":"), !line.hasPrefix(" "), !line.hasPrefix("\t") else { return nil }
        let key = String(line[..<colon]).trimmingWhitespace()
        var value = String(line[line.index(after: colon)...]).trimmingWhitespace()
        guard !key.isEmpty, !key.contains(" ") else { return nil }
        if value.hasPrefix("[") && value.hasSuffix("]") {
            let items = value.dropFirst().dropLast().split(separator: ",").map { unquote(String($0).trimmingWhitespace()) }
            value = items.filter { !$0.isEmpty }.joined(separator: ", ")
        } else {
            value = unquote(value)
        }
        return (key, value)
    }

    private static func unquote(_ value: String) -> String {
        for quote in ["\"", "'"] where value.count >= 2 && value.hasPrefix(quote) && value.hasSuffix(quote) {
            return String(value.dropFirst().dropLast())
        }
        return value
    }
}
