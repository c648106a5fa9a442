/// One document parsed and analyzed, ready to be merged into an ``IndexBuilder`` in corpus order.
///
/// Made by a ``DocumentAnalyzer`` on any thread: terms are numbered in a vocabulary local to the
/// document, which the merge maps to the index's terms once per distinct term.
struct AnalyzedDocument: @unchecked Sendable {
    /// One passage: its slice of the document's `shingles`.
    struct AnalyzedPassage {
        var span: PassageSpan
        var wordCount: Int
        var bigramCount: Int
        /// Sorted distinct duplicate-detection shingles.
        var shingles: Range<Int>
        var isWindowOfLongLine: Bool
    }

    /// The distinct terms of one field, by local number.
    struct Terms {
        /// The terms' keys (UTF-8 of their NFC form), end to end.
        var keyBytes: [UInt8] = []
        /// Where each key ends in `keyBytes` (it starts where the previous one ends).
        var keyEnds: [Int] = []
        /// Each key's ``ArenaTermTable/hash(_:)``.
        var hashes: [UInt64] = []
        /// The text first seen for a term, when it differs from the term's key (a canonically
        /// equivalent spelling that is not in NFC).
        var texts: [Int: [UInt8]] = [:]

        var count: Int { keyEnds.count }

        /// No terms, with room for `capacity` of them and `keyByteCapacity` bytes of keys.
        init(capacity: Int, keyByteCapacity: Int) {
            keyBytes.reserveCapacity(keyByteCapacity)
            keyEnds.reserveCapacity(capacity)
            hashes.reserveCapacity(capacity)
        }

        /// The key of local term `number`.
        func key(_ number: Int) -> ArraySlice<UInt8> {
            keyBytes[(number == 0 ? 0 : keyEnds[number - 1])..<keyEnds[number]]
        }

        /// Adds the next term.
        mutating func append(key units: UnsafeBufferPointer<UInt16>) {
            UTF16ToUTF8.append(units, to: &keyBytes)
            let start = keyEnds.last ?? 0
            keyEnds.append(keyBytes.count)
            hashes.append(keyBytes.withUnsafeBufferPointer { bytes in
                ArenaTermTable<UInt8>.hash(UnsafeBufferPointer(rebasing: bytes[start...]))
            })
        }
    }

    var name: String
    var format: DocumentFormat
    var metadata: [String: String]
    var sections: [Section]
    var byteCount: Int
    var lineCount: Int
    var modificationTimeNanoseconds: Int64
    var sha256Digest: [UInt8]
    /// `terms[field]`: the document's distinct terms of each field.
    var terms: [Terms]
    var passages: [AnalyzedPassage]
    /// Every passage's occurrence keys — field (1 bit), local term number (31 bits), position
    /// (32 bits) — by term.
    var occurrences: TermMajorOccurrences
    /// Every passage's shingles (see ``AnalyzedPassage/shingles``).
    var shingles: [UInt64]
}

/// Parses and analyzes documents into ``AnalyzedDocument``s. One per thread: it owns an
/// ``AnalysisSession`` (not thread-safe) and reuses its buffers from document to document.
///
/// Terms are numbered by their UTF-16 units (bigrams packed into an integer), never as `String`s.
/// Comparing units is the `String` equality of canonical equivalence because keys are in NFC:
/// a word the analysis could not vouch for is put in NFC first (see ``UnitToken/isNFC``).
final class DocumentAnalyzer {
    private let session: AnalysisSession
    /// Kept between documents for its buffers; moved out while a document is analyzed, so the
    /// per-token work touches a local value rather than (access-checked) class properties.
    private var vocabulary: DocumentVocabulary? = DocumentVocabulary()

    init() throws(KensakuError) {
        session = try AnalysisSession(memoizesSegmentation: true)
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
        var vocabulary = self.vocabulary.take() ?? DocumentVocabulary()
        defer { self.vocabulary = vocabulary }
        vocabulary.removeAll()
        var passages: [AnalyzedDocument.AnalyzedPassage] = []
        passages.reserveCapacity(parsed.spans.count)
        // The document-long buffers are the vocabulary's, reused from document to document
        // (grown once, not doubled over again for every document). The tokens append their
        // occurrence keys to `vocabulary.occurrences` themselves.
        var shingles: [UInt64] = []
        swap(&shingles, &vocabulary.shingles)
        defer { vocabulary.shingles = shingles }
        var passageEnds: [Int] = []
        passageEnds.reserveCapacity(parsed.spans.count)
        for span in parsed.spans {
            var passage = try analyzePassage(span, parsed: parsed, source: bytes, vocabulary: &vocabulary,
                                             shingles: &shingles)
            passage.isWindowOfLongLine = span.startLine == span.endLine
                && source.contentRange(ofLine: span.startLine).count > PassageSplitter.targetBytes
            passages.append(passage)
            passageEnds.append(vocabulary.occurrences.count)
        }
        let termMajor = TermMajorOccurrences(passageKeys: vocabulary.occurrences, passageEnds: passageEnds,
                                             wordTermCount: vocabulary.words.count, bigramTermCount: vocabulary.bigrams.count)
        return AnalyzedDocument(
            name: name, format: parsed.format, metadata: parsed.metadata, sections: parsed.sections,
            byteCount: bytes.count, lineCount: source.lineCount, modificationTimeNanoseconds: modificationTimeNanoseconds,
            sha256Digest: SHA256.digest(of: bytes), terms: [vocabulary.wordTerms(), vocabulary.bigramTerms()], passages: passages,
            occurrences: termMajor, shingles: Array(shingles))
    }

