import Foundation
import Testing
@testable import Kensaku

@Suite("Scaled benchmark corpus")
struct ScaledCorpusTests {
    static let sample = Array("見出し\n一文目です。二文目は\n改行を含みます。三文目。\n最後の行".utf8)

    @Test func copyZeroIsTheSourceAfterAMarkerLine() {
        let copies = ScaledCorpus.copies(of: "a.txt", bytes: Self.sample, scale: 3)
        #expect(copies.map(\.name) == ["0-a.txt", "1-a.txt", "2-a.txt"])
        #expect(copies[0].bytes == Array("[copy 0/3]\n".utf8) + Self.sample)
    }

    @Test func laterCopiesHoldTheSameSentencesInAnotherOrder() {
        let sentences = ScaledCorpus.sentences(Self.sample).map { Array(Self.sample[$0]) }
        #expect(sentences.count == 4)
        #expect(sentences[1] == Array("二文目は\n改行を含みます。".utf8))
        for copy in ScaledCorpus.copies(of: "a.txt", bytes: Self.sample, scale: 4).dropFirst() {
            let marker = Array("[copy \(copy.name.prefix(1))/4]\n".utf8)
            #expect(Array(copy.bytes.prefix(marker.count)) == marker)
            let body = Array(copy.bytes.dropFirst(marker.count))
            #expect(body.count == Self.sample.count)
            #expect(body.sorted() == Self.sample.sorted())
            let text = String(decoding: body, as: UTF8.self)
            for sentence in sentences { #expect(text.contains(String(decoding: sentence, as: UTF8.self))) }
        }
    }

    @Test func generationIsDeterministic() throws {
        let bytes = try TestSupport.corpusBytes("nec-dx-report.md")
        let first = ScaledCorpus.copies(of: "nec-dx-report.md", bytes: bytes, scale: 5)
        let second = ScaledCorpus.copies(of: "nec-dx-report.md", bytes: bytes, scale: 5)
        #expect(first == second)
        // Pinned: a change of generator or seed changes every benchmark corpus.
        #expect(SHA256.digest(of: first.flatMap(\.bytes)).hexString == ScaledCorpusTests.pinnedDigest)
        // Copies differ from each other, and no copy but 0 starts with the source's first sentence.
        #expect(Set(first.map(\.bytes)).count == 5)
    }

    static let pinnedDigest = "9ec8e3afda24dff1120062f166f90a2fdff8c53439df15144adfab8fdeed957a"
}

@Suite("kensaku bench")
struct BenchCommandTests {
    @Test func jsonReportHasEveryFigureForScaleOne() throws {
        let outcome = try TestSupport.runKensaku(
            ["bench", "--scale", "1", "--repeat", "1", "--json", "--corpus", TestSupport.corpusPath],
            in: TestSupport.packageRoot)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let report = try JSONDecoder().decode(BenchmarkReport.self, from: Data(outcome.stdout.utf8))
        #expect(report.scales.map(\.scale) == [1])
        let figures = try #require(report.scales.first)
        #expect(figures.documents == 3 && figures.passages > 1000 && figures.queries > 0)
        #expect(figures.kensaku.queriesWithHits == figures.queries)
        let sqlite = try #require(figures.sqlite)
        for engine in [figures.kensaku, sqlite] {
            #expect(engine.buildSeconds > 0 && engine.buildMegabytesPerSecond > 0)
            #expect(engine.buildPeakResidentBytes > 1_000_000 && engine.indexBytes > 100_000 && engine.indexToCorpusRatio > 0)
            #expect(engine.queryMeanMilliseconds > 0 && engine.queryP50Milliseconds <= engine.queryP99Milliseconds)
            #expect(engine.queryP95Milliseconds <= engine.queryP99Milliseconds && engine.coldSearchMilliseconds > 0)
        }
        #expect(Set(figures.ratios.keys) == [
            "buildSeconds", "buildMegabytesPerSecond", "buildPeakResidentBytes", "indexBytes", "indexToCorpusRatio",
            "queryMeanMilliseconds", "queryP50Milliseconds", "queryP95Milliseconds", "queryP99Milliseconds",
            "coldSearchMilliseconds", "queriesWithHits",
        ])
        // The raw JSON uses these names (the documented fields).
        for key in ["\"kensaku\"", "\"sqlite\"", "\"ratios\"", "\"coldSearchMilliseconds\"", "\"buildPeakResidentBytes\""] {
            #expect(outcome.stdout.contains(key))
        }
    }
}

