/// The formats Kensaku reads, chosen by file name ending and checked against the content.
public enum DocumentFormat: String, Sendable, Hashable, CaseIterable {
    /// Plain text, typically extracted from a PDF (page furniture, wrapped lines).
    case plainText = "text"
    /// Markdown, optionally with YAML front matter.
    case markdown
    /// HTML, read leniently through libxml2.
    case html
    /// XML, read through libxml2.
    case xml
}

/// One indexed source document: where it is, what it was when indexed, and its structure.
public struct Document: Sendable, Hashable {
    /// The file's name relative to the corpus folder, for example `nec-dx-report.md`.
    public let name: String
    /// How the file was read.
    public let format: DocumentFormat
    /// Metadata from the document itself: markdown front matter (`title`, `date`, `categories`,
    /// `tags`, `author`, `excerpt`), HTML `<title>` and `<meta>`, or the first heading.
    public let metadata: [String: String]
    /// The file's size in bytes when indexed.
    public let byteCount: Int
    /// The file's modification time when indexed, in nanoseconds since 1970.
    public let modificationTimeNanoseconds: Int64
    /// The SHA-256 of the file's bytes when indexed (32 bytes).
    public let sha256Digest: [UInt8]
    /// The number of lines.
    public let lineCount: Int
    /// The passages of this document: indices into the index's passage table.
    public let passageRange: Range<Int>
    /// The section tree in document order, parents before children (`Section.parent` indexes it).
    public let sections: [Section]

    public init(
        name: String, format: DocumentFormat, metadata: [String: String], byteCount: Int,
        modificationTimeNanoseconds: Int64, sha256Digest: [UInt8], lineCount: Int,
        passageRange: Range<Int>, sections: [Section]
    ) {
        self.name = name
        self.format = format
        self.metadata = metadata
        self.byteCount = byteCount
        self.modificationTimeNanoseconds = modificationTimeNanoseconds
        self.sha256Digest = sha256Digest
        self.lineCount = lineCount
        self.passageRange = passageRange
        self.sections = sections
    }

    /// Whether the file at `path` still holds what was indexed: an unchanged size and modification
    /// time say yes; otherwise the SHA-256 decides, so touching a file does not count as a change.
    /// A missing or unreadable file is changed.
    func isUnchanged(atPath path: String, status: FileSystem.Status) -> Bool {
        if status.byteCount == byteCount && status.modificationTimeNanoseconds == modificationTimeNanoseconds {
            return true
        }
        return (try? FileSystem.readFile(path)).map(SHA256.digest(of:)) == sha256Digest
    }

    /// The SHA-256 in lower-case hex.
    public var sha256: String { sha256Digest.hexString }

    /// The title: from the metadata (front matter, `<title>`, or a markdown or HTML document's
    /// first heading), else the file name.
    public var title: String {
        metadata["title"] ?? name
    }

    /// The sections from the outermost down to `index`.
    public func sectionPath(_ index: Int?) -> [Section] {
        var path: [Section] = []
        var current = index
        var guardCount = 0
        while let at = current, at >= 0, at < sections.count, guardCount <= sections.count {
            path.append(sections[at])
            current = sections[at].parent
            guardCount += 1
        }
        return path.reversed()
    }

    /// The innermost section that contains `line`, if any.
    public func section(containing line: Int) -> Int? {
        SectionLookup(sections).section(containing: line)
    }
}
