extension CrossReference {
    /// Everything known about a code: its record, resolved locations, inline markers and the
    /// best supporting passages.
    ///
    /// - Parameters:
    ///   - code: a code as people type it (see ``DisclosureQuery``): `305-1`, `GRI 305-1`,
    ///     `３０５－１`, `GRI 305` (every disclosure of the standard), `TC-SI-130a.1`, `UNGC 10`,
    ///     `原則10`, `ISO 26000 6.3`.
    ///   - framework: the framework to read a bare code in (`305` with `.gri` is GRI 305).
    ///   - passageLimit: the most supporting passages per code (0 for none).
    /// - Returns: One lookup per code (several for a GRI standard), in registry order. A code the
    ///   registry defines but the report does not list has status ``DisclosureStatus/notInIndex``.
    /// - Throws: `KensakuError` with code `unknownCode` (naming the closest real codes) when no
    ///   framework defines the code; search errors while ranking passages.
    public func lookup(_ code: String, framework: Framework? = nil, passageLimit: Int = 3) throws(KensakuError) -> [DisclosureLookup] {
        var lookups: [DisclosureLookup] = []
        for (framework, code) in try codes(of: DisclosureQuery.parse(code, framework: framework, registry: registry)) {
            lookups.append(try lookup(framework: framework, code: code, passageLimit: passageLimit))
        }
        return lookups
    }

    /// The content-index records as lookups (no passages), in table order.
    ///
    /// - Parameter framework: one framework, or nil for all.
    public func records(framework: Framework? = nil) -> [DisclosureLookup] {
        records.indices.filter { framework == nil || records[$0].framework == framework }.map { position in
            let record = records[position]
            let entry = registry.entry(record.framework, code: record.code)
            return makeLookup(framework: record.framework, code: record.code, entry: entry, record: position, passages: [])
        }
    }

    /// The line ranges a code covers: the sections its content-index record resolves to and the
    /// subsections of the inline markers that cite it, sorted and without repeats. This is what a
    /// search filter such as `gri:305-1` restricts hits to.
    ///
    /// - Parameter code: a code as people type it (see ``DisclosureQuery``); `GRI 305` gives the
    ///   ranges of all its disclosures.
    /// - Returns: `(document, lines)` pairs; empty when the code exists but the report covers it
    ///   nowhere (omitted, external, or not listed).
    /// - Throws: `KensakuError` with code `unknownCode` when no framework defines the code.
    public func lineRanges(forCode code: String) throws(KensakuError) -> [(document: String, lines: ClosedRange<Int>)] {
        var ranges: Set<ClosedRange<Int>> = []
        for (framework, code) in try codes(of: DisclosureQuery.parse(code, registry: registry)) {
            ranges.formUnion(coveredSections(framework: framework, code: code).map(\.lines))
        }
        return ranges.sorted { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) }
            .map { (document: document, lines: $0) }
    }

    /// The registry codes a query names.
    func codes(of query: DisclosureQuery) -> [(Framework, String)] {
        switch query {
        case .disclosure(let framework, let code):
            return [(framework, code)]
        case .griStandard(let number):
            return registry.disclosures(ofGRIStandard: number).map { (.gri, $0.code) }
        }
    }

    /// The position of the record for a registry code: same framework and code (case-insensitive);
    /// for an edition code (`303-1@2016`), the base code in a standard of that year.
    func recordPosition(framework: Framework, code: String) -> Int? {
        let parts = code.split(separator: "@")
        let base = parts.first.map(String.init) ?? code
        return records.firstIndex { record in
            guard record.framework == framework, record.code.lowercased() == base.lowercased() else { return false }
            if parts.count == 2 { return record.standard.hasSuffix(" " + parts[1]) }
            return true
        }
    }

    /// The inline markers citing a code (none for edition codes: markers name current codes).
    func markerReferences(framework: Framework, code: String) -> [MarkerReference] {
        guard !code.contains("@") else { return [] }
        return markers.filter { $0.framework == framework && $0.codes.contains(code) }.map { marker in
            MarkerReference(document: document, marker: marker, section: resolver.innermostSection(containing: marker.line))
        }
    }

    /// The sections a code covers: its resolved locations and its markers' subsections, in
    /// document order, without repeats.
    func coveredSections(framework: Framework, code: String) -> [SectionReference] {
        var sections: [SectionReference] = []
        if let position = recordPosition(framework: framework, code: code) {
            sections += resolvedLocations[position].flatMap(\.sections)
        }
        sections += markerReferences(framework: framework, code: code).compactMap(\.section)
        var seen: Set<SectionReference> = []
        return sections.filter { seen.insert($0).inserted }.sorted { $0.startLine < $1.startLine }
    }

    /// The lookup of one registry code, with supporting passages.
    private func lookup(framework: Framework, code: String, passageLimit: Int) throws(KensakuError) -> DisclosureLookup {
        let position = recordPosition(framework: framework, code: code)
        var passages: [SupportingPassage] = []
        if passageLimit > 0, let position {
            passages = try supportingPassages(title: records[position].title, within: coveredSections(framework: framework, code: code),
                                              limit: passageLimit)
        }
        return makeLookup(framework: framework, code: code, entry: registry.entry(framework, code: code), record: position,
                          passages: passages)
    }

    /// The passages ranked best for `title` (``SearchIndex/search(_:limit:parameters:)`` with
    /// ``supportingPassageCandidates`` hits) whose lines lie inside one of `sections`.
    func supportingPassages(title: String, within sections: [SectionReference], limit: Int) throws(KensakuError) -> [SupportingPassage] {
        guard let searchIndex, !sections.isEmpty, !title.isEmpty else { return [] }
        let results: SearchResults
        do {
            results = try searchIndex.search(title, limit: Self.supportingPassageCandidates)
        } catch where error.code == .emptyQuery {
            return []
        }
        return results.hits.filter { hit in
            hit.document == document && sections.contains {
                $0.startLine <= hit.passage.startLine && hit.passage.endLine <= $0.endLine
            }
        }.prefix(limit).map { hit in
            SupportingPassage(document: hit.document, startLine: hit.passage.startLine, endLine: hit.passage.endLine,
                              byteStart: hit.passage.byteStart, byteEnd: hit.passage.byteEnd, snippet: hit.snippet.text,
                              score: hit.score, section: hit.section)
        }
    }

    /// How many hits are ranked before keeping those inside a code's sections: enough that the
    /// few inside them are found when other parts of the report rank higher.
    static let supportingPassageCandidates = 50

    /// A lookup from its parts.
    func makeLookup(
        framework: Framework, code: String, entry: DisclosureRegistry.Entry?, record position: Int?, passages: [SupportingPassage]
    ) -> DisclosureLookup {
        let record = position.map { records[$0] }
        return DisclosureLookup(
            framework: framework, code: code, standard: record?.standard ?? entry?.standard, standardEnglish: entry?.standard,
            title: record?.title, titleEnglish: entry?.title, status: record?.status ?? .notInIndex, issues: record?.issues ?? [],
            locations: position.map { resolvedLocations[$0] } ?? [], markers: markerReferences(framework: framework, code: code),
            passages: passages, registryEntry: entry, otherEditions: entry.map(registry.otherEditions) ?? [], record: record)
    }
}
