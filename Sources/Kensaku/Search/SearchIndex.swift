import Foundation

/// An opened index: the entry point for searching from a program.
///
/// ```swift
/// let index = try SearchIndex.openOrBuild(indexPath: "Indexes/default.kidx", corpusPath: "Corpus")
/// for hit in try index.search("温室効果ガス 削減目標").hits {
///     print(hit.document, hit.passage.startLine, hit.snippet.text)
/// }
/// ```
///
/// A `SearchIndex` is immutable and can be shared between tasks.
public final class SearchIndex: Sendable {
    private let reader: IndexReader
    /// For each passage, the duplicates it covers (the reverse of the index's coverer lists),
    /// built when first needed (the locations of a hit's copies).
    private let coveredCache = OnceCache<CoveredPassages>()
    /// The passages that are duplicates (have coverers), sorted.
    private var duplicatePassages: PassageSet { reader.duplicatePassages }
    /// The analyzed section headings and titles, for the heading field of ranking.
    private let headings: HeadingTerms
    /// The cross-reference model, built on the first `gri:`/`sasb:` filter (it parses the
    /// report's content-index tables).
    private let crossReferenceCache = OnceCache<CrossReference>()
    /// The path the index was opened from.
    public var path: String { reader.path }
    /// The corpus folder the index was built from (resolved against the index's folder).
    public let corpusPath: String
    /// The indexed documents.
    public var documents: [Document] { reader.documents }
    /// The number of passages.
    public var passageCount: Int { reader.passageCount }
    /// The number of distinct terms over both fields.
    public var termCount: Int { reader.termCount }
    /// The index file's size in bytes.
    public var fileByteCount: Int { reader.byteCount }
    /// The analyzer fingerprint the index was built with.
    public var analyzerFingerprint: String { reader.metadata[IndexFormat.MetadataKey.analyzer] ?? "" }

    /// Opens and validates an index file.
    ///
    /// - Throws: `KensakuError` (`indexNotFound`, `fileUnreadable`, `indexEmpty`, `indexNotKensaku`,
    ///   `indexTruncated`, `indexVersionTooOld`, `indexVersionTooNew`, `indexCorrupt`).
    public init(path: String) throws(KensakuError) {
        reader = try IndexReader(path: path)
        if let stored = try reader.storedHeadingTerms() {
            headings = stored
        } else {
            headings = try HeadingTerms(documents: reader.documents)
        }
        let recorded = reader.metadata[IndexFormat.MetadataKey.corpus] ?? "."
        corpusPath = FileSystem.join(FileSystem.directory(of: path), recorded)
    }

    /// Opens the index at `indexPath`, building it from `corpusPath` when it does not exist and
    /// rebuilding it when the corpus or the analyzer changed since it was built.
    ///
    /// An index of an older format version is derived data like a stale one: it is rebuilt from
    /// `corpusPath` (with a notice). A damaged index, or one of a newer version, is reported and
    /// left alone. Every build writes a temporary file and renames it, so a failed rebuild keeps
    /// the old file.
    ///
    /// - Parameter log: receives one line per action taken ("building …", "rebuilding …").
    /// - Throws: `KensakuError`: the errors of ``init(path:)`` except `indexVersionTooOld`, and
    ///   those of ``CorpusIndexer/build(corpusPath:outputPath:)``.
    public static func openOrBuild(
        indexPath: String, corpusPath: String, log: (String) -> Void = { _ in }
    ) throws(KensakuError) -> SearchIndex {
        /// Builds the index from `corpus` (after `notice`), logs the summary and opens it.
        func build(from corpus: String, notice: String) throws(KensakuError) -> SearchIndex {
            log(notice)
            log(try CorpusIndexer.build(corpusPath: corpus, outputPath: indexPath).summary)
            return try SearchIndex(path: indexPath)
        }
        if FileSystem.status(indexPath) == nil {
            return try build(from: corpusPath, notice: "No index at '\(indexPath)' yet: building it from '\(corpusPath)/' (first use).")
        }
        let index: SearchIndex
        do {
            index = try SearchIndex(path: indexPath)
        } catch where error.code == .indexVersionTooOld {
            return try build(from: corpusPath, notice: "The index '\(indexPath)' is of an older format than this build's "
                             + "(version \(IndexFormat.currentVersion)): rebuilding it from '\(corpusPath)/'.")
        }
        let changes = index.corpusChanges()
        guard !changes.isEmpty else { return index }
        return try build(from: index.corpusPath, notice: "The index '\(indexPath)' is stale (\(changes.joined(separator: "; "))): rebuilding it.")
    }

