import Foundation
import Kensaku

/// Text and JSON for the cross-reference commands (`xref`, `gri`, `sasb`, `ungc`, `coverage`).
///
/// JSON keys are stable: `framework`, `code`, `standard`, `title`, `titleEnglish`, `status`,
/// `locations` (each `name`, `external`, `resolved` as sections with `document`, `title`,
/// `startLine`, `endLine`), `markers` (`heading`, `line`, …), `passages`.
enum CrossReferenceOutput {
    // MARK: JSON

    /// One disclosure; `passages` only for lookups (listings rank none).
    static func jsonObject(_ lookup: DisclosureLookup, includePassages: Bool) -> [String: Any] {
        var object: [String: Any] = [
            "framework": lookup.framework.rawValue, "code": lookup.code,
            "standard": lookup.standard ?? NSNull(), "standardEnglish": lookup.standardEnglish ?? NSNull(),
            "title": lookup.title ?? NSNull(), "titleEnglish": lookup.titleEnglish ?? NSNull(),
            "status": lookup.status.rawValue,
            "locations": lookup.locations.map(jsonObject),
            "markers": lookup.markers.map(jsonObject),
        ]
        if lookup.framework == .iso26000 { object["issues"] = lookup.issues }
        if let record = lookup.record { object["sourceLines"] = [record.lines.lowerBound, record.lines.upperBound] }
        if let entry = lookup.registryEntry {
            var registry: [String: Any] = ["state": entry.state.rawValue]
            if let edition = entry.edition { registry["edition"] = edition }
            if let note = entry.note { registry["note"] = note }
            object["registry"] = registry
        }
        if !lookup.otherEditions.isEmpty {
            object["otherEditions"] = lookup.otherEditions.map { entry -> [String: Any] in
                ["code": entry.code, "titleEnglish": entry.title, "state": entry.state.rawValue, "note": entry.note ?? NSNull()]
            }
        }
        if includePassages { object["passages"] = lookup.passages.map(jsonObject) }
        return object
    }

    static func jsonObject(_ location: ResolvedLocation) -> [String: Any] {
        ["name": location.name, "external": location.isExternal, "resolved": location.sections.map(jsonObject)]
    }

    static func jsonObject(_ section: SectionReference) -> [String: Any] {
        ["document": section.document, "title": section.title, "startLine": section.startLine, "endLine": section.endLine]
    }

    static func jsonObject(_ reference: MarkerReference) -> [String: Any] {
        var object: [String: Any] = [
            "document": reference.document, "heading": reference.marker.heading, "line": reference.marker.line,
            "codes": reference.marker.codes,
        ]
        if let headingLine = reference.marker.headingLine { object["headingLine"] = headingLine }
        if let section = reference.section { object["section"] = jsonObject(section) }
        return object
    }

    static func jsonObject(_ passage: SupportingPassage) -> [String: Any] {
        [
            "document": passage.document, "startLine": passage.startLine, "endLine": passage.endLine,
            "byteStart": passage.byteStart, "byteEnd": passage.byteEnd, "snippet": passage.snippet,
            "score": passage.score, "section": passage.section,
        ]
    }

    static func jsonObject(_ coverage: FrameworkCoverage) -> [String: Any] {
        let brief = { (record: ContentIndexRecord) -> [String: Any] in ["code": record.code, "title": record.title] }
        return [
            "framework": coverage.framework.rawValue, "records": coverage.recordCount,
            "counts": Dictionary(uniqueKeysWithValues: coverage.counts.map { ($0.key.rawValue, $0.value) }),
            "omitted": coverage.omitted.map(brief), "notMaterial": coverage.notMaterial.map(brief),
            "notInIndex": coverage.notInIndex.map { ["code": $0.code, "titleEnglish": $0.title] },
            "unresolvedLocations": coverage.unresolvedLocations, "markers": coverage.markerCount,
        ]
    }

    static func jsonObject(_ citations: SectionCitations) -> [String: Any] {
        [
            "target": citations.target,
            "sections": citations.sections.map(jsonObject),
            "citations": citations.citations.map { citation -> [String: Any] in
                [
                    "framework": citation.framework.rawValue, "code": citation.code, "title": citation.title,
                    "status": citation.status.rawValue,
                    "via": citation.reasons.map { reason -> [String: Any] in
                        var object: [String: Any] = ["relation": reason.relation.rawValue, "name": reason.name]
                        if let section = reason.section { object["section"] = jsonObject(section) }
                        if let line = reason.line { object["line"] = line }
                        return object
                    },
                ]
            },
        ]
    }

    // MARK: Text

    /// The label of a code: `GRI 305-1`, `SASB TC-SI-130a.1`, `UNGC 10 (原則10)`, `ISO 26000 6.3`.
    static func label(_ framework: Framework, _ code: String) -> String {
        switch framework {
        case .sasb: "SASB \(code)"
        case .ungc: "UNGC \(code) (原則\(code))"
        default: "\(framework.displayName) \(code)"
        }
    }

