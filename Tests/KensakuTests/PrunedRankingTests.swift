import Foundation
import Synchronization
import Testing
@testable import Kensaku

/// MaxScore pruning must not change a single result: the pruned ranking equals scoring every
/// matching passage, passage for passage and score for score.
@Suite struct PrunedRankingTests {
    /// Queries: the development set's, words and substrings cut from the corpus, filters.
    private static func queries(from index: SearchIndex, count: Int) throws -> [String] {
        var generator = SplitMix64(seed: 7)
        var queries = Benchmark.builtInQueries + [
            "AI", "の", "GHG", "Scope3 排出量", "\"サステナビリティ推進部門\" 体制", "人権 -サプライチェーン",
            "doc:hitachi AI Factory", "section:気候変動 目標", "gri:305-1 排出量", "NEC 生成AI 導入",
        ]
        let texts = try index.documents.indices.map { document in
            try index.passages(ofDocument: document).indices.map { try index.text(ofPassage: index.documents[document].passageRange.lowerBound + $0) }
        }.flatMap { $0 }
        while queries.count < count {
            var words: [String] = []
            for _ in 0...(generator.next() % 3) {
                let scalars = Array(texts[Int(generator.next() % UInt64(texts.count))].unicodeScalars)
                guard scalars.count > 12 else { continue }
                let start = Int(generator.next() % UInt64(scalars.count - 10))
                let word = String(String.UnicodeScalarView(scalars[start..<(start + 2 + Int(generator.next() % 7))]))
                    .filter { !$0.isWhitespace && !"\"-:“”".contains($0) }
                if !word.isEmpty { words.append(word) }
            }
            if !words.isEmpty { queries.append(words.joined(separator: " ")) }
        }
        return queries
    }

