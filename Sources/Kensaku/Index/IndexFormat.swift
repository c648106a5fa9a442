/// Constants of the index file format, documented in `docs/index-format.md`.
///
/// ```
/// IndexFile --> Header, Section^SectionCount, Footer
/// Header    --> Magic[8], FormatVersion(u32), SectionCount(u32), <SectionEntry>^SectionCount
/// Footer    --> Checksum(u32), Reserved(u32), FooterMagic[8]
/// ```
/// All integers are little-endian. The checksum is CRC-32 of every byte before the footer.
enum IndexFormat {
    /// `\x89KIDX\r\n\x1a`: a non-ASCII first byte and a CR LF pair reveal text-mode mangling, as
    /// in PNG's signature.
    static let magic: [UInt8] = [0x89, 0x4B, 0x49, 0x44, 0x58, 0x0D, 0x0A, 0x1A]
    static let magicDescription = "89 4B 49 44 58 0D 0A 1A (\\x89KIDX\\r\\n\\x1a)"
    /// `KIDXEND\0`: the last eight bytes of a complete file.
    static let footerMagic: [UInt8] = Array("KIDXEND".utf8) + [0]

    /// The version this build writes. History in `docs/index-format.md`.
    static let currentVersion: UInt32 = 4
    /// The versions this build reads. Version 1 lacks sections and duplicate groups, version 2
    /// the skip tables and score bounds that pruned search needs, version 3 the bit-packed blocks
    /// with positions apart that search decodes (its entries are LEB128 with positions
    /// interleaved), so all are rebuilt rather than read.
    static let readableVersions: ClosedRange<UInt32> = 4...4

    /// Bytes before the first section entry: magic, version, section count.
    static let headerFixedSize = 16
    /// Bytes of one section table entry: tag, reserved, offset, length.
    static let sectionEntrySize = 24
    /// Bytes of the footer.
    static let footerSize = 16
    /// Bytes of one passage record in the `PSGS` section (nine u32 fields).
    static let passageRecordSize = 36
    /// The u32 that stands for "no section" in a passage record and "no parent" in a section.
    static let noIndex = UInt32.max
    /// Bytes of the `PSGS` section header: count, reserved, two u64 token totals.
    static let passageHeaderSize = 24
    /// Bytes of one term entry in the `TERM` section.
    static let termEntrySize = 32
    /// Bytes of the `TERM` section header: count, reserved.
    static let termHeaderSize = 8
    /// Entries per block of a posting list: a list longer than one block starts with a skip
    /// table of one entry per block.
    static let postingBlockSize = 128
    /// Bytes of one skip table entry: last passage, end of the block, largest term frequency,
    /// smallest field length.
    static let skipEntrySize = 12
    /// The largest term frequency a term entry records (u8); larger ones are stored as this,
    /// meaning "this or more".
    static let maximumRecordedFrequency = 255
    /// The largest value of a u16 frequency or length bound; larger frequencies are stored as
    /// this ("this or more"), larger field lengths as this (a smaller length bounds higher).
    static let maximumBound16 = 65_535

    /// Four-character section tags, in the order they are written.
    enum Section: String, CaseIterable {
        /// Key-value metadata: analyzer fingerprint, ICU version, corpus location, writer.
        case metadata = "META"
        /// The document table: name, format, size, modification time, SHA-256, lines, passages,
        /// metadata and sections.
        case documents = "DOCS"
        /// Fixed-size passage records.
        case passages = "PSGS"
        /// The sorted term dictionary.
        case terms = "TERM"
        /// Posting lists: passages, frequencies and positions of every term.
        case postings = "POST"
        /// Duplicate passages and the passages that cover them.
        case duplicates = "DUPS"
        /// Optional: the analyzed terms of section headings and titles (read instead of
        /// analyzing every title on open; an index without it analyzes them).
        case headings = "HEAD"
        /// Optional: a CRC-32 per 64 KiB block of POST, so that opening need not read POST
        /// (see `PostingChecksums`).
        case postingChecksums = "PCRC"

        var tag: [UInt8] { Array(rawValue.utf8) }
    }

    /// Metadata keys.
    enum MetadataKey {
        static let analyzer = "analyzer"
        static let icuVersion = "icu.version"
        static let corpus = "corpus"
        static let builtBy = "built.by"
    }
}
