import Foundation

/// Reads an index file through a memory mapping, validating it on open.
///
/// Opening checks the magic number, format version, footer, CRC-32 and section bounds, and
/// decodes the small tables (metadata, documents); passages, terms and postings are read on
/// demand from the mapping.
final class IndexReader: Sendable {
    /// The path the index was opened from.
    let path: String
    /// The format version of the file.
    let formatVersion: UInt32
    /// Key-value metadata (analyzer fingerprint, corpus location, …).
    let metadata: [String: String]
    /// The document table.
    let documents: [Document]
    /// For each duplicate passage, the passages that cover it, best first.
    let coverers: CovererTable
    /// The keys of `coverers`: the passages that are duplicates.
    let duplicatePassages: PassageSet
    /// The number of passages.
    let passageCount: Int
    /// Sum of word tokens over all passages (for the average field length).
    let wordTokenTotal: Int
    /// Sum of bigram tokens over all passages.
    let bigramTokenTotal: Int
    /// The number of terms over both fields.
    let termCount: Int
    /// The file's size in bytes.
    let byteCount: Int

    fileprivate let file: MappedFile
    fileprivate let passageRecordsOffset: Int
    fileprivate let termEntriesOffset: Int
    fileprivate let keysRange: Range<Int>
    /// Narrows ``lookup(_:field:)``'s binary search.
    private let termSamples: SortedKeySamples
    fileprivate let postingsRange: Range<Int>
    /// Checks blocks of POST on first read, when the file has PCRC (else the whole file was
    /// checked on open).
    fileprivate let postingBlocks: PostingBlockVerifier?
    /// The optional `HEAD` section.
    fileprivate let headingsRange: Range<Int>?
    /// BM25 length normalization per passage, made on first use.
    let lengthNorms = LengthNormsCache()

