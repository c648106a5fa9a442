import ArgumentParser
import Foundation
import Kensaku

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find the passages that best match a query.",
        discussion: """
            Query language:
              温室効果ガス 削減目標        words, combined by ranking (a passage need not hold all)
              "サステナビリティ推進部門"    a phrase: required, tokens adjacent, also across line wraps
              "女性管理職比率" OR "女性比率"  either phrase
              紛争鉱物 -コバルト            leave out passages holding a word (or -"a phrase")
              doc:nec-dx AI駆動開発        only documents whose name contains nec-dx
              section:気候変動対策 Scope3   only passages whose section headings contain the text
              gri:305-1 Scope1             only passages where GRI 305-1 is reported
                                           (also sasb:, ungc:, iso:)
            Words are normalized like the documents (ＧＨＧ = GHG, サーバー = サーバ) and matched as \
            whole words and as character bigrams, so 排出 finds 排出量. Function words of a question \
            (は, を, ますか) weigh little. Ranking: BM25 over words and bigrams, a bonus for query \
            words in section headings or the document title and for words close together, one hit \
            per group of duplicated content, a penalty for the neighbour of a higher hit \
            (--explain shows each part). Mistakes (an open quote, a lone -, an unknown filter) are \
            errors naming the position.

            Each hit prints as 'rank  document:startLine-endLine  score', its section path and a \
            snippet; 'sed -n START,ENDp Corpus/DOCUMENT' shows the passage. With --json, one \
            object: query, hits (rank, score, document, startLine, endLine, byteStart, byteEnd, \
            snippet, highlights as [start, end) UTF-8 byte offsets into the file, section, \
            duplicates, explanation with --explain).

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

    @Flag(name: .long, help: "Show how each hit's score was made: terms, fields, headings, proximity.")
    var explain = false

    @Option(name: .long, help: "In text output, also print N lines before and after each hit.")
    var context: Int = 0

    @Option(name: .customLong("queries"), help: ArgumentHelp("Run every query of a TSV file (qid<TAB>query).", valueName: "FILE.tsv"))
    var queriesPath: String?

    @Option(name: .customLong("run"), help: ArgumentHelp("With --queries: write the hits as JSON lines to this file.", valueName: "OUT.jsonl"))
    var runPath: String?

    @OptionGroup var location: IndexLocationOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1 (found \(limit)).") }
        guard context >= 0 else { throw ValidationError("--context must be 0 or more (found \(context)).") }
        if queriesPath != nil {
            guard runPath != nil else { throw ValidationError("--queries needs --run OUT.jsonl to write the hits to.") }
            guard query.isEmpty else { throw ValidationError("Give either query words or --queries FILE, not both.") }
        } else if runPath != nil {
            throw ValidationError("--run needs --queries FILE.tsv.")
        }
    }

    func run() throws {
        let runner = SearchRunner(
            query: query, limit: limit, json: json, explain: explain, context: context,
            queriesPath: queriesPath, runPath: runPath, indexPath: location.index, corpusPath: location.corpus)
        do {
            try runner.execute()
        } catch let error as KensakuError {
            throw fail(error)
        }
    }

    static func explanationText(_ score: Double, _ explanation: ScoreExplanation) -> String {
        var lines = ["     score \(String(format: "%.3f", score)) ="]
        for term in explanation.terms {
            lines.append("       \(String(format: "%7.3f", term.score))  \(term.field) '\(term.term)' tf \(term.frequency) × weight \(String(format: "%.3f", term.weight))")
        }
        if explanation.headingScore > 0 {
            lines.append("     + \(String(format: "%7.3f", explanation.headingScore))  headings/title hold \(explanation.headingTerms.map { "'\($0)'" }.joined(separator: ", "))")
        }
        if explanation.proximityScore > 0 {
            lines.append("     + \(String(format: "%7.3f", explanation.proximityScore))  proximity of query words")
        }
        if explanation.foldedScore > 0 {
            lines.append("     + \(String(format: "%7.3f", explanation.foldedScore))  taken over from a duplicate that scored higher")
        }
        if explanation.neighbourPenalty {
            lines.append("     × 0.5 for a neighbouring passage ranked higher (applied to the sum)")
        }
        return lines.joined(separator: "\n")
    }

    static func jsonObject(_ results: SearchResults) -> [String: Any] {
        [
            "query": results.query,
            "matchedPassages": results.matchedPassageCount,
            "matchedPassagesExact": results.matchedPassageCountIsExact,
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
                    "explanation": hit.explanation.map { explanation -> Any in
                        [
                            "terms": explanation.terms.map { ["field": $0.field, "term": $0.term, "frequency": $0.frequency,
                                                              "weight": $0.weight, "score": $0.score] as [String: Any] },
                            "headingTerms": explanation.headingTerms, "headingScore": explanation.headingScore,
                            "proximityScore": explanation.proximityScore, "foldedScore": explanation.foldedScore,
                            "neighbourPenalty": explanation.neighbourPenalty,
                        ] as [String: Any]
                    } ?? NSNull(),
                    "duplicates": hit.duplicates.map { copy -> [String: Any] in
                        ["document": copy.document, "startLine": copy.startLine, "endLine": copy.endLine,
                         "byteStart": copy.byteStart, "byteEnd": copy.byteEnd]
                    },
                ]
            },
        ]
    }
}

/// What `kensaku search` does once its arguments are parsed: by ``SearchCommand``, or directly
/// by ``SearchRunner/fastPath(_:)`` for the common invocations.
struct SearchRunner {
    var query: [String]
    var limit = 10
    var json = false
    var explain = false
    var context = 0
    var queriesPath: String? = nil
    var runPath: String? = nil
    var indexPath = "Indexes/default.kidx"
    var corpusPath = "Corpus"

    /// `kensaku search` arguments holding only query words and the common options (`--limit N`,
    /// `-l N`, `--json`, `--explain`, `--context N`, `--index FILE`, `--corpus DIR`, each at most
    /// once), parsed without ArgumentParser: its generic machinery (metadata and conformance
    /// lookups over all the commands' property wrappers) is ~1.5 ms, an eighth of a cold search.
    /// Anything else (help, `--queries`, `--`, other options, a word starting with `-` or empty,
    /// `help`, a missing or bad number) gives nil: ArgumentParser then parses, and reports the
    /// mistakes, exactly as before. The defaults are those of ``SearchCommand`` and
    /// ``IndexLocationOptions``.
    static func fastPath(_ arguments: [String]) -> SearchRunner? {
        guard arguments.count >= 2, arguments[0] == "search" else { return nil }
        var runner = SearchRunner(query: [])
        var seen = Set<String>()
        var position = 1
        while position < arguments.count {
            let argument = arguments[position]
            position += 1
            guard argument.hasPrefix("-") else {
                guard !argument.isEmpty, argument != "help" else { return nil }
                runner.query.append(argument)
                continue
            }
            guard seen.insert(argument == "-l" ? "--limit" : argument).inserted else { return nil }
            switch argument {
            case "--json": runner.json = true
            case "--explain": runner.explain = true
            case "--limit", "-l", "--context", "--index", "--corpus":
                guard position < arguments.count, !arguments[position].hasPrefix("-"), !arguments[position].isEmpty else { return nil }
                let value = arguments[position]
                position += 1
                switch argument {
                case "--index": runner.indexPath = value
                case "--corpus": runner.corpusPath = value
                case "--context":
                    guard let number = Int(value), number >= 0 else { return nil }
                    runner.context = number
                default:
                    guard let number = Int(value), number > 0 else { return nil }
                    runner.limit = number
                }
            default:
                return nil
            }
        }
        return runner.query.isEmpty ? nil : runner
    }

    func execute() throws {
        let text = query.joined(separator: " ")
        if queriesPath == nil {
            // A query with nothing to search for is reported before any index is built.
            try SearchIndex.validate(query: text)
        }
        let index = try SearchIndex.openOrBuild(
            indexPath: indexPath, corpusPath: corpusPath,
            log: { Terminal.printError("kensaku: \($0)") })
        if let queriesPath, let runPath {
            try runBatch(index, queriesPath: queriesPath, runPath: runPath)
        } else {
            let results = try index.search(text, limit: limit, explain: explain)
            for notice in results.notices { Terminal.printError("kensaku: note: \(notice)") }
            if json {
                print(try JSONOutput.string(SearchCommand.jsonObject(results)))
            } else {
                try printText(results, index: index)
            }
        }
        // The process exits next: freeing the index's tables would only cost time (a tenth of a
        // cold search at ×100), so the index is deliberately kept.
        _ = Unmanaged.passRetained(index)
    }

    private func printText(_ results: SearchResults, index: SearchIndex) throws {
        let color = Terminal.stdoutSupportsColor
        if results.hits.isEmpty {
            Terminal.printError("kensaku: no passage matches '\(results.query)'.")
            return
        }
        for hit in results.hits {
            let location = "\(hit.document):\(hit.passage.startLine)-\(hit.passage.endLine)"
            print("\(String(hit.rank).leftPadded(to: 3))  \(location)  \(Self.threeDecimals(hit.score))")
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
                // Several windows of one long line share its line number: count them.
                var order: [String] = []
                var counts: [String: Int] = [:]
                for copy in hit.duplicates {
                    let lines = copy.startLine == copy.endLine ? "\(copy.startLine)" : "\(copy.startLine)-\(copy.endLine)"
                    let label = (copy.document == hit.document ? "" : copy.document + ":") + lines
                    if counts[label] == nil { order.append(label) }
                    counts[label, default: 0] += 1
                }
                let copies = order.map { (counts[$0] ?? 1) > 1 ? "\($0) (×\(counts[$0] ?? 1))" : $0 }
                print("     (same content also at \(copies.joined(separator: ", ")))")
            }
            if context > 0 {
                let document = try index.document(named: hit.document)
                let lines = try index.lines(of: document.index, hit.passage.startLine - context...hit.passage.endLine + context)
                for (number, text) in lines {
                    let inside = (hit.passage.startLine...hit.passage.endLine).contains(number)
                    let line = "     \(String(number).leftPadded(to: 6)) \(inside ? "│" : "┆") \(text)"
                    print(color && !inside ? Terminal.dimStart + line + Terminal.reset : line)
                }
            }
            if let explanation = hit.explanation {
                print(SearchCommand.explanationText(hit.score, explanation))
            }
        }
        let matched = results.matchedPassageCountIsExact ? "\(results.matchedPassageCount)" : "at least \(results.matchedPassageCount)"
        Terminal.printError("kensaku: \(results.hits.count) of \(matched) matching passages.")
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

extension SearchRunner {
    /// `String(format: "%.3f", value)` through C's `vsnprintf` directly: the same text, without
    /// Foundation's locale-aware formatter (its first use costs ~0.1 ms of a cold search).
    static func threeDecimals(_ value: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let length = withVaList([value]) { vsnprintf(&buffer, buffer.count, "%.3f", $0) }
        guard length >= 0, length < buffer.count else { return String(format: "%.3f", value) }
        return String(decoding: buffer[..<Int(length)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