    /// Analyzes one passage (its analysis bytes, plus its context such as a table header),
    /// appending its occurrence keys (in token order) and its shingles.
    private func analyzePassage(
        _ span: PassageSpan, parsed: ParsedDocument, source: [UInt8], vocabulary: inout DocumentVocabulary,
        shingles: inout [UInt64]
    ) throws(KensakuError) -> AnalyzedDocument.AnalyzedPassage {
        vocabulary.passageShingles.removeAll(keepingCapacity: true)
        // The per-token state is one struct passed inout: a nested function capturing local
        // variables would make every token pay for dynamic exclusivity checks.
        var collector = TokenCollector()
        try parsed.analysisBytes.withUnsafeBufferPointer { buffer throws(KensakuError) in
            try session.analyzeUnits(UnsafeBufferPointer(rebasing: buffer[span.byteRange]), baseOffset: span.byteRange.lowerBound) {
                collector.collect($0, into: &vocabulary)
            }
        }
        collector.flush(into: &vocabulary)
        if let context = span.contextRange {
            // Context tokens follow the passage's own, after a gap, so phrases never span both.
            collector.startContext(positionOffset: 1 + max(collector.wordCount, collector.bigramCount) + span.byteRange.count)
            try source.withUnsafeBufferPointer { buffer throws(KensakuError) in
                try session.analyzeUnits(UnsafeBufferPointer(rebasing: buffer[context]), baseOffset: context.lowerBound) {
                    collector.collect($0, into: &vocabulary)
                }
            }
            collector.flush(into: &vocabulary)
        }
        if let failure = collector.failure { throw failure }
        let firstShingle = shingles.count
        vocabulary.shingleSort.sort(&vocabulary.passageShingles)
        var last: UInt64? = nil
        for shingle in vocabulary.passageShingles where shingle != last {
            shingles.append(shingle)
            last = shingle
        }
        return .init(span: span, wordCount: collector.wordCount, bigramCount: collector.bigramCount,
                     shingles: firstShingle..<shingles.count,
                     isWindowOfLongLine: false)
    }
}

/// Numbers one passage's tokens, records their occurrences and collects their shingles.
private struct TokenCollector {
    private(set) var wordCount = 0
    private(set) var bigramCount = 0
    /// The first error, which ends the passage once ICU has returned.
    private(set) var failure: KensakuError? = nil
    /// Added to token positions: nonzero for context tokens.
    private var positionOffset = 0
    /// Per field, the shingle prefix of the previous token and that token's position.
    private var previousWord: (prefix: UInt64, position: Int)? = nil
    private var previousBigram: (prefix: UInt64, position: Int)? = nil
    /// The last bigram token's key and position, not yet numbered (see ``collectBigram(_:into:)``).
    private var pendingBigram: (key: UInt64, position: Int)? = nil

    /// Context tokens follow: positions move by `positionOffset`, and no shingle spans the gap.
    mutating func startContext(positionOffset: Int) {
        self.positionOffset = positionOffset
        previousWord = nil
        previousBigram = nil
    }

    @inline(__always)
    mutating func collect(_ token: UnitToken, into vocabulary: inout DocumentVocabulary) {
        if token.kind == .bigram { collectBigram(token, into: &vocabulary) } else { collectWord(token, into: &vocabulary) }
    }

    /// Numbers the last bigram token: call once the analysis of a text has returned.
    mutating func flush(into vocabulary: inout DocumentVocabulary) {
        guard let pending = pendingBigram else { return }
        vocabulary.addOccurrence(field: Self.bigramField, term: vocabulary.bigrams.number(for: pending.key), position: pending.position)
        pendingBigram = nil
    }

    private static let bigramField = Int(Token.Kind.bigram.rawValue)