    /// What changed in the corpus (or the analysis) since the index was built; empty when fresh.
    ///
    /// A file whose size and modification time are unchanged counts as unchanged; otherwise its
    /// SHA-256 decides, so touching a file does not force a rebuild.
    public func corpusChanges() -> [String] {
        var changes: [String] = []
        if analyzerFingerprint != Analyzer.fingerprint {
            changes.append("analysis changed: index has '\(analyzerFingerprint)', this build uses '\(Analyzer.fingerprint)'")
        }
        guard let (files, _) = try? CorpusScanner.scan(corpusPath) else {
            return changes + ["corpus folder '\(corpusPath)' is missing"]
        }
        let indexed = Dictionary(documents.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let present = Set(files.map(\.name))
        for document in documents where !present.contains(document.name) {
            changes.append("\(document.name) was removed")
        }
        for file in files {
            guard let record = indexed[file.name] else {
                changes.append("\(file.name) was added")
                continue
            }
            if !record.isUnchanged(atPath: file.path, status: file.status) { changes.append("\(file.name) changed") }
        }
        return changes
    }

    /// Checks that a query has something to search for, without opening an index.
    ///
    /// - Throws: `KensakuError` with code `emptyQuery`.
    public static func validate(query: String) throws(KensakuError) {
        _ = try AnalyzedQuery(try QueryParser.parse(query).text)
    }

    /// The passage at `index` (0 ..< `passageCount`).
    public func passage(at index: Int) -> Passage {
        reader.passage(at: index).passage
    }

    /// The full path of an indexed document.
    public func documentPath(_ document: Document) -> String {
        FileSystem.join(corpusPath, document.name)
    }

    /// Ranks passages for a free-text query.
    ///
    /// Query words are analyzed exactly like documents, and passages are ranked by BM25 over the
    /// word and bigram fields (see ``RankingParameters``). Terms are combined by ranking, not
    /// required all.
    ///
    /// - Parameters:
    ///   - query: free text, for example `温室効果ガス 削減目標`.
    ///   - limit: the most hits to return.
    ///   - parameters: ranking constants.
    ///   - explain: attach a ``ScoreExplanation`` to every hit.
    /// - Throws: `KensakuError` with code `emptyQuery` when the query has nothing to search for,
    ///   `fileUnreadable` when a source file is gone, `indexCorrupt` on a damaged posting list.
    public func search(
        _ query: String, limit: Int = 10, parameters: RankingParameters = .standard, explain: Bool = false
    ) throws(KensakuError) -> SearchResults {
        var notices: [String] = []
        var text = query
        let characterCount = query.unicodeScalars.count
        if characterCount > Limits.maximumQueryCharacters {
            text = String(String.UnicodeScalarView(query.unicodeScalars.prefix(Limits.maximumQueryCharacters)))
            notices.append("The query has \(characterCount) characters; only the first \(Limits.maximumQueryCharacters) were searched.")
        }
        let parsed = try QueryParser.parse(text)
        let analyzed: AnalyzedQuery
        do {
            analyzed = try AnalyzedQuery(parsed.text)
        } catch {
            // With only filters or exclusions there is nothing to rank by: name the whole query.
            throw error.code == .emptyQuery ? KensakuError(.emptyQuery(query: query.trimmingWhitespace())) : error
        }
        let allowed = try constraint(for: parsed)
        let ranker = PassageRanker(reader: reader, parameters: parameters, headings: headings, coverers: reader.coverers, duplicatePassages: duplicatePassages)
        let ranking = try ranker.rank(analyzed, allowed: allowed, limit: max(0, limit), namingHeadingTerms: explain)
        let top = ranking.ranked
        let scorer = BM25Scorer(reader: reader, parameters: parameters)
        var weights: [AnalyzedQuery.Term: Double] = [:]
        for (term, _) in analyzed.terms { weights[term] = scorer.termWeight(term) }
        let session = try AnalysisSessionPool.shared.take()
        let snippets = SnippetBuilder(termWeights: weights, session: session)
        var unchangedDocuments = Set<Int>()
        var hits: [SearchHit] = []
        for (offset, scored) in top.enumerated() {
            let (passage, document) = try validatedPassage(at: scored.passage)
            if unchangedDocuments.insert(passage.documentIndex).inserted {
                try checkSourceUnchanged(document)
            }
            let bytes = try FileSystem.readBytes(documentPath(document), range: passage.byteRange)
            let snippet = try snippets.snippet(of: bytes, byteStart: passage.byteStart)
            let explanation = explain ? ScoreExplanation(
                terms: try ranker.termContributions(analyzed, passage: scored.passage),
                headingTerms: scored.headingTerms, headingScore: scored.heading, proximityScore: scored.proximity,
                foldedScore: scored.folded, neighbourPenalty: scored.penalized) : nil
            hits.append(SearchHit(
                rank: offset + 1, score: scored.score, document: document.name, passageIndex: scored.passage,
                passage: passage, snippet: snippet, section: document.sectionPath(passage.section).map(\.title),
                duplicates: try duplicateLocations(of: scored.passage), explanation: explanation))
        }
        AnalysisSessionPool.shared.give(session)
        return SearchResults(query: query, hits: hits, matchedPassageCount: ranking.matched,
                             matchedPassageCountIsExact: ranking.matchedIsExact, notices: notices)
    }

    /// The ranked passage numbers for a query, best first, without snippets or locations: the
    /// ranking half of ``search(_:limit:parameters:explain:)``, for the benchmark.
    ///
    /// - Throws: the errors of ``search(_:limit:parameters:explain:)``.
    func rankedPassages(_ query: String, limit: Int) throws(KensakuError) -> [Int] {
        let parsed = try QueryParser.parse(query)
        let analyzed = try AnalyzedQuery(parsed.text)
        let allowed = try constraint(for: parsed)
        let ranker = PassageRanker(reader: reader, parameters: .standard, headings: headings, coverers: reader.coverers, duplicatePassages: duplicatePassages)
        return try ranker.rank(analyzed, allowed: allowed, limit: max(0, limit), namingHeadingTerms: false).ranked.map(\.passage)
    }

    /// The pruned ranking of a query and the exhaustive one it must equal (for tests).
    func pruneCheck(_ query: String, limit: Int, denseScoringPostings: Int, partCount: Int? = nil) throws(KensakuError) -> (pruned: PassageRanker.Ranking, exhaustive: PassageRanker.Ranking) {
        let parsed = try QueryParser.parse(query)
        let analyzed = try AnalyzedQuery(parsed.text)
        let allowed = try constraint(for: parsed)
        var ranker = PassageRanker(reader: reader, parameters: .standard, headings: headings, coverers: reader.coverers, duplicatePassages: duplicatePassages)
        ranker.denseScoringPostings = denseScoringPostings
        ranker.partCount = partCount
        return (try ranker.rank(analyzed, allowed: allowed, limit: limit), try ranker.rankExhaustively(analyzed, allowed: allowed, limit: limit))
    }

    /// The other places holding a passage's content: the passages it covers and those covering it.
    private func duplicateLocations(of passage: Int) throws(KensakuError) -> [PassageLocation] {
        let covered = try coveredCache.value { reader.coveredPassages() }
        let related = covered.duplicates(coveredBy: passage) + (reader.coverers[passage] ?? [])
        var locations: [PassageLocation] = []
        for other in Set(related).sorted() {
            let (copy, document) = try validatedPassage(at: other)
            locations.append(PassageLocation(document: document.name, startLine: copy.startLine, endLine: copy.endLine,
                                             byteStart: copy.byteStart, byteEnd: copy.byteEnd))
        }
        return locations
    }

    /// The passages a query's phrases, exclusions and filters allow, as a predicate (nil: all).
    private func constraint(for query: ParsedQuery) throws(KensakuError) -> ((Int) -> Bool)? {
        guard query.hasConstraints else { return nil }
        var required: [Set<Int>] = []
        for clause in query.phraseClauses {
            var holders = Set<Int>()
            for phrase in clause { holders.formUnion(try passagesHolding(phrase)) }
            required.append(holders)
        }
        var excluded = Set<Int>()
        for exclusion in query.exclusions { excluded.formUnion(try passagesHolding(exclusion)) }
        if !query.codeFilters.isEmpty {
            let crossReference = try crossReferenceCache.value { () throws(KensakuError) in try CrossReference(index: self) }
            for (framework, code) in query.codeFilters {
                let ranges = try crossReference.lineRanges(forCode: (framework == "iso" ? "iso26000" : framework) + " " + code)
                var inside = Set<Int>()
                for (name, lines) in ranges {
                    guard let document = reader.documents.firstIndex(where: { $0.name == name }) else { continue }
                    for index in reader.documents[document].passageRange {
                        let passage = reader.passage(at: index).passage
                        if lines.contains(passage.startLine) || lines.contains(passage.endLine) { inside.insert(index) }
                    }
                }
                required.append(inside)
            }
        }
        let documentFilters = query.documentFilters.map(Self.comparable)
        let sectionFilters = query.sectionFilters.map(Self.comparable)
        let documents = reader.documents
        return { [reader] index in
            if excluded.contains(index) || required.contains(where: { !$0.contains(index) }) { return false }
            guard !documentFilters.isEmpty || !sectionFilters.isEmpty else { return true }
            let passage = reader.passage(at: index).passage
            guard passage.documentIndex < documents.count else { return false }
            let document = documents[passage.documentIndex]
            if !documentFilters.isEmpty {
                let name = Self.comparable(document.name)
                guard documentFilters.contains(where: { name.contains($0) }) else { return false }
            }
            if !sectionFilters.isEmpty {
                let path = Self.comparable(document.sectionPath(passage.section).map(\.title).joined(separator: "/"))
                guard sectionFilters.allSatisfy({ path.contains($0) }) else { return false }
            }
            return true
        }
    }

    /// The passages holding a phrase (its tokens adjacent).
    private func passagesHolding(_ phrase: String) throws(KensakuError) -> Set<Int> {
        guard let matcher = try PhraseMatcher(phrase) else { return [] }
        return try matcher.matchingPassages(in: reader)
    }

    /// Text for filter comparison: NFKC-like folding of case and width is left to the analyzer;
    /// here lower case without white space is enough for names and headings.
    private static func comparable(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { !$0.properties.isWhitespace })
    }

