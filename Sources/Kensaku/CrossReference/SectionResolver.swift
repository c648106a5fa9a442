/// Matches names to the sections of one document.
///
/// Names and titles are compared by ``CrossReferenceText/key(_:)`` (NFKC, no whitespace), so
/// `インクルージョン＆ダイバーシティ` finds `インクルージョン&ダイバーシティ`. A title can belong to several
/// sections (`第三者保証` is both a front-matter subsection and an appendix page); all are returned,
/// except one lying inside another match, which adds nothing.
struct SectionResolver: Sendable {
    let document: String
    let sections: [Section]
    /// Section positions by title key, in document order.
    private let byKey: [String: [Int]]

    /// A resolver for a document's sections, ignoring those inside `excluded` line ranges (the
    /// content-index tables, which name every location but cover none).
    init(document: String, sections: [Section], excluding excluded: [ClosedRange<Int>]) {
        self.document = document
        self.sections = sections
        var byKey: [String: [Int]] = [:]
        for (offset, section) in sections.enumerated()
        where !excluded.contains(where: { $0.contains(section.startLine) && $0.contains(section.endLine) }) {
            byKey[CrossReferenceText.key(section.title), default: []].append(offset)
        }
        self.byKey = byKey
    }

    /// The titles that can be matched (for the parsers' ``LocationVocabulary``).
    var titles: [String] { byKey.values.compactMap { $0.first.map { sections[$0].title } } }

    /// The sections titled `name`, outermost matches only, in document order.
    func sections(named name: String) -> [SectionReference] {
        let matches = byKey[CrossReferenceText.key(name)] ?? []
        return matches.filter { candidate in
            !matches.contains { other in
                other != candidate && sections[other].startLine <= sections[candidate].startLine
                    && sections[candidate].endLine <= sections[other].endLine && sections[other].level < sections[candidate].level
            }
        }.map(reference)
    }

    /// The innermost section containing `line`.
    func innermostSection(containing line: Int) -> SectionReference? {
        SectionLookup(sections).section(containing: line).map(reference)
    }

    /// Section titles close to `name` (containing it, or within a small edit distance), for error
    /// messages.
    func closestTitles(to name: String, limit: Int = 3) -> [String] {
        let key = CrossReferenceText.key(name)
        var seen: Set<String> = []
        let titles = sections.map(\.title).filter { seen.insert($0).inserted }
        let containing = titles.filter { CrossReferenceText.key($0).contains(key) || key.contains(CrossReferenceText.key($0)) }
        if !containing.isEmpty { return Array(containing.prefix(limit)) }
        return titles.map { ($0, EditDistance.between(key, CrossReferenceText.key($0))) }
            .filter { $0.1 <= max(2, key.count / 3) }
            .sorted { $0.1 < $1.1 }
            .prefix(limit).map(\.0)
    }

    /// The reference of the section at `index`.
    func reference(_ index: Int) -> SectionReference {
        let section = sections[index]
        return SectionReference(document: document, title: section.title, level: section.level,
                                startLine: section.startLine, endLine: section.endLine)
    }
}
