import Foundation

/// The figures of one engine at one scale.
public struct EngineFigures: Sendable, Codable, Hashable {
    /// Wall-clock seconds of the build, measured around a child process (`kensaku index`, or
    /// `kensaku bench-sqlite --build` for SQLite), so process start is included for both.
    public var buildSeconds: Double
    /// Corpus megabytes (10^6 bytes) indexed per second.
    public var buildMegabytesPerSecond: Double
    /// Peak resident memory of the build process, in bytes (`ru_maxrss` of the child).
    public var buildPeakResidentBytes: Int
    /// Size of the index on disk, in bytes.
    public var indexBytes: Int
    /// Index bytes divided by corpus bytes.
    public var indexToCorpusRatio: Double
    /// Warm query latency in milliseconds over all queries × repeats, after a warm-up of at least
    /// 0.2 s (``Benchmark/warmUpSeconds``):
    /// the ranked top 10 passage numbers, in-process (no snippets, which SQLite does not make).
    public var queryMeanMilliseconds: Double
    public var queryP50Milliseconds: Double
    public var queryP95Milliseconds: Double
    public var queryP99Milliseconds: Double
    /// Median milliseconds from spawning a search process (index already built) to its exit,
    /// one process per query: `kensaku search QUERY` (with snippets), or `kensaku bench-sqlite --search`.
    public var coldSearchMilliseconds: Double
    /// Queries that returned at least one hit.
    public var queriesWithHits: Int
}

/// The figures of both engines at one scale, and their ratios.
public struct ScaleFigures: Sendable, Codable, Hashable {
    /// N: copies of every source file.
    public var scale: Int
    public var documents: Int
    public var corpusBytes: Int
    public var passages: Int
    public var queries: Int
    public var kensaku: EngineFigures
    /// Absent when the SQLite baseline was not run.
    public var sqlite: EngineFigures?
    /// Kensaku / SQLite for every figure (below 1: Kensaku smaller or faster), by figure name.
    public var ratios: [String: Double]
    /// Kensaku's full warm `search` (ranking plus snippets and duplicate locations), mean ms.
    public var kensakuSearchWithSnippetsMeanMilliseconds: Double
}

/// A whole benchmark run.
public struct BenchmarkReport: Sendable, Codable, Hashable {
    public var processorCount: Int
    public var sqliteVersion: String
    public var repeats: Int
    public var scales: [ScaleFigures]
}

/// `kensaku bench`: builds scaled corpora, indexes them with Kensaku and SQLite FTS5 and measures
/// build speed, size, memory and query latency, checking that every query finds hits.
public struct Benchmark {
    /// Queries used when no query file is given and `../shared/eval/queries-dev.tsv` is absent.
    public static let builtInQueries = [
        "温室効果ガス 削減目標", "女性管理職比率", "NEC-CSIRT インシデント対応", "Blackwell GPU HGX B200",
        "サステナビリティ推進部門", "紛争鉱物", "AI駆動開発", "Scope3 排出量", "ＧＨＧ排出量", "人権デューデリジェンス",
        "NECは2040年までに何を達成することを目指していますか", "再生可能エネルギー",
    ]

    public var sourceCorpus: String
    public var scales: [Int]
    public var queries: [String]
    public var repeats: Int
    /// The `kensaku` executable to spawn for builds and cold searches.
    public var executable: String
    public var includeSQLite: Bool
    /// Scratch folder; scale folders are created inside and removed afterwards, and the folder
    /// itself once empty.
    public var workFolder: String

    public init(sourceCorpus: String, scales: [Int], queries: [String], repeats: Int, executable: String? = nil,
                includeSQLite: Bool = true, workFolder: String? = nil) {
        self.sourceCorpus = sourceCorpus
        self.scales = scales
        self.queries = queries
        self.repeats = max(1, repeats)
        self.executable = executable ?? ChildProcess.currentExecutablePath() ?? CommandLine.arguments[0]
        self.includeSQLite = includeSQLite
        self.workFolder = workFolder ?? NSTemporaryDirectory() + "kensaku-bench-\(getpid())"
    }