    /// Opens and validates the index file at `path`.
    ///
    /// - Throws: `KensakuError` with code `indexNotFound`, `fileUnreadable`, `indexEmpty`,
    ///   `indexNotKensaku`, `indexTruncated`, `indexVersionTooOld`, `indexVersionTooNew` or `indexCorrupt`.
    init(path: String) throws(KensakuError) {
        self.path = path
        file = try MappedFile(path: path)
        let bytes = file.bytes
        byteCount = bytes.count
        func corrupt(_ detail: String) -> KensakuError { KensakuError(.indexCorrupt(path: path, detail: detail)) }

        guard bytes.count > 0 else { throw KensakuError(.indexEmpty(path: path)) }
        let magicLength = min(bytes.count, IndexFormat.magic.count)
        guard bytes.prefix(magicLength).elementsEqual(IndexFormat.magic.prefix(magicLength)) else {
            let found = bytes.prefix(8).map { String($0, radix: 16, uppercase: true) }.map { $0.count == 1 ? "0" + $0 : $0 }
            throw KensakuError(.indexNotKensaku(path: path, foundMagic: found.joined(separator: " ")))
        }
        let minimumSize = IndexFormat.headerFixedSize + IndexFormat.footerSize
        guard bytes.count >= minimumSize else {
            throw KensakuError(.indexTruncated(path: path, expectedBytes: minimumSize, foundBytes: bytes.count))
        }
        var header = ByteReader(bytes, range: 8..<IndexFormat.headerFixedSize)
        let version: UInt32
        let sectionCount: Int
        do {
            version = try header.readUInt32()
            sectionCount = Int(try header.readUInt32())
        } catch {
            throw corrupt("the header is unreadable")
        }
        if version < IndexFormat.readableVersions.lowerBound {
            throw KensakuError(.indexVersionTooOld(path: path, found: version, supported: IndexFormat.readableVersions))
        }
        if version > IndexFormat.readableVersions.upperBound {
            throw KensakuError(.indexVersionTooNew(path: path, found: version, supported: IndexFormat.readableVersions))
        }
        formatVersion = version

        let footerStart = bytes.count - IndexFormat.footerSize
        guard bytes[(footerStart + 8)...].elementsEqual(IndexFormat.footerMagic) else {
            let tableEnd = IndexFormat.headerFixedSize + sectionCount * IndexFormat.sectionEntrySize
            var expected = tableEnd + IndexFormat.footerSize
            if bytes.count >= tableEnd {
                var table = ByteReader(bytes, range: IndexFormat.headerFixedSize..<tableEnd)
                for _ in 0..<sectionCount {
                    guard (try? table.readBytes(8)) != nil, let offset = try? table.readUInt64(),
                          let length = try? table.readUInt64() else { break }
                    expected = max(expected, Int(clamping: offset &+ length) + IndexFormat.footerSize)
                }
            }
            if expected > bytes.count {
                throw KensakuError(.indexTruncated(path: path, expectedBytes: expected, foundBytes: bytes.count))
            }
            throw corrupt("the footer magic is missing (the file was not written completely)")
        }
        var footer = ByteReader(bytes, range: footerStart..<bytes.count)
        let storedChecksum = (try? footer.readUInt32()) ?? 0
        // The reserved word is outside the checksum, so it is checked on its own.
        guard (try? footer.readUInt32()) == 0 else { throw corrupt("the footer's reserved field is not zero") }
        // With PCRC, POST is left out here: its blocks are checked when first read.
        let layout = PostingChecksums.Layout(bytes: bytes)
        let mapping = file
        let blockVerifier = layout.map { PostingBlockVerifier(file: mapping, layout: $0) }
        let computedChecksum: UInt32
        if let blockVerifier, let layout {
            let before = CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[..<layout.postings.lowerBound]))
            let after = CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[layout.postings.upperBound..<footerStart]))
            let postings = blockVerifier.claimedPostingsChecksum()
            computedChecksum = PostingChecksums.combine(
                PostingChecksums.combine(before, postings, secondLength: layout.postings.count),
                after, secondLength: footerStart - layout.postings.upperBound)
        } else {
            computedChecksum = CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[..<footerStart]))
        }
        postingBlocks = blockVerifier
        guard storedChecksum == computedChecksum else {
            throw corrupt("checksum mismatch (stored \(hex32(storedChecksum)), computed \(hex32(computedChecksum)))")
        }

        // Section table.
        let tableEnd = IndexFormat.headerFixedSize + sectionCount * IndexFormat.sectionEntrySize
        guard sectionCount <= 64, tableEnd <= footerStart else { throw corrupt("the section table is malformed") }
        var sections: [String: Range<Int>] = [:]
        var table = ByteReader(bytes, range: IndexFormat.headerFixedSize..<tableEnd)
        do {
            for _ in 0..<sectionCount {
                let tag = String(decoding: try table.readBytes(4), as: UTF8.self)
                _ = try table.readUInt32()
                let offset = try table.readUInt64(), length = try table.readUInt64()
                guard offset >= UInt64(tableEnd), length <= UInt64(footerStart), offset <= UInt64(footerStart) - length else {
                    throw corrupt("section \(tag) lies outside the file")
                }
                sections[tag] = Int(offset)..<Int(offset + length)
            }
        } catch let error as KensakuError {
            throw error
        } catch {
            throw corrupt("the section table is malformed")
        }
        func section(_ name: IndexFormat.Section) throws(KensakuError) -> Range<Int> {
            guard let range = sections[name.rawValue] else { throw corrupt("section \(name.rawValue) is missing") }
            return range
        }

        // META
        var metadata: [String: String] = [:]
        do {
            var reader = ByteReader(bytes, range: try section(.metadata))
            let count = Int(try reader.readUInt32())
            for _ in 0..<count {
                let key = try reader.readString()
                metadata[key] = try reader.readString()
            }
        } catch let error as KensakuError {
            throw error
        } catch {
            throw corrupt("section META is malformed")
        }
        self.metadata = metadata

        // PSGS header
        let passageSection = try section(.passages)
        do {
            var reader = ByteReader(bytes, range: passageSection)
            passageCount = Int(try reader.readUInt32())
            _ = try reader.readUInt32()
            wordTokenTotal = Int(clamping: try reader.readUInt64())
            bigramTokenTotal = Int(clamping: try reader.readUInt64())
        } catch {
            throw corrupt("section PSGS is malformed")
        }
        passageRecordsOffset = passageSection.lowerBound + IndexFormat.passageHeaderSize
        guard passageSection.count == IndexFormat.passageHeaderSize + passageCount * IndexFormat.passageRecordSize else {
            throw corrupt("section PSGS has \(passageSection.count) bytes, expected \(IndexFormat.passageHeaderSize + passageCount * IndexFormat.passageRecordSize) for \(passageCount) passages")
        }

        // DOCS
        var documents: [Document] = []
        do {
            var reader = ByteReader(bytes, range: try section(.documents))
            let count = Int(try reader.readUInt32())
            for _ in 0..<count {
                let name = try reader.readString()
                let formatName = try reader.readString()
                guard let format = DocumentFormat(rawValue: formatName) else { throw corrupt("document \(name) has unknown format '\(formatName)'") }
                let size = Int(clamping: try reader.readUInt64())
                let modified = Int64(bitPattern: try reader.readUInt64())
                let digest = Array(try reader.readBytes(32))
                let lines = Int(try reader.readUInt32())
                let first = Int(try reader.readUInt32())
                let passages = Int(try reader.readUInt32())
                guard first + passages <= passageCount else { throw corrupt("document \(name) points past the passage table") }
                var metadata: [String: String] = [:]
                for _ in 0..<Int(try reader.readUInt32()) {
                    let key = try reader.readString()
                    metadata[key] = try reader.readString()
                }
                let sectionCount = Int(try reader.readUInt32())
                guard sectionCount <= reader.remainingCount else { throw corrupt("document \(name) claims \(sectionCount) sections") }
                var sections: [Section] = []
                for index in 0..<sectionCount {
                    let title = try reader.readString()
                    let level = Int(try reader.readUInt32())
                    let start = Int(try reader.readUInt32()), end = Int(try reader.readUInt32())
                    let heading = Int(try reader.readUInt32())
                    let parent = try reader.readUInt32()
                    guard parent == IndexFormat.noIndex || Int(parent) < index else {
                        throw corrupt("section \(index) of \(name) has parent \(parent), which does not precede it")
                    }
                    sections.append(Section(title: title, level: level, startLine: start, endLine: end,
                                            headingLine: heading == 0 ? nil : heading,
                                            parent: parent == IndexFormat.noIndex ? nil : Int(parent)))
                }
                documents.append(Document(
                    name: name, format: format, metadata: metadata, byteCount: size, modificationTimeNanoseconds: modified,
                    sha256Digest: digest, lineCount: lines, passageRange: first..<(first + passages), sections: sections))
            }
        } catch let error as KensakuError {
            throw error
        } catch {
            throw corrupt("section DOCS is malformed")
        }
        self.documents = documents

        // DUPS
        let duplicatesRange = try section(.duplicates)
        do {
            var reader = ByteReader(bytes, range: duplicatesRange)
            let count = Int(try reader.readUInt32())
            // Each entry takes at least 12 bytes: a larger count is damage.
            guard count <= reader.remainingCount / 12 else { throw corrupt("section DUPS is malformed") }
            var passages: [Int] = [], starts = [0], flat: [UInt32] = []
            passages.reserveCapacity(count)
            starts.reserveCapacity(count + 1)
            flat.reserveCapacity(reader.remainingCount / 4)
            let limit = UInt32(truncatingIfNeeded: passageCount)
            for _ in 0..<count {
                let passage = try reader.readUInt32()
                let listCount = Int(try reader.readUInt32())
                guard listCount >= 1, listCount <= reader.remainingCount / 4 else { throw corrupt("section DUPS is malformed") }
                for _ in 0..<listCount {
                    let coverer = try reader.readUInt32()
                    guard passage < limit, coverer < limit, coverer != passage else {
                        throw corrupt("section DUPS names passages outside the passage table")
                    }
                    flat.append(coverer)
                }
                passages.append(Int(passage))
                starts.append(flat.count)
            }
            coverers = CovererTable(passages: passages, starts: starts, coverers: flat)
        } catch let error as KensakuError {
            throw error
        } catch {
            throw corrupt("section DUPS is malformed")
        }
        duplicatePassages = coverers.duplicateSet

        // TERM header
        let termSection = try section(.terms)
        do {
            var reader = ByteReader(bytes, range: termSection)
            termCount = Int(try reader.readUInt32())
        } catch {
            throw corrupt("section TERM is malformed")
        }
        termEntriesOffset = termSection.lowerBound + IndexFormat.termHeaderSize
        let keysStart = termEntriesOffset + termCount * IndexFormat.termEntrySize
        guard keysStart <= termSection.upperBound else { throw corrupt("section TERM is shorter than its \(termCount) entries") }
        keysRange = keysStart..<termSection.upperBound
        let (entriesStart, keys) = (termEntriesOffset, keysRange)
        termSamples = SortedKeySamples(count: termCount) { index in
            let (offset, length) = Self.keyLocation(index, in: bytes, entriesOffset: entriesStart, keys: keys)
            return (bytes[entriesStart + index * IndexFormat.termEntrySize], UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)]))
        }
        postingsRange = try section(.postings)
        headingsRange = sections[IndexFormat.Section.headings.rawValue]
    }

    /// The passage record at `index`.
    ///
    /// - Precondition: `index < passageCount` (a programmer error otherwise: it traps).
    func passage(at index: Int) -> PassageRecord {
        precondition(index >= 0 && index < passageCount, "passage index out of range")
        let base = passageRecordsOffset + index * IndexFormat.passageRecordSize
        func field(_ number: Int) -> Int {
            Int(UInt32(littleEndian: file.bytes.loadUnaligned(fromByteOffset: base + number * 4, as: UInt32.self)))
        }
        let section = UInt32(truncatingIfNeeded: field(7))
        return PassageRecord(
            passage: Passage(documentIndex: field(0), startLine: field(1), endLine: field(2),
                             byteStart: field(3), byteEnd: field(4),
                             section: section == IndexFormat.noIndex ? nil : Int(section)),
            wordCount: field(5), bigramCount: field(6), representative: field(8))
    }

    /// Where a term's posting list lies, how many passages it has, and bounds of its entries.
    struct TermInfo: Sendable, Hashable {
        let field: Token.Kind
        let documentFrequency: Int
        /// The whole list in the file: skip table, then entries.
        let postings: Range<Int>
        /// The largest term frequency in the list (``IndexFormat/maximumRecordedFrequency`` means
        /// this or more).
        var maxFrequency = IndexFormat.maximumRecordedFrequency
        /// The smallest field length of a passage in the list (possibly lower than the true one).
        var minLength = 0

        /// Skip table entries: one per block when the list has more than one block, else none.
        var blockCount: Int {
            documentFrequency > IndexFormat.postingBlockSize
                ? (documentFrequency + IndexFormat.postingBlockSize - 1) / IndexFormat.postingBlockSize : 0
        }

        /// Where the entries start, after the skip table (the table's size exceeding the list is damage).
        var entriesStart: Int { min(postings.upperBound, postings.lowerBound + blockCount * IndexFormat.skipEntrySize) }
    }

    /// Finds a term by binary search over the sorted dictionary.
    ///
    /// - Complexity: O(log *t*) comparisons for *t* terms.
    func lookup(_ term: String, field: Token.Kind) -> TermInfo? {
        var text = term
        return text.withUTF8 { key -> TermInfo? in
            let candidates = termSamples.candidates(kind: field.rawValue, key: UnsafeRawBufferPointer(key))
            var low = candidates.lowerBound, high = candidates.upperBound
            while low < high {
                let middle = (low + high) / 2
                let order = compareEntry(middle, field: field, key: UnsafeRawBufferPointer(key))
                if order == 0 { return termInfo(middle) }
                if order < 0 { low = middle + 1 } else { high = middle }
            }
            return nil
        }
    }

    /// The term entry at `index` in dictionary order, with its text (for verification and tools).
    func term(at index: Int) -> (text: String, info: TermInfo)? {
        guard index >= 0, index < termCount, let info = termInfo(index) else { return nil }
        let (offset, length) = keyLocation(index)
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: file.bytes[offset..<(offset + length)]), as: UTF8.self)
        return (text, info)
    }

    /// A cursor over a term's posting list.
    func postings(_ info: TermInfo) -> PostingsCursor {
        if let postingBlocks, !postingBlocks.verify(info.postings) { return damagedPostings(info) }
        return PostingsCursor(file: file.bytes, info: info)
    }

    // MARK: - Entries

    private func entryField(_ index: Int, _ byteOffset: Int) -> UInt32 {
        UInt32(littleEndian: file.bytes.loadUnaligned(
            fromByteOffset: termEntriesOffset + index * IndexFormat.termEntrySize + byteOffset, as: UInt32.self))
    }

    private func entryField64(_ index: Int, _ byteOffset: Int) -> UInt64 {
        UInt64(littleEndian: file.bytes.loadUnaligned(
            fromByteOffset: termEntriesOffset + index * IndexFormat.termEntrySize + byteOffset, as: UInt64.self))
    }

    private func keyLocation(_ index: Int) -> (offset: Int, length: Int) {
        Self.keyLocation(index, in: file.bytes, entriesOffset: termEntriesOffset, keys: keysRange)
    }

    /// Where entry `index`'s key bytes lie, cut to `keys` (a damaged entry cannot reach outside).
    private static func keyLocation(
        _ index: Int, in bytes: UnsafeRawBufferPointer, entriesOffset: Int, keys: Range<Int>
    ) -> (offset: Int, length: Int) {
        let base = entriesOffset + index * IndexFormat.termEntrySize
        let offset = keys.lowerBound + Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: base + 4, as: UInt32.self)))
        let length = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: base + 8, as: UInt32.self)))
        let end = min(offset + length, keys.upperBound)
        return (min(offset, end), end - min(offset, end))
    }

    /// Negative when entry `index` sorts before (`field`, `key`), zero when equal.
    private func compareEntry(_ index: Int, field: Token.Kind, key: UnsafeRawBufferPointer) -> Int {
        let entryField = UInt8(truncatingIfNeeded: entryField(index, 0))
        if entryField != field.rawValue { return entryField < field.rawValue ? -1 : 1 }
        let (offset, length) = keyLocation(index)
        let common = min(length, key.count)
        if common > 0, let stored = file.bytes.baseAddress, let wanted = key.baseAddress {
            let order = memcmp(stored + offset, wanted, common)
            if order != 0 { return order < 0 ? -1 : 1 }
        }
        return length - key.count
    }

    private func termInfo(_ index: Int) -> TermInfo? {
        guard let field = Token.Kind(rawValue: UInt8(truncatingIfNeeded: entryField(index, 0))) else { return nil }
        let frequency = Int(entryField(index, 12))
        let offset = entryField64(index, 16), length = entryField64(index, 24)
        guard offset <= UInt64(postingsRange.count), length <= UInt64(postingsRange.count) - offset else { return nil }
        let start = postingsRange.lowerBound + Int(offset)
        let bounds = entryField(index, 0)
        let info = TermInfo(field: field, documentFrequency: frequency, postings: start..<(start + Int(length)),
                            maxFrequency: Int(bounds >> 8 & 0xFF), minLength: Int(bounds >> 16))
        // A skip table longer than the list is damage: reading it would leave the list.
        guard info.blockCount * IndexFormat.skipEntrySize <= info.postings.count else { return nil }
        return info
    }
}