    /// A passage and its document, checked against each other (for extensions of this type).
    func validatedPassageAndDocument(at index: Int) throws(KensakuError) -> (Passage, Document) {
        let (passage, document) = try validatedPassage(at: index)
        try checkSourceUnchanged(document)
        return (passage, document)
    }

    /// A passage record checked against the document table, so a damaged record yields an
    /// error instead of reading the wrong bytes.
    private func validatedPassage(at index: Int) throws(KensakuError) -> (Passage, Document) {
        let passage = reader.passage(at: index).passage
        guard passage.documentIndex < reader.documents.count else {
            throw KensakuError(.indexCorrupt(path: path, detail: "passage \(index) names document \(passage.documentIndex) of \(reader.documents.count)"))
        }
        let document = reader.documents[passage.documentIndex]
        guard passage.byteStart < passage.byteEnd, passage.byteEnd <= document.byteCount,
              passage.startLine >= 1, passage.startLine <= passage.endLine, passage.endLine <= document.lineCount
        else {
            throw KensakuError(.indexCorrupt(path: path, detail: "passage \(index) lies outside \(document.name)"))
        }
        return (passage, document)
    }

    /// Throws when a source file differs from what was indexed (size and modification time, then
    /// SHA-256), since hits would then point at the wrong bytes.
    private func checkSourceUnchanged(_ document: Document) throws(KensakuError) {
        let sourcePath = documentPath(document)
        guard let status = FileSystem.status(sourcePath), status.isRegularFile else {
            throw KensakuError(.fileUnreadable(path: sourcePath, cause: "the indexed document is gone; rebuild the index with 'kensaku index'"))
        }
        if !document.isUnchanged(atPath: sourcePath, status: status) {
            throw KensakuError(.corpusChanged(path: sourcePath, indexPath: path))
        }
    }
}

