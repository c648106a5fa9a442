/// Builds an index in memory: documents are split into passages, passages analyzed, and the
/// tokens gathered into posting lists with positions.
///
/// Posting list of a term (see `docs/index-format.md`):
/// `<PassageDelta(varint), TermFrequency(varint), <PositionDelta(varint)>^TermFrequency>^DocumentFrequency`
final class IndexBuilder {
    private let session: AnalysisSession
    private var documents: [Document] = []
    private var passages: [PassageRecord] = []
    private var fields = [FieldAccumulator(), FieldAccumulator()]
    private var occurrences: [UInt64] = []
    private var duplicateDetector = DuplicateDetector()
    /// For each duplicate passage, the passages that cover it, best first.
    private var coverers: [Int: [Int]] = [:]

    init() throws(KensakuError) {
        session = try AnalysisSession()
    }

    /// Reads, splits, analyzes and adds one document.
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
        let parsed = try DocumentParser.parse(format: format, bytes: bytes, path: path)
        let source = SourceText(bytes: bytes)
        let documentIndex = documents.count
        let firstPassage = passages.count
        var candidates: [DuplicateDetector.Candidate] = []
        for span in parsed.spans {
            let shingles = try addPassage(span, documentIndex: documentIndex, parsed: parsed, source: bytes)
            let isWindow = span.startLine == span.endLine
                && source.contentRange(ofLine: span.startLine).count > PassageSplitter.targetBytes
            candidates.append(.init(passage: passages.count - 1, shingles: shingles, isWindowOfLongLine: isWindow))
        }
        for (passage, covering) in duplicateDetector.classify(candidates) {
            coverers[passage] = covering
            passages[passage].representative = covering[0]
        }
        documents.append(Document(
            name: name, format: parsed.format, metadata: parsed.metadata, byteCount: bytes.count,
            modificationTimeNanoseconds: modificationTimeNanoseconds, sha256Digest: SHA256.digest(of: bytes),
            lineCount: source.lineCount, passageRange: firstPassage..<passages.count, sections: parsed.sections))
    }

    /// Analyzes one passage (its analysis bytes, plus its context such as a table header) and
    /// appends its postings; returns its sampled shingles for duplicate detection.
    private func addPassage(
        _ span: PassageSpan, documentIndex: Int, parsed: ParsedDocument, source: [UInt8]
    ) throws(KensakuError) -> Set<UInt64> {
        let passageNumber = Int32(passages.count)
        var counts = [0, 0]
        var shingles = Set<UInt64>()
        var previous: [Token?] = [nil, nil]
        occurrences.removeAll(keepingCapacity: true)
        func collect(_ token: Token, positionOffset: Int) {
            let field = Int(token.kind.rawValue)
            counts[field] += 1
            let termID = fields[field].termID(for: token.text)
            let position = token.position + positionOffset
            // Sort key: field (1 bit), term id (31 bits), position (32 bits).
            occurrences.append(UInt64(field) << 63 | UInt64(termID) << 32 | UInt64(UInt32(truncatingIfNeeded: position)))
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
        var index = 0
        while index < occurrences.count {
            let group = occurrences[index] >> 32
            var end = index + 1
            while end < occurrences.count && occurrences[end] >> 32 == group { end += 1 }
            let field = Int(group >> 31)
            let termID = Int(group & 0x7FFF_FFFF)
            fields[field].appendPosting(termID: termID, passage: passageNumber, positions: occurrences[index..<end])
            index = end
        }
        passages.append(PassageRecord(
            passage: Passage(documentIndex: documentIndex, startLine: span.startLine, endLine: span.endLine,
                             byteStart: span.byteRange.lowerBound, byteEnd: span.byteRange.upperBound, section: span.section),
            wordCount: counts[0], bigramCount: counts[1], representative: Int(passageNumber)))
        return shingles
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
                terms.append(TermRecord(field: kind, key: keys[termID],
                                        documentFrequency: field.documentFrequencies[termID],
                                        postings: field.postings[termID]))
            }
        }
        return IndexContents(metadata: metadata, documents: documents, passages: passages, terms: terms, coverers: coverers)
    }
}

/// The growing posting lists of one field.
private struct FieldAccumulator {
    var termIDs: [String: Int32] = [:]
    var keys: [String] = []
    var postings: [[UInt8]] = []
    var lastPassage: [Int32] = []
    var documentFrequencies: [Int] = []
    var keyBytes = 0

    mutating func termID(for text: String) -> Int32 {
        if let id = termIDs[text] { return id }
        let id = Int32(truncatingIfNeeded: keys.count)
        keyBytes += text.utf8.count
        termIDs[text] = id
        keys.append(text)
        postings.append([])
        lastPassage.append(0)
        documentFrequencies.append(0)
        return id
    }

    /// Appends one passage's entry; `positions` hold sort keys whose low 32 bits are positions,
    /// in increasing order.
    mutating func appendPosting(termID: Int, passage: Int32, positions: ArraySlice<UInt64>) {
        let delta = passage - lastPassage[termID]
        lastPassage[termID] = passage
        documentFrequencies[termID] += 1
        VarInt.append(UInt32(delta), to: &postings[termID])
        VarInt.append(UInt32(positions.count), to: &postings[termID])
        var previous: UInt32 = 0
        for key in positions {
            let position = UInt32(truncatingIfNeeded: key)
            VarInt.append(position - previous, to: &postings[termID])
            previous = position
        }
    }
}
