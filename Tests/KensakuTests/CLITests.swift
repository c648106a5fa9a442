import Foundation
import Testing
@testable import Kensaku

/// Runs the built `kensaku` binary and checks its output, errors and exit codes
/// (swift-argument-parser's `AssertExecuteCommand` approach).
@Suite("kensaku command line")
struct CLITests {
    func run(_ arguments: [String], in folder: String? = nil) throws -> TestSupport.Outcome {
        try TestSupport.runKensaku(arguments, in: folder)
    }

    /// A project folder with a copy of the real corpus and no index yet, like a fresh clone.
    func freshProject() throws -> String {
        let folder = try TestSupport.temporaryFolder()
        try FileManager.default.copyItem(atPath: TestSupport.corpusPath, toPath: folder + "/Corpus")
        return folder
    }

    @Test func searchBuildsTheDefaultIndexOnFirstUseAndPrintsRankedPassages() throws {
        let project = try freshProject()
        let first = try run(["search", "温室効果ガス", "削減目標"], in: project)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("first use"))
        #expect(FileManager.default.fileExists(atPath: project + "/Indexes/default.kidx"))
        let lines = first.stdout.split(separator: "\n").map(String.init)
        let headers = lines.filter { $0.range(of: #"^\s+\d+  [^ ]+:\d+-\d+  \d+\.\d{3}$"#, options: .regularExpression) != nil }
        #expect(headers.count == 10, "ten hits")
        #expect(lines.first?.hasPrefix("  1  nec-esg-databook-2024.txt:") == true)
        // Each hit: its header, its section path, its snippet with [highlights].
        #expect(lines[1].contains(" › "), "\(lines[1])")
        #expect(lines[2].contains("[温室効果ガス") || lines[2].contains("[削減"), "\(lines[2])")

        let second = try run(["search", "温室効果ガス", "削減目標"], in: project)
        #expect(second.stdout == first.stdout)
        #expect(!second.stderr.contains("building"), "the second search reuses the index")
    }

    @Test func jsonOutputHasTheDocumentedFields() throws {
        let project = try freshProject()
        let outcome = try run(["search", "--json", "--limit", "3", "ＧＨＧ排出量"], in: project)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(object["query"] as? String == "ＧＨＧ排出量")
        let hits = try #require(object["hits"] as? [[String: Any]])
        #expect(hits.count == 3)
        for key in ["rank", "score", "document", "startLine", "endLine", "byteStart", "byteEnd", "snippet", "highlights"] {
            #expect(hits[0][key] != nil, "missing \(key)")
        }
        #expect(hits.map { $0["rank"] as? Int } == [1, 2, 3])
    }

    @Test func batchModeWritesScorableRunLines() throws {
        let project = try freshProject()
        let queries = project + "/queries.tsv"
        try Data("qid\tquery\tintent\nq1\t女性管理職比率\tx\nq2\tAI Factory\ty\n".utf8).write(to: URL(fileURLWithPath: queries))
        let outcome = try run(["search", "--queries", queries, "--run", project + "/run.jsonl", "--limit", "5"], in: project)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = try String(contentsOfFile: project + "/run.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 10)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        for key in ["qid", "rank", "doc", "byte_start", "byte_end", "start_line", "end_line", "score"] {
            #expect(first[key] != nil, "missing \(key)")
        }
        #expect(first["qid"] as? String == "q1")
    }

    @Test func indexCommandReportsCounts() throws {
        let project = try freshProject()
        let outcome = try run(["index", "--json"], in: project)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(report["documents"] as? Int == 3)
        #expect((report["passages"] as? Int ?? 0) > 1_000)
        #expect((report["terms"] as? Int ?? 0) > 10_000)
        #expect(report["corpusBytes"] as? Int == 631_639)
    }

    @Test func errorsAreOneLineWithNonZeroExit() throws {
        let project = try freshProject()
        let empty = try run(["search", ""], in: project)
        #expect(empty.status == 1)
        #expect(empty.stderr.hasPrefix("kensaku: error: The query is empty"))

        let noCorpus = try run(["search", "温室効果ガス"], in: try TestSupport.temporaryFolder())
        #expect(noCorpus.status == 1)
        #expect(noCorpus.stderr.contains("Corpus folder 'Corpus' does not exist"))

        let damagedPath = project + "/damaged.kidx"
        try Data("not an index".utf8).write(to: URL(fileURLWithPath: damagedPath))
        let damaged = try run(["search", "--index", damagedPath, "温室効果ガス"], in: project)
        #expect(damaged.status == 1)
        #expect(damaged.stderr.contains("is not a Kensaku index") && damaged.stderr.contains("kensaku index"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: damagedPath)) == Data("not an index".utf8), "a damaged index is never overwritten")

        let usage = try run(["search", "--limit", "0", "x"], in: project)
        #expect(usage.status == 64)
    }

    @Test func indexPathsAreChecked() throws {
        let project = try freshProject()
        try FileManager.default.createDirectory(atPath: project + "/folder.kidx", withIntermediateDirectories: true)
        let directory = try run(["search", "--index", project + "/folder.kidx", "温室効果ガス"], in: project)
        #expect(directory.status == 1)
        #expect(directory.stderr.contains("folder.kidx") && directory.stderr.contains("not a regular file"))

        let verifyMissing = try run(["index", "--verify", project + "/missing.kidx"], in: project)
        #expect(verifyMissing.status == 1)
        #expect(verifyMissing.stdout.contains("does not exist"))
    }

    @Test func verifyReportsAHealthyAndADamagedIndex() throws {
        let project = try freshProject()
        #expect(try run(["index"], in: project).status == 0)
        let healthy = try run(["index", "--verify"], in: project)
        #expect(healthy.status == 0)
        #expect(healthy.stdout.hasPrefix("OK: 'Indexes/default.kidx' (format \(IndexFormat.currentVersion)): 3 documents"))

        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: project + "/Indexes/default.kidx")))
        bytes[bytes.count / 3] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: project + "/Indexes/flipped.kidx"))
        let damaged = try run(["index", "--verify", "Indexes/flipped.kidx", "--json"], in: project)
        #expect(damaged.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(damaged.stdout.utf8)) as? [String: Any])
        #expect(report["valid"] as? Bool == false)
        #expect((report["problems"] as? [String])?.first?.contains("checksum mismatch") == true)
    }

    /// Arguments a tool may pass: ill-formed UTF-8 (an unpaired surrogate encoded as CESU-8),
    /// control characters, a 100,000-character query.
    @Test func hostileQueryArgumentsGetAnswers() throws {
        let project = try freshProject()
        #expect(try run(["index"], in: project).status == 0)
        let surrogate = try TestSupport.runKensaku(
            ["-c", "\"$0\" search \"$(printf '\\355\\240\\200')温室効果ガス\"", TestSupport.binaryPath],
            in: project, executable: "/bin/sh")
        #expect(surrogate.status == 0, "\(surrogate.stderr)")
        #expect(surrogate.stdout.contains("nec-esg-databook-2024.txt"))

        let control = try run(["search", "\u{1}\u{7}\u{1B}"], in: project)
        #expect(control.status == 1 && control.stderr.contains("no searchable words"))

        // 100,000 characters (one argument may hold at most 128 KiB on Linux).
        let long = try run(["search", "--limit", "2", String(repeating: "ghg ", count: 25_000)], in: project)
        #expect(long.status == 0)
        #expect(long.stderr.contains("kensaku: note: The query has 100000 characters; only the first 1000 were searched."))
    }
}

