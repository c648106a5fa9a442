import ArgumentParser
import Kensaku

/// The `kensaku` command: argument parsing and output formatting only; everything else lives in
/// the `Kensaku` library.
@main
struct KensakuCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kensaku",
        abstract: "Search Japanese corporate reports: ranked passages with exact file locations.",
        discussion: """
            The default index is Indexes/default.kidx, built from the documents in Corpus/ on first \
            use and rebuilt when they change. Run kensaku from the project folder, or pass --index \
            and --corpus.
            """,
        subcommands: [
            SearchCommand.self, IndexCommand.self, DocumentsCommand.self, OutlineCommand.self, ShowCommand.self, EvalCommand.self, AnalyzeCommand.self,
            XrefCommand.self, GRICommand.self, SASBCommand.self, UNGCCommand.self, CoverageCommand.self,
            BenchCommand.self, BenchSQLiteCommand.self,
        ]
    )

    /// Runs a plain `kensaku search` (the cold path that matters) without ArgumentParser; every
    /// other command line goes through it (see ``SearchRunner/fastPath(_:)``).
    static func main() {
        if let runner = SearchRunner.fastPath(Array(CommandLine.arguments.dropFirst())) {
            do {
                try runner.execute()
            } catch let error as KensakuError {
                exit(withError: fail(error))
            } catch {
                exit(withError: error)
            }
            return
        }
        main(nil)
    }
}

/// Options shared by the commands that read or write an index.
struct IndexLocationOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The index file.", valueName: "FILE"))
    var index: String = "Indexes/default.kidx"

    @Option(name: .long, help: ArgumentHelp("The corpus folder to build the index from when it is missing.", valueName: "DIR"))
    var corpus: String = "Corpus"
}

/// Prints a library error as one line on stderr and exits with status 1.
func fail(_ error: KensakuError) -> ExitCode {
    Terminal.printError("kensaku: error: \(error.message)")
    return ExitCode(1)
}

extension IndexLocationOptions {
    /// Opens the index, building it on first use and rebuilding it when stale, with notices on stderr.
    func open() throws(KensakuError) -> SearchIndex {
        try SearchIndex.openOrBuild(indexPath: index, corpusPath: corpus, log: { Terminal.printError("kensaku: \($0)") })
    }
}

/// Runs a command body, turning a library error into one stderr line and exit status 1.
func runReportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as KensakuError {
        throw fail(error)
    }
}
