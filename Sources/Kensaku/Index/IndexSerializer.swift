import Foundation

/// Turns ``IndexContents`` into the bytes of an index file (format in `docs/index-format.md`).
enum IndexSerializer {
    /// Writes the complete file to `path` atomically: header with section table, sections,
    /// footer with CRC-32. The sections are written as they are (no copy of the whole file),
    /// and the checksum is computed as they go.
    ///
    /// `POST`, by far the largest section, is not read again: its checksum is combined from the
    /// block checksums of `PCRC`, which are computed on other threads while the sections before
    /// `PCRC` are written (copying `POST` into the file is most of the writing).
    ///
    /// - Returns: the size of the file in bytes.
    /// - Throws: `KensakuError` (`ioFailure`).
    static func write(_ contents: IndexContents, to path: String) throws(KensakuError) -> Int {
        let (metadata, documents, passages, coverers) = (contents.metadata, contents.documents, contents.passages, contents.coverers)
        // The other sections are encoded on threads of their own while the posting lists are.
        let headings = ConcurrentResult { headingSection(documents) }
        let tables = ConcurrentResult {
            (metadataSection(metadata), documentSection(documents), passageSection(passages), duplicateSection(coverers))
        }
        let (terms, postings) = termAndPostingSections(contents.terms)
        let blockChecksums = ConcurrentResult {
            postings.withUnsafeBytes { PostingChecksums.blockChecksums(postings: $0) }
        }
        let (metadataBytes, documentBytes, passageBytes, duplicateBytes) = tables.value
        let beforePostings: [(IndexFormat.Section, [UInt8])] = [
            (.metadata, metadataBytes), (.documents, documentBytes), (.passages, passageBytes), (.terms, terms),
        ]
        let afterPostings = [(.duplicates, duplicateBytes)] + headings.value
        let sizes = beforePostings.map { ($0.0, $0.1.count) } + [(.postings, postings.count)]
            + afterPostings.map { ($0.0, $0.1.count) }
            + [(.postingChecksums, PostingChecksums.sectionByteCount(blockCount: PostingChecksums.blockCount(postingsLength: postings.count)))]
        let header = self.header(sections: sizes)
        // The writer checks that exactly this many bytes were written.
        let fileSize = header.count + sizes.reduce(0) { $0 + $1.1 } + IndexFormat.footerSize
        try FileSystem.writeAtomically(to: path, byteCount: fileSize) { file throws(KensakuError) in
            var checksum = header.withUnsafeBytes { CRC32.checksum($0) }
            try file.append(header)
            for (_, bytes) in beforePostings {
                checksum = bytes.withUnsafeBytes { CRC32.checksum($0, initial: checksum) }
                try file.append(bytes)
            }
            try file.append(postings)
            let blocks = blockChecksums.value
            checksum = PostingChecksums.combine(
                checksum, PostingChecksums.checksum(ofBlocks: blocks, length: postings.count), secondLength: postings.count)
            let checksumSection = PostingChecksums.section(blockChecksums: blocks)
            precondition(checksumSection.count == sizes.last?.1, "PCRC is not the size the header gives")
            for bytes in afterPostings.map(\.1) + [checksumSection] {
                checksum = bytes.withUnsafeBytes { CRC32.checksum($0, initial: checksum) }
                try file.append(bytes)
            }
            var footer = ByteWriter(capacity: IndexFormat.footerSize)
            footer.append(checksum)
            footer.append(UInt32(0))
            footer.append(contentsOf: IndexFormat.footerMagic)
            try file.append(footer.bytes)
        }
        return fileSize
    }

    /// The header: magic, version and the table of `sections` (tag and byte count each, laid out
    /// in this order after the header).
    private static func header(sections: [(IndexFormat.Section, Int)]) -> [UInt8] {
        var header = ByteWriter(capacity: IndexFormat.headerFixedSize + sections.count * IndexFormat.sectionEntrySize)
        header.append(contentsOf: IndexFormat.magic)
        header.append(IndexFormat.currentVersion)
        header.append(UInt32(sections.count))
        var offset = IndexFormat.headerFixedSize + sections.count * IndexFormat.sectionEntrySize
        for (section, count) in sections {
            header.append(contentsOf: section.tag)
            header.append(UInt32(0))
            header.append(UInt64(offset))
            header.append(UInt64(count))
            offset += count
        }
        return header.bytes
    }

