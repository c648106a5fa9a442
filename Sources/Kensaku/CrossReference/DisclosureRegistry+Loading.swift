import Foundation

extension DisclosureRegistry {
    /// The bundled reference files, by resource name (without `.tsv`), in reading order.
    static let resourceNames = ["gri_codes", "gri_legacy", "sasb_tcsi", "ungc_principles", "iso26000_core_subjects"]

    /// The registry built from the package's bundled reference files, read once per process.
    ///
    /// The files are package resources of the `Kensaku` target (`CrossReference/Resources/`), so
    /// nothing outside the build is read at run time.
    ///
    /// - Throws: `KensakuError` with code `referenceMalformed` when a file is missing or malformed
    ///   (a damaged installation).
    public static func bundled() throws(KensakuError) -> DisclosureRegistry {
        try bundledRegistry.get()
    }

    private static let bundledRegistry: Result<DisclosureRegistry, KensakuError> = Result { () throws(KensakuError) in
        var texts: [String: String] = [:]
        for name in resourceNames { texts[name] = try bundledResourceText(name) }
        return try DisclosureRegistry(referenceTexts: texts)
    }

    /// The text of one bundled reference file.
    ///
    /// The corresponding Foundation call is `Bundle.module.url(forResource:withExtension:subdirectory:)`;
    /// `Bundle.module` itself traps when the resource bundle was not installed beside the binary.
    static func bundledResourceText(_ name: String) throws(KensakuError) -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: "tsv", subdirectory: "Resources") else {
            throw KensakuError(.referenceMalformed(path: "Resources/\(name).tsv", line: 0, detail: "the file is missing from the resource bundle"))
        }
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw KensakuError(.referenceMalformed(path: url.path, line: 0, detail: "unreadable (\(error.localizedDescription))"))
        }
    }

    /// A registry read from the reference files' texts, keyed by resource name (see
    /// ``resourceNames``); a missing text counts as an empty file.
    ///
    /// Formats, one entry per line, `#` lines for comments and group headers (a `#` line holding
    /// `Format:` describes its file):
    /// - `gri_codes`: `code<TAB>title` under `# GRI N: Name YEAR (note)` headers;
    /// - `gri_legacy`: `code<TAB>title<TAB>status` (`WITHDRAWN …`, `SUPERSEDED …`, or the upcoming
    ///   standard `GRI 101: Biodiversity 2024 (…)`);
    /// - `sasb_tcsi`: `code<TAB>metric<TAB>category` under `# topic` headers, the version in the
    ///   description (`Version 2018-10`);
    /// - `ungc_principles`: `number<TAB>principle` under `# area` headers;
    /// - `iso26000_core_subjects`: `clause<TAB>core subject<TAB>Japanese names` (`|`-separated).
    ///
    /// - Throws: `KensakuError` with code `referenceMalformed` naming the file and line.
    init(referenceTexts texts: [String: String]) throws(KensakuError) {
        var entries: [Entry] = []
        try Self.readLines(texts["gri_codes"], name: "gri_codes") { (fields: [String], header: String?, number: Int) throws(KensakuError) in
            let code = try Self.griCode(fields[0], file: "gri_codes", line: number)
            let standard = header.flatMap(Self.griStandardHeader)
            entries.append(Entry(
                framework: .gri, code: code.code, baseCode: code.base, title: fields[1], standard: standard?.name,
                edition: code.edition ?? standard?.year, state: .inForce, note: standard?.note, japaneseNames: []))
        }
        try Self.readLines(texts["gri_legacy"], name: "gri_legacy", fieldCount: 3) { (fields: [String], _: String?, number: Int) throws(KensakuError) in
            let code = try Self.griCode(fields[0], file: "gri_legacy", line: number)
            let status = fields[2]
            let state: State = status.uppercased().hasPrefix("WITHDRAWN") ? .withdrawn
                : status.uppercased().hasPrefix("SUPERSEDED") ? .superseded : .upcoming
            let standard = status.hasPrefix("GRI ") ? Self.griStandardHeader(status) : nil
            entries.append(Entry(
                framework: .gri, code: code.code, baseCode: code.base, title: fields[1], standard: standard?.name,
                edition: code.edition ?? standard?.year, state: state, note: status, japaneseNames: []))
        }
        let sasbVersion = texts["sasb_tcsi"].flatMap(Self.sasbVersion)
        try Self.readLines(texts["sasb_tcsi"], name: "sasb_tcsi", fieldCount: 3) { (fields: [String], header: String?, number: Int) throws(KensakuError) in
            guard SASBTableParser.isCode(fields[0]) else {
                throw KensakuError(.referenceMalformed(path: "sasb_tcsi.tsv", line: number, detail: "'\(fields[0])' is not a SASB code such as TC-SI-130a.1"))
            }
            entries.append(Entry(
                framework: .sasb, code: fields[0], baseCode: fields[0], title: fields[1], standard: header,
                edition: sasbVersion, state: .inForce, note: fields[2], japaneseNames: []))
        }
        try Self.readLines(texts["ungc_principles"], name: "ungc_principles") { (fields: [String], header: String?, number: Int) throws(KensakuError) in
            guard let principle = Int(fields[0]), (1...99).contains(principle) else {
                throw KensakuError(.referenceMalformed(path: "ungc_principles.tsv", line: number, detail: "'\(fields[0])' is not a principle number"))
            }
            entries.append(Entry(
                framework: .ungc, code: String(principle), baseCode: String(principle), title: fields[1], standard: header,
                edition: nil, state: .inForce, note: nil, japaneseNames: []))
        }
        try Self.readLines(texts["iso26000_core_subjects"], name: "iso26000_core_subjects", fieldCount: 3) { (fields: [String], _: String?, number: Int) throws(KensakuError) in
            guard Self.isISOClause(fields[0]) else {
                throw KensakuError(.referenceMalformed(path: "iso26000_core_subjects.tsv", line: number, detail: "'\(fields[0])' is not a clause such as 6.3"))
            }
            entries.append(Entry(
                framework: .iso26000, code: fields[0], baseCode: fields[0], title: fields[1], standard: "ISO 26000",
                edition: "2010", state: .inForce, note: nil,
                japaneseNames: fields[2].split(separator: "|").map { String($0).trimmingCharacters(in: .whitespaces) }))
        }
        self.init(entries: entries)
    }

    /// Calls `body` with the tab-separated fields of each entry line, the last group header (a
    /// `#` line without `Format:`, text after `# `), and the line number.
    private static func readLines(
        _ text: String?, name: String, fieldCount: Int = 2,
        _ body: (_ fields: [String], _ header: String?, _ line: Int) throws(KensakuError) -> Void
    ) throws(KensakuError) {
        guard let text else { return }
        var header: String?
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if line.hasPrefix("#") {
                if !line.contains("Format:") { header = line.dropFirst().trimmingCharacters(in: .whitespaces) }
                continue
            }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map {
                String($0).trimmingCharacters(in: .whitespaces)
            }
            guard fields.count >= fieldCount, fields.prefix(fieldCount).allSatisfy({ !$0.isEmpty }) else {
                throw KensakuError(.referenceMalformed(
                    path: "\(name).tsv", line: offset + 1,
                    detail: "expected \(fieldCount) tab-separated fields, found \(fields.filter { !$0.isEmpty }.count)"))
            }
            try body(fields, header, offset + 1)
        }
    }

    /// `305-1` or `306-3@2016`: the code, its base and the edition after `@`.
    private static func griCode(_ text: String, file: String, line: Int) throws(KensakuError) -> (code: String, base: String, edition: String?) {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard CrossReferenceText.isGRICode(parts[0]), parts.count == 1 || (parts.count == 2 && parts[1].count == 4 && CrossReferenceText.isDigits(parts[1])) else {
            throw KensakuError(.referenceMalformed(path: "\(file).tsv", line: line, detail: "'\(text)' is not a GRI code such as 305-1 or 306-3@2016"))
        }
        return (text, String(parts[0]), parts.count == 2 ? String(parts[1]) : nil)
    }

    /// `GRI 305: Emissions 2016 (to be replaced …)` → name `GRI 305: Emissions 2016`, year `2016`,
    /// note `to be replaced …`; nil when the text does not start like a GRI standard.
    static func griStandardHeader(_ text: String) -> (name: String, year: String, note: String?)? {
        guard text.hasPrefix("GRI "), text.contains(":") else { return nil }
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        guard let yearIndex = words.firstIndex(where: { $0.count == 4 && CrossReferenceText.isDigits($0) }) else { return nil }
        let name = words[...yearIndex].joined(separator: " ")
        var note = words[(yearIndex + 1)...].joined(separator: " ").trimmingCharacters(in: .whitespaces)
        if note.hasPrefix("- ") { note.removeFirst(2) }
        if note.hasPrefix("("), note.hasSuffix(")") { note = String(note.dropFirst().dropLast()) }
        return (name, String(words[yearIndex]), note.isEmpty ? nil : note)
    }

    /// The version in the SASB file's description (`… Version 2018-10. …` → `2018-10`).
    private static func sasbVersion(_ text: String) -> String? {
        guard let range = text.range(of: "Version ") else { return nil }
        let version = text[range.upperBound...].prefix { $0.isNumber || $0 == "-" }
        return version.isEmpty ? nil : String(version)
    }

    /// Whether text is an ISO 26000 clause number such as `6.3`.
    static func isISOClause(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { CrossReferenceText.isDigits($0) }
    }
}
