/// The analyzed terms of every section heading and document title, for the heading field of
/// ranking: a passage's heading terms are those of its section, the sections above it, and its
/// document's title.
///
/// Terms are interned: each distinct heading term gets a small integer, and every section path
/// holds the sorted integers of its terms, so the ranker checks a candidate passage with integer
/// comparisons instead of hashing Japanese strings (Swift's `String` hashing normalizes to NFC,
/// which profiling showed to be most of a query's time).
struct HeadingTerms: Sendable {
    /// Heading term → its number: a dictionary when analyzed at open, or the sorted term table
    /// of the index's `HEAD` section (the number is the position), searched in place.
    private enum Vocabulary: Sendable {
        case analyzed([AnalyzedQuery.Term: Int32])
        case stored(StoredHeadingVocabulary)
    }
    private let vocabulary: Vocabulary
    /// `paths[document][section]`: the sorted term numbers of the section's path and the document
    /// title; `titles[document]`: the title's (for passages outside any section).
    private let paths: [[[Int32]]]
    private let titles: [[Int32]]
    /// The distinct term lists of `paths` and `titles`: as stored in `HEAD`, or grouped on first use.
    private let storedLists: Lists?
    private let grouped = OnceCache<Lists>()
    /// Each passage's index into `lists.lists`, made on first use.
    private let passageLists = OnceCache<PassageLists>()

    /// The section paths and titles grouped by their term lists (reports and scaled corpora
    /// repeat them), so that a query's heading bonus is worked out once per distinct list.
    struct Lists: Sendable {
        /// Each distinct term list once.
        let lists: [[Int32]]
        /// The index into `lists` of section `s` of document `d` is `sectionLists[firstSection[d] + s]`
        /// (for `s < firstSection[d + 1] - firstSection[d]`); of document `d`'s title, `titleLists[d]`.
        let sectionLists: [Int32]
        let firstSection: [Int]
        let titleLists: [Int32]
        /// Heading term number → the indices of the lists holding it, increasing (empty for a
        /// number beyond the array).
        let holding: [[Int32]]

        init(lists: [[Int32]], sectionLists: [Int32], firstSection: [Int], titleLists: [Int32]) {
            var holding: [[Int32]] = []
            for (index, list) in lists.enumerated() {
                for term in list {
                    if Int(term) >= holding.count { holding += repeatElement([], count: Int(term) + 1 - holding.count) }
                    holding[Int(term)].append(Int32(index))
                }
            }
            self.lists = lists
            self.sectionLists = sectionLists
            self.firstSection = firstSection
            self.titleLists = titleLists
            self.holding = holding
        }

        /// The lists holding term `number`.
        func lists(holding number: Int32) -> [Int32] {
            number >= 0 && Int(number) < holding.count ? holding[Int(number)] : []
        }
    }

    /// The grouped term lists.
    var lists: Lists {
        if let storedLists { return storedLists }
        // Grouping cannot fail; the cache's error type is for other uses.
        return (try? grouped.value { () throws(KensakuError) in Self.group(paths: paths, titles: titles) })
            ?? Self.group(paths: paths, titles: titles)
    }

    /// Passage → index into `lists.lists` of its section path (or its document's title).
    final class PassageLists: Sendable {
        let indices: [Int32]
        init(_ indices: [Int32]) { self.indices = indices }
    }

    /// Every passage's heading list, worked out once per index: the heading bonus of a candidate
    /// is then two array reads, not a passage-record read and a section lookup.
    func passageListIndices(reader: IndexReader) -> PassageLists {
        let make = { () -> PassageLists in
            let lists = self.lists
            return PassageLists((0..<reader.passageCount).map { passage in
                let location = reader.location(ofPassage: passage)
                return Int32(self.listIndex(document: location.document, section: location.section, in: lists) ?? -1)
            })
        }
        return (try? passageLists.value { () throws(KensakuError) in make() }) ?? make()
    }

    private static func group(paths: [[[Int32]]], titles: [[Int32]]) -> Lists {
        var numbers: [[Int32]: Int32] = [:]
        var lists: [[Int32]] = []
        func number(_ list: [Int32]) -> Int32 {
            if let known = numbers[list] { return known }
            let new = Int32(lists.count)
            numbers[list] = new
            lists.append(list)
            return new
        }
        var sectionLists: [Int32] = []
        var firstSection = [0]
        for document in paths {
            sectionLists += document.map(number)
            firstSection.append(sectionLists.count)
        }
        let titleLists = titles.map(number)
        return Lists(lists: lists, sectionLists: sectionLists, firstSection: firstSection, titleLists: titleLists)
    }