@Suite("kensaku outline, show and documents")
struct StructureCLITests {
    func project() throws -> String {
        let folder = try TestSupport.temporaryFolder()
        try FileManager.default.copyItem(atPath: TestSupport.corpusPath, toPath: folder + "/Corpus")
        #expect(try TestSupport.runKensaku(["index"], in: folder).status == 0)
        return folder
    }

    @Test func outlineShowsTheSectionTree() throws {
        let folder = try project()
        let outline = try TestSupport.runKensaku(["outline", "nec-dx-report.md"], in: folder)
        #expect(outline.status == 0)
        let lines = outline.stdout.split(separator: "\n")
        #expect(lines.first == "nec-dx-report.md: 日本電気株式会社（NEC） 調査レポート (145 lines)")
        #expect(lines.contains("    1. 内製化の強化・IT子会社再編  7-20"))
        let json = try TestSupport.runKensaku(["outline", "nec-esg", "--json"], in: folder)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["document"] as? String == "nec-esg-databook-2024.txt")
        #expect(((object["sections"] as? [[String: Any]])?.count ?? 0) > 100)
        let missing = try TestSupport.runKensaku(["outline", "nope.txt"], in: folder)
        #expect(missing.status == 1 && missing.stderr.contains("No indexed document is named 'nope.txt'"))
    }

    @Test func showPrintsThePassageOfALineWithNeighbours() throws {
        let folder = try project()
        let shown = try TestSupport.runKensaku(["show", "nec-esg-databook-2024.txt:2500", "--context", "1"], in: folder)
        #expect(shown.status == 0, "\(shown.stderr)")
        let headers = shown.stdout.split(separator: "\n").filter { !$0.hasPrefix("  │") }
        #expect(headers.count == 3)
        let target = try #require(headers.first { $0.hasPrefix(">") })
        #expect(target.contains("気候変動対策"))
        let json = try TestSupport.runKensaku(["show", "nec-esg-databook-2024.txt:2500", "--json"], in: folder)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let passages = try #require(object["passages"] as? [[String: Any]])
        #expect(passages.count == 3)
        let passage = try #require(passages.first { $0["isTarget"] as? Bool == true })
        #expect((passage["startLine"] as? Int ?? 0) <= 2500 && (passage["endLine"] as? Int ?? 0) >= 2500)
        #expect(try TestSupport.runKensaku(["show", "nec-dx-report.md:9999"], in: folder).stderr.contains("past the end"))
        #expect(try TestSupport.runKensaku(["show", "nec-dx-report.md"], in: folder).status == 64)
    }

    @Test func documentsListsMetadata() throws {
        let folder = try project()
        let json = try TestSupport.runKensaku(["documents", "--json"], in: folder)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let documents = try #require(object["documents"] as? [[String: Any]])
        #expect(documents.map { $0["name"] as? String } == ["hitachi-nvidia-ai-factory.md", "nec-dx-report.md", "nec-esg-databook-2024.txt"])
        let blog = documents[0]
        #expect(blog["format"] as? String == "markdown" && blog["title"] as? String == "日立とNVIDIAが描く「AI工場」の真意とは？")
        #expect((blog["metadata"] as? [String: String])?["author"] == "ALLFORCES編集部")
    }

    @Test func searchJSONCarriesSectionsAndDuplicates() throws {
        let folder = try project()
        let result = try TestSupport.runKensaku(["search", "--json", "AI Factory"], in: folder)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let hits = try #require(object["hits"] as? [[String: Any]])
        #expect(hits.allSatisfy { $0["section"] is [String] && $0["duplicates"] is [[String: Any]] })
        #expect(hits.contains { ($0["duplicates"] as? [[String: Any]])?.contains { $0["startLine"] as? Int == 81 } == true })
    }
}