extension BuildReport {
    /// One line: documents, passages, terms, bytes and seconds.
    public var summary: String {
        let megabytes = Double(corpusBytes) / 1_000_000
        return "Indexed \(documentCount) documents (\(corpusBytes) bytes): \(passageCount) passages, \(termCount) terms, "
            + "index \(indexBytes) bytes in \(String(format: "%.2f", seconds)) s "
            + "(\(String(format: "%.2f", seconds > 0 ? megabytes / seconds : 0)) MB/s) → \(indexPath)"
    }
}

extension SearchIndex {
    /// The document with this name, or the only one whose name starts with it.
    ///
    /// - Throws: `KensakuError` (`documentNotFound`) naming the indexed documents.
    public func document(named name: String) throws(KensakuError) -> (index: Int, document: Document) {
        let documents = self.documents
        if let exact = documents.firstIndex(where: { $0.name == name }) { return (exact, documents[exact]) }
        let base = String(name.split(separator: "/").last ?? Substring(name))
        let matches = documents.indices.filter { documents[$0].name == base || documents[$0].name.hasPrefix(base) }
        if matches.count == 1, let only = matches.first { return (only, documents[only]) }
        throw KensakuError(.documentNotFound(name: name, known: documents.map(\.name)))
    }

    /// The passages of a document, in order.
    public func passages(ofDocument index: Int) -> [Passage] {
        documents[index].passageRange.map { passage(at: $0) }
    }