private func hex32(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}

extension IndexReader {
    /// A passage's document and section, without decoding the whole record.
    @inline(__always)
    func location(ofPassage index: Int) -> (document: Int, section: Int?) {
        let base = passageRecordsOffset + index * IndexFormat.passageRecordSize
        let document = UInt32(littleEndian: file.bytes.loadUnaligned(fromByteOffset: base, as: UInt32.self))
        let section = UInt32(littleEndian: file.bytes.loadUnaligned(fromByteOffset: base + 28, as: UInt32.self))
        return (Int(document), section == IndexFormat.noIndex ? nil : Int(section))
    }

    /// The token count of one field of a passage, without decoding the whole record.
    @inline(__always)
    func fieldLength(ofPassage index: Int, field: Token.Kind) -> Int {
        let base = passageRecordsOffset + index * IndexFormat.passageRecordSize
        let offset = field == .word ? 20 : 24
        return Int(UInt32(littleEndian: file.bytes.loadUnaligned(fromByteOffset: base + offset, as: UInt32.self)))
    }
}

extension IndexReader {
    /// A term entry as stored, unchecked: for ``IndexVerifier``.
    struct RawTermEntry {
        var field: UInt8
        var maxFrequency: Int
        var minLength: Int
        var keyOffset: Int
        var keyLength: Int
        var documentFrequency: Int
        var postingsOffset: UInt64
        var postingsLength: UInt64
    }