@Suite("Benchmark work folder")
struct BenchmarkWorkFolderTests {
    /// A run leaves no scratch behind: the scale folders and then the emptied work folder go,
    /// while a work folder holding anything else stays as it was.
    @Test func theWorkFolderIsRemovedOnceEmptyAndOnlyThen() throws {
        let root = NSTemporaryDirectory() + "kensaku-bench-test-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        func run(in workFolder: String) throws {
            let benchmark = Benchmark(sourceCorpus: TestSupport.corpusPath, scales: [1], queries: ["女性管理職比率"], repeats: 1,
                                      executable: TestSupport.binaryPath, includeSQLite: false, workFolder: workFolder)
            _ = try benchmark.run()
        }
        let empty = root + "/empty"
        try run(in: empty)
        #expect(!FileManager.default.fileExists(atPath: empty))

        let kept = root + "/kept"
        try FileManager.default.createDirectory(atPath: kept, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: URL(fileURLWithPath: kept + "/note.txt"))
        try run(in: kept)
        #expect(try FileManager.default.contentsOfDirectory(atPath: kept) == ["note.txt"])
    }
}

@Suite("Parallel build")
struct ParallelBuildTests {
    @Test(arguments: [1, 2, 4])
    func indexBytesDoNotDependOnTheWorkerCount(workers: Int) throws {
        let folder = try TestSupport.temporaryFolder()
        let corpus = folder + "/corpus"
        try ScaledCorpus.write(from: TestSupport.corpusPath, to: corpus, scale: 2)
        _ = try CorpusIndexer.build(corpusPath: corpus, outputPath: folder + "/one.kidx", workerCount: 1)
        _ = try CorpusIndexer.build(corpusPath: corpus, outputPath: folder + "/many.kidx", workerCount: workers)
        #expect(try FileSystem.readFile(folder + "/one.kidx") == FileSystem.readFile(folder + "/many.kidx"))
    }

    @Test func workersRunAheadWithinTheFileWindowOrTheByteBudget() {
        // Within the window of files: always, whatever the bytes.
        #expect(AnalysisPipeline.mayStart(5, byteCount: 1 << 30, nextToHand: 2, bytesAhead: 1 << 30, window: 4, byteBudget: 0))
        // Past it: only while the budget holds the file too.
        #expect(AnalysisPipeline.mayStart(6, byteCount: 100, nextToHand: 2, bytesAhead: 900, window: 4, byteBudget: 1_000))
        #expect(!AnalysisPipeline.mayStart(6, byteCount: 101, nextToHand: 2, bytesAhead: 900, window: 4, byteBudget: 1_000))
        #expect(!AnalysisPipeline.mayStart(6, byteCount: 1, nextToHand: 2, bytesAhead: 0, window: 4, byteBudget: 0))
    }

    @Test(arguments: [0, 1 << 40])
    func documentsComeBackInFileOrderWhateverTheBudget(byteBudget: Int) throws {
        let folder = try TestSupport.temporaryFolder()
        let corpus = folder + "/corpus"
        try ScaledCorpus.write(from: TestSupport.corpusPath, to: corpus, scale: 3)
        let files = try CorpusScanner.scan(corpus).documents
        #expect(files.count == 9)
        let pipeline = AnalysisPipeline(files: files, workerCount: 3, byteBudget: byteBudget)
        defer { pipeline.cancel() }
        var names: [String] = []
        for outcome in pipeline {
            guard case .analyzed(let document, _) = outcome else {
                Issue.record("a corpus file was not analyzed: \(outcome)")
                continue
            }
            names.append(document.name)
        }
        #expect(names == files.map(\.name))
    }
}
