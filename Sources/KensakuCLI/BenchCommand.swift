import ArgumentParser
import Foundation
import Kensaku

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure build and query speed at several corpus scales, against SQLite FTS5.",
        discussion: """
            For each scale N, writes N copies of every file of the corpus into a temporary folder \
            (copy k of F is named k-F and starts with the line [copy k/N]; copies k ≥ 1 hold F's \
            sentences in a seeded random order), builds the index in a child 'kensaku index' process \
            (wall time, MB/s, peak resident memory, index size) and times every query R times after a \
            warm-up of at least 0.2 s, then a cold 'kensaku search' process per query. The same passages go into an \
            SQLite FTS5 table (trigram tokenizer, bm25() ranking) measured the same way, and every \
            figure is printed with its Kensaku/SQLite ratio. Fails if any query finds no passage.
            """
    )

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Corpus scales (copies of every file).", valueName: "N"))
    var scale: [Int] = [1, 10, 100]

    @Option(name: .long, help: ArgumentHelp("A qid<TAB>query file (default: ../shared/eval/queries-dev.tsv, else a built-in list).", valueName: "FILE"))
    var queries: String?

    @Option(name: .long, help: ArgumentHelp("Timed runs of every query.", valueName: "R"))
    var `repeat`: Int = 20

    @Option(name: .long, help: ArgumentHelp("The source corpus folder.", valueName: "DIR"))
    var corpus: String = "Corpus"

    @Option(name: .long, help: ArgumentHelp("Only time warm queries on this existing index (no build, no baseline).", valueName: "FILE"))
    var index: String?

    @Flag(name: .long, help: "Leave out the SQLite FTS5 baseline.")
    var noSqlite = false

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Only write the scaled corpora, as DIR/xN for each scale, and exit.", valueName: "DIR"))
    var writeCorpus: String?

    func validate() throws {
        if scale.isEmpty || scale.contains(where: { $0 < 1 }) { throw ValidationError("--scale takes whole numbers ≥ 1.") }
        if `repeat` < 1 { throw ValidationError("--repeat takes a whole number ≥ 1.") }
    }

    func run() throws {
        try runReportingErrors {
            if let writeCorpus {
                for scale in scale {
                    let bytes = try ScaledCorpus.write(from: corpus, to: writeCorpus + "/x\(scale)", scale: scale)
                    print("×\(scale): \(bytes) bytes → \(writeCorpus)/x\(scale)")
                }
                return
            }
            let defaultQueries = "../shared/eval/queries-dev.tsv"
            let texts: [String]
            if let queries {
                texts = try QueryFile.read(queries).map(\.query)
            } else if FileManager.default.fileExists(atPath: defaultQueries) {
                texts = try QueryFile.read(defaultQueries).map(\.query)
            } else {
                texts = Benchmark.builtInQueries
            }
            let benchmark = Benchmark(sourceCorpus: corpus, scales: scale, queries: texts, repeats: `repeat`, includeSQLite: !noSqlite)
            if let index {
                let figures = try benchmark.warmQueryMilliseconds(indexPath: index)
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                    print(String(decoding: try encoder.encode(figures), as: UTF8.self))
                } else {
                    for key in figures.keys.sorted() { print("\(key) ms\t\(String(format: "%.4f", figures[key] ?? 0))") }
                }
                return
            }
            let report = try benchmark.run(log: { Terminal.printError("kensaku: \($0)") })
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                print(report.table)
            }
        }
    }
}

/// The SQLite side of `kensaku bench`, run as a child process so its build memory and cold start
/// are measured like Kensaku's.
struct BenchSQLiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-sqlite",
        abstract: "The SQLite FTS5 baseline of 'kensaku bench' (build a table or run one query).",
        shouldDisplay: false
    )

    @Option(name: .long, help: ArgumentHelp("Build the table from the passages of this Kensaku index.", valueName: "INDEX"))
    var build: String?

    @Option(name: .long, help: ArgumentHelp("The SQLite database.", valueName: "FILE"))
    var database: String

    @Option(name: .long, help: ArgumentHelp("Run one query and print the passage numbers.", valueName: "QUERY"))
    var search: String?

    func run() throws {
        try runReportingErrors {
            if let build {
                let rows = try SQLiteBaseline.build(indexPath: build, databasePath: database)
                print("\(rows) passages → \(database)")
            }
            if let search {
                let rows = try SQLiteBaseline(path: database).search(search, limit: 10)
                print(rows.map(String.init).joined(separator: " "))
            }
        }
    }
}
