import ArgumentParser
import Foundation
import Kensaku

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Build the index from a corpus folder.",
        discussion: """
            Reads every .txt, .md and .markdown file of the corpus folder, splits it into passages, \
            analyzes them and writes one index file. The file is written under a temporary name and \
            renamed when complete, so an interrupted build never damages the previous index.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The corpus folder.", valueName: "DIR"))
    var corpus: String = "Corpus"

    @Option(name: .long, help: ArgumentHelp("The index file to write.", valueName: "FILE"))
    var output: String = "Indexes/default.kidx"

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    func run() throws {
        let report: BuildReport
        do {
            report = try CorpusIndexer.build(corpusPath: corpus, outputPath: output)
        } catch {
            throw fail(error)
        }
        for warning in report.warnings { Terminal.printError("kensaku: warning: \(warning)") }
        if json {
            let object: [String: Any] = [
                "index": report.indexPath, "corpus": report.corpusPath, "documents": report.documentCount,
                "passages": report.passageCount, "terms": report.termCount, "corpusBytes": report.corpusBytes,
                "indexBytes": report.indexBytes, "seconds": report.seconds, "warnings": report.warnings,
            ]
            print(try JSONOutput.string(object))
        } else {
            print(report.summary)
        }
    }
}
