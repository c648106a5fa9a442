import ArgumentParser
import Foundation
import Kensaku

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Build the index from a corpus folder.",
        discussion: """
            Reads every .txt, .md, .markdown, .html, .htm, .xhtml and .xml file of the corpus folder \
            (binary files are skipped with a warning), recovers its structure, splits it into passages, \
            analyzes them and writes one index file. The file is written under a temporary name and \
            renamed when complete, so an interrupted build never damages the previous index.

            With --verify, builds nothing: checks an index file completely (header, checksum, \
            tables, every posting list, field lengths, every passage against its source file) and \
            exits with status 1 if anything is wrong. Example: kensaku index --verify Indexes/default.kidx
            """
    )

    @Flag(name: .long, help: "Check an index file completely instead of building one.")
    var verify = false

    @Argument(help: ArgumentHelp("With --verify: the index file to check (default: the --output file).", valueName: "FILE"))
    var file: String?

    @Option(name: .long, help: ArgumentHelp("The corpus folder.", valueName: "DIR"))
    var corpus: String = "Corpus"

    @Option(name: .long, help: ArgumentHelp("The index file to write.", valueName: "FILE"))
    var output: String = "Indexes/default.kidx"

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        if file != nil && !verify {
            throw ValidationError("A FILE argument is only read with --verify; use --output FILE to choose where to build.")
        }
    }

    func run() throws {
        if verify {
            try runVerification(path: file ?? output)
            return
        }
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

    private func runVerification(path: String) throws {
        let report = IndexVerifier.verify(path: path)
        if json {
            let object: [String: Any] = [
                "index": report.path, "valid": report.isValid, "formatVersion": report.formatVersion.map { Int($0) } ?? NSNull(),
                "documents": report.documentCount, "passages": report.passageCount, "terms": report.termCount,
                "postings": report.postingCount, "problems": report.problems, "warnings": report.warnings,
            ]
            print(try JSONOutput.string(object))
        } else if report.isValid {
            print("OK: '\(path)' (format \(report.formatVersion ?? 0)): \(report.documentCount) documents, "
                + "\(report.passageCount) passages, \(report.termCount) terms, \(report.postingCount) postings; "
                + "checksum, tables, postings and passages verified.")
        } else {
            print("DAMAGED: '\(path)': \(report.problems.count) problem(s):")
            for problem in report.problems { print("  - \(problem)") }
        }
        for warning in report.warnings { Terminal.printError("kensaku: warning: \(warning)") }
        if !report.isValid {
            if !json { Terminal.printError("kensaku: error: '\(path)' failed verification. Rebuild it with 'kensaku index'.") }
            throw ExitCode(1)
        }
    }
}