    /// The stored fields of term entry `index` (0 ..< `termCount`).
    func rawTermEntry(_ index: Int) -> RawTermEntry {
        let base = termEntriesOffset + index * IndexFormat.termEntrySize
        func u32(_ offset: Int) -> Int {
            Int(UInt32(littleEndian: file.bytes.loadUnaligned(fromByteOffset: base + offset, as: UInt32.self)))
        }
        func u64(_ offset: Int) -> UInt64 {
            UInt64(littleEndian: file.bytes.loadUnaligned(fromByteOffset: base + offset, as: UInt64.self))
        }
        return RawTermEntry(field: file.bytes[base], maxFrequency: Int(file.bytes[base + 1]),
                            minLength: Int(file.bytes[base + 2]) | Int(file.bytes[base + 3]) << 8,
                            keyOffset: u32(4), keyLength: u32(8),
                            documentFrequency: u32(12), postingsOffset: u64(16), postingsLength: u64(24))
    }

    /// The key bytes of an entry, or nil when they lie outside the key area.
    func keyBytes(of entry: RawTermEntry) -> [UInt8]? {
        guard entry.keyOffset <= keysRange.count, entry.keyLength <= keysRange.count - entry.keyOffset else { return nil }
        let start = keysRange.lowerBound + entry.keyOffset
        return Array(file.bytes[start..<(start + entry.keyLength)])
    }