@Suite("kensaku eval and search options")
struct EvalCLITests {
    static let evalFolder = TestSupport.packageRoot + "/../shared/eval"

    @Test func evalPrintsOneLinePerRunAndJSON() throws {
        guard FileSystem.status(Self.evalFolder + "/queries-dev.tsv") != nil else { return }
        let project = try TestSupport.temporaryFolder()
        try FileManager.default.copyItem(atPath: TestSupport.corpusPath, toPath: project + "/Corpus")
        let queries = Self.evalFolder + "/queries-dev.tsv", qrels = Self.evalFolder + "/qrels-dev.tsv"
        let text = try TestSupport.runKensaku(["eval", "--queries", queries, "--qrels", qrels, "--run", project + "/run.jsonl", "--per-query"], in: project)
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("run") == true && lines[1].hasPrefix("kensaku"))
        #expect(lines.contains { $0.hasPrefix("q60") })
        let compared = try TestSupport.runKensaku(["eval", "--queries", queries, "--qrels", qrels, "--compare", project + "/run.jsonl", "--json"], in: project)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(compared.stdout.utf8)) as? [String: Any])
        let runs = try #require(object["runs"] as? [[String: Any]])
        #expect(runs.map { $0["run"] as? String } == ["kensaku", "run.jsonl"])
        let means = runs.compactMap { ($0["mean"] as? [String: Any])?["ndcg"] as? Double }
        #expect(means.count == 2 && means[0] == means[1], "the saved run scores the same as the live one")
        #expect(means[0] >= 0.80)
    }

    @Test func explainAndContextInTextOutput() throws {
        let project = try TestSupport.temporaryFolder()
        try FileManager.default.copyItem(atPath: TestSupport.corpusPath, toPath: project + "/Corpus")
        let outcome = try TestSupport.runKensaku(["search", "--limit", "1", "--explain", "--context", "2", "女性管理職比率"], in: project)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("score ") && outcome.stdout.contains("word '女性管理職比率'") || outcome.stdout.contains("word '女性'"))
        #expect(outcome.stdout.split(separator: "\n").filter { $0.contains(" ┆ ") }.count == 4, "two lines before and two after")
        let json = try TestSupport.runKensaku(["search", "--limit", "1", "--explain", "--json", "女性管理職比率"], in: project)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let hit = try #require((object["hits"] as? [[String: Any]])?.first)
        #expect(((hit["explanation"] as? [String: Any])?["terms"] as? [[String: Any]])?.isEmpty == false)
    }
}