    /// Compares with MaxScore pruning forced for every query (`dense` 0) or with small queries
    /// scored densely (the default).
    private static func expectSame(_ index: SearchIndex, _ queries: [String], limits: [Int], dense: Int, parts: Int? = nil) throws -> Int {
        var compared = 0
        for query in queries {
            for limit in limits {
                let pruned: PassageRanker.Ranking, exhaustive: PassageRanker.Ranking
                do {
                    (pruned, exhaustive) = try index.pruneCheck(query, limit: limit, denseScoringPostings: dense, partCount: parts)
                } catch {
                    #expect(error.code == .emptyQuery, "\(query)")
                    continue
                }
                #expect(pruned.ranked.map(\.passage) == exhaustive.ranked.map(\.passage), "\(query) limit \(limit)")
                #expect(pruned.ranked.map(\.score) == exhaustive.ranked.map(\.score), "\(query) limit \(limit)")
                #expect(pruned.ranked.map(\.proximity) == exhaustive.ranked.map(\.proximity))
                #expect(pruned.ranked.map(\.headingTerms) == exhaustive.ranked.map(\.headingTerms))
                #expect(pruned.matched <= exhaustive.matched)
                if pruned.matchedIsExact { #expect(pruned.matched == exhaustive.matched, "\(query)") }
                compared += 1
            }
        }
        return compared
    }

    @Test(arguments: [0, MaxScoreCollector.defaultDenseScoringPostings])
    func prunedEqualsExhaustiveOnTheCorpus(dense: Int) throws {
        let index = try TestSupport.index()
        let compared = try Self.expectSame(index, try Self.queries(from: index, count: 120 * TestSupport.fuzzScale), limits: [1, 10, 40], dense: dense)
        #expect(compared > 300)
    }

    /// Four copies of the corpus (the benchmark's scaling): many duplicates and near-equal
    /// scores, where pruning and folding interact most.
    @Test(arguments: [0, MaxScoreCollector.defaultDenseScoringPostings])
    func prunedEqualsExhaustiveOnAScaledCorpus(dense: Int) throws {
        let folder = try TestSupport.temporaryFolder()
        _ = try ScaledCorpus.write(from: TestSupport.corpusPath, to: folder + "/corpus", scale: 4)
        _ = try CorpusIndexer.build(corpusPath: folder + "/corpus", outputPath: folder + "/index.kidx")
        let index = try SearchIndex(path: folder + "/index.kidx")
        let compared = try Self.expectSame(index, try Self.queries(from: index, count: 40 * TestSupport.fuzzScale), limits: [1, 10], dense: dense)
        #expect(compared > 60)
    }

    /// Large queries are collected in passage ranges on several processors: the merged ranges
    /// must give the exhaustive ranking too (any number of ranges, on one corpus copy or four).
    @Test(arguments: [2, 3, 7])
    func prunedInPartsEqualsExhaustive(parts: Int) throws {
        let index = try TestSupport.index()
        let compared = try Self.expectSame(index, try Self.queries(from: index, count: 60 * TestSupport.fuzzScale), limits: [1, 10, 40],
                                           dense: 0, parts: parts)
        #expect(compared > 150)
        let folder = try TestSupport.temporaryFolder()
        _ = try ScaledCorpus.write(from: TestSupport.corpusPath, to: folder + "/corpus", scale: 4)
        _ = try CorpusIndexer.build(corpusPath: folder + "/corpus", outputPath: folder + "/index.kidx")
        let scaled = try SearchIndex(path: folder + "/index.kidx")
        #expect(try Self.expectSame(scaled, try Self.queries(from: scaled, count: 30 * TestSupport.fuzzScale), limits: [1, 10], dense: 0, parts: parts) > 50)
    }

    /// Ten copies of the corpus, pruning forced, one range and two: as the worst kept score
    /// rises the non-essential lanes are chosen again, and a lane may become essential again
    /// (it must then skip the passages already decided). The test must see that happen.
    @Test(arguments: [1, 2])
    func reChosenLanesKeepTheExhaustiveRanking(parts: Int) throws {
        let folder = try TestSupport.temporaryFolder()
        _ = try ScaledCorpus.write(from: TestSupport.corpusPath, to: folder + "/corpus", scale: 10)
        _ = try CorpusIndexer.build(corpusPath: folder + "/corpus", outputPath: folder + "/index.kidx")
        let index = try SearchIndex(path: folder + "/index.kidx")
        var returned = 0
        for query in Benchmark.builtInQueries + ["NECは2040年までに何を達成することを目指していますか", "取締役会の実効性評価 の 取り組み"] {
            for limit in [1, 10] {
                let (pruned, exhaustive) = try index.pruneCheck(query, limit: limit, denseScoringPostings: 0, partCount: parts)
                #expect(pruned.ranked.map(\.passage) == exhaustive.ranked.map(\.passage), "\(query) limit \(limit)")
                #expect(pruned.ranked.map(\.score) == exhaustive.ranked.map(\.score), "\(query) limit \(limit)")
                returned += pruned.lanesMadeEssentialAgain
            }
        }
        #expect(returned > 0)
    }

    /// Hundreds of copies of one paragraph that hold a word their original lacks, and fewer
    /// distinct passages than the collector keeps: the copies stay hits of their own (their
    /// coverer does not match), and must not be pruned against a heap that is not full yet (its
    /// worst passage can still get worse), nor against an empty one.
    @Test(arguments: [true, false])
    func manyCopiesAheadOfAHeapNotYetFull(shortPassagesFirst: Bool) throws {
        let paragraph = String(repeating: "温室効果ガスの排出量を削減するため、当社は再生可能エネルギーの導入と省エネルギー設備への投資を進めています。", count: 6)
        var files = ["100-original.txt": paragraph + "\n"]
        for copy in 1...260 { files[String(format: "2%03d-copy.txt", copy)] = paragraph + "zeta\n" }
        let prefix = shortPassagesFirst ? "0" : "9"
        files[prefix + "-short-a.txt"] = "zeta の説明。\n"
        files[prefix + "-short-b.txt"] = "zeta を使う。\n"
        let corpus = try TestSupport.makeCorpus(files)
        _ = try CorpusIndexer.build(corpusPath: corpus, outputPath: corpus + "/../index.kidx")
        let index = try SearchIndex(path: corpus + "/../index.kidx")
        for dense in [0, MaxScoreCollector.defaultDenseScoringPostings] {
            #expect(try Self.expectSame(index, ["zeta", "zeta 削減"], limits: [1, 10, 40], dense: dense) == 6)
        }
        let hits = try index.search("zeta", limit: 10).hits
        #expect(hits.count == 10 && hits.filter { $0.document.hasSuffix("-copy.txt") }.count == 8)
    }

    @Test func partsFollowTheQuerySize() {
        let threshold = MaxScoreCollector.defaultParallelScoringPostings
        #expect(MaxScoreCollector.parallelParts(postings: threshold - 1, passages: 200_000, processors: 2, threshold: threshold) == 1)
        #expect(MaxScoreCollector.parallelParts(postings: threshold, passages: 200_000, processors: 2, threshold: threshold) == 2)
        #expect(MaxScoreCollector.parallelParts(postings: threshold, passages: 200_000, processors: 1, threshold: threshold) == 1)
        #expect(MaxScoreCollector.parallelParts(postings: threshold, passages: 200_000, processors: 64, threshold: threshold) == 4)
        #expect(MaxScoreCollector.parallelParts(postings: threshold, passages: 5_000, processors: 2, threshold: threshold) == 1)
    }

    /// Parts taking ranges at the same time get every passage exactly once, each part its ranges
    /// in increasing order.
    @Test func chunksCoverThePassagesOnce() {
        #expect(MaxScoreCollector.chunkSize(passages: 157_626, parts: 2, window: 1024) == 10 * 1024)
        #expect(MaxScoreCollector.chunkSize(passages: 100, parts: 4, window: 64) == 64)
        for (passages, size) in [(0, 5), (1, 5), (157_626, 10_240), (1000, 7), (1000, 1000)] {
            let chunks = PassageChunks(3..<(3 + passages), size: size)
            let taken = Mutex<[[Range<Int>]]>(Array(repeating: [], count: 4))
            DispatchQueue.concurrentPerform(iterations: 4) { part in
                while let range = chunks.next() { taken.withLock { $0[part].append(range) } }
            }
            let parts = taken.withLock { $0 }
            for ranges in parts { #expect(ranges == ranges.sorted { $0.lowerBound < $1.lowerBound }) }
            let all = parts.joined().sorted { $0.lowerBound < $1.lowerBound }
            #expect(all.flatMap { Array($0) } == Array(3..<(3 + passages)))
            #expect(all.allSatisfy { !$0.isEmpty && $0.count <= size })
            #expect(chunks.next() == nil)
        }
    }

    /// Settings under which the bounds do not hold are ranked without pruning.
    @Test func pruningNeedsMonotoneScores() {
        #expect(RankingParameters.standard.allowsPruning)
        var parameters = RankingParameters()
        parameters.b = -0.2
        #expect(!parameters.allowsPruning)
        parameters = RankingParameters()
        parameters.proximityWeight = -1
        #expect(!parameters.allowsPruning)
        parameters = RankingParameters()
        parameters.k1 = .nan
        #expect(!parameters.allowsPruning)
    }
}