    /// Runs every scale in order.
    ///
    /// - Parameter log: receives one progress line per step.
    /// - Throws: `KensakuError` (`benchmarkFailed` when a child fails or a query finds nothing;
    ///   the errors of reading the corpus).
    public func run(log: (String) -> Void = { _ in }) throws(KensakuError) -> BenchmarkReport {
        // Each scale removes its own folder; the work folder goes too once empty (`rmdir` leaves
        // one that holds anything else).
        defer { _ = rmdir(workFolder) }
        var results: [ScaleFigures] = []
        for scale in scales {
            results.append(try run(scale: scale, log: log))
        }
        return BenchmarkReport(processorCount: ProcessInfo.processInfo.activeProcessorCount,
                               sqliteVersion: SQLiteBaseline.version, repeats: repeats, scales: results)
    }

    private func run(scale: Int, log: (String) -> Void) throws(KensakuError) -> ScaleFigures {
        let folder = FileSystem.join(workFolder, "x\(scale)")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let corpus = FileSystem.join(folder, "corpus")
        let indexPath = FileSystem.join(folder, "index.kidx")
        let databasePath = FileSystem.join(folder, "fts5.sqlite")
        log("×\(scale): writing the scaled corpus to \(corpus)")
        let corpusBytes = try ScaledCorpus.write(from: sourceCorpus, to: corpus, scale: scale)

        log("×\(scale): building the Kensaku index (kensaku index)")
        let build = try ChildProcess.run(executable, ["index", "--corpus", corpus, "--output", indexPath])
        guard build.status == 0 else {
            throw KensakuError(.benchmarkFailed(detail: "'kensaku index --corpus \(corpus)' exited with status \(build.status)"))
        }
        let index = try SearchIndex(path: indexPath)
        log("×\(scale): \(index.documents.count) documents, \(corpusBytes) bytes, \(index.passageCount) passages; timing queries")
        let ranked = try measureQueries { query throws(KensakuError) in try index.rankedPassages(query, limit: 10).count }
        let withSnippets = try measureQueries { query throws(KensakuError) in try index.search(query, limit: 10).hits.count }
        let missing = zip(queries, ranked.hitCounts).filter { $0.1 == 0 }.map(\.0)
        guard missing.isEmpty else {
            throw KensakuError(.benchmarkFailed(detail: "at ×\(scale) Kensaku found no hits for \(missing.map { "'\($0)'" }.joined(separator: ", "))"))
        }
        log("×\(scale): cold kensaku search processes")
        let cold = try coldMilliseconds { query in ["search", "--index", indexPath, "--corpus", corpus, "--limit", "10", query] }
        let kensaku = EngineFigures(
            buildSeconds: build.seconds, buildMegabytesPerSecond: Double(corpusBytes) / 1e6 / build.seconds,
            buildPeakResidentBytes: build.peakResidentBytes, indexBytes: index.fileByteCount,
            indexToCorpusRatio: Double(index.fileByteCount) / Double(corpusBytes),
            queryMeanMilliseconds: ranked.mean, queryP50Milliseconds: ranked.percentile(50),
            queryP95Milliseconds: ranked.percentile(95), queryP99Milliseconds: ranked.percentile(99),
            coldSearchMilliseconds: cold, queriesWithHits: ranked.hitCounts.filter { $0 > 0 }.count)

        var sqlite: EngineFigures?
        if includeSQLite {
            log("×\(scale): building the SQLite FTS5 trigram table (kensaku bench-sqlite --build)")
            let sqliteBuild = try ChildProcess.run(executable, ["bench-sqlite", "--build", indexPath, "--database", databasePath])
            guard sqliteBuild.status == 0 else {
                throw KensakuError(.benchmarkFailed(detail: "'kensaku bench-sqlite --build' exited with status \(sqliteBuild.status)"))
            }
            let baseline = try SQLiteBaseline(path: databasePath)
            let timings = try measureQueries { query throws(KensakuError) in try baseline.search(query, limit: 10).count }
            let sqliteCold = try coldMilliseconds { query in ["bench-sqlite", "--database", databasePath, "--search", query] }
            let databaseBytes = FileSystem.status(databasePath)?.byteCount ?? 0
            sqlite = EngineFigures(
                buildSeconds: sqliteBuild.seconds, buildMegabytesPerSecond: Double(corpusBytes) / 1e6 / sqliteBuild.seconds,
                buildPeakResidentBytes: sqliteBuild.peakResidentBytes, indexBytes: databaseBytes,
                indexToCorpusRatio: Double(databaseBytes) / Double(corpusBytes),
                queryMeanMilliseconds: timings.mean, queryP50Milliseconds: timings.percentile(50),
                queryP95Milliseconds: timings.percentile(95), queryP99Milliseconds: timings.percentile(99),
                coldSearchMilliseconds: sqliteCold, queriesWithHits: timings.hitCounts.filter { $0 > 0 }.count)
        }
        return ScaleFigures(
            scale: scale, documents: index.documents.count, corpusBytes: corpusBytes, passages: index.passageCount,
            queries: queries.count, kensaku: kensaku, sqlite: sqlite, ratios: sqlite.map { Self.ratios(kensaku, $0) } ?? [:],
            kensakuSearchWithSnippetsMeanMilliseconds: withSnippets.mean)
    }

