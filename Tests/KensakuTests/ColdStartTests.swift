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
        var bytes = bytes
        let footerStart = bytes.count - IndexFormat.footerSize
        let checksum = bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[..<footerStart])) }
        for index in 0..<4 { bytes[footerStart + index] = UInt8(truncatingIfNeeded: checksum >> (8 * UInt32(index))) }
        return bytes
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
}
