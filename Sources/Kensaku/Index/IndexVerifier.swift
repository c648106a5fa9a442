/// The outcome of a complete check of an index file.
public struct VerificationReport: Sendable {
    /// The file checked.
    public let path: String
    /// The format version, when the header could be read.
    public let formatVersion: UInt32?
    /// Counts of what was checked.
    public let documentCount: Int
    public let passageCount: Int
    public let termCount: Int
    /// Posting entries (term, passage) decoded.
    public let postingCount: Int
    /// Damage: the index cannot be trusted while this is not empty.
    public let problems: [String]
    /// Not damage, but worth knowing: source files changed or missing since the build.
    public let warnings: [String]

    /// True when no problem was found.
    public var isValid: Bool { problems.isEmpty }
}

/// Checks an index file completely: the header, footer and checksum (as opening does), the
/// document and passage tables, the order and bounds of the term dictionary, every posting list,
/// the field lengths against the postings, and every passage against its source file.
public enum IndexVerifier {
    /// At most this many problems are listed; the rest are counted.
    static let problemListLimit = 50

    /// Verifies the index at `path`; never throws: every failure becomes a problem.
    ///
    /// - Complexity: O(size of the index + size of the corpus).
    public static func verify(path: String) -> VerificationReport {
        var problems: [String] = []
        var warnings: [String] = []
        func problem(_ text: String) {
            if problems.count < problemListLimit { problems.append(text) }
            else if problems.count == problemListLimit { problems.append("… more problems not listed") }
        }
        let reader: IndexReader
        do {
            reader = try IndexReader(path: path)
        } catch {
            return VerificationReport(path: path, formatVersion: nil, documentCount: 0, passageCount: 0, termCount: 0,
                                      postingCount: 0, problems: [error.message], warnings: [])
        }

        // Opening leaves POST to the block checksums: check every byte now.
        for text in reader.checksumProblems() { problem(text) }

        // The stored heading terms are those of the titles (HEAD is optional).
        if let problem = reader.headingSectionProblem() { problems.append(problem) }

        // Documents tile the passage table in order.
        var expectedFirst = 0
        var names = Set<String>()
        for document in reader.documents {
            if document.passageRange.lowerBound != expectedFirst {
                problem("document \(document.name) starts at passage \(document.passageRange.lowerBound), expected \(expectedFirst)")
            }
            expectedFirst = document.passageRange.upperBound
            if document.name.isEmpty || document.name.contains("/") || !names.insert(document.name).inserted {
                problem("document name '\(document.name)' is empty, a path, or repeated")
            }
        }
        if expectedFirst != reader.passageCount {
            problem("documents cover \(expectedFirst) passages, the passage table has \(reader.passageCount)")
        }

        // Sections nest inside their documents and their parents.
        for document in reader.documents {
            for (index, section) in document.sections.enumerated() {
                let parentRange = section.parent.map { document.sections[$0].startLine...document.sections[$0].endLine }
                    ?? 1...max(1, document.lineCount)
                if !(1 <= section.startLine && section.startLine <= section.endLine && section.endLine <= document.lineCount)
                    || !parentRange.contains(section.startLine) || !parentRange.contains(section.endLine) {
                    problem("section \(index) '\(section.title)' of \(document.name) has lines \(section.startLine)-\(section.endLine) outside its document or parent")
                }
            }
        }

        // Passages lie inside their documents, in order.
        var previousEnd = (document: -1, byte: 0)
        for index in 0..<reader.passageCount {
            let passage = reader.passage(at: index).passage
            guard passage.documentIndex < reader.documents.count else {
                problem("passage \(index) names document \(passage.documentIndex) of \(reader.documents.count)")
                continue
            }
            let document = reader.documents[passage.documentIndex]
            if !document.passageRange.contains(index) {
                problem("passage \(index) is outside the passage range of \(document.name)")
            }
            if !(passage.byteStart < passage.byteEnd && passage.byteEnd <= document.byteCount) {
                problem("passage \(index) has bytes \(passage.byteStart)..<\(passage.byteEnd) outside \(document.name) (\(document.byteCount) bytes)")
            }
            if !(1 <= passage.startLine && passage.startLine <= passage.endLine && passage.endLine <= document.lineCount) {
                problem("passage \(index) has lines \(passage.startLine)-\(passage.endLine) outside \(document.name) (\(document.lineCount) lines)")
            }
            if let section = passage.section, section >= document.sections.count {
                problem("passage \(index) names section \(section) of \(document.sections.count) in \(document.name)")
            }
            let representative = reader.passage(at: index).representative
            if representative != (reader.coverers[index]?.first ?? index) {
                problem("passage \(index) names representative \(representative), its duplicate list says \(reader.coverers[index]?.first ?? index)")
            }
            if passage.documentIndex == previousEnd.document && passage.byteStart < previousEnd.byte {
                problem("passage \(index) overlaps the passage before it")
            }
            previousEnd = (passage.documentIndex, passage.byteEnd)
        }

        // Terms are sorted and unique; every posting list decodes exactly; field lengths add up.
        var fieldSums = [[Int]](repeating: [Int](repeating: 0, count: reader.passageCount), count: 2)
        var postingCount = 0
        var previousKey: (UInt8, [UInt8])? = nil
        for index in 0..<reader.termCount {
            let entry = reader.rawTermEntry(index)
            guard let field = Token.Kind(rawValue: entry.field) else {
                problem("term \(index) has field \(entry.field), expected 0 (word) or 1 (bigram)")
                continue
            }
            guard let key = reader.keyBytes(of: entry) else {
                problem("term \(index) has its text outside the key area")
                continue
            }
            let text = String(decoding: key, as: UTF8.self)
            if let previous = previousKey, !(previous.0 < entry.field || (previous.0 == entry.field && previous.1.lexicographicallyPrecedes(key))) {
                problem("term \(index) '\(text)' is out of order or repeated")
            }
            previousKey = (entry.field, key)
            guard entry.postingsOffset <= UInt64(reader.postingsByteCount),
                  entry.postingsLength <= UInt64(reader.postingsByteCount) - entry.postingsOffset
            else {
                problem("term '\(text)' has its posting list outside the postings section")
                continue
            }
            let start = reader.postingsStart + Int(entry.postingsOffset)
            let info = IndexReader.TermInfo(field: field, documentFrequency: entry.documentFrequency,
                                            postings: start..<(start + Int(entry.postingsLength)),
                                            maxFrequency: entry.maxFrequency, minLength: entry.minLength)
            guard info.blockCount * IndexFormat.skipEntrySize <= info.postings.count else {
                problem("posting list of '\(text)' is shorter than its skip table")
                continue
            }
            var cursor = reader.postings(info)
            var previousPassage = -1
            var count = 0
            var bounds = (maxFrequency: 0, minLength: Int.max)
            var block = (maxFrequency: 0, minLength: Int.max)
            do {
                while try cursor.next() {
                    count += 1
                    let passage = cursor.passage
                    guard passage > previousPassage, passage < reader.passageCount, cursor.frequency >= 1 else {
                        problem("posting list of '\(text)' has passage \(passage) after \(previousPassage) or frequency \(cursor.frequency)")
                        break
                    }
                    previousPassage = passage
                    let positions = try cursor.positions()
                    if zip(positions, positions.dropFirst()).contains(where: { $0 >= $1 }) {
                        problem("posting list of '\(text)' has positions out of order in passage \(passage)")
                    }
                    fieldSums[Int(field.rawValue)][passage] += cursor.frequency
                    let length = reader.fieldLength(ofPassage: passage, field: field)
                    bounds = (max(bounds.maxFrequency, cursor.frequency), min(bounds.minLength, length))
                    block = (max(block.maxFrequency, cursor.frequency), min(block.minLength, length))
                    if info.blockCount > 0 && (count % IndexFormat.postingBlockSize == 0 || count == entry.documentFrequency) {
                        let number = (count - 1) / IndexFormat.postingBlockSize
                        if cursor.lastPassage(ofBlock: number) != passage
                            || cursor.blockEnd(ofBlock: number) != cursor.positionsEnd
                            || cursor.maxFrequency(ofBlock: number) != min(block.maxFrequency, IndexFormat.maximumBound16)
                            || cursor.minLength(ofBlock: number) != min(block.minLength, IndexFormat.maximumBound16) {
                            problem("posting list of '\(text)' has a skip entry for block \(number) that disagrees with its entries")
                        }
                        block = (0, Int.max)
                    }
                }
                // The last block's positions end the list.
                if count == entry.documentFrequency && cursor.positionsEnd != info.postings.upperBound - info.entriesStart {
                    problem("posting list of '\(text)' has \(info.postings.upperBound - info.entriesStart - cursor.positionsEnd) bytes after its last entry")
                }
            } catch {
                problem("posting list of '\(text)' does not decode")
            }
            if count > 0 && (entry.maxFrequency != min(bounds.maxFrequency, IndexFormat.maximumRecordedFrequency)
                             || entry.minLength != min(bounds.minLength, IndexFormat.maximumBound16)) {
                problem("term '\(text)' records bounds \(entry.maxFrequency)/\(entry.minLength), its postings have \(bounds.maxFrequency)/\(bounds.minLength)")
            }
            if count != entry.documentFrequency {
                problem("posting list of '\(text)' has \(count) entries, its document frequency says \(entry.documentFrequency)")
            }
            postingCount += count
        }
        var totals = [0, 0]
        for index in 0..<reader.passageCount {
            let record = reader.passage(at: index)
            if record.wordCount != fieldSums[0][index] || record.bigramCount != fieldSums[1][index] {
                problem("passage \(index) records \(record.wordCount) words and \(record.bigramCount) bigrams, its postings hold \(fieldSums[0][index]) and \(fieldSums[1][index])")
            }
            totals[0] += record.wordCount
            totals[1] += record.bigramCount
        }
        if totals != [reader.wordTokenTotal, reader.bigramTokenTotal] {
            problem("token totals \(reader.wordTokenTotal)/\(reader.bigramTokenTotal) differ from the passages' sums \(totals[0])/\(totals[1])")
        }

        // Passages against their source files.
        let corpus = FileSystem.join(FileSystem.directory(of: path), reader.metadata[IndexFormat.MetadataKey.corpus] ?? ".")
        for document in reader.documents {
            let sourcePath = FileSystem.join(corpus, document.name)
            guard let bytes = try? FileSystem.readFile(sourcePath) else {
                warnings.append("source '\(sourcePath)' is missing: its passages could not be checked against it")
                continue
            }
            guard SHA256.digest(of: bytes) == document.sha256Digest else {
                warnings.append("source '\(sourcePath)' changed since the build (SHA-256 differs): the index is stale")
                continue
            }
            let source = SourceText(bytes: bytes)
            let sourceIsValidUTF8 = bytes.withUnsafeBufferPointer { UTF8Decoding.firstInvalidOffset($0) } == nil
            for index in document.passageRange where index < reader.passageCount {
                let passage = reader.passage(at: index).passage
                guard passage.byteStart < passage.byteEnd, passage.byteEnd <= bytes.count else { continue }
                if sourceIsValidUTF8 && String(validating: bytes[passage.byteRange], as: UTF8.self) == nil {
                    problem("passage \(index) of \(document.name) does not start and end on character boundaries")
                }
                if source.line(containing: passage.byteStart) != passage.startLine
                    || source.line(containing: passage.byteEnd - 1) != passage.endLine {
                    problem("passage \(index) of \(document.name): lines \(passage.startLine)-\(passage.endLine) disagree with bytes \(passage.byteStart)..<\(passage.byteEnd)")
                }
            }
        }
        return VerificationReport(
            path: path, formatVersion: reader.formatVersion, documentCount: reader.documents.count,
            passageCount: reader.passageCount, termCount: reader.termCount, postingCount: postingCount,
            problems: problems, warnings: warnings)
    }
}
