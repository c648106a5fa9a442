import CPrefetch

/// Builds an index in memory: analyzed documents (see ``DocumentAnalyzer``) are merged, in corpus
/// order, into posting lists with positions, and duplicates are detected across documents.
///
/// Posting lists are made by ``PostingListWriter`` (format in `docs/index-format.md`).
///
/// The merge is sequential and deterministic: the same documents in the same order give the
/// same bytes, however many threads analyzed them. Duplicate detection follows the same order
/// on a thread of its own (``DuplicateStage``).
final class IndexBuilder {
    private var documents: [Document] = []
    private var passages: [PassageRecord] = []
    private var fields = [FieldAccumulator(), FieldAccumulator()]
    /// Classifies passages as duplicates on its own thread.
    private let duplicates = DuplicateStage()

    init() {}

    deinit {
        duplicates.close()
    }

    /// Merges one analyzed document: its passages get the next passage numbers, its local terms
    /// the index's term numbers, and its passages are checked against earlier ones for duplicates.
    func add(_ document: AnalyzedDocument) {
        let documentIndex = documents.count
        let firstPassage = passages.count
        appendPostings(of: document, firstPassage: firstPassage)
        var candidates: [DuplicateDetector.Candidate] = []
        candidates.reserveCapacity(document.passages.count)
        for analyzed in document.passages {
            let passageNumber = passages.count
            let span = analyzed.span
            passages.append(PassageRecord(
                passage: Passage(documentIndex: documentIndex, startLine: span.startLine, endLine: span.endLine,
                                 byteStart: span.byteRange.lowerBound, byteEnd: span.byteRange.upperBound, section: span.section),
                wordCount: analyzed.wordCount, bigramCount: analyzed.bigramCount, representative: passageNumber))
            candidates.append(.init(passage: passageNumber, shingles: document.shingles[analyzed.shingles],
                                    isWindowOfLongLine: analyzed.isWindowOfLongLine))
        }
        duplicates.submit(candidates)
        documents.append(Document(
            name: document.name, format: document.format, metadata: document.metadata, byteCount: document.byteCount,
            modificationTimeNanoseconds: document.modificationTimeNanoseconds, sha256Digest: document.sha256Digest,
            lineCount: document.lineCount, passageRange: firstPassage..<passages.count, sections: document.sections))
    }

    /// Appends the document's postings, term by term: its local terms get the index's term
    /// numbers (one table lookup per distinct term), its passages numbers from `firstPassage`.
    ///
    /// Each term's list lives in its own place in memory, so appending to it meets cache misses
    /// in a row (the list's writer, its storage, the place of its next byte). The term numbers are
    /// found first; the lists a few terms ahead are then prefetched in three stages, so that the
    /// misses of several terms overlap instead of following one another.
    private func appendPostings(of document: AnalyzedDocument, firstPassage: Int) {
        let occurrences = document.occurrences
        var slot = 0
        for field in 0..<2 {
            let terms = document.terms[field]
            let fieldLengths = document.passages.map { field == 0 ? $0.wordCount : $0.bigramCount }
            var accumulator = fields[field]
            fields[field] = FieldAccumulator()  // moved out, so its posting lists stay uniquely referenced
            let termIDs = (0..<terms.count).map { local in
                if local + 8 < terms.count { accumulator.prefetchTerm(hash: terms.hashes[local + 8]) }
                return Int32(accumulator.termID(for: terms, local: local))
            }
            occurrences.keys.withUnsafeBufferPointer { keys in
                occurrences.entries.withUnsafeBufferPointer { entries in
                    for local in 0..<terms.count {
                        accumulator.prefetch(termIDs, from: local)
                        let termID = Int(termIDs[local])
                        let first = Int(occurrences.termStarts[slot]), end = Int(occurrences.termStarts[slot + 1])
                        accumulator.appendPostings(termID: termID, count: end - first) { index in
                            let entry = entries[first + index]
                            let keyStart = first + index == 0 ? 0 : Int(entries[first + index - 1].keysEnd)
                            return (UInt32(firstPassage + Int(entry.passage)),
                                    UnsafeBufferPointer(rebasing: keys[keyStart..<Int(entry.keysEnd)]),
                                    fieldLengths[Int(entry.passage)])
                        }
                        slot += 1
                    }
                }
            }
            fields[field] = accumulator
        }
    }