    /// Warm query latencies on an existing index (no build, no baseline): for profiling.
    ///
    /// - Returns: mean, p50, p95 and p99 in milliseconds of ranking alone, and the mean of the
    ///   full search with snippets.
    /// - Throws: `KensakuError`: the errors of opening the index and of searching.
    public func warmQueryMilliseconds(indexPath: String) throws(KensakuError) -> [String: Double] {
        let index = try SearchIndex(path: indexPath)
        let ranked = try measureQueries { query throws(KensakuError) in try index.rankedPassages(query, limit: 10).count }
        let withSnippets = try measureQueries { query throws(KensakuError) in try index.search(query, limit: 10).hits.count }
        return ["mean": ranked.mean, "p50": ranked.percentile(50), "p95": ranked.percentile(95),
                "p99": ranked.percentile(99), "searchWithSnippetsMean": withSnippets.mean]
    }

    /// Latencies of one engine: a warm-up (see ``warmUpSeconds``), then every query `repeats` times.
    private struct Timings {
        var milliseconds: [Double]
        var hitCounts: [Int]
        var mean: Double { milliseconds.isEmpty ? 0 : milliseconds.reduce(0, +) / Double(milliseconds.count) }

        /// The nearest-rank percentile.
        func percentile(_ percent: Double) -> Double {
            let sorted = milliseconds.sorted()
            guard !sorted.isEmpty else { return 0 }
            let rank = Int((percent / 100 * Double(sorted.count)).rounded(.up))
            return sorted[min(sorted.count - 1, max(0, rank - 1))]
        }
    }

    /// The least time the warm-up runs, in whole passes over the queries: one pass (about a
    /// millisecond at ×1) did not warm this virtual machine up. Timed right after one pass, the
    /// ×1 mean was 0.061–0.068 ms in three runs of four, against 0.041–0.050 ms after 200 passes
    /// (the CPU's clock or the host's scheduling of an idle virtual CPU catching up).
    static let warmUpSeconds = 0.2

    private func measureQueries(_ body: (String) throws(KensakuError) -> Int) throws(KensakuError) -> Timings {
        var hitCounts: [Int] = []
        for query in queries { hitCounts.append(try body(query)) }
        let clock = ContinuousClock()
        let warmUpEnd = clock.now + .milliseconds(Int(Self.warmUpSeconds * 1000))
        while clock.now < warmUpEnd {
            for query in queries { _ = try body(query) }
        }
        var milliseconds: [Double] = []
        milliseconds.reserveCapacity(queries.count * repeats)
        for _ in 0..<repeats {
            for query in queries {
                let started = clock.now
                _ = try body(query)
                milliseconds.append((clock.now - started).seconds * 1000)
            }
        }
        return Timings(milliseconds: milliseconds, hitCounts: hitCounts)
    }

    private func coldMilliseconds(_ arguments: (String) -> [String]) throws(KensakuError) -> Double {
        var milliseconds: [Double] = []
        for query in queries {
            let run = try ChildProcess.run(executable, arguments(query))
            guard run.status == 0 else {
                throw KensakuError(.benchmarkFailed(detail: "'kensaku \(arguments(query).joined(separator: " "))' exited with status \(run.status)"))
            }
            milliseconds.append(run.seconds * 1000)
        }
        return Timings(milliseconds: milliseconds, hitCounts: []).percentile(50)
    }

