import Foundation
import Synchronization

/// The `PCRC` section: a CRC-32 for each 64 KiB block of `POST`, so that opening an index
/// checks the footer's whole-file CRC-32 without reading the posting lists, and each block of
/// posting lists is checked the first time a search reads it.
///
/// Opening computes the CRC-32 of the bytes before `POST` and of those after it (`PCRC` itself
/// included), and combines them with the CRC-32 of `POST` that the block checksums claim
/// (`combine`, as zlib's `crc32_combine`). The result must equal the footer's checksum: so every
/// byte outside `POST`, and the block checksums themselves, are checked on open exactly as
/// before; a changed byte inside `POST` is found when its block is first read (then the
/// posting list does not decode: `indexCorrupt`), and by `kensaku index --verify`.
///
/// Layout: `BlockSize(u32), Count(u32), <Checksum(u32)>^Count`, Count = ⌈POST length / BlockSize⌉.
enum PostingChecksums {
    static let blockSize = 65_536

    /// The section for the bytes of `POST`.
    static func section(postings: UnsafeRawBufferPointer) -> [UInt8] {
        section(blockChecksums: blockChecksums(postings: postings))
    }

    /// The bytes before the checksums: BlockSize(u32), Count(u32).
    static let headerSize = 8

    /// Count: the blocks of a `POST` of `postingsLength` bytes.
    static func blockCount(postingsLength: Int, blockSize: Int = blockSize) -> Int {
        (postingsLength + blockSize - 1) / blockSize
    }

    /// The byte count of the section for `blockCount` blocks.
    static func sectionByteCount(blockCount: Int) -> Int {
        headerSize + 4 * blockCount
    }

    /// The section holding `blockChecksums` (see ``blockChecksums(postings:)``).
    static func section(blockChecksums: [UInt32]) -> [UInt8] {
        var writer = ByteWriter(capacity: sectionByteCount(blockCount: blockChecksums.count))
        writer.append(UInt32(blockSize))
        writer.append(UInt32(blockChecksums.count))
        for checksum in blockChecksums { writer.append(checksum) }
        return writer.bytes
    }

    /// The CRC-32 of each block of `postings`, computed on every active processor.
    static func blockChecksums(postings: UnsafeRawBufferPointer) -> [UInt32] {
        let count = blockCount(postingsLength: postings.count)
        let parts = Swift.max(1, Swift.min(count, ProcessInfo.processInfo.activeProcessorCount))
        return [UInt32](unsafeUninitializedCapacity: count) { checksums, initialized in
            // Each part writes its own blocks; both buffers outlive `concurrentPerform`.
            nonisolated(unsafe) let output = checksums
            nonisolated(unsafe) let postings = postings
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                for block in (count * part / parts)..<(count * (part + 1) / parts) {
                    let range = (block * blockSize)..<Swift.min(postings.count, (block + 1) * blockSize)
                    output.initializeElement(at: block, to: CRC32.checksum(UnsafeRawBufferPointer(rebasing: postings[range])))
                }
            }
            initialized = count
        }
    }

    /// The CRC-32 of all of `POST` (`length` bytes) from its block checksums, without reading it.
    static func checksum(ofBlocks blockChecksums: [UInt32], length: Int) -> UInt32 {
        var crc: UInt32 = 0
        for (block, checksum) in blockChecksums.enumerated() {
            crc = combine(crc, checksum, secondLength: Swift.min(blockSize, length - block * blockSize))
        }
        return crc
    }

    /// The CRC-32 of `A + B` from the CRC-32 of `A`, that of `B` and the length of `B` (zlib's
    /// `crc32_combine`).
    static func combine(_ first: UInt32, _ second: UInt32, secondLength: Int) -> UInt32 {
        multiply(powerOfX(eighthsOf: secondLength), first) ^ second
    }

    /// x^(8n) modulo the CRC polynomial: the operator that appends n zero bytes.
    static func powerOfX(eighthsOf length: Int) -> UInt32 {
        var result: UInt32 = 1 << 31  // x^0
        var n = length
        var k = 3  // x^(2^3) = x^8: one byte
        while n > 0 {
            if n & 1 == 1 { result = multiply(powersOfXSquared[k & 31], result) }
            n >>= 1
            k += 1
        }
        return result
    }

    /// a × b modulo the (reflected) CRC polynomial.
    static func multiply(_ a: UInt32, _ b: UInt32) -> UInt32 {
        var b = b
        var mask: UInt32 = 1 << 31
        var product: UInt32 = 0
        while mask != 0 {
            if a & mask != 0 { product ^= b }
            mask >>= 1
            b = b & 1 == 1 ? (b >> 1) ^ 0xEDB8_8320 : b >> 1
        }
        return product
    }

    /// x^(2^k) modulo the polynomial, for k in 0..<32.
    private static let powersOfXSquared: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 32)
        table[0] = 1 << 30  // x^1
        for k in 1..<32 { table[k] = multiply(table[k - 1], table[k - 1]) }
        return table
    }()

    /// A copy of an index file with its `PCRC` section (when it has one) and its footer checksum
    /// recomputed from its bytes: for tests that change bytes behind valid checksums.
    static func refreshed(_ file: [UInt8]) -> [UInt8] {
        var bytes = file
        let footerStart = bytes.count - IndexFormat.footerSize
        if let layout = Layout(bytes: bytes) {
            let fresh = bytes.withUnsafeBytes { section(postings: UnsafeRawBufferPointer(rebasing: $0[layout.postings])) }
            if fresh.count == layout.checksums.count { bytes.replaceSubrange(layout.checksums, with: fresh) }
        }
        let checksum = bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[..<footerStart])) }
        for index in 0..<4 { bytes[footerStart + index] = UInt8(truncatingIfNeeded: checksum >> (8 * UInt32(index))) }
        return bytes
    }

    /// Where `POST` and `PCRC` lie, read from the section table without trusting it: nil when
    /// the table is malformed, either section is missing, or `PCRC` does not fit `POST` (the
    /// reader then checks the whole file).
    struct Layout {
        let postings: Range<Int>
        let checksums: Range<Int>
        let blockSize: Int
        let blockCount: Int

        init?(bytes: UnsafeRawBufferPointer) {
            guard bytes.count >= IndexFormat.headerFixedSize + IndexFormat.footerSize else { return nil }
            func u32(_ offset: Int) -> Int { Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))) }
            func u64(_ offset: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
            let footerStart = bytes.count - IndexFormat.footerSize
            let sectionCount = u32(12)
            let tableEnd = IndexFormat.headerFixedSize + sectionCount * IndexFormat.sectionEntrySize
            guard sectionCount <= 64, tableEnd <= footerStart else { return nil }
            var postings: Range<Int>?, checksums: Range<Int>?
            for index in 0..<sectionCount {
                let entry = IndexFormat.headerFixedSize + index * IndexFormat.sectionEntrySize
                let offset = u64(entry + 8), length = u64(entry + 16)
                guard offset >= UInt64(tableEnd), length <= UInt64(footerStart), offset <= UInt64(footerStart) - length else { return nil }
                let range = Int(offset)..<Int(offset + length)
                let tag = (0..<4).map { bytes[entry + $0] }
                if tag == IndexFormat.Section.postings.tag { postings = range }
                if tag == IndexFormat.Section.postingChecksums.tag { checksums = range }
            }
            guard let postings, let checksums, checksums.count >= PostingChecksums.headerSize,
                  checksums.upperBound <= postings.lowerBound || checksums.lowerBound >= postings.upperBound else { return nil }
            blockSize = u32(checksums.lowerBound)
            blockCount = u32(checksums.lowerBound + 4)
            guard blockSize > 0, blockCount == PostingChecksums.blockCount(postingsLength: postings.count, blockSize: blockSize),
                  checksums.count == PostingChecksums.sectionByteCount(blockCount: blockCount) else { return nil }
            self.postings = postings
            self.checksums = checksums
        }

        init?(bytes: [UInt8]) {
            guard let layout = bytes.withUnsafeBytes({ Layout(bytes: $0) }) else { return nil }
            self = layout
        }
    }
}

