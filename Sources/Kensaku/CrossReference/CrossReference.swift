/// A report's cross-references: its content-index tables (対照表) and inline `GRI` markers,
/// linked to its sections, its passages and the frameworks' registry of codes.
///
/// ```swift
/// let index = try SearchIndex.openOrBuild(indexPath: "Indexes/default.kidx", corpusPath: "Corpus")
/// let crossReference = try CrossReference(index: index)
/// for disclosure in try crossReference.lookup("GRI 305-1") {
///     print(disclosure.code, disclosure.title ?? "", disclosure.status)
///     for location in disclosure.locations {
///         print(location.name, location.sections.map { "\($0.startLine)-\($0.endLine)" })
///     }
/// }
/// ```
///
/// The model is built once (parsing takes a few milliseconds) and is immutable; lookups that
/// rank supporting passages use the ``SearchIndex`` it was built from. See ``lookup(_:framework:passageLimit:)``,
/// ``records(framework:)``, ``citations(of:)``, ``coverage()`` and ``lineRanges(forCode:)``.
public struct CrossReference: Sendable {
    /// The document whose content index this is (file name relative to the corpus folder).
    public let document: String
    /// The content-index records of every framework, in table order.
    public let records: [ContentIndexRecord]
    /// The inline markers of the document's body, in document order.
    public let markers: [InlineMarker]
    /// Where each framework's table lies in the document, in document order.
    public let tables: [(framework: Framework, lines: ClosedRange<Int>)]
    /// The registry that tells which codes exist.
    public let registry: DisclosureRegistry

    /// Each record's locations, resolved (parallel to ``records``).
    let resolvedLocations: [[ResolvedLocation]]
    /// The document's sections, for markers and reverse lookups.
    let resolver: SectionResolver
    /// The document's line count, to check `DOCUMENT:LINE` targets.
    let lineCount: Int
    /// The index that ranks supporting passages; nil when built from text alone.
    let searchIndex: SearchIndex?

    /// Builds the cross-references of the indexed document that has content-index tables.
    ///
    /// Documents with a section titled `対照表…` are tried first, then the others; the first whose
    /// text holds a content-index table is used. Its source file is read and checked against the
    /// index (SHA-256), so line numbers agree with search hits.
    ///
    /// - Parameters:
    ///   - index: an opened index.
    ///   - registry: the codes that exist; the bundled registry when nil.
    /// - Throws: `KensakuError`: `noContentIndex` when no document has a table, `corpusChanged`
    ///   when the source differs from what was indexed, `fileUnreadable`, `referenceMalformed`.
    /// - Complexity: Reads the candidate documents once; about 20 ms for the data book.
    public init(index: SearchIndex, registry: DisclosureRegistry? = nil) throws(KensakuError) {
        let chosenRegistry: DisclosureRegistry
        if let registry { chosenRegistry = registry } else { chosenRegistry = try DisclosureRegistry.bundled() }
        let documents = index.documents
        let hasIndexSection = { (document: Document) in
            document.sections.contains { ContentIndexLocator.framework(ofHeading: $0.title) != nil || $0.title.hasPrefix("対照表") }
        }
        let ordered = documents.filter(hasIndexSection) + documents.filter { !hasIndexSection($0) }
        for document in ordered {
            let path = index.documentPath(document)
            let bytes = try FileSystem.readFile(path)
            let text = String(decoding: bytes, as: UTF8.self)
            guard !ContentIndexLocator.tables(in: Self.lines(of: text)).isEmpty else { continue }
            guard SHA256.digest(of: bytes) == document.sha256Digest else {
                throw KensakuError(.corpusChanged(path: path, indexPath: index.path))
            }
            try self.init(documentName: document.name, text: text, sections: document.sections,
                          registry: chosenRegistry, searchIndex: index)
            return
        }
        throw KensakuError(.noContentIndex(documents: documents.map(\.name)))
    }

    /// Builds the cross-references of a document's text and sections, for tools that hold them
    /// without an index; supporting passages then need `searchIndex`.
    ///
    /// - Parameters:
    ///   - documentName: the name reported in results.
    ///   - text: the document's text (lines as in the source file).
    ///   - sections: the document's section tree (``Document/sections``).
    ///   - registry: the codes that exist.
    ///   - searchIndex: the index holding the document, to rank supporting passages.
    /// - Throws: `KensakuError` with code `noContentIndex` when the text holds no table.
    public init(
        documentName: String, text: String, sections: [Section], registry: DisclosureRegistry,
        searchIndex: SearchIndex? = nil
    ) throws(KensakuError) {
        let lines = Self.lines(of: text)
        let tables = ContentIndexLocator.tables(in: lines)
        guard !tables.isEmpty else { throw KensakuError(.noContentIndex(documents: [documentName])) }
        let resolver = SectionResolver(document: documentName, sections: sections, excluding: tables.map(\.lines))
        let vocabulary = LocationVocabulary(names: resolver.titles)
        var records: [ContentIndexRecord] = []
        for table in tables {
            let tableLines = table.lines.map { TableLine(number: $0, text: lines[$0 - 1]) }
            switch table.framework {
            case .gri:
                records += GRITableParser(vocabulary: vocabulary).parse(tableLines)
            case .sasb:
                let parsed = SASBTableParser(vocabulary: vocabulary, topicOpeningCodes: registry.sasbTopicOpeningCodes)
                    .parse(tableLines)
                records += parsed.map { record in
                    guard let entry = registry.entry(.sasb, code: record.code), entry.code != record.code else { return record }
                    return ContentIndexRecord(framework: .sasb, code: entry.code, standard: record.standard, title: record.title,
                                              locations: record.locations, status: record.status, lines: record.lines)
                }
            case .ungc:
                records += UNGCTableParser(vocabulary: vocabulary).parse(tableLines)
            case .iso26000:
                records += ISO26000TableParser(vocabulary: vocabulary, clauseOfSubject: { registry.iso26000Clause(ofSubject: $0) })
                    .parse(tableLines)
            }
        }
        self.document = documentName
        self.records = records
        self.markers = InlineMarkerScanner.markers(in: lines, excluding: tables.map(\.lines))
        self.tables = tables
        self.registry = registry
        self.resolver = resolver
        self.lineCount = lines.count
        self.searchIndex = searchIndex
        self.resolvedLocations = records.map { record in
            record.locations.map { name in
                let sections = resolver.sections(named: name)
                return ResolvedLocation(name: name, isExternal: sections.isEmpty && LocationCell.isExternal(name), sections: sections)
            }
        }
    }

    /// The lines of a text as the index numbers them: split at `\n`, a `\r` before it dropped,
    /// no extra empty line after a final `\n`.
    static func lines(of text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }
}
