import Testing
@testable import Kensaku

/// Skip tables and score bounds of format 3 posting lists, on the real corpus.
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
}
