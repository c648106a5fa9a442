import Foundation
import Testing
@testable import Kensaku

@Suite("Index file format")
struct IndexFormatTests {
    static let texts = [
        "a.txt": "温室効果ガスの排出量を削減します。\n\nサーバーの電力を減らす。\n",
        "b.md": "# 見出し\n\nGHG排出量とScope3の目標。温室効果ガス。\n",
    ]

    private func buildTinyIndex() throws -> (path: String, report: BuildReport) {
        let corpus = try TestSupport.makeCorpus(Self.texts)
        let path = FileSystem.directory(of: corpus) + "/Indexes/tiny.kidx"
        return (path, try CorpusIndexer.build(corpusPath: corpus, outputPath: path))
    }

    @Test func roundTripsDocumentsPassagesAndPostings() throws {
        let (path, report) = try buildTinyIndex()
        let reader = try IndexReader(path: path)
        #expect(reader.formatVersion == IndexFormat.currentVersion)
        #expect(reader.documents.map(\.name) == ["a.txt", "b.md"])
        #expect(reader.documents[0].sha256 == SHA256.hexDigest(of: Array(Self.texts["a.txt"]!.utf8)))
        #expect(reader.passageCount == report.passageCount)
        #expect(reader.metadata[IndexFormat.MetadataKey.corpus] == "../corpus")
        #expect(reader.metadata[IndexFormat.MetadataKey.analyzer] == Analyzer.fingerprint)

        // "温室" occurs as a word and a bigram in a passage of each document.
        let info = try #require(reader.lookup("温室", field: .word))
        #expect(info.documentFrequency == 2)
        var cursor = reader.postings(info)
        var passages: [Int] = []
        while try cursor.next() {
            passages.append(cursor.passage)
            #expect(try cursor.positions().count == cursor.frequency)
        }
        #expect(passages.map { reader.passage(at: $0).passage.documentIndex } == [0, 1])
        #expect(reader.lookup("温室", field: .bigram) != nil)
        #expect(reader.lookup("存在しない", field: .word) == nil)
        #expect(reader.lookup("サーバ", field: .word) != nil, "katakana fold is indexed")

        // The dictionary is sorted by field, then by UTF-8 bytes.
        var previous: (UInt8, [UInt8])? = nil
        for index in 0..<reader.termCount {
            let (text, info) = try #require(reader.term(at: index))
            let key = (info.field.rawValue, Array(text.utf8))
            if let previous {
                #expect(previous.0 < key.0 || (previous.0 == key.0 && previous.1.lexicographicallyPrecedes(key.1)))
            }
            previous = key
        }
    }

    @Test func positionsRoundTrip() throws {
        let corpus = try TestSupport.makeCorpus(["p.txt": "ab ab cd ab\n"])
        let path = corpus + ".kidx"
        _ = try CorpusIndexer.build(corpusPath: corpus, outputPath: path)
        let reader = try IndexReader(path: path)
        var cursor = reader.postings(try #require(reader.lookup("ab", field: .word)))
        #expect(try cursor.next())
        #expect(cursor.frequency == 3)
        #expect(try cursor.positions() == [0, 1, 3])
        #expect(try !cursor.next())
    }

    /// Position gaps at every LEB128 length boundary (one to five bytes) survive the posting
    /// writer and the cursor, and take the bytes the format says.
    @Test func positionGapsRoundTripAtEveryVarIntLength() throws {
        let gaps: [UInt32] = [0, 1, 127, 128, 16_383, 16_384, (1 << 21) - 1, 1 << 21, (1 << 28) - 1, 1 << 28]
        var position = 0
        let positions = gaps.map { gap in
            position += Int(gap)
            return position
        }
        var writer = PostingListWriter()
        writer.append(passage: 0, positions: positions.map { UInt64($0) }[...], fieldLength: 10)
        var output = ByteWriter()
        writer.write(to: &output)
        // Widths byte 0 (delta 0), frequency 10 − 1 in 4 bits, then the gaps' varints.
        let varIntBytes = gaps.map { $0 < 1 << 7 ? 1 : $0 < 1 << 14 ? 2 : $0 < 1 << 21 ? 3 : $0 < 1 << 28 ? 4 : 5 }.reduce(0, +)
        #expect(output.count == 2 + 1 + varIntBytes)
        let info = IndexReader.TermInfo(field: .word, documentFrequency: 1, postings: 0..<output.count)
        let file = output.bytes + [UInt8](repeating: 0, count: 8)
        try file.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws -> Void in
            var cursor = PostingsCursor(file: raw, info: info)
            #expect(try cursor.next() && cursor.passage == 0 && cursor.frequency == gaps.count)
            #expect(try cursor.positions() == positions)
        }
    }

    // MARK: - Damaged files get distinct, clear errors

