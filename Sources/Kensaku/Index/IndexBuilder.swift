/// One document parsed and analyzed, ready to be merged into an ``IndexBuilder`` in corpus order.
///
/// Made by a ``DocumentAnalyzer`` on any thread: terms are numbered in a vocabulary local to the
/// document, which the merge maps to the index's terms once per distinct term.
struct AnalyzedDocument: @unchecked Sendable {
    /// One passage's tokens and duplicate-detection shingles.
    struct AnalyzedPassage {
        var span: PassageSpan
        var wordCount: Int
        var bigramCount: Int
        /// Sorted keys: field (1 bit), local term number (31 bits), position (32 bits).
        var occurrences: [UInt64]
        var shingles: Set<UInt64>
        var isWindowOfLongLine: Bool
    }

    var name: String
    var format: DocumentFormat
    var metadata: [String: String]
    var sections: [Section]
    var byteCount: Int
    var lineCount: Int
    var modificationTimeNanoseconds: Int64
    var sha256Digest: [UInt8]
    /// `keys[field][localTerm]`: the text of each local term.
    var keys: [[String]]
    var passages: [AnalyzedPassage]
}

/// Parses and analyzes documents into ``AnalyzedDocument``s. One per thread: it owns an
/// ``AnalysisSession`` (not thread-safe) and reuses its buffers from document to document.
final class DocumentAnalyzer {
    private let session: AnalysisSession
    private var termNumbers: [[String: Int32]] = [[:], [:]]
    private var keys: [[String]] = [[], []]
    private var occurrences: [UInt64] = []

    init() throws(KensakuError) {
        session = try AnalysisSession()
    }

    /// Reads, splits and analyzes one document.
    ///
    /// - Parameters:
    ///   - name: the file name relative to the corpus folder.
    ///   - format: how to read it.
    ///   - bytes: the file's bytes.
    ///   - path: the file's path, for error messages.
    ///   - modificationTimeNanoseconds: when the file was last modified.
    /// - Throws: `KensakuError` (`fileUnreadable` for markup libxml2 cannot read, `icuFailure`).
    func analyze(
        name: String, format: DocumentFormat, bytes: [UInt8], path: String, modificationTimeNanoseconds: Int64
    ) throws(KensakuError) -> AnalyzedDocument {
        let parsed = try DocumentParser.parse(format: format, bytes: bytes, path: path)
        let source = SourceText(bytes: bytes)
        termNumbers = [[:], [:]]
        keys = [[], []]
        var passages: [AnalyzedDocument.AnalyzedPassage] = []
        passages.reserveCapacity(parsed.spans.count)
        for span in parsed.spans {
            var passage = try analyzePassage(span, parsed: parsed, source: bytes)
            passage.isWindowOfLongLine = span.startLine == span.endLine
                && source.contentRange(ofLine: span.startLine).count > PassageSplitter.targetBytes
            passages.append(passage)
        }
        return AnalyzedDocument(
            name: name, format: parsed.format, metadata: parsed.metadata, sections: parsed.sections,
            byteCount: bytes.count, lineCount: source.lineCount, modificationTimeNanoseconds: modificationTimeNanoseconds,
            sha256Digest: SHA256.digest(of: bytes), keys: keys, passages: passages)
    }