    /// The byte size of the postings section.
    var postingsByteCount: Int { postingsRange.count }
    /// The file offset where the postings section starts.
    var postingsStart: Int { postingsRange.lowerBound }
}

extension IndexReader {
    /// The positions of a term in each of `passages` that holds it (every passage when nil).
    ///
    /// - Complexity: the length of the term's posting list without `passages`.
    /// - Throws: `KensakuError` (`indexCorrupt`) when the posting list does not decode.
    func positions(of term: String, field: Token.Kind, in passages: Set<Int>?) throws(KensakuError) -> [Int: [Int]] {
        if let passages {
            let sorted = passages.sorted()
            let lists = try positionLists(of: term, field: field, inSorted: sorted)
            var found: [Int: [Int]] = [:]
            for (passage, positions) in zip(sorted, lists) where !positions.isEmpty { found[passage] = positions }
            return found
        }
        guard let info = lookup(term, field: field) else { return [:] }
        var found: [Int: [Int]] = [:]
        var cursor = postings(info)
        do {
            while try cursor.next() {
                found[cursor.passage] = try cursor.positions()
            }
        } catch {
            throw KensakuError(.indexCorrupt(path: path, detail: "the posting list of '\(term)' does not decode"))
        }
        return found
    }

    /// The positions of a term in each of `passages` (increasing), aligned with them: an empty
    /// list where a passage does not hold the term.
    ///
    /// - Complexity: one skip-table search and at most one block's scan per passage.
    /// - Throws: `KensakuError` (`indexCorrupt`) when the posting list does not decode.
    func positionLists(of term: String, field: Token.Kind, inSorted passages: [Int]) throws(KensakuError) -> [[Int]] {
        var lists = [[Int]](repeating: [], count: passages.count)
        guard let info = lookup(term, field: field) else { return lists }
        var cursor = postings(info)
        do {
            for (index, passage) in passages.enumerated() {
                guard try cursor.advance(to: passage) else { break }
                if cursor.passage == passage { lists[index] = try cursor.positions() }
            }
        } catch {
            throw KensakuError(.indexCorrupt(path: path, detail: "the posting list of '\(term)' does not decode"))
        }
        return lists
    }
}