    /// A bigram is numbered when the next one comes (or at ``flush(into:)``): the bigram table's
    /// slot misses the cache, and loads meanwhile. Its occurrence key is still added before the
    /// next bigram's (and a text's words come before its bigrams), so the keys keep their order.
    @inline(__always)
    private mutating func collectBigram(_ token: UnitToken, into vocabulary: inout DocumentVocabulary) {
        bigramCount += 1
        let key = PackedTermTable.key(token.units)
        vocabulary.bigrams.prefetch(key)
        if let pending = pendingBigram {
            vocabulary.addOccurrence(field: Self.bigramField, term: vocabulary.bigrams.number(for: pending.key), position: pending.position)
        }
        pendingBigram = (key, token.position + positionOffset)
        Self.collectShingle(token, after: &previousBigram, into: &vocabulary)
    }

    @inline(__always)
    private mutating func collectWord(_ token: UnitToken, into vocabulary: inout DocumentVocabulary) {
        wordCount += 1
        let term: Int32
        do {
            term = try vocabulary.wordNumber(token)
        } catch {
            failure = failure ?? error
            return
        }
        vocabulary.addOccurrence(field: Int(token.kind.rawValue), term: term, position: token.position + positionOffset)
        Self.collectShingle(token, after: &previousWord, into: &vocabulary)
    }

    /// Adds the shingle `token` ends after the previous token of its field, when sampled.
    @inline(__always)
    private static func collectShingle(
        _ token: UnitToken, after previous: inout (prefix: UInt64, position: Int)?, into vocabulary: inout DocumentVocabulary
    ) {
        let hashes = DuplicateDetector.shingleHashes(token.units, after: previous?.prefix ?? 0)
        if let previous, token.position - previous.position == 1,
           let shingle = DuplicateDetector.sampled(hashes.shingle) {
            vocabulary.passageShingles.append(shingle)
        }
        previous = (prefix: hashes.prefix, position: token.position)
    }
}

/// One document's terms, numbered locally, and the per-passage scratch of ``DocumentAnalyzer``.
private struct DocumentVocabulary {
    var words = ArenaTermTable<UInt16>()
    /// First-seen texts of word terms that differ from their NFC key, as UTF-8.
    var wordTexts: [Int: [UInt8]] = [:]
    var bigrams = PackedTermTable()
    var passageShingles: [UInt64] = []
    var shingleSort = UniformHashSort()
    var nfcUnits: [UInt16] = []
    /// The document's occurrence keys — field (1 bit), local term (31 bits), position (32 bits) —
    /// passage by passage, each in token order; ``TermMajorOccurrences`` groups them by term and
    /// passage in one counting sort (grouping each passage first cost 2.6–3.0 % of a ×100 build's
    /// samples).
    var occurrences: [UInt64] = []
    /// The document's shingles, passage by passage.
    var shingles: [UInt64] = []

    @inline(__always)
    mutating func addOccurrence(field: Int, term: Int32, position: Int) {
        occurrences.append(UInt64(field) << 63 | UInt64(UInt32(bitPattern: term)) << 32
                           | UInt64(UInt32(truncatingIfNeeded: position)))
    }

    /// Forgets the previous document's terms and occurrences.
    mutating func removeAll() {
        words.removeAll()
        wordTexts.removeAll()
        bigrams.removeAll()
        occurrences.removeAll(keepingCapacity: true)
        shingles.removeAll(keepingCapacity: true)
    }

    /// The local number of a word token's term, keyed by its NFC units.
    mutating func wordNumber(_ token: UnitToken) throws(KensakuError) -> Int32 {
        if token.isNFC {
            return words.number(for: token.units, hash: ArenaTermTable<UInt16>.hash(token.units)).number
        }
        try CanonicalForm.nfc(token.units, into: &nfcUnits)
        let (number, isNew) = nfcUnits.withUnsafeBufferPointer { key in
            words.number(for: key, hash: ArenaTermTable<UInt16>.hash(key))
        }
        if isNew && !nfcUnits.elementsEqual(token.units) {
            var text: [UInt8] = []
            UTF16ToUTF8.append(token.units, to: &text)
            wordTexts[Int(number)] = text
        }
        return number
    }

    func wordTerms() -> AnalyzedDocument.Terms {
        var terms = AnalyzedDocument.Terms(capacity: words.count, keyByteCapacity: words.arena.count * 3)
        words.arena.withUnsafeBufferPointer { arena in
            var start = 0
            for end in words.ends {
                terms.append(key: UnsafeBufferPointer(rebasing: arena[start..<end]))
                start = end
            }
        }
        terms.texts = wordTexts
        return terms
    }

    func bigramTerms() -> AnalyzedDocument.Terms {
        var terms = AnalyzedDocument.Terms(capacity: bigrams.count, keyByteCapacity: bigrams.count * 6)
        for key in bigrams.keys {
            PackedTermTable.withUnits(of: key) { terms.append(key: $0) }
        }
        return terms
    }
}
