/// A section of a document, as a place that covers a disclosure.
public struct SectionReference: Sendable, Hashable {
    /// The document's file name, relative to the corpus folder.
    public let document: String
    /// The section's title (`環境負荷の全体像`).
    public let title: String
    /// Depth in the section tree: 1 is a chapter, 2 a page title, 3 a subsection.
    public let level: Int
    /// First line (1-based).
    public let startLine: Int
    /// Last line (1-based, inclusive).
    public let endLine: Int

    public init(document: String, title: String, level: Int, startLine: Int, endLine: Int) {
        self.document = document
        self.title = title
        self.level = level
        self.startLine = startLine
        self.endLine = endLine
    }

    /// The section's lines.
    public var lines: ClosedRange<Int> { startLine...endLine }
}

/// A location named in a content index, matched to the sections of the document.
public struct ResolvedLocation: Sendable, Hashable {
    /// The name as printed, wraps joined (`環境関連データ（推移）`, `企業情報>会社概要>プロフィール`).
    public let name: String
    /// Whether the name points outside the document (a web path, URL or another report) and
    /// matched no section.
    public let isExternal: Bool
    /// The sections titled with the name (compared without whitespace, NFKC); a section nested
    /// in another match is left out. Empty when the name could not be resolved.
    public let sections: [SectionReference]

    public init(name: String, isExternal: Bool, sections: [SectionReference]) {
        self.name = name
        self.isExternal = isExternal
        self.sections = sections
    }

    /// Whether the name matched at least one section.
    public var isResolved: Bool { !sections.isEmpty }
}

/// An inline marker citing a code, with the subsection it lies in.
public struct MarkerReference: Sendable, Hashable {
    /// The document's file name.
    public let document: String
    /// The marker: its line, heading and codes.
    public let marker: InlineMarker
    /// The innermost section containing the marker, nil outside every section.
    public let section: SectionReference?

    public init(document: String, marker: InlineMarker, section: SectionReference?) {
        self.document = document
        self.marker = marker
        self.section = section
    }
}

/// A passage that supports a disclosure: ranked for the disclosure's title, inside a section
/// the disclosure resolves to.
public struct SupportingPassage: Sendable, Hashable {
    /// The document's file name.
    public let document: String
    /// First line (1-based).
    public let startLine: Int
    /// Last line (1-based, inclusive).
    public let endLine: Int
    /// UTF-8 offset of the first byte.
    public let byteStart: Int
    /// UTF-8 offset one past the last byte.
    public let byteEnd: Int
    /// Up to ~160 characters around the densest match.
    public let snippet: String
    /// The search score (BM25; larger is better).
    public let score: Double
    /// The passage's section titles, outermost first.
    public let section: [String]

    public init(document: String, startLine: Int, endLine: Int, byteStart: Int, byteEnd: Int,
                snippet: String, score: Double, section: [String]) {
        self.document = document
        self.startLine = startLine
        self.endLine = endLine
        self.byteStart = byteStart
        self.byteEnd = byteEnd
        self.snippet = snippet
        self.score = score
        self.section = section
    }
}

/// Everything known about one code: the report's content-index record, the registry's entry,
/// where the report covers it and the passages that support it.
public struct DisclosureLookup: Sendable, Hashable {
    /// The code's framework.
    public let framework: Framework
    /// The code as the registry spells it (`305-1`, `TC-SI-130a.1`, `10`, `6.3`).
    public let code: String
    /// The row's group as the report prints it (`GRI 305: 大気への排出 2016`, a SASB topic, a UN
    /// Global Compact area, `ISO 26000`); the registry's English group when the report lacks the code.
    public let standard: String?
    /// The registry's English group (`GRI 305: Emissions 2016`).
    public let standardEnglish: String?
    /// The report's Japanese title, nil when the report does not list the code.
    public let title: String?
    /// The registry's English title.
    public let titleEnglish: String?
    /// The report's status for the code (``DisclosureStatus/notInIndex`` when it does not list it).
    public let status: DisclosureStatus
    /// ISO 26000 issues of a core subject; empty otherwise.
    public let issues: [String]
    /// The locations of the content-index row, resolved to sections.
    public let locations: [ResolvedLocation]
    /// The inline markers in the body that cite the code.
    public let markers: [MarkerReference]
    /// Up to the requested number of supporting passages, best first (empty in listings).
    public let passages: [SupportingPassage]
    /// The registry's entry (nil for a code the report prints but the registry lacks).
    public let registryEntry: DisclosureRegistry.Entry?
    /// Other editions of the code in the registry (`303-1@2016` for `303-1`).
    public let otherEditions: [DisclosureRegistry.Entry]
    /// The content-index row, nil when the report does not list the code.
    public let record: ContentIndexRecord?

    public init(
        framework: Framework, code: String, standard: String?, standardEnglish: String?, title: String?,
        titleEnglish: String?, status: DisclosureStatus, issues: [String], locations: [ResolvedLocation],
        markers: [MarkerReference], passages: [SupportingPassage], registryEntry: DisclosureRegistry.Entry?,
        otherEditions: [DisclosureRegistry.Entry], record: ContentIndexRecord?
    ) {
        self.framework = framework
        self.code = code
        self.standard = standard
        self.standardEnglish = standardEnglish
        self.title = title
        self.titleEnglish = titleEnglish
        self.status = status
        self.issues = issues
        self.locations = locations
        self.markers = markers
        self.passages = passages
        self.registryEntry = registryEntry
        self.otherEditions = otherEditions
        self.record = record
    }
}
