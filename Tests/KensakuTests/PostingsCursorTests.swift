import Testing
@testable import Kensaku

/// Bit-packed blocks, skip tables and score bounds of format 4 posting lists, on the real corpus
/// and on hand-made lists.
@Suite struct PostingsCursorTests {
    /// Every entry of a list, read one by one.
    private func entries(_ reader: IndexReader, _ info: IndexReader.TermInfo) throws -> [(passage: Int, frequency: Int)] {
        var cursor = reader.postings(info)
        var all: [(Int, Int)] = []
        while try cursor.next() { all.append((cursor.passage, cursor.frequency)) }
        return all
    }

    private func corpusReader() throws -> IndexReader {
        try IndexReader(path: try TestSupport.index().path)
    }

    @Test func advanceFindsWhatALinearScanFinds() throws {
        let reader = try corpusReader()
        var generator = SplitMix64(seed: 42)
        var listsWithSkips = 0
        for index in 0..<reader.termCount {
            guard let (_, info) = reader.term(at: index), info.blockCount > 0 else { continue }
            listsWithSkips += 1
            let all = try entries(reader, info)
            #expect(all.count == info.documentFrequency)
            // Increasing targets on one cursor (how search uses it), including ones past the end.
            var cursor = reader.postings(info)
            var target = 0
            while target <= reader.passageCount + 1 {
                let expected = all.first { $0.passage >= target }
                let found = try cursor.advance(to: target)
                #expect(found == (expected != nil))
                if let expected {
                    #expect(cursor.passage == expected.passage && cursor.frequency == expected.frequency)
                }
                target += 1 + Int(generator.next() % 200)
            }
            // A fresh cursor jumping straight to each entry, then reading its positions.
            for entry in all.shuffled(using: &generator).prefix(5) {
                var fresh = reader.postings(info)
                #expect(try fresh.advance(to: entry.passage) && fresh.passage == entry.passage)
                #expect(try fresh.positions().count == entry.frequency)
            }
        }
        #expect(listsWithSkips > 50, "the corpus has many lists longer than a block")
    }

    @Test func boundsHoldForEveryEntry() throws {
        let reader = try corpusReader()
        for index in 0..<reader.termCount {
            guard let (text, info) = reader.term(at: index) else { continue }
            var cursor = reader.postings(info)
            var ordinal = 0
            while try cursor.next() {
                let length = reader.fieldLength(ofPassage: cursor.passage, field: info.field)
                #expect(cursor.frequency <= info.maxFrequency && length >= info.minLength, "\(text)")
                if info.blockCount > 0 {
                    let block = ordinal / IndexFormat.postingBlockSize
                    #expect(cursor.currentBlock == block)
                    #expect(cursor.frequency <= cursor.maxFrequency(ofBlock: block) && length >= cursor.minLength(ofBlock: block))
                    #expect(cursor.passage <= cursor.lastPassage(ofBlock: block))
                }
                ordinal += 1
            }
        }
    }

    /// A list of exactly one full block has no skip table; one entry more makes two blocks.
    @Test func skipTablesStartAfterOneBlock() throws {
        var writer = PostingListWriter()
        for passage in 0..<IndexFormat.postingBlockSize {
            writer.append(passage: UInt32(passage * 2), positions: [UInt64(passage % 3)], fieldLength: 10 + passage)
        }
        #expect(writer.skipTable.isEmpty && writer.byteCount == writer.entries.count)
        writer.append(passage: 1000, positions: [1, 5, 9], fieldLength: 7)
        #expect(writer.skipTable.count == 2 * IndexFormat.skipEntrySize)
        #expect(writer.byteCount == writer.skipTable.count + writer.entries.count)
        #expect(writer.maxFrequency == 3 && writer.minLength == 7 && writer.documentFrequency == 129)
    }