    static func ratios(_ kensaku: EngineFigures, _ sqlite: EngineFigures) -> [String: Double] {
        func ratio(_ a: Double, _ b: Double) -> Double { b == 0 ? 0 : a / b }
        return [
            "buildSeconds": ratio(kensaku.buildSeconds, sqlite.buildSeconds),
            "buildMegabytesPerSecond": ratio(kensaku.buildMegabytesPerSecond, sqlite.buildMegabytesPerSecond),
            "buildPeakResidentBytes": ratio(Double(kensaku.buildPeakResidentBytes), Double(sqlite.buildPeakResidentBytes)),
            "indexBytes": ratio(Double(kensaku.indexBytes), Double(sqlite.indexBytes)),
            "indexToCorpusRatio": ratio(kensaku.indexToCorpusRatio, sqlite.indexToCorpusRatio),
            "queryMeanMilliseconds": ratio(kensaku.queryMeanMilliseconds, sqlite.queryMeanMilliseconds),
            "queryP50Milliseconds": ratio(kensaku.queryP50Milliseconds, sqlite.queryP50Milliseconds),
            "queryP95Milliseconds": ratio(kensaku.queryP95Milliseconds, sqlite.queryP95Milliseconds),
            "queryP99Milliseconds": ratio(kensaku.queryP99Milliseconds, sqlite.queryP99Milliseconds),
            "coldSearchMilliseconds": ratio(kensaku.coldSearchMilliseconds, sqlite.coldSearchMilliseconds),
            "queriesWithHits": ratio(Double(kensaku.queriesWithHits), Double(sqlite.queriesWithHits)),
        ]
    }
}

extension BenchmarkReport {
    /// A plain-text table per scale: Kensaku, SQLite and the ratio for every figure.
    public var table: String {
        var lines = ["Machine: \(processorCount) cores; SQLite \(sqliteVersion); \(repeats) repeats per query."]
        for figures in scales {
            lines.append("")
            lines.append("×\(figures.scale): \(figures.documents) documents, \(String(format: "%.2f", Double(figures.corpusBytes) / 1e6)) MB, "
                + "\(figures.passages) passages, \(figures.queries) queries (Kensaku search with snippets: "
                + "\(String(format: "%.3f", figures.kensakuSearchWithSnippetsMeanMilliseconds)) ms mean)")
            lines.append("  figure                     Kensaku        SQLite   Kensaku/SQLite")
            let rows: [(String, String, (EngineFigures) -> Double, String)] = [
                ("build s", "buildSeconds", { $0.buildSeconds }, "%.3f"),
                ("build MB/s", "buildMegabytesPerSecond", { $0.buildMegabytesPerSecond }, "%.2f"),
                ("build peak RSS MB", "buildPeakResidentBytes", { Double($0.buildPeakResidentBytes) / 1e6 }, "%.1f"),
                ("index MB", "indexBytes", { Double($0.indexBytes) / 1e6 }, "%.2f"),
                ("index / corpus", "indexToCorpusRatio", { $0.indexToCorpusRatio }, "%.3f"),
                ("query mean ms", "queryMeanMilliseconds", { $0.queryMeanMilliseconds }, "%.4f"),
                ("query p50 ms", "queryP50Milliseconds", { $0.queryP50Milliseconds }, "%.4f"),
                ("query p95 ms", "queryP95Milliseconds", { $0.queryP95Milliseconds }, "%.4f"),
                ("query p99 ms", "queryP99Milliseconds", { $0.queryP99Milliseconds }, "%.4f"),
                ("cold search ms", "coldSearchMilliseconds", { $0.coldSearchMilliseconds }, "%.1f"),
                ("queries with hits", "queriesWithHits", { Double($0.queriesWithHits) }, "%.0f"),
            ]
            for (label, key, value, format) in rows {
                let kensaku = String(format: format, value(figures.kensaku))
                let sqlite = figures.sqlite.map { String(format: format, value($0)) } ?? "-"
                let ratio = figures.ratios[key].map { String(format: "%.3f", $0) } ?? "-"
                lines.append("  " + label.padding(toLength: 22, withPad: " ", startingAt: 0)
                    + kensaku.leftPadded(13) + sqlite.leftPadded(14) + ratio.leftPadded(17))
            }
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
