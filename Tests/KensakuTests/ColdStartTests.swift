import Foundation
import Testing
@testable import Kensaku
@testable import KensakuCLI

/// What a cold `kensaku search` relies on: the heading terms stored in `HEAD` instead of analyzed
/// on every open.
@Suite("Cold start")
struct ColdStartTests {
    /// The file range of a section, from the section table.
    static func sectionRange(_ tag: String, in bytes: [UInt8]) -> Range<Int>? {
        func u32(_ offset: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) } }
        func u64(_ offset: Int) -> Int { (0..<8).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) } }
        for index in 0..<u32(12) {
            let entry = IndexFormat.headerFixedSize + index * IndexFormat.sectionEntrySize
            if String(decoding: bytes[entry..<(entry + 4)], as: UTF8.self) == tag {
                return u64(entry + 8)..<(u64(entry + 8) + u64(entry + 16))
            }
        }
        return nil
    }

    static func withChecksumFixed(_ bytes: [UInt8]) -> [UInt8] {
        PostingChecksums.refreshed(bytes)
    }

    /// An index of the real corpus, and a copy whose HEAD tag is renamed (as an index written
    /// before HEAD existed: the reader analyzes the titles), in the same folder.
    static func indexWithAndWithoutHead(name: String = #function) throws -> (with: String, without: String, bytes: [UInt8]) {
        let folder = try TestSupport.temporaryFolder(name)
        let path = folder + "/with.kidx"
        _ = try CorpusIndexer.build(corpusPath: TestSupport.corpusPath, outputPath: path)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        var stripped = bytes
        for index in 0..<Int(stripped[12]) {
            let entry = IndexFormat.headerFixedSize + index * IndexFormat.sectionEntrySize
            if String(decoding: stripped[entry..<(entry + 4)], as: UTF8.self) == "HEAD" {
                stripped.replaceSubrange(entry..<(entry + 4), with: Array("XXXX".utf8))
            }
        }
        let without = folder + "/without.kidx"
        try Data(withChecksumFixed(stripped)).write(to: URL(fileURLWithPath: without))
        return (path, without, bytes)
    }

    @Test func storedHeadingTermsRankExactlyLikeAnalyzedOnes() throws {
        let (with, without, bytes) = try Self.indexWithAndWithoutHead()
        #expect(Self.sectionRange("HEAD", in: bytes) != nil)
        let stored = try SearchIndex(path: with), analyzed = try SearchIndex(path: without)
        var headingHits = 0
        for query in ["温室効果ガス 削減目標", "気候変動 リスク", "人権 デューデリジェンス", "Scope1 排出量", "女性管理職比率",
                      "AI駆動開発", "情報セキュリティ", "取締役会 実効性", "サプライチェーン 調達"] {
            let a = try stored.search(query, limit: 30, explain: true), b = try analyzed.search(query, limit: 30, explain: true)
            #expect(a.hits.map(\.passageIndex) == b.hits.map(\.passageIndex), "\(query)")
            #expect(a.hits.map(\.score) == b.hits.map(\.score), "\(query)")
            #expect(a.hits.map { $0.explanation?.headingTerms ?? [] } == b.hits.map { $0.explanation?.headingTerms ?? [] }, "\(query)")
            #expect(a.hits.map(\.snippet.text) == b.hits.map(\.snippet.text), "\(query)")
            headingHits += a.hits.filter { ($0.explanation?.headingScore ?? 0) > 0 }.count
        }
        #expect(headingHits > 10)
        #expect(IndexVerifier.verify(path: with).isValid)
        #expect(IndexVerifier.verify(path: without).isValid)
    }

    /// HEAD bytes changed behind a recomputed checksum: opening rejects the malformed ones, and
    /// search never crashes; `--verify` flags every change.
    @Test func damagedHeadingSectionIsFlaggedByVerify() throws {
        let (with, _, original) = try Self.indexWithAndWithoutHead()
        let head = try #require(Self.sectionRange("HEAD", in: original))
        let target = with + ".damaged"
        var generator = SeededGenerator(seed: 7)
        var rejected = 0
        for _ in 0..<(40 * TestSupport.fuzzScale) {
            var bytes = original
            bytes[Int.random(in: head, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator)
            try Data(Self.withChecksumFixed(bytes)).write(to: URL(fileURLWithPath: target))
            do {
                let index = try SearchIndex(path: target)
                _ = try? index.search("気候変動 リスク 目標", explain: true)
            } catch {
                #expect(error.code == .indexCorrupt)
                rejected += 1
            }
            #expect(!IndexVerifier.verify(path: target).isValid)
        }
        #expect(rejected > 0)
    }

    /// `kensaku search` with plain words and common options skips ArgumentParser; the same
    /// request spelled so that ArgumentParser parses it (`--limit=N`) prints exactly the same.
    @Test func searchFastPathPrintsWhatTheParsedPathPrints() throws {
        let project = try TestSupport.temporaryFolder()
        try FileManager.default.copyItem(atPath: TestSupport.corpusPath, toPath: project + "/Corpus")
        let pairs: [([String], [String])] = [
            (["search", "温室効果ガス", "削減目標"], ["search", "--limit=10", "温室効果ガス", "削減目標"]),
            (["search", "--json", "-l", "5", "ＧＨＧ排出量"], ["search", "--json", "--limit=5", "ＧＨＧ排出量"]),
            (["search", "女性管理職比率", "--explain", "--context", "1", "--limit", "3"],
             ["search", "女性管理職比率", "--explain", "--context=1", "--limit=3"]),
            (["search", "--index", "Indexes/default.kidx", "--corpus", "Corpus", "Scope1"],
             ["search", "--index=Indexes/default.kidx", "--corpus", "Corpus", "Scope1"]),
            (["search", "・・・"], ["search", "--limit=10", "・・・"]),
        ]
        _ = try TestSupport.runKensaku(["index"], in: project)
        for (fast, parsed) in pairs {
            let a = try TestSupport.runKensaku(fast, in: project), b = try TestSupport.runKensaku(parsed, in: project)
            #expect(a.status == b.status, "\(fast)")
            #expect(a.stdout == b.stdout, "\(fast)")
            #expect(a.stderr == b.stderr, "\(fast)")
        }
        #expect(SearchRunner.fastPath(["search", "--limit=3", "x"]) == nil)
        #expect(SearchRunner.fastPath(["search", "-l", "0", "x"]) == nil)
        #expect(SearchRunner.fastPath(["search", "--json", "--json", "x"]) == nil)
        #expect(SearchRunner.fastPath(["search", "help"]) == nil)
        #expect(SearchRunner.fastPath(["search", "x", "-y"]) == nil)
        #expect(SearchRunner.fastPath(["search"]) == nil)
        #expect(SearchRunner.fastPath(["search", "--limit", "3", "a", "b"])?.query == ["a", "b"])
        #expect(SearchRunner.fastPath(["search", "--limit", "3", "a", "b"])?.limit == 3)
    }

    /// CRC-32 combination (zlib's crc32_combine) agrees with the CRC-32 of the concatenation.
    @Test func combinedChecksumsEqualTheChecksumOfTheWhole() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<50 {
            let bytes = (0..<Int.random(in: 0..<5_000, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let cut = Int.random(in: 0...bytes.count, using: &generator)
            let whole = bytes.withUnsafeBytes { CRC32.checksum($0) }
            let first = bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[..<cut])) }
            let second = bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[cut...])) }
            #expect(PostingChecksums.combine(first, second, secondLength: bytes.count - cut) == whole)
        }
    }

    /// Opening an index with PCRC does not read POST; a changed POST byte (PCRC left as written)
    /// is found by the first read of its block and by verify, and a changed block checksum on open.
    @Test func postingBlocksAreCheckedOnFirstRead() throws {
        let (with, _, original) = try Self.indexWithAndWithoutHead()
        let postings = try #require(Self.sectionRange("POST", in: original))
        let checksums = try #require(Self.sectionRange("PCRC", in: original))
        #expect(checksums.count == 8 + 4 * ((postings.count + 65_535) / 65_536))
        let target = with + ".damaged"
        var bytes = original
        bytes[postings.lowerBound + 5] ^= 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        let reader = try IndexReader(path: target)
        let info = try #require(reader.term(at: 0)?.info)
        var cursor = reader.postings(info)
        #expect(throws: PostingsCursor.DecodingError.self) { while try cursor.next() { _ = try cursor.positions() } }
        #expect(IndexVerifier.verify(path: target).problems.contains { $0.contains("block 0 of POST") })

        bytes = original
        bytes[checksums.lowerBound + 9] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        #expect(throws: KensakuError.self) { _ = try IndexReader(path: target) }
    }

    /// The score column prints exactly as `String(format: "%.3f")` did.
    @Test func scoresPrintLikeStringFormat() {
        var generator = SeededGenerator(seed: 5)
        var values: [Double] = [0, -0.0, 0.0005, 0.0015, 1.2345, 2.5e-4, 123_456.789_5, 1e300, -3.14159, .infinity, .nan]
        for _ in 0..<2_000 { values.append(Double.random(in: -100...100, using: &generator)) }
        for _ in 0..<500 { values.append(Double(Int.random(in: 0...100_000, using: &generator)) / 2_000) }
        for value in values {
            #expect(SearchRunner.threeDecimals(value) == String(format: "%.3f", value), "\(value)")
        }
    }
}