    /// Every width from 0 to 32 bits packs and reads back, including runs of one value and
    /// values at the width's maximum.
    @Test(arguments: 0...PackedIntegers.maximumWidth) func packedIntegersRoundTrip(width: Int) {
        var generator = SplitMix64(seed: UInt64(width) + 7)
        let mask = PackedIntegers.mask(width: width)
        for count in [1, 3, 127, 128] {
            var values = (0..<count).map { _ in UInt32(truncatingIfNeeded: generator.next() & mask) }
            values[count - 1] = UInt32(truncatingIfNeeded: mask)
            // The run, then 8 bytes a reader may load past it, which packing must not touch.
            let size = PackedIntegers.byteCount(count: count, width: width)
            var bytes = [UInt8](repeating: 0xFF, count: size + 8)
            bytes.withUnsafeMutableBufferPointer { output in
                values.withUnsafeBufferPointer { PackedIntegers.pack($0, width: width, to: output.baseAddress!) }
            }
            #expect(bytes[size...].allSatisfy { $0 == 0xFF })
            let decoded = bytes.withUnsafeBytes { raw in
                (0..<count).map { PackedIntegers.value(at: $0, base: raw.baseAddress!, width: width, mask: mask) }
            }
            #expect(decoded == values.map(Int.init))
        }
    }

    /// A hand-made list of three blocks (gaps up to 2²⁰, frequencies up to 40) as the writer
    /// stores it, read back whole: passages, frequencies and positions.
    private func handMadeList() -> (bytes: [UInt8], info: IndexReader.TermInfo, entries: [(passage: Int, positions: [Int])]) {
        var generator = SplitMix64(seed: 9)
        var writer = PostingListWriter()
        var entries: [(passage: Int, positions: [Int])] = []
        var passage = -1
        for ordinal in 0..<300 {
            passage += 1 + (ordinal % 50 == 0 ? 1 << 20 : Int(generator.next() % 9))
            let frequency = ordinal % 97 == 0 ? 40 : 1 + Int(generator.next() % 3)
            var position = 0
            let positions = (0..<frequency).map { _ in position += Int(generator.next() % 300); return position }
            entries.append((passage, positions))
            writer.append(passage: UInt32(passage), positions: positions.map { UInt64($0) }[...], fieldLength: 50)
        }
        var output = ByteWriter()
        writer.write(to: &output)
        #expect(output.count == writer.byteCount)
        let info = IndexReader.TermInfo(field: .bigram, documentFrequency: 300, postings: 0..<output.count,
                                        maxFrequency: writer.maxFrequency, minLength: writer.minLength)
        // In a file the footer follows the postings: a reader may load 8 bytes past a packed run.
        return (output.bytes + [UInt8](repeating: 0, count: 8), info, entries)
    }

    @Test func handMadeListReadsBack() throws {
        let (bytes, info, expected) = handMadeList()
        #expect(info.blockCount == 3)
        try bytes.withUnsafeBytes { file in
            var cursor = PostingsCursor(file: file, info: info)
            var read: [(passage: Int, positions: [Int])] = []
            while try cursor.next() {
                let positions = try cursor.positions()
                #expect(positions.count == cursor.frequency)
                read.append((cursor.passage, positions))
            }
            #expect(read.map(\.passage) == expected.map(\.passage))
            #expect(read.map(\.positions) == expected.map(\.positions))
            // Window by window, as the pruned collector scores its essential terms.
            var windowed = PostingsCursor(file: file, info: info)
            var seen: [(passage: Int, frequency: Int)] = []
            var more = try windowed.next()
            var end = 0
            while more {
                end += 300_000
                more = try windowed.forEach(before: end) { seen.append(($0, $1)) }
                #expect(!more || windowed.passage >= end)
            }
            #expect(seen.map(\.passage) == expected.map(\.passage))
            #expect(seen.map(\.frequency) == expected.map(\.positions.count))
            // Skipping positions (never reading them) lands on the same entries.
            var skipping = PostingsCursor(file: file, info: info)
            #expect(try skipping.advance(to: expected[200].passage) && skipping.passage == expected[200].passage)
            #expect(try skipping.positions() == expected[200].positions)
        }
    }

    /// A block declaring a width over 32 bits, or a list cut short, throws instead of reading
    /// outside the list.
    @Test func damagedBlocksThrow() {
        let (bytes, info, _) = handMadeList()
        var wide = bytes
        wide[info.entriesStart] = 33
        wide.withUnsafeBytes { file in
            var cursor = PostingsCursor(file: file, info: info)
            #expect(throws: PostingsCursor.DecodingError.self) { _ = try cursor.next() }
        }
        let short = IndexReader.TermInfo(field: .bigram, documentFrequency: 300, postings: 0..<(info.entriesStart + 20))
        bytes.withUnsafeBytes { file in
            var cursor = PostingsCursor(file: file, info: short)
            #expect(throws: PostingsCursor.DecodingError.self) { while try cursor.next() {} }
        }
    }
}