    /// A lookup as text: header, status, locations, markers, passages, and the row's lines in
    /// `document`.
    static func printText(_ lookup: DisclosureLookup, document: String) {
        print("\(label(lookup.framework, lookup.code))  \(lookup.title ?? "(not in the report's content index)")")
        if let english = lookup.titleEnglish { print("  \(english)") }
        if let standard = lookup.standard {
            let english = lookup.standardEnglish.flatMap { $0 == standard ? nil : " (\($0))" } ?? ""
            print("  Standard: \(standard)\(english)")
        }
        var status = "  Status: \(lookup.status.rawValue)"
        if let entry = lookup.registryEntry, entry.state != .inForce {
            status += "; registry: \(entry.state.rawValue)\(entry.note.map { " (\($0))" } ?? "")"
        }
        print(status)
        for edition in lookup.otherEditions {
            print("  Other edition: \(edition.code) \(edition.title) [\(edition.state.rawValue)\(edition.note.map { ": \($0)" } ?? "")]")
        }
        if !lookup.issues.isEmpty { print("  Issues: \(lookup.issues.joined(separator: "、"))") }
        if !lookup.locations.isEmpty { print("  Locations:") }
        for location in lookup.locations {
            if location.sections.isEmpty {
                print("    \(location.name)  (\(location.isExternal ? "outside this document" : "no section has this title"))")
            }
            for section in location.sections {
                print("    \(location.name)  \(section.document):\(section.startLine)-\(section.endLine)")
            }
        }
        if !lookup.markers.isEmpty { print("  Inline markers:") }
        for reference in lookup.markers {
            let section = reference.section.map { "  (\($0.startLine)-\($0.endLine))" } ?? ""
            print("    \(reference.document):\(reference.marker.line)  \(reference.marker.heading)\(section)")
        }
        if !lookup.passages.isEmpty { print("  Passages:") }
        for (offset, passage) in lookup.passages.enumerated() {
            print("    \(offset + 1)  \(passage.document):\(passage.startLine)-\(passage.endLine)  \(String(format: "%.3f", passage.score))")
            print("       \(passage.snippet)")
        }
        if let record = lookup.record {
            print("  Content-index row: \(document):\(record.lines.lowerBound)-\(record.lines.upperBound)")
        }
    }

    /// One line per record: label, status, title, locations.
    static func printListLine(_ lookup: DisclosureLookup) {
        let places = lookup.locations.map { $0.isResolved || $0.isExternal ? $0.name : $0.name + "(?)" }
        let where_ = places.isEmpty ? "" : "  → " + places.joined(separator: "、")
        print("\(label(lookup.framework, lookup.code))  [\(lookup.status.rawValue)]  \(lookup.title ?? "")\(where_)")
    }

    static func printText(_ coverage: FrameworkCoverage) {
        let counts = DisclosureStatus.allCases.compactMap { status in
            coverage.counts[status].flatMap { $0 > 0 ? "\(status.rawValue) \($0)" : nil }
        }
        print("\(coverage.framework.displayName): \(coverage.recordCount) records (\(counts.joined(separator: ", ")))"
            + (coverage.markerCount > 0 ? ", \(coverage.markerCount) inline markers" : ""))
        let lists: [(String, [String])] = [
            ("omitted", coverage.omitted.map { "\($0.code)  \($0.title)" }),
            ("not material", coverage.notMaterial.map { "\($0.code)  \($0.title)" }),
            ("not in the content index", coverage.notInIndex.map { "\($0.code)  \($0.title)" }),
            ("locations matching no section", coverage.unresolvedLocations),
        ]
        for (heading, items) in lists where !items.isEmpty {
            print("  \(heading) (\(items.count)):")
            for item in items { print("    \(item)") }
        }
    }

    static func printText(_ citations: SectionCitations) {
        for section in citations.sections {
            print("\(section.document):\(section.startLine)-\(section.endLine)  \(section.title)")
        }
        if citations.citations.isEmpty { print("  (no code cites it)") }
        for citation in citations.citations {
            let reasons = citation.reasons.map { reason -> String in
                switch reason.relation {
                case .marker: "marker at line \(reason.line ?? 0)"
                case .same: "location \(reason.name)"
                case .enclosing: "enclosing location \(reason.name)"
                case .within: "location \(reason.name) inside it"
                }
            }
            var seen: Set<String> = []
            let unique = reasons.filter { seen.insert($0).inserted }
            print("  \(label(citation.framework, citation.code))  [\(citation.status.rawValue)]  \(citation.title)  (\(unique.joined(separator: "; ")))")
        }
    }
}
