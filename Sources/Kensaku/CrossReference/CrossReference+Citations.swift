extension CrossReference {
    /// The codes of every framework that cite a section or a line (reverse lookup).
    ///
    /// - Parameter target: a section title (`環境負荷の全体像`, compared without whitespace), a
    ///   content-index location name that is no section (`TNFDレポート`), or `DOCUMENT:LINE`
    ///   (`nec-esg-databook-2024.txt:1900`, which stands for the innermost section holding the line).
    /// - Returns: For each citing code, why it cites the target: the record names the target's
    ///   section, one enclosing it, or one inside it; or an inline marker listing it lies inside.
    ///   A line of another document has no citations.
    /// - Throws: `KensakuError`: `sectionNotFound` (with close titles) for an unknown name,
    ///   `lineOutOfRange` for a line past the document's end.
    public func citations(of target: String) throws(KensakuError) -> SectionCitations {
        if let (name, line) = Self.documentLine(target), let named = documentNamed(name) {
            guard line <= named.lineCount else {
                throw KensakuError.lineOutOfRange(document: named.name, line: line, lineCount: named.lineCount)
            }
            // A line of another document: nothing in this content index cites it.
            guard named.name == document else { return SectionCitations(target: target, sections: [], citations: []) }
            let sections = resolver.innermostSection(containing: line).map { [$0] } ?? []
            return SectionCitations(target: target, sections: sections, citations: citations(ofSections: sections, name: nil))
        }
        let sections = resolver.sections(named: target)
        let key = CrossReferenceText.key(target)
        let namesLocation = records.contains { $0.locations.contains { CrossReferenceText.key($0) == key } }
        guard !sections.isEmpty || namesLocation, !key.isEmpty else {
            throw KensakuError(.sectionNotFound(name: target, document: document, suggestions: resolver.closestTitles(to: target)))
        }
        return SectionCitations(target: target, sections: sections, citations: citations(ofSections: sections, name: key))
    }

    /// The document a `DOCUMENT:LINE` target names (its file name or a unique prefix), with its
    /// line count; nil when the name is no document (the target is then read as a section title).
    private func documentNamed(_ name: String) -> (name: String, lineCount: Int)? {
        if name == document || (searchIndex == nil && document.hasPrefix(name)) { return (document, lineCount) }
        guard let searchIndex, let (_, found) = try? searchIndex.document(named: name) else { return nil }
        return (found.name, found.name == document ? lineCount : found.lineCount)
    }

    /// `name.txt:123` → ("name.txt", 123); nil when the text after the last ASCII colon is no
    /// line number from 1.
    static func documentLine(_ target: String) -> (String, Int)? {
        guard let colon = target.lastIndex(of: ":"), let line = Int(target[target.index(after: colon)...]), line >= 1,
              colon > target.startIndex else { return nil }
        return (String(target[..<colon]), line)
    }

    /// The citations of target sections, plus records naming the location key `name` itself.
    private func citations(ofSections targets: [SectionReference], name: String?) -> [SectionCitations.Citation] {
        var citations: [SectionCitations.Citation] = []
        let ordered = records.indices.sorted {
            (records[$0].framework, $0) < (records[$1].framework, $1)
        }
        for position in ordered {
            let record = records[position]
            var reasons: [SectionCitations.Reason] = []
            for location in resolvedLocations[position] {
                if location.sections.isEmpty, let name, CrossReferenceText.key(location.name) == name {
                    reasons.append(.init(relation: .same, name: location.name, section: nil, line: nil))
                }
                for section in location.sections {
                    for target in targets {
                        guard let relation = Self.relation(of: section, to: target) else { continue }
                        reasons.append(.init(relation: relation, name: location.name, section: section, line: nil))
                    }
                }
            }
            for reference in markerReferences(framework: record.framework, code: record.code)
            where targets.contains(where: { $0.lines.contains(reference.marker.line) }) {
                reasons.append(.init(relation: .marker, name: reference.marker.heading, section: reference.section,
                                     line: reference.marker.line))
            }
            guard !reasons.isEmpty else { continue }
            let order: [SectionCitations.Relation] = [.same, .marker, .enclosing, .within]
            reasons.sort { (order.firstIndex(of: $0.relation) ?? 0) < (order.firstIndex(of: $1.relation) ?? 0) }
            citations.append(.init(framework: record.framework, code: record.code, title: record.title, status: record.status,
                                   reasons: reasons))
        }
        return citations
    }

    /// How a record's section relates to a target section, or nil when they do not overlap as
    /// one inside the other.
    static func relation(of section: SectionReference, to target: SectionReference) -> SectionCitations.Relation? {
        if section == target { return .same }
        if section.startLine <= target.startLine && target.endLine <= section.endLine { return .enclosing }
        if target.startLine <= section.startLine && section.endLine <= target.endLine { return .within }
        return nil
    }
}