    private func expectOpenFails(_ bytes: [UInt8], code: KensakuError.Code, mentioning text: String) throws {
        let path = try TestSupport.temporaryFolder() + "/damaged.kidx"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try IndexReader(path: path)
        } throws: { error in
            guard let error = error as? KensakuError else { return false }
            return error.code == code && error.message.contains(text) && error.message.contains(path)
        }
    }

    @Test func flippedByteFailsTheChecksum() throws {
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: try buildTinyIndex().path)))
        bytes[bytes.count / 2] ^= 0x40
        try expectOpenFails(bytes, code: .indexCorrupt, mentioning: "checksum mismatch")
    }

    @Test func wrongMagicIsNotAnIndex() throws {
        try expectOpenFails(Array("hello, this is not an index file at all".utf8), code: .indexNotKensaku, mentioning: "not a Kensaku index")
    }

    @Test func emptyFileIsReported() throws {
        try expectOpenFails([], code: .indexEmpty, mentioning: "empty")
    }

    @Test func truncatedFileIsReported() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: try buildTinyIndex().path)))
        try expectOpenFails(Array(bytes.prefix(bytes.count - 100)), code: .indexTruncated, mentioning: "truncated")
        try expectOpenFails(Array(bytes.prefix(12)), code: .indexTruncated, mentioning: "truncated")
    }

    @Test func otherFormatVersionsAreRejected() throws {
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: try buildTinyIndex().path)))
        bytes[8] = 0; bytes[9] = 0; bytes[10] = 0; bytes[11] = 0
        try expectOpenFails(bytes, code: .indexVersionTooOld, mentioning: "format version 0")
        bytes[8] = 99
        try expectOpenFails(bytes, code: .indexVersionTooNew, mentioning: "format version 99")
    }

    @Test func missingFileIsReported() throws {
        #expect(throws: KensakuError.self) { _ = try IndexReader(path: "/nonexistent/folder/x.kidx") }
        do {
            _ = try IndexReader(path: "/nonexistent/folder/x.kidx")
        } catch {
            #expect(error.code == .indexNotFound)
        }
    }

    /// A file of the current format version, committed: this build must keep reading it
    /// (tantivy's compat_tests). Regenerate only together with a version bump and a History entry.
    /// Its 140 passages (`第{i}段落では温室効果ガスの排出を{i}パーセント削減する計画を述べる。再生可能…`)
    /// all hold 排出, so that list has two bit-packed blocks and a skip table.
    @Test func readsTheCommittedVersion4File() throws {
        let path = TestSupport.packageRoot + "/Tests/KensakuTests/Fixtures/format-v4.kidx"
        let reader = try IndexReader(path: path)
        #expect(reader.formatVersion == 4)
        #expect(reader.documents.map(\.name) == ["sample.txt"])
        #expect(reader.documents.first?.format == .plainText)
        #expect(reader.documents.first?.sha256 == "7ee340c8d272fa43610021b922f615ff8e77526fed30ad0c5c08e2af06648f67")
        let info = try #require(reader.lookup("排出", field: .bigram))
        #expect(info.documentFrequency == 140 && info.blockCount == 2 && info.maxFrequency == 1)
        var cursor = reader.postings(info)
        #expect(try cursor.next())
        #expect(reader.passage(at: cursor.passage).passage.startLine == 1)
        #expect(try cursor.positions().count == 1)
        #expect(try cursor.advance(to: 130) && cursor.passage == 130 && cursor.currentBlock == 1)
        #expect(try cursor.positions().count == 1)
        #expect(cursor.lastPassage(ofBlock: 0) == 127 && cursor.lastPassage(ofBlock: 1) == 139)
        #expect(reader.passage(at: 130).passage.startLine == 261)
        var count = 1
        while try cursor.next() { count += 1 }
        #expect(count == 10, "passages 130…139 from the second block")
    }

    /// Version 1, 2 and 3 files (no sections or duplicate groups; no skip tables or score
    /// bounds; variable-length rather than bit-packed postings) are refused with the rebuild command.
    @Test(arguments: [1, 2, 3]) func refusesTheCommittedOlderFiles(version: Int) throws {
        let path = TestSupport.packageRoot + "/Tests/KensakuTests/Fixtures/format-v\(version).kidx"
        do {
            _ = try IndexReader(path: path)
            Issue.record("a version \(version) file opened")
        } catch {
            #expect(error.code == .indexVersionTooOld)
            #expect(error.message.contains("format version \(version); this build reads versions 4…4") && error.message.contains("kensaku index"))
        }
    }

    /// A build that fails (here: the output folder is a file) leaves the previous index intact.
    @Test func failedBuildKeepsThePreviousIndex() throws {
        let (path, _) = try buildTinyIndex()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let emptyCorpus = try TestSupport.temporaryFolder()
        #expect(throws: KensakuError.self) {
            _ = try CorpusIndexer.build(corpusPath: emptyCorpus, outputPath: path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: FileSystem.directory(of: path))
        #expect(leftovers == ["tiny.kidx"], "no temporary files are left behind")
    }
}
