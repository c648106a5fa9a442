import ArgumentParser
import Foundation
import Kensaku

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find the passages that best match a query.",
        discussion: """
            Query words are normalized like the documents (full-width and half-width forms, case, \
            ＧＨＧ = GHG, サーバー = サーバ) and matched both as whole words and as character \
            bigrams, so 排出 finds 排出量. Passages are ranked by BM25; a passage need not hold \
            every word.

            Each hit prints as 'rank  document:startLine-endLine  score' and a snippet; \
            'sed -n START,ENDp Corpus/DOCUMENT' shows the passage. With --json, one object: \
            query, hits (rank, score, document, startLine, endLine, byteStart, byteEnd, snippet, \
            highlights as [start, end) UTF-8 byte offsets into the file).

            Batch mode: --queries FILE.tsv --run OUT.jsonl runs every 'qid<TAB>query' line \
            (a header line starting with 'qid' and extra columns are allowed) and writes one JSON \
            line per hit: qid, rank, doc, byte_start, byte_end, start_line, end_line, score.

            Examples:
              kensaku search 温室効果ガス 削減目標
              kensaku search --limit 3 --json ＧＨＧ排出量
              kensaku search --queries ../shared/eval/queries-dev.tsv --run run.jsonl
            """
    )

    @Argument(help: "The query words (joined with spaces).")
    var query: [String] = []

    @Option(name: .shortAndLong, help: "The most hits to show (per query in batch mode).")
    var limit: Int = 10

    @Flag(name: .long, help: "Print one JSON object instead of text.")
    var json = false

    @Option(name: .customLong("queries"), help: ArgumentHelp("Run every query of a TSV file (qid<TAB>query).", valueName: "FILE.tsv"))
    var queriesPath: String?

    @Option(name: .customLong("run"), help: ArgumentHelp("With --queries: write the hits as JSON lines to this file.", valueName: "OUT.jsonl"))
    var runPath: String?

    @OptionGroup var location: IndexLocationOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1 (found \(limit)).") }
        if queriesPath != nil {
            guard runPath != nil else { throw ValidationError("--queries needs --run OUT.jsonl to write the hits to.") }
            guard query.isEmpty else { throw ValidationError("Give either query words or --queries FILE, not both.") }
        } else if runPath != nil {
            throw ValidationError("--run needs --queries FILE.tsv.")
        }
    }

    func run() throws {
        do {
            try execute()
        } catch let error as KensakuError {
            throw fail(error)
        }
    }

    private func execute() throws {
        let text = query.joined(separator: " ")
        if queriesPath == nil {
            // A query with nothing to search for is reported before any index is built.
            try SearchIndex.validate(query: text)
        }
        let index = try SearchIndex.openOrBuild(
            indexPath: location.index, corpusPath: location.corpus,
            log: { Terminal.printError("kensaku: \($0)") })
        if let queriesPath, let runPath {
            try runBatch(index, queriesPath: queriesPath, runPath: runPath)
        } else {
            let results = try index.search(text, limit: limit)
            for notice in results.notices { Terminal.printError("kensaku: note: \(notice)") }
            if json {
                print(try JSONOutput.string(Self.jsonObject(results)))
            } else {
                printText(results)
            }
        }
    }

    private func printText(_ results: SearchResults) {
        let color = Terminal.stdoutSupportsColor
        if results.hits.isEmpty {
            Terminal.printError("kensaku: no passage matches '\(results.query)'.")
            return
        }
        for hit in results.hits {
            let location = "\(hit.document):\(hit.passage.startLine)-\(hit.passage.endLine)"
            print("\(String(hit.rank).leftPadded(to: 3))  \(location)  \(String(format: "%.3f", hit.score))")
            if !hit.section.isEmpty {
                let path = hit.section.joined(separator: " › ")
                print("     " + (color ? Terminal.dimStart + path + Terminal.reset : path))
            }
            var line = "     "
            for segment in hit.snippet.segments {
                if segment.isHighlighted {
                    line += color ? Terminal.highlightStart + segment.text + Terminal.reset : "[" + segment.text + "]"
                } else {
                    line += segment.text
                }
            }
            print(line)
            if !hit.duplicates.isEmpty {
                let copies = hit.duplicates.map { "\($0.document == hit.document ? "" : $0.document + ":")\($0.startLine)-\($0.endLine)" }
                print("     (same content also at \(copies.joined(separator: ", ")))")
            }
        }
        Terminal.printError("kensaku: \(results.hits.count) of \(results.matchedPassageCount) matching passages.")
    }

    static func jsonObject(_ results: SearchResults) -> [String: Any] {
        [
            "query": results.query,
            "matchedPassages": results.matchedPassageCount,
            "notices": results.notices,
            "hits": results.hits.map { hit -> [String: Any] in
                [
                    "rank": hit.rank, "score": hit.score, "document": hit.document,
                    "startLine": hit.passage.startLine, "endLine": hit.passage.endLine,
                    "byteStart": hit.passage.byteStart, "byteEnd": hit.passage.byteEnd,
                    "snippet": hit.snippet.text,
                    "snippetByteRange": [hit.snippet.byteRange.lowerBound, hit.snippet.byteRange.upperBound],
                    "highlights": hit.snippet.highlights.map { [$0.lowerBound, $0.upperBound] },
                    "section": hit.section,
                    "duplicates": hit.duplicates.map { copy -> [String: Any] in
                        ["document": copy.document, "startLine": copy.startLine, "endLine": copy.endLine,
                         "byteStart": copy.byteStart, "byteEnd": copy.byteEnd]
                    },
                ]
            },
        ]
    }

    private func runBatch(_ index: SearchIndex, queriesPath: String, runPath: String) throws {
        let lines = try QueryFile.read(queriesPath)
        var output = ""
        var answered = 0
        for line in lines {
            let results: SearchResults
            do {
                results = try index.search(line.query, limit: limit)
            } catch {
                guard error.code == .emptyQuery else { throw error }
                Terminal.printError("kensaku: warning: \(queriesPath):\(line.lineNumber): \(error.message) Skipped.")
                continue
            }
            for notice in results.notices {
                Terminal.printError("kensaku: note: \(queriesPath):\(line.lineNumber): \(notice)")
            }
            if !results.hits.isEmpty { answered += 1 }
            for hit in results.hits {
                output += RunFile.line(qid: line.qid, hit: hit) + "\n"
            }
        }
        do {
            try output.write(toFile: runPath, atomically: true, encoding: .utf8)
        } catch {
            throw fail(KensakuError.writeFailed(path: runPath, cause: error.localizedDescription))
        }
        Terminal.printError("kensaku: ran \(lines.count) queries (\(answered) with hits) → \(runPath)")
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