    /// The index into `lists.lists` of a section's path (or of the document title, outside any
    /// section); nil for a document out of range.
    func listIndex(document: Int, section: Int?, in lists: Lists) -> Int? {
        guard document >= 0, document < lists.titleLists.count else { return nil }
        if let section, section < lists.firstSection[document + 1] - lists.firstSection[document] {
            return Int(lists.sectionLists[lists.firstSection[document] + section])
        }
        return Int(lists.titleLists[document])
    }

    /// Analyzes every title with ICU: for an index without a `HEAD` section.
    init(documents: [Document]) throws(KensakuError) {
        let analysis = try Analysis(documents: documents)
        vocabulary = .analyzed(analysis.vocabulary)
        paths = analysis.paths.map { $0.map { $0.sorted() } }
        titles = analysis.titles.map { $0.sorted() }
        storedLists = nil
    }

    /// The heading terms as stored in a `HEAD` section (decoded by `IndexReader`): its distinct
    /// term sets are the lists, and each section and title names its set by number.
    init(stored vocabulary: StoredHeadingVocabulary, sets: [[Int32]], sectionSets: [[Int32]], titleSets: [Int32]) {
        self.vocabulary = .stored(vocabulary)
        paths = sectionSets.map { $0.map { sets[Int($0)] } }
        titles = titleSets.map { sets[Int($0)] }
        var firstSection = [0]
        for sections in sectionSets { firstSection.append(firstSection[firstSection.count - 1] + sections.count) }
        storedLists = Lists(lists: sets, sectionLists: Array(sectionSets.joined()), firstSection: firstSection, titleLists: titleSets)
    }

    /// The analysis of every title and section heading: term numbers in order of first
    /// appearance.
    private struct Analysis {
        var vocabulary: [AnalyzedQuery.Term: Int32] = [:]
        var paths: [[Set<Int32>]] = []
        var titles: [Set<Int32>] = []

        init(documents: [Document]) throws(KensakuError) {
            // One analysis session for every title, and each distinct title analyzed once:
            // reports repeat their headings (and a scaled benchmark corpus repeats whole
            // documents).
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
            for document in documents {
                // A document whose title is its file name has no title worth matching.
                let title = document.title == document.name ? [] : try terms(document.title)
                var sections: [Set<Int32>] = []
                for section in document.sections {
                    let parent = section.parent.flatMap { $0 < sections.count ? sections[$0] : nil } ?? title
                    sections.append(parent.union(try terms(section.title)))
                }
                paths.append(sections)
                titles.append(title)
            }
            self.vocabulary = vocabulary
        }
    }

    /// The `HEAD` section for `documents` (layout in docs/index-format.md): the analyzed heading
    /// terms, so that opening an index does not run ICU over every title.
    ///
    /// Terms are numbered in dictionary order (field, then UTF-8 bytes, as in `TERM`); each
    /// distinct set of numbers (a section path with the title) is stored once.
    static func encodedSection(documents: [Document]) throws(KensakuError) -> [UInt8] {
        let analysis = try Analysis(documents: documents)
        let sorted = analysis.vocabulary.map { (term: $0.key, key: Array($0.key.text.utf8), old: $0.value) }
            .sorted { $0.term.kind.rawValue != $1.term.kind.rawValue
                ? $0.term.kind.rawValue < $1.term.kind.rawValue
                : $0.key.lexicographicallyPrecedes($1.key) }
        var renumbered = [UInt32](repeating: 0, count: sorted.count)
        for (number, entry) in sorted.enumerated() { renumbered[Int(entry.old)] = UInt32(number) }
        var writer = ByteWriter()
        writer.append(UInt32(sorted.count))
        var keyOffset = 0
        for entry in sorted {
            writer.append(entry.term.kind.rawValue)
            writer.append(UInt32(keyOffset))
            writer.append(UInt32(entry.key.count))
            keyOffset += entry.key.count
        }
        writer.append(UInt32(keyOffset))
        for entry in sorted { writer.append(contentsOf: entry.key) }

        var setNumbers: [[UInt32]: UInt32] = [:]
        var sets: [[UInt32]] = []
        func setNumber(_ numbers: Set<Int32>) -> UInt32 {
            let list = numbers.map { renumbered[Int($0)] }.sorted()
            if let known = setNumbers[list] { return known }
            let number = UInt32(sets.count)
            setNumbers[list] = number
            sets.append(list)
            return number
        }
        var documentTables: [(title: UInt32, sections: [UInt32])] = []
        for (title, sections) in zip(analysis.titles, analysis.paths) {
            documentTables.append((setNumber(title), sections.map(setNumber)))
        }
        writer.append(UInt32(sets.count))
        for set in sets {
            writer.append(UInt32(set.count))
            for number in set { writer.append(number) }
        }
        writer.append(UInt32(documentTables.count))
        for table in documentTables {
            writer.append(table.title)
            writer.append(UInt32(table.sections.count))
            for set in table.sections { writer.append(set) }
        }
        return writer.bytes
    }

