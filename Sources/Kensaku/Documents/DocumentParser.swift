/// A document read by its format's reader: structure, the bytes to analyze, and passages.
struct ParsedDocument: Sendable {
    var format: DocumentFormat
    var metadata: [String: String]
    var sections: [Section]
    /// The source bytes with furniture and markup replaced by spaces (newlines kept), so that
    /// analysis skips them while every byte offset and line number stays that of the source.
    var analysisBytes: [UInt8]
    /// Passages in document order, each with its section.
    var spans: [PassageSpan]
}

/// Chooses a document's format and runs its reader.
enum DocumentParser {
    /// The format of a file, by its name's ending, checked against the first bytes (an HTML
    /// page saved as `.txt` is read as HTML). Nil for names Kensaku does not read.
    static func format(name: String, bytes: [UInt8]) -> DocumentFormat? {
        let lowered = name.lowercased()
        let head = String(decoding: bytes.prefix(512), as: UTF8.self).trimmingWhitespace().lowercased()
        let looksHTML = head.hasPrefix("<!doctype html") || head.hasPrefix("<html")
        let looksXML = head.hasPrefix("<?xml")
        if lowered.hasSuffix(".html") || lowered.hasSuffix(".htm") || lowered.hasSuffix(".xhtml") { return .html }
        if lowered.hasSuffix(".xml") { return looksHTML ? .html : .xml }
        if lowered.hasSuffix(".md") || lowered.hasSuffix(".markdown") { return .markdown }
        if lowered.hasSuffix(".txt") { return looksHTML ? .html : looksXML ? .xml : .plainText }
        return nil
    }

    /// Reads a document of a known format.
    ///
    /// - Throws: `KensakuError` (`fileUnreadable`) when a markup file cannot be parsed at all.
    static func parse(format: DocumentFormat, bytes: [UInt8], path: String) throws(KensakuError) -> ParsedDocument {
        let source = SourceText(bytes: bytes)
        switch format {
        case .plainText:
            let structure = PDFTextStructure.detect(source)
            return lineBased(format: format, source: source, metadata: [:], sections: structure.sections,
                             masked: structure.furnitureLines, boundaries: sectionBoundaries(structure.sections))
        case .markdown:
            let structure = MarkdownStructure.detect(source)
            var masked = structure.furnitureLines
            var boundaries = structure.boundaries.union(sectionBoundaries(structure.sections))
            var headerOfRow: [Int: Int] = [:]
            for (line, header) in structure.tableRows {
                headerOfRow[line] = header
                boundaries.insert(line)
                masked.insert(header)
                masked.insert(header + 1)
            }
            var parsed = lineBased(format: format, source: source, metadata: structure.metadata,
                                   sections: structure.sections, masked: masked, boundaries: boundaries)
            for index in parsed.spans.indices {
                if let header = headerOfRow[parsed.spans[index].startLine] {
                    parsed.spans[index].contextRange = source.contentRange(ofLine: header)
                }
            }
            return parsed
        case .html, .xml:
            return try markup(format: format, source: source, path: path)
        }
    }

    /// Lines where a section starts: its first line and its heading line.
    private static func sectionBoundaries(_ sections: [Section]) -> Set<Int> {
        var lines = Set<Int>()
        for section in sections {
            lines.insert(section.startLine)
            if let heading = section.headingLine { lines.insert(heading) }
        }
        return lines
    }

    /// Passages from lines: masked lines become blank, boundaries start new passages.
    private static func lineBased(
        format: DocumentFormat, source: SourceText, metadata: [String: String], sections: [Section],
        masked: Set<Int>, boundaries: Set<Int>
    ) -> ParsedDocument {
        var analysisBytes = source.bytes
        for line in masked where line >= 1 && line <= source.lineCount {
            for offset in source.contentRange(ofLine: line) { analysisBytes[offset] = 0x20 }
        }
        let maskedSource = SourceText(bytes: analysisBytes)
        var spans = PassageSplitter().split(maskedSource, boundaries: boundaries)
        let leaves = SectionLookup(sections)
        for index in spans.indices { spans[index].section = leaves.section(containing: spans[index].startLine) }
        return ParsedDocument(format: format, metadata: metadata, sections: sections, analysisBytes: analysisBytes, spans: spans)
    }
}

/// Finds the innermost section of a line quickly (sections sorted by start, nested).
struct SectionLookup {
    private let sections: [Section]
    init(_ sections: [Section]) { self.sections = sections }

    /// The innermost section containing `line`.
    func section(containing line: Int) -> Int? {
        var best: Int? = nil
        for (index, section) in sections.enumerated() {
            if section.startLine > line { break }
            if line <= section.endLine, best.map({ sections[$0].level < section.level }) ?? true { best = index }
        }
        return best
    }
}

extension DocumentParser {
    /// HTML and XML: blocks (headings, paragraphs, list items, table rows) from libxml2 become
    /// passages; headings form the section tree; markup is blanked out for analysis.
    fileprivate static func markup(format: DocumentFormat, source: SourceText, path: String) throws(KensakuError) -> ParsedDocument {
        let document = try MarkupDocument.read(source.bytes, isHTML: format == .html, path: path)
        let bytes = document.analysisBytes
        // Blocks nested in an earlier block (a <p> inside an <li>) are part of it already.
        var blocks: [MarkupBlock] = []
        for block in document.blocks where !block.byteRange.isEmpty {
            if case .title = block.kind { continue }
            if let last = blocks.last, last.byteRange.upperBound >= block.byteRange.upperBound { continue }
            blocks.append(block)
        }
        var sections: [Section] = []
        var open: [Int] = []
        var spans: [PassageSpan] = []
        for block in blocks {
            guard let text = trimmed(block.byteRange, in: bytes) else { continue }
            let line = source.line(containing: text.lowerBound)
            if case .heading(let level) = block.kind {
                while let last = open.last, sections[last].level >= level {
                    sections[last].endLine = max(sections[last].startLine, line - 1)
                    open.removeLast()
                }
                sections.append(Section(title: block.text, level: level, startLine: line, endLine: source.lineCount,
                                        headingLine: line, parent: open.last))
                open.append(sections.count - 1)
            }
            for window in PassageSplitter().windows(of: text, in: bytes) {
                spans.append(PassageSpan(startLine: source.line(containing: window.lowerBound),
                                         endLine: source.line(containing: window.upperBound - 1),
                                         byteRange: window, section: open.last))
            }
        }
        for index in sections.indices {
            sections[index].level = (sections[index].parent.map { sections[$0].level } ?? 0) + 1
        }
        var metadata = document.metadata
        if metadata["title"] == nil, let first = sections.first { metadata["title"] = first.title }
        return ParsedDocument(format: format, metadata: metadata, sections: sections, analysisBytes: bytes,
                              spans: PassageSplitter.joinShort(spans) { $0.section == $1.section })
    }

    /// The range without leading and trailing white space, or nil when nothing is left.
    private static func trimmed(_ range: Range<Int>, in bytes: [UInt8]) -> Range<Int>? {
        var start = range.lowerBound, end = min(range.upperBound, bytes.count)
        while start < end && [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        while end > start && [0x20, 0x09, 0x0A, 0x0D].contains(bytes[end - 1]) { end -= 1 }
        return start < end ? start..<end : nil
    }
}