extension IndexReader {
    /// The heading terms stored in the `HEAD` section, or nil when the file has none.
    ///
    /// The term table stays in the mapping (searched in place); the sets of term numbers and each
    /// section's set are decoded and checked against the document table.
    ///
    /// - Throws: `KensakuError` (`indexCorrupt`) when the section is malformed.
    func storedHeadingTerms() throws(KensakuError) -> HeadingTerms? {
        guard let range = headingsRange else { return nil }
        func malformed(_ detail: String = "") -> KensakuError {
            KensakuError(.indexCorrupt(path: path, detail: "section HEAD is malformed" + detail))
        }
        let bytes = file.bytes
        do {
            var reader = ByteReader(bytes, range: range)
            let termCount = Int(try reader.readUInt32())
            guard termCount <= reader.remainingCount / StoredHeadingVocabulary.entrySize else { throw malformed() }
            let entriesOffset = reader.offset
            _ = try reader.readBytes(termCount * StoredHeadingVocabulary.entrySize)
            let keyByteCount = Int(try reader.readUInt32())
            let keysStart = reader.offset
            _ = try reader.readBytes(keyByteCount)
            for index in 0..<termCount {
                let base = entriesOffset + index * StoredHeadingVocabulary.entrySize
                let offset = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: base + 1, as: UInt32.self))
                let length = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: base + 5, as: UInt32.self))
                guard Int(offset) <= keyByteCount, Int(length) <= keyByteCount - Int(offset) else {
                    throw malformed(": term \(index) lies outside the key bytes")
                }
            }
            let setCount = Int(try reader.readUInt32())
            guard setCount <= reader.remainingCount / 4 else { throw malformed() }
            var sets: [[Int32]] = []
            sets.reserveCapacity(setCount)
            for _ in 0..<setCount {
                let count = Int(try reader.readUInt32())
                guard count <= reader.remainingCount / 4 else { throw malformed() }
                var set: [Int32] = []
                set.reserveCapacity(count)
                for _ in 0..<count {
                    let number = try reader.readUInt32()
                    guard Int(number) < termCount, set.last.map({ $0 < Int32(number) }) ?? true else {
                        throw malformed(": a term set is not sorted or names an unknown term")
                    }
                    set.append(Int32(number))
                }
                sets.append(set)
            }
            func setNumber() throws(KensakuError) -> Int32 {
                let number = Int((try? reader.readUInt32()) ?? UInt32.max)
                guard number < sets.count else { throw malformed() }
                return Int32(number)
            }
            guard Int(try reader.readUInt32()) == documents.count else {
                throw malformed(": it does not list the \(documents.count) documents")
            }
            var sectionSets: [[Int32]] = []
            var titleSets: [Int32] = []
            sectionSets.reserveCapacity(documents.count)
            titleSets.reserveCapacity(documents.count)
            for document in documents {
                titleSets.append(try setNumber())
                guard Int(try reader.readUInt32()) == document.sections.count else {
                    throw malformed(": the sections of \(document.name) do not match DOCS")
                }
                var sections: [Int32] = []
                sections.reserveCapacity(document.sections.count)
                for _ in document.sections.indices { sections.append(try setNumber()) }
                sectionSets.append(sections)
            }
            guard reader.isAtEnd else { throw malformed(": it has bytes after the document table") }
            let vocabulary = StoredHeadingVocabulary(
                file: file, entriesOffset: entriesOffset, count: termCount, keys: keysStart..<(keysStart + keyByteCount))
            return HeadingTerms(stored: vocabulary, sets: sets, sectionSets: sectionSets, titleSets: titleSets)
        } catch let error as KensakuError {
            throw error
        } catch {
            throw malformed()
        }
    }
}

