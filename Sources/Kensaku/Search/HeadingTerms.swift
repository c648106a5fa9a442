/// The analyzed terms of every section heading and document title, for the heading field of
/// ranking: a passage's heading terms are those of its section, the sections above it, and its
/// document's title.
///
/// Terms are interned: each distinct heading term gets a small integer, and every section path
/// holds the sorted integers of its terms, so the ranker checks a candidate passage with integer
/// comparisons instead of hashing Japanese strings (Swift's `String` hashing normalizes to NFC,
/// which profiling showed to be most of a query's time).
struct HeadingTerms: Sendable {
    /// Heading term → its number.
    private let vocabulary: [AnalyzedQuery.Term: Int32]
    /// `paths[document][section]`: the sorted term numbers of the section's path and the document
    /// title; `titles[document]`: the title's (for passages outside any section).
    private let paths: [[[Int32]]]
    private let titles: [[Int32]]
    /// Every distinct term list of `paths` and `titles` (reports and scaled corpora repeat them),
    /// for the largest heading bonus any passage can get.
    let distinctTermLists: [[Int32]]

    init(documents: [Document]) throws(KensakuError) {
        // One analysis session for every title, and each distinct title analyzed once: reports
        // repeat their headings (and a scaled benchmark corpus repeats whole documents), and
        // this runs on every open, so it is part of a cold search.
        let session = try AnalysisSession()
        var vocabulary: [AnalyzedQuery.Term: Int32] = [:]
        var analyzedTitles: [String: Set<Int32>] = [:]
        func terms(_ text: String) throws(KensakuError) -> Set<Int32> {
            if let known = analyzedTitles[text] { return known }
            var numbers = Set<Int32>()
            var bytes = Array(text.utf8)
            try bytes.withUnsafeMutableBufferPointer { buffer throws(KensakuError) in
                try session.analyze(UnsafeBufferPointer(buffer), baseOffset: 0) { token in
                    let term = AnalyzedQuery.Term(kind: token.kind, text: token.text)
                    if let number = vocabulary[term] {
                        numbers.insert(number)
                    } else {
                        let number = Int32(vocabulary.count)
                        vocabulary[term] = number
                        numbers.insert(number)
                    }
                }
            }
            analyzedTitles[text] = numbers
            return numbers
        }
        var paths: [[[Int32]]] = []
        var titles: [[Int32]] = []
        for document in documents {
            // A document whose title is its file name has no title worth matching.
            let title = document.title == document.name ? [] : try terms(document.title)
            var sections: [Set<Int32>] = []
            for section in document.sections {
                let parent = section.parent.flatMap { $0 < sections.count ? sections[$0] : nil } ?? title
                sections.append(parent.union(try terms(section.title)))
            }
            paths.append(sections.map { $0.sorted() })
            titles.append(title.sorted())
        }
        self.vocabulary = vocabulary
        self.paths = paths
        self.titles = titles
        distinctTermLists = Array(Set(paths.joined()).union(titles)).sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// The number of a term, or nil when no heading holds it.
    func number(of term: AnalyzedQuery.Term) -> Int32? {
        vocabulary[term]
    }

    /// The sorted heading term numbers of a passage.
    func termNumbers(of passage: Passage) -> [Int32] {
        termNumbers(document: passage.documentIndex, section: passage.section)
    }

    /// The sorted heading term numbers of a section (or of the document title, outside any).
    func termNumbers(document: Int, section: Int?) -> [Int32] {
        guard document >= 0, document < paths.count else { return [] }
        if let section, section < paths[document].count {
            return paths[document][section]
        }
        return titles[document]
    }

    /// Whether the passage's headings hold the term numbered `number`.
    ///
    /// - Complexity: O(log n) in the passage's heading terms.
    func contains(_ number: Int32, in passage: Passage) -> Bool {
        let numbers = termNumbers(of: passage)
        var low = 0, high = numbers.count
        while low < high {
            let middle = (low + high) / 2
            if numbers[middle] < number { low = middle + 1 } else { high = middle }
        }
        return low < numbers.count && numbers[low] == number
    }
}
