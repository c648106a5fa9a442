/// Reads an ISO 26000 content index (`対照表：ISO26000`) from flattened PDF text.
///
/// The table's columns are core subject / issues / locations; each core subject is one row with
/// numbered issues and a merged location cell:
///
/// ```
/// 組織統治 1.組織統治 NECのサステナビリティ経営   ← subject, issue 1, a space, a location
/// 人権 1.デュー・ディリジェンス                  ← subject and issue 1
/// 2.人権に関する危機的状況                       ← further issues
/// 4.消費者に対するサービス、支援ならびに苦情
///
/// および紛争解決                               ← an issue wrapped across a blank line
///
/// 人権の尊重                                  ← locations, one per line
/// コミュニティへの                              ← the next subject, wrapped, on lines of its own
/// 参画及び発展
/// ```
///
/// Issue lines start `N.`; a line `SUBJECT N.…` starts a subject with its first issue; after the
/// issues, a line is a location when it is one (a status, an external place, a section title,
/// possibly wrapped) and otherwise continues the last issue; after the locations, a line that is
/// no location starts the next subject's name.
struct ISO26000TableParser: Sendable {
    /// The document's section titles, which tell locations from issue text and subject names.
    let vocabulary: LocationVocabulary
    /// The clause of a core subject's Japanese name (`人権` → `6.3`), from the registry; a subject
    /// it does not know keeps its name as its code.
    let clauseOfSubject: @Sendable (String) -> String?

    /// The records of the table's lines, one per core subject, in table order.
    ///
    /// - Parameter lines: the table's lines, from its heading to the end of the table.
    /// - Complexity: O(*n*) in the number of lines.
    func parse(_ lines: [TableLine]) -> [ContentIndexRecord] {
        var started = !lines.contains(where: \.isColumnHeader)
        var items: [TableLine] = []
        for line in lines {
            if line.isColumnHeader { started = true }
            if started, !line.isBlank, !line.isFurniture { items.append(line) }
        }
        let texts = items.map(\.text)

        var records: [ContentIndexRecord] = []
        var subject: Subject?
        func finish() {
            if let done = subject, !done.nameParts.isEmpty || !done.issues.isEmpty {
                records.append(done.record(vocabulary: vocabulary, clauseOfSubject: clauseOfSubject))
            }
            subject = nil
        }

        for (index, item) in items.enumerated() {
            let text = texts[index], line = item.number
            if let (name, issue) = Self.subjectAndIssue(text) {
                finish()
                subject = Subject(nameParts: [name], firstLine: line)
                subject?.addIssue(issue)
            } else if let issue = Self.issue(text) {
                if subject == nil || subject?.mode == .locations {
                    finish()
                    subject = Subject(nameParts: [], firstLine: line)
                }
                subject?.addIssue(issue)
            } else if var current = subject, current.mode != .name {
                let continues = current.fragments.last.map { vocabulary.continues($0, with: text) } ?? false
                let isLocation = continues || vocabulary.locationLength(texts, from: index) != nil
                if isLocation {
                    current.mode = .locations
                    current.fragments.append(text)
                } else if current.mode == .issues {
                    current.issues[current.issues.count - 1] += text
                } else {
                    finish()
                    current = Subject(nameParts: [text], firstLine: line)
                }
                subject = current
            } else if subject != nil {
                subject?.nameParts.append(text)
            } else {
                subject = Subject(nameParts: [text], firstLine: line)
            }
            subject?.lastLine = line
        }
        finish()
        return records
    }

    /// A core subject in progress.
    private struct Subject {
        enum Mode { case name, issues, locations }
        var nameParts: [String]
        var issues: [String] = []
        var fragments: [String] = []
        var mode: Mode = .name
        var firstLine: Int
        var lastLine: Int

        init(nameParts: [String], firstLine: Int) {
            self.nameParts = nameParts
            self.firstLine = firstLine
            lastLine = firstLine
        }

        /// Adds an issue line's text: the issue, and a location after its first space.
        mutating func addIssue(_ text: String) {
            let (issue, location) = CrossReferenceText.splitAtFirstSpace(text)
            issues.append(issue)
            mode = .issues
            if let location {
                fragments.append(location)
                mode = .locations
            }
        }

        func record(vocabulary: LocationVocabulary, clauseOfSubject: (String) -> String?) -> ContentIndexRecord {
            let name = CrossReferenceText.joinWrapped(nameParts)
            let (status, names) = LocationCell.interpret(vocabulary.names(from: fragments))
            return ContentIndexRecord(
                framework: .iso26000, code: clauseOfSubject(name) ?? name, standard: "ISO 26000", title: name,
                issues: issues, locations: names, status: status, lines: firstLine...lastLine)
        }
    }

    /// `人権 1.デュー・ディリジェンス` → ("人権", "デュー・ディリジェンス"): a subject's first line.
    static func subjectAndIssue(_ text: String) -> (subject: String, issue: String)? {
        let (head, rest) = CrossReferenceText.splitAtFirstSpace(text)
        guard issue(head) == nil, let rest, let issue = issue(rest) else { return nil }
        return (head, issue)
    }

    /// `2.人権に関する危機的状況` → `人権に関する危機的状況`: the text of a numbered issue line.
    static func issue(_ text: String) -> String? {
        let digits = text.prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty, digits.count <= 2 else { return nil }
        let after = text.dropFirst(digits.count)
        guard let dot = after.first, dot == "." || dot == "．" else { return nil }
        let issue = CrossReferenceText.clean(String(after.dropFirst()))
        return issue.isEmpty ? nil : issue
    }
}