    /// `Count(u32), <Key(string), Value(string)>^Count`.
    private static func metadataSection(_ metadata: [(key: String, value: String)]) -> [UInt8] {
        var writer = ByteWriter()
        writer.append(UInt32(metadata.count))
        for (key, value) in metadata {
            writer.appendString(key)
            writer.appendString(value)
        }
        return writer.bytes
    }

    /// `Count(u32), <Name(string), Format(string), ByteCount(u64), ModificationTime(i64), SHA256[32],
    /// LineCount(u32), FirstPassage(u32), PassageCount(u32), MetadataCount(u32),
    /// <Key(string), Value(string)>^MetadataCount, SectionCount(u32), <Title(string), Level(u32),
    /// StartLine(u32), EndLine(u32), HeadingLine(u32), Parent(u32)>^SectionCount>^Count`.
    private static func documentSection(_ documents: [Document]) -> [UInt8] {
        var writer = ByteWriter()
        writer.append(UInt32(documents.count))
        for document in documents {
            writer.appendString(document.name)
            writer.appendString(document.format.rawValue)
            writer.append(UInt64(document.byteCount))
            writer.append(document.modificationTimeNanoseconds)
            writer.append(contentsOf: document.sha256Digest)
            writer.append(UInt32(document.lineCount))
            writer.append(UInt32(document.passageRange.lowerBound))
            writer.append(UInt32(document.passageRange.count))
            writer.append(UInt32(document.metadata.count))
            for key in document.metadata.keys.sorted() {
                writer.appendString(key)
                writer.appendString(document.metadata[key] ?? "")
            }
            writer.append(UInt32(document.sections.count))
            for section in document.sections {
                writer.appendString(section.title)
                writer.append(UInt32(section.level))
                writer.append(UInt32(section.startLine))
                writer.append(UInt32(section.endLine))
                writer.append(UInt32(section.headingLine ?? 0))
                writer.append(section.parent.map { UInt32($0) } ?? IndexFormat.noIndex)
            }
        }
        return writer.bytes
    }

    /// `Count(u32), <Passage(u32), CovererCount(u32), <Coverer(u32)>^CovererCount>^Count`, by passage.
    private static func duplicateSection(_ coverers: [Int: [Int]]) -> [UInt8] {
        var writer = ByteWriter()
        writer.append(UInt32(coverers.count))
        for passage in coverers.keys.sorted() {
            let list = coverers[passage] ?? []
            writer.append(UInt32(passage))
            writer.append(UInt32(list.count))
            for coverer in list { writer.append(UInt32(coverer)) }
        }
        return writer.bytes
    }

    /// `Count(u32), Reserved(u32), WordTokenTotal(u64), BigramTokenTotal(u64),
    /// <Document, StartLine, EndLine, ByteStart, ByteEnd, WordCount, BigramCount, Section,
    /// Representative (u32 each)>^Count`.
    private static func passageSection(_ passages: [PassageRecord]) -> [UInt8] {
        var writer = ByteWriter(capacity: IndexFormat.passageHeaderSize + passages.count * IndexFormat.passageRecordSize)
        writer.append(UInt32(passages.count))
        writer.append(UInt32(0))
        writer.append(UInt64(passages.reduce(0) { $0 + $1.wordCount }))
        writer.append(UInt64(passages.reduce(0) { $0 + $1.bigramCount }))
        for record in passages {
            let passage = record.passage
            for value in [passage.documentIndex, passage.startLine, passage.endLine, passage.byteStart,
                          passage.byteEnd, record.wordCount, record.bigramCount] {
                writer.append(UInt32(value))
            }
            writer.append(passage.section.map { UInt32($0) } ?? IndexFormat.noIndex)
            writer.append(UInt32(record.representative))
        }
        return writer.bytes
    }