extension IndexReader {
    /// For verification: nil when the file has no `HEAD` section or it holds exactly what
    /// analyzing the titles gives now; otherwise the problem.
    func headingSectionProblem() -> String? {
        guard let range = headingsRange else { return nil }
        do {
            _ = try storedHeadingTerms()
        } catch {
            return error.message
        }
        guard let expected = try? HeadingTerms.encodedSection(documents: documents) else { return nil }
        guard UnsafeRawBufferPointer(rebasing: file.bytes[range]).elementsEqual(expected) else {
            return "section HEAD does not hold the analyzed terms of the titles and headings"
        }
        return nil
    }
}

extension IndexReader {
    /// A cursor that fails on its first step: for a posting list whose block does not match its
    /// checksum (callers report `indexCorrupt`, as for a list that does not decode).
    fileprivate func damagedPostings(_ info: TermInfo) -> PostingsCursor {
        // One entry promised, no bytes to read it from: the first read throws.
        PostingsCursor(file: file.bytes, info: TermInfo(field: info.field, documentFrequency: 1,
                                                        postings: info.postings.lowerBound..<info.postings.lowerBound))
    }

    /// For verification: the whole-file checksum (which opening leaves to the block checks when
    /// the file has PCRC) and every block of POST; empty when all match.
    func checksumProblems() -> [String] {
        let bytes = file.bytes
        let footerStart = bytes.count - IndexFormat.footerSize
        var problems: [String] = []
        let stored = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: footerStart, as: UInt32.self))
        let computed = CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[..<footerStart]))
        if stored != computed {
            problems.append("checksum mismatch (stored \(hex32(stored)), computed \(hex32(computed)))")
        }
        for block in postingBlocks?.damagedBlocks() ?? [] {
            problems.append("block \(block) of POST does not match its checksum in PCRC")
        }
        return problems
    }
}

extension IndexReader {
    /// The reverse of the coverer lists: the duplicates each passage covers.
    func coveredPassages() -> CoveredPassages {
        coverers.covered(passageCount: passageCount)
    }
}
