import ArgumentParser
import Foundation
import Kensaku

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure ranking quality on a query set with span judgements.",
        discussion: """
            Runs every query of --queries (qid<TAB>query lines) in this process and scores the top \
            k hits against --qrels (qid, unit, doc, start_line, end_line, grade, anchor) with the \
            rules of ../shared/eval/score.py:
              • a location is the byte span of its lines (with the last newline), or of the first \
                occurrence of its anchor inside them;
              • a hit earns a unit when it is at most 2,000 bytes and overlaps one of the unit's \
                locations by at least a third of the shorter span; each hit earns at most one unit, \
                the highest graded one not yet earned; a unit is earned once, by any copy;
              • nDCG@k uses gains 2^grade − 1 and log2(rank + 1); Recall@k counts units; MRR and \
                P@1 look at the first earning hit;
              • dup-slots: slots on another copy of a unit already earned; same-unit: slots on the \
                very location that already earned its unit.
            Means are over queries with at least one unit. Example:
              kensaku eval --queries ../shared/eval/queries-dev.tsv --qrels ../shared/eval/qrels-dev.tsv
            """
    )

    @Option(name: .long, help: ArgumentHelp("The queries (qid<TAB>query).", valueName: "FILE.tsv"))
    var queries: String

    @Option(name: .long, help: ArgumentHelp("The span judgements.", valueName: "FILE.tsv"))
    var qrels: String

    @Option(name: .long, help: "The cutoff k of every measure.")
    var k: Int = 10

    @Flag(name: .long, help: "Print one JSON object.")
    var json = false

    @Flag(name: .long, help: "Print a table of nDCG@k per query.")
    var perQuery = false

    @Option(name: .long, help: ArgumentHelp("Another engine's run to score beside Kensaku's (repeatable).", valueName: "RUN.jsonl"))
    var compare: [String] = []

    @Option(name: .customLong("run"), help: ArgumentHelp("Also write Kensaku's run to this file.", valueName: "OUT.jsonl"))
    var runPath: String?

    @OptionGroup var location: IndexLocationOptions

    func validate() throws {
        guard k >= 1 else { throw ValidationError("--k must be at least 1 (found \(k)).") }
    }

    func run() throws {
        try runReportingErrors {
            let index = try location.open()
            let lines = try QueryFile.read(queries)
            let judgements = try Qrels.read(qrels, corpus: index.corpusPath)
            var hits: [RunHit] = []
            var runText = ""
            for line in lines {
                let results: SearchResults
                do {
                    results = try index.search(line.query, limit: k)
                } catch let error as KensakuError where error.code == .emptyQuery || error.code == .malformedQuery {
                    Terminal.printError("kensaku: warning: \(queries):\(line.lineNumber): \(error.message)")
                    continue
                }
                for hit in results.hits {
                    hits.append(RunHit(qid: line.qid, rank: hit.rank, document: hit.document, byteRange: hit.passage.byteRange))
                    runText += RunFile.line(qid: line.qid, hit: hit) + "\n"
                }
            }
            if let path = runPath {
                do {
                    try runText.write(toFile: path, atomically: true, encoding: .utf8)
                } catch {
                    throw KensakuError.writeFailed(path: path, cause: error.localizedDescription)
                }
            }
            var evaluations = [("kensaku", Evaluator.evaluate(hits, qrels: judgements, k: k))]
            for path in compare {
                evaluations.append((String(path.split(separator: "/").last ?? Substring(path)),
                                    Evaluator.evaluate(try RunFile.read(path), qrels: judgements, k: k)))
            }
            if json {
                print(try JSONOutput.string(Self.jsonObject(evaluations, k: k, perQuery: perQuery)))
            } else {
                printTable(evaluations)
            }
        }
    }

    private func printTable(_ evaluations: [(String, Evaluation)]) {
        print("run".padding(toLength: 28, withPad: " ", startingAt: 0)
            + "nDCG@\(k)  R@\(k)   MRR    P@1   dup-slots  same-unit  answered")
        for (name, evaluation) in evaluations {
            let mean = evaluation.mean
            print(String(name.prefix(27)).padding(toLength: 28, withPad: " ", startingAt: 0)
                + String(format: "%.3f   %.3f  %.3f  %.2f  %9d  %9d  %d/%d", mean.ndcg, mean.recall, mean.reciprocalRank,
                         mean.precisionAtOne, mean.duplicateSlots, mean.sameUnitSlots, evaluation.answered, evaluation.judged))
        }
        guard perQuery, let first = evaluations.first?.1 else { return }
        print("\nqid    " + evaluations.map { String($0.0.prefix(12)).padding(toLength: 13, withPad: " ", startingAt: 0) }.joined())
        for qid in first.perQuery.keys.sorted() {
            print(qid.padding(toLength: 7, withPad: " ", startingAt: 0) + evaluations.map {
                String(format: "%.2f", $0.1.perQuery[qid]?.ndcg ?? 0).padding(toLength: 13, withPad: " ", startingAt: 0)
            }.joined())
        }
    }

    static func jsonObject(_ evaluations: [(String, Evaluation)], k: Int, perQuery: Bool) -> [String: Any] {
        func scores(_ value: EvaluationScores) -> [String: Any] {
            ["ndcg": value.ndcg, "recall": value.recall, "mrr": value.reciprocalRank, "p1": value.precisionAtOne,
             "dupSlots": value.duplicateSlots, "sameUnit": value.sameUnitSlots]
        }
        return [
            "k": k,
            "runs": evaluations.map { name, evaluation -> [String: Any] in
                var object: [String: Any] = ["run": name, "mean": scores(evaluation.mean),
                                             "answered": evaluation.answered, "judged": evaluation.judged]
                if perQuery { object["perQuery"] = evaluation.perQuery.mapValues(scores) }
                return object
            },
        ]
    }
}