    /// The number of a term, or nil when no heading holds it.
    func number(of term: AnalyzedQuery.Term) -> Int32? {
        switch vocabulary {
        case .analyzed(let dictionary): dictionary[term]
        case .stored(let stored): stored.number(of: term)
        }
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
        termNumbers(of: passage).sortedContains(number)
    }
}

/// The sorted term table of a `HEAD` section, searched in the index's memory mapping.
struct StoredHeadingVocabulary: Sendable {
    /// Entry size: `Kind(u8), KeyOffset(u32), KeyLength(u32)`.
    static let entrySize = 9
    let file: MappedFile
    /// File offset of the first entry.
    let entriesOffset: Int
    let count: Int
    /// File range of the key bytes (every entry's key was checked to lie inside it).
    let keys: Range<Int>
    /// Narrows ``number(of:)``'s binary search.
    private let samples: SortedKeySamples

    /// - Precondition: every entry's key lies inside `keys`.
    init(file: MappedFile, entriesOffset: Int, count: Int, keys: Range<Int>) {
        self.file = file
        self.entriesOffset = entriesOffset
        self.count = count
        self.keys = keys
        let bytes = file.bytes
        samples = SortedKeySamples(count: count) { index in
            let (kind, start, length) = Self.entry(index, in: bytes, entriesOffset: entriesOffset, keys: keys)
            return (kind, UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)]))
        }
    }

    /// Entry `index`'s kind and where its key bytes lie.
    private static func entry(
        _ index: Int, in bytes: UnsafeRawBufferPointer, entriesOffset: Int, keys: Range<Int>
    ) -> (kind: UInt8, start: Int, length: Int) {
        let base = entriesOffset + index * entrySize
        let offset = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: base + 1, as: UInt32.self)))
        let length = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: base + 5, as: UInt32.self)))
        return (bytes[base], keys.lowerBound + offset, length)
    }

    /// The number (position) of a term, by binary search.
    func number(of term: AnalyzedQuery.Term) -> Int32? {
        var text = term.text
        return text.withUTF8 { key -> Int32? in
            let candidates = samples.candidates(kind: term.kind.rawValue, key: UnsafeRawBufferPointer(key))
            var low = candidates.lowerBound, high = candidates.upperBound
            while low < high {
                let middle = (low + high) / 2
                let order = compare(middle, kind: term.kind.rawValue, key: UnsafeRawBufferPointer(key))
                if order == 0 { return Int32(middle) }
                if order < 0 { low = middle + 1 } else { high = middle }
            }
            return nil
        }
    }

    /// Negative when entry `index` sorts before (`kind`, `key`), zero when equal.
    private func compare(_ index: Int, kind: UInt8, key: UnsafeRawBufferPointer) -> Int {
        let bytes = file.bytes
        let (entryKind, start, length) = Self.entry(index, in: bytes, entriesOffset: entriesOffset, keys: keys)
        if entryKind != kind { return entryKind < kind ? -1 : 1 }
        let common = min(length, key.count)
        for position in 0..<common {
            let a = bytes[start + position], b = key[position]
            if a != b { return a < b ? -1 : 1 }
        }
        return length - key.count
    }
}