/// Checks blocks of `POST` against `PCRC` on first use; thread-safe (a `SearchIndex` is shared).
final class PostingBlockVerifier: Sendable {
    private let file: MappedFile
    private let layout: PostingChecksums.Layout
    /// One bit per block: checked and intact.
    private let verified: Mutex<[UInt64]>

    init(file: MappedFile, layout: PostingChecksums.Layout) {
        self.file = file
        self.layout = layout
        verified = Mutex([UInt64](repeating: 0, count: (layout.blockCount + 63) / 64))
    }

    /// The stored checksum of block `index`.
    private func storedChecksum(_ index: Int) -> UInt32 {
        UInt32(littleEndian: file.bytes.loadUnaligned(fromByteOffset: layout.checksums.lowerBound + PostingChecksums.headerSize + 4 * index, as: UInt32.self))
    }

    private func blockRange(_ index: Int) -> Range<Int> {
        let start = layout.postings.lowerBound + index * layout.blockSize
        return start..<min(layout.postings.upperBound, start + layout.blockSize)
    }

    /// The CRC-32 that the block checksums claim for the whole of `POST`.
    func claimedPostingsChecksum() -> UInt32 {
        var crc: UInt32 = 0
        let fullBlock = PostingChecksums.powerOfX(eighthsOf: layout.blockSize)
        for index in 0..<layout.blockCount {
            let length = blockRange(index).count
            let shift = length == layout.blockSize ? fullBlock : PostingChecksums.powerOfX(eighthsOf: length)
            crc = PostingChecksums.multiply(shift, crc) ^ storedChecksum(index)
        }
        return crc
    }

    /// Whether the blocks holding the file range `range` (inside `POST`) match their checksums;
    /// each block is read once.
    func verify(_ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return true }
        let first = (range.lowerBound - layout.postings.lowerBound) / layout.blockSize
        let last = (range.upperBound - 1 - layout.postings.lowerBound) / layout.blockSize
        guard first >= 0, last < layout.blockCount else { return false }
        for block in first...last {
            if verified.withLock({ $0[block / 64] & (1 << UInt64(block % 64)) != 0 }) { continue }
            let crc = CRC32.checksum(UnsafeRawBufferPointer(rebasing: file.bytes[blockRange(block)]))
            guard crc == storedChecksum(block) else { return false }
            verified.withLock { $0[block / 64] |= 1 << UInt64(block % 64) }
        }
        return true
    }

    /// The blocks that do not match their checksums (for verification).
    func damagedBlocks() -> [Int] {
        (0..<layout.blockCount).filter { block in
            CRC32.checksum(UnsafeRawBufferPointer(rebasing: file.bytes[blockRange(block)])) != storedChecksum(block)
        }
    }
}