    /// Analyzes one passage (its analysis bytes, plus its context such as a table header).
    private func analyzePassage(
        _ span: PassageSpan, parsed: ParsedDocument, source: [UInt8]
    ) throws(KensakuError) -> AnalyzedDocument.AnalyzedPassage {
        var counts = [0, 0]
        var shingles = Set<UInt64>()
        var previous: [Token?] = [nil, nil]
        occurrences.removeAll(keepingCapacity: true)
        func collect(_ token: Token, positionOffset: Int) {
            let field = Int(token.kind.rawValue)
            counts[field] += 1
            let termNumber: Int32
            if let known = termNumbers[field][token.text] {
                termNumber = known
            } else {
                termNumber = Int32(truncatingIfNeeded: keys[field].count)
                termNumbers[field][token.text] = termNumber
                keys[field].append(token.text)
            }
            let position = token.position + positionOffset
            // Sort key: field (1 bit), term number (31 bits), position (32 bits).
            occurrences.append(UInt64(field) << 63 | UInt64(termNumber) << 32 | UInt64(UInt32(truncatingIfNeeded: position)))
            if let last = previous[field], token.position - last.position == 1,
               let shingle = DuplicateDetector.shingle(last.text, token.text) {
                shingles.insert(shingle)
            }
            previous[field] = token
        }
        try parsed.analysisBytes.withUnsafeBufferPointer { buffer throws(KensakuError) in
            try session.analyze(UnsafeBufferPointer(rebasing: buffer[span.byteRange]), baseOffset: span.byteRange.lowerBound) {
                collect($0, positionOffset: 0)
            }
        }
        if let context = span.contextRange {
            // Context tokens follow the passage's own, after a gap, so phrases never span both.
            let offset = 1 + max(counts[0], counts[1]) + span.byteRange.count
            previous = [nil, nil]
            try source.withUnsafeBufferPointer { buffer throws(KensakuError) in
                try session.analyze(UnsafeBufferPointer(rebasing: buffer[context]), baseOffset: context.lowerBound) {
                    collect($0, positionOffset: offset)
                }
            }
        }
        occurrences.sort()
        return .init(span: span, wordCount: counts[0], bigramCount: counts[1], occurrences: occurrences,
                     shingles: shingles, isWindowOfLongLine: false)
    }
}

/// Builds an index in memory: analyzed documents (see ``DocumentAnalyzer``) are merged, in corpus
/// order, into posting lists with positions, and duplicates are detected across documents.
///
/// Posting lists are made by ``PostingListWriter`` (format in `docs/index-format.md`).
///
/// The merge is sequential and deterministic: the same documents in the same order give the
/// same bytes, however many threads analyzed them.
final class IndexBuilder {
    private var documents: [Document] = []
    private var passages: [PassageRecord] = []
    private var fields = [FieldAccumulator(), FieldAccumulator()]
    private var duplicateDetector = DuplicateDetector()
    /// For each duplicate passage, the passages that cover it, best first.
    private var coverers: [Int: [Int]] = [:]
    /// Analyzes documents for ``addDocument(name:format:bytes:path:modificationTimeNanoseconds:)``.
    private let analyzer: DocumentAnalyzer

    init() throws(KensakuError) {
        analyzer = try DocumentAnalyzer()
    }

    /// Reads, splits, analyzes and adds one document on the calling thread.
    ///
    /// - Parameters:
    ///   - name: the file name relative to the corpus folder.
    ///   - format: how to read it.
    ///   - bytes: the file's bytes.
    ///   - path: the file's path, for error messages.
    ///   - modificationTimeNanoseconds: when the file was last modified.
    func addDocument(
        name: String, format: DocumentFormat, bytes: [UInt8], path: String, modificationTimeNanoseconds: Int64
    ) throws(KensakuError) {
        add(try analyzer.analyze(name: name, format: format, bytes: bytes, path: path,
                                 modificationTimeNanoseconds: modificationTimeNanoseconds))
    }