    /// `TERM`: `Count(u32), Reserved(u32), <Field(u8), MaxFrequency(u8), MinLength(u16),
    /// KeyOffset(u32), KeyLength(u32), DocumentFrequency(u32), PostingsOffset(u64),
    /// PostingsLength(u64)>^Count, KeyBytes`; `POST`: the posting lists (skip table, entries),
    /// concatenated in term order.
    ///
    /// The lists are encoded in two runs of terms of about equal size, the second on a thread
    /// of its own (encoding packs each list's last block), and joined.
    private static func termAndPostingSections(_ terms: [TermRecord]) -> (terms: [UInt8], postings: [UInt8]) {
        let split = balancedSplit(terms)
        let second = PostingRun(terms: terms[split...])
        let secondEncoded = ConcurrentResult { second.encoded(capacity: second.estimatedByteCount) }
        // The first run's buffer gets room for both, so joining copies only the second.
        var (postings, firstEnds) = PostingRun(terms: terms[..<split]).encoded(
            capacity: terms.reduce(0) { $0 + $1.postings.estimatedByteCount })
        let firstByteCount = postings.count
        let (secondBytes, secondEnds) = secondEncoded.value
        postings.append(contentsOf: secondBytes)
        var dictionary = ByteWriter(capacity: IndexFormat.termHeaderSize + terms.count * IndexFormat.termEntrySize)
        var keys = ByteWriter()
        dictionary.append(UInt32(terms.count))
        dictionary.append(UInt32(0))
        var start = 0
        for (index, term) in terms.enumerated() {
            let list = term.postings
            let end = index < split ? firstEnds[index] : firstByteCount + secondEnds[index - split]
            dictionary.append(term.field.rawValue)
            dictionary.append(UInt8(min(list.maxFrequency, IndexFormat.maximumRecordedFrequency)))
            dictionary.append(UInt16(min(list.minLength, IndexFormat.maximumBound16)))
            dictionary.append(UInt32(keys.count))
            dictionary.append(UInt32(term.key.count))
            dictionary.append(UInt32(list.documentFrequency))
            dictionary.append(UInt64(start))
            dictionary.append(UInt64(end - start))
            keys.append(contentsOf: term.key)
            start = end
        }
        dictionary.append(contentsOf: keys.bytes)
        return (dictionary.bytes, postings)
    }

    /// Where to cut `terms` so that both runs hold about half of the estimated posting bytes.
    private static func balancedSplit(_ terms: [TermRecord]) -> Int {
        let total = terms.reduce(0) { $0 + $1.postings.estimatedByteCount }
        var sum = 0
        for (index, term) in terms.enumerated() {
            if 2 * sum >= total { return index }
            sum += term.postings.estimatedByteCount
        }
        return terms.count
    }

    /// `HEAD`: the analyzed heading terms (see ``HeadingTerms/encodedSection(documents:)``), or
    /// no section when ICU cannot be opened (the reader then analyzes the titles itself).
    private static func headingSection(_ documents: [Document]) -> [(IndexFormat.Section, [UInt8])] {
        guard let bytes = try? HeadingTerms.encodedSection(documents: documents) else { return [] }
        return [(.headings, bytes)]
    }

}

/// Consecutive terms' posting lists, encoded end to end. Shared with one thread that only reads
/// it while the builder's lists are no longer appended to.
private struct PostingRun: @unchecked Sendable {
    let terms: ArraySlice<TermRecord>

    /// About the encoded size of the lists (see ``PostingListWriter/estimatedByteCount``).
    var estimatedByteCount: Int { terms.reduce(0) { $0 + $1.postings.estimatedByteCount } }

    /// The encoded lists, in a buffer reserved for `capacity` bytes, and where each one ends.
    func encoded(capacity: Int) -> (bytes: [UInt8], ends: [Int]) {
        var bytes = ByteWriter(capacity: capacity)
        var ends: [Int] = []
        ends.reserveCapacity(terms.count)
        for term in terms {
            term.postings.write(to: &bytes)
            ends.append(bytes.count)
        }
        return (bytes.bytes, ends)
    }
}

/// A value computed on a thread of its own, started at once; ``value`` waits for it.
private final class ConcurrentResult<Value>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written by the thread before it signals `done`, read only after waiting for it.
    private var result: Value?

    init(_ compute: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            result = compute()
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The value, once computed.
    var value: Value {
        done.wait()
        done.signal()
        return result!
    }
}