    /// A description of the first index limit (see ``Limits``) the documents so far exceed, if any.
    func exceededLimit() -> String? {
        if passages.count > Limits.maximumPassages {
            return "\(passages.count) passages (at most \(Limits.maximumPassages))"
        }
        for field in fields {
            if field.termCount > Limits.maximumTermsPerField {
                return "\(field.termCount) distinct terms in one field (at most \(Limits.maximumTermsPerField))"
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
        // The terms are sorted while the duplicate stage may still be classifying the last
        // documents; its result is awaited only after.
        var terms: [TermRecord] = []
        for kind in Token.Kind.allCases {
            let field = fields[Int(kind.rawValue)]
            let keys = (0..<field.termCount).map(field.text)
            let order = keys.indices.sorted { keys[$0].lexicographicallyPrecedes(keys[$1]) }
            for termID in order {
                terms.append(TermRecord(field: kind, key: keys[termID], postings: field.postings[termID]))
            }
        }
        let coverers = duplicates.finish()
        for (passage, covering) in coverers {
            passages[passage].representative = covering[0]
        }
        return IndexContents(metadata: metadata, documents: documents, passages: passages, terms: terms, coverers: coverers)
    }
}

/// The growing posting lists of one field.
private struct FieldAccumulator {
    /// The terms, keyed by the UTF-8 of their NFC form.
    private var terms = ArenaTermTable<UInt8>()
    /// The text first seen for a term, when it differs from its key (see `AnalyzedDocument.Terms`).
    private var texts: [Int32: [UInt8]] = [:]
    var postings: [PostingListWriter] = []
    /// Bytes of term text.
    var keyBytes = 0
    /// The byte size of the longest posting entries so far (see ``Limits/maximumPostingListBytes``).
    var largestListBytes = 0

    var termCount: Int { terms.count }

    /// The text of term `termID`, as first seen.
    func text(_ termID: Int) -> [UInt8] {
        texts[Int32(termID)] ?? Array(terms.key(termID))
    }

    /// The index term number of a document's local term `local`, adding the term when new.
    mutating func termID(for document: AnalyzedDocument.Terms, local: Int) -> Int32 {
        let key = document.key(local)
        let (id, isNew) = document.keyBytes.withUnsafeBufferPointer { bytes in
            terms.number(for: UnsafeBufferPointer(rebasing: bytes[key.indices]), hash: document.hashes[local])
        }
        guard isNew else { return id }
        if let text = document.texts[local] {
            texts[id] = text
            keyBytes += text.count
        } else {
            keyBytes += key.count
        }
        postings.append(PostingListWriter())
        return id
    }

    /// Starts loading the table slot where a term of hash `hash` is looked up first (a hint).
    @inline(__always)
    func prefetchTerm(hash: UInt64) { terms.prefetch(hash: hash) }

    /// Prefetches the lists of the terms after `termIDs[index]`: the writer 12 terms ahead,
    /// the storage object 6 ahead and the place of the next byte 3 ahead (see
    /// ``IndexBuilder/appendPostings(of:firstPassage:)``).
    @inline(__always)
    func prefetch(_ termIDs: [Int32], from index: Int) {
        postings.withUnsafeBufferPointer { writers in
            let count = termIDs.count
            if index + 12 < count { kensaku_prefetch(writers.baseAddress! + Int(termIDs[index + 12])) }
            if index + 6 < count { writers[Int(termIDs[index + 6])].prefetchStorage() }
            if index + 3 < count { writers[Int(termIDs[index + 3])].prefetchEnd() }
        }
    }

    /// Appends `count` passages' entries to term `termID`'s list, as
    /// ``PostingListWriter/append(count:_:)``.
    mutating func appendPostings(
        termID: Int, count: Int,
        _ entry: (Int) -> (passage: UInt32, positions: UnsafeBufferPointer<UInt64>, fieldLength: Int)
    ) {
        postings[termID].append(count: count, entry)
        largestListBytes = max(largestListBytes, postings[termID].entriesByteCount)
    }
}