    /// The passage of a document that contains `line`, or the first one after it when the line
    /// is blank or page furniture; nil past the last passage.
    public func passageIndex(containingLine line: Int, inDocument index: Int) -> Int? {
        let range = documents[index].passageRange
        return range.first { passage(at: $0).endLine >= line }
    }

    /// The source text of a passage, as it is in the file.
    ///
    /// - Throws: `KensakuError` when the file is gone or changed since indexing.
    public func text(ofPassage index: Int) throws(KensakuError) -> String {
        let (passage, document) = try validatedPassageAndDocument(at: index)
        let bytes = try FileSystem.readBytes(documentPath(document), range: passage.byteRange)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The section path (outermost first) of a passage.
    public func sectionPath(ofPassage index: Int) -> [Section] {
        let passage = passage(at: index)
        guard passage.documentIndex < documents.count else { return [] }
        return documents[passage.documentIndex].sectionPath(passage.section)
    }
}

extension SearchIndex {
    /// Lines of a document (1-based numbers within `range`, clipped to the document), as text.
    ///
    /// - Throws: `KensakuError` when the file is gone or changed since indexing.
    public func lines(of documentIndex: Int, _ range: ClosedRange<Int>) throws(KensakuError) -> [(number: Int, text: String)] {
        let document = documents[documentIndex]
        let first = max(1, range.lowerBound), last = min(document.lineCount, range.upperBound)
        guard first <= last else { return [] }
        try checkSourceUnchanged(document)
        let source = SourceText(bytes: try FileSystem.readFile(documentPath(document)))
        return (first...min(last, source.lineCount)).map { number in
            (number, String(decoding: source.bytes[source.contentRange(ofLine: number)], as: UTF8.self))
        }
    }
}