    /// Merges one analyzed document: its passages get the next passage numbers, its local terms
    /// the index's term numbers, and its passages are checked against earlier ones for duplicates.
    func add(_ document: AnalyzedDocument) {
        let documentIndex = documents.count
        let firstPassage = passages.count
        // Local term number → index term number, per field: one dictionary lookup per distinct term.
        let globalNumbers = (0..<2).map { field in document.keys[field].map { fields[field].termID(for: $0) } }
        var candidates: [DuplicateDetector.Candidate] = []
        candidates.reserveCapacity(document.passages.count)
        for analyzed in document.passages {
            let passageNumber = Int32(passages.count)
            let occurrences = analyzed.occurrences
            var index = 0
            while index < occurrences.count {
                let group = occurrences[index] >> 32
                var end = index + 1
                while end < occurrences.count && occurrences[end] >> 32 == group { end += 1 }
                let field = Int(group >> 31)
                let termID = Int(globalNumbers[field][Int(group & 0x7FFF_FFFF)])
                fields[field].appendPosting(termID: termID, passage: passageNumber, positions: occurrences[index..<end],
                                            fieldLength: field == 0 ? analyzed.wordCount : analyzed.bigramCount)
                index = end
            }
            let span = analyzed.span
            passages.append(PassageRecord(
                passage: Passage(documentIndex: documentIndex, startLine: span.startLine, endLine: span.endLine,
                                 byteStart: span.byteRange.lowerBound, byteEnd: span.byteRange.upperBound, section: span.section),
                wordCount: analyzed.wordCount, bigramCount: analyzed.bigramCount, representative: Int(passageNumber)))
            candidates.append(.init(passage: Int(passageNumber), shingles: analyzed.shingles,
                                    isWindowOfLongLine: analyzed.isWindowOfLongLine))
        }
        for (passage, covering) in duplicateDetector.classify(candidates) {
            coverers[passage] = covering
            passages[passage].representative = covering[0]
        }
        documents.append(Document(
            name: document.name, format: document.format, metadata: document.metadata, byteCount: document.byteCount,
            modificationTimeNanoseconds: document.modificationTimeNanoseconds, sha256Digest: document.sha256Digest,
            lineCount: document.lineCount, passageRange: firstPassage..<passages.count, sections: document.sections))
    }

    /// A description of the first index limit (see ``Limits``) the documents so far exceed, if any.
    func exceededLimit() -> String? {
        if passages.count > Limits.maximumPassages {
            return "\(passages.count) passages (at most \(Limits.maximumPassages))"
        }
        for field in fields {
            if field.keys.count > Limits.maximumTermsPerField {
                return "\(field.keys.count) distinct terms in one field (at most \(Limits.maximumTermsPerField))"
            }
            if field.keyBytes > Limits.maximumTermKeyBytes / 2 {
                return "\(field.keyBytes) bytes of term text in one field (at most \(Limits.maximumTermKeyBytes / 2))"
            }
            if field.largestListBytes > Limits.maximumPostingListBytes {
                return "a posting list of \(field.largestListBytes) bytes (at most \(Limits.maximumPostingListBytes))"
            }
        }
        return nil
    }

    /// The finished contents, terms sorted by field and key bytes.
    func finish(metadata: [(key: String, value: String)]) -> IndexContents {
        var terms: [TermRecord] = []
        for kind in Token.Kind.allCases {
            let field = fields[Int(kind.rawValue)]
            let keys = field.keys.map { Array($0.utf8) }
            let order = keys.indices.sorted { keys[$0].lexicographicallyPrecedes(keys[$1]) }
            for termID in order {
                terms.append(TermRecord(field: kind, key: keys[termID], postings: field.postings[termID]))
            }
        }
        return IndexContents(metadata: metadata, documents: documents, passages: passages, terms: terms, coverers: coverers)
    }
}

/// The growing posting lists of one field.
private struct FieldAccumulator {
    var termIDs: [String: Int32] = [:]
    var keys: [String] = []
    var postings: [PostingListWriter] = []
    var keyBytes = 0
    /// The byte size of the longest posting entries so far (see ``Limits/maximumPostingListBytes``).
    var largestListBytes = 0

    mutating func termID(for text: String) -> Int32 {
        if let id = termIDs[text] { return id }
        let id = Int32(truncatingIfNeeded: keys.count)
        keyBytes += text.utf8.count
        termIDs[text] = id
        keys.append(text)
        postings.append(PostingListWriter())
        return id
    }

    /// Appends one passage's entry; `positions` hold sort keys whose low 32 bits are positions,
    /// in increasing order; `fieldLength` is the passage's token count in this field.
    mutating func appendPosting(termID: Int, passage: Int32, positions: ArraySlice<UInt64>, fieldLength: Int) {
        postings[termID].append(passage: UInt32(passage), positions: positions, fieldLength: fieldLength)
        largestListBytes = max(largestListBytes, postings[termID].entries.count)
    }
}
