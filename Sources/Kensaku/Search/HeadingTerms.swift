/// The analyzed terms of every section heading and document title, for the heading field of
/// ranking: a passage's heading terms are those of its section, the sections above it, and its
/// document's title.
struct HeadingTerms: Sendable {
    /// `paths[document][section]`: the terms of the section's path and the document title;
    /// `titles[document]`: the title's terms (for passages outside any section).
    private let paths: [[Set<AnalyzedQuery.Term>]]
    private let titles: [Set<AnalyzedQuery.Term>]

    init(documents: [Document]) throws(KensakuError) {
        let analyzer = Analyzer()
        func terms(_ text: String) throws(KensakuError) -> Set<AnalyzedQuery.Term> {
            Set(try analyzer.tokens(of: text).map { AnalyzedQuery.Term(kind: $0.kind, text: $0.text) })
        }
        var paths: [[Set<AnalyzedQuery.Term>]] = []
        var titles: [Set<AnalyzedQuery.Term>] = []
        for document in documents {
            // A document whose title is its file name has no title worth matching.
            let title = document.title == document.name ? [] : try terms(document.title)
            var sections: [Set<AnalyzedQuery.Term>] = []
            for section in document.sections {
                let parent = section.parent.flatMap { $0 < sections.count ? sections[$0] : nil } ?? title
                sections.append(parent.union(try terms(section.title)))
            }
            paths.append(sections)
            titles.append(title)
        }
        self.paths = paths
        self.titles = titles
    }

    /// The heading terms of a passage.
    func terms(of passage: Passage) -> Set<AnalyzedQuery.Term> {
        guard passage.documentIndex < paths.count else { return [] }
        if let section = passage.section, section < paths[passage.documentIndex].count {
            return paths[passage.documentIndex][section]
        }
        return titles[passage.documentIndex]
    }
}
