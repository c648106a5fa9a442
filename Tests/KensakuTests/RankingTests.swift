import Foundation
import Testing
@testable import Kensaku

/// Ranking properties on small hand-made corpora.
@Suite("Ranking properties")
struct RankingTests {
    private func index(_ files: [String: String], name: String = #function) throws -> SearchIndex {
        let corpus = try TestSupport.makeCorpus(files, name: name)
        let path = corpus + ".kidx"
        _ = try CorpusIndexer.build(corpusPath: corpus, outputPath: path)
        return try SearchIndex(path: path)
    }

    /// Fillers that share no words with the queries, to give passages similar lengths. They differ
    /// from each other, so that duplicate detection does not group the passages.
    private let filler = "本文の説明として、関係する部署が年度ごとに計画を立て、進み具合を確認しながら取り組みを続けています。"
    private let otherFiller = "社内の委員会は四半期に一度集まり、各拠点の報告を聞いたうえで、翌期の重点と担当者を決めました。"
    private let thirdFiller = "海外の子会社でも同じ仕組みを採り入れ、現地の言葉で研修を開き、質問には窓口がすぐに答えます。"

    @Test func headingMatchBeatsBodyMatch() throws {
        let text = """
            # 紛争鉱物

            \(filler)調達の方針を定めています。

            # 調達

            \(otherFiller)紛争鉱物の方針を定めています。
            """
        let hits = try index(["a.md": text]).search("紛争鉱物").hits
        #expect(hits.count == 2)
        #expect(hits.first?.section == ["紛争鉱物"], "the passage under the matching heading ranks first")
    }

    @Test func closerTermsBeatDistantOnes() throws {
        let near = "\(filler)温室効果ガスの削減目標を掲げています。\(filler)"
        let far = "温室効果ガスについて述べます。\(otherFiller)\(thirdFiller)削減目標も掲げています。"
        let hits = try index(["near.txt": near + "\n", "far.txt": far + "\n"]).search("温室効果ガス 削減目標", explain: true).hits
        #expect(hits.map(\.document) == ["near.txt", "far.txt"])
        #expect((hits.first?.explanation?.proximityScore ?? 0) > (hits.last?.explanation?.proximityScore ?? 0))
    }

    @Test func phraseRequiresAdjacency() throws {
        let index = try self.index([
            "adjacent.txt": "人権デュー・ディリジェンスを実施しています。\n",
            "apart.txt": "人権の尊重のため、デュー・ディリジェンスを実施しています。\n",
        ])
        #expect(Set(try index.search("人権 デュー").hits.map(\.document)) == ["adjacent.txt", "apart.txt"])
        #expect(try index.search("\"人権デュー\"").hits.map(\.document) == ["adjacent.txt"])
    }

    @Test func wholeWordsBeatScatteredBigrams() throws {
        let index = try self.index([
            "word.txt": "\(filler)排出量を管理しています。\n",
            "scattered.txt": "\(otherFiller)排出を抑え、出量の記録も残しています。\n",
        ])
        #expect(try index.search("排出量").hits.first?.document == "word.txt")
    }

    @Test func functionWordsDoNotDecideTheRanking() throws {
        let index = try self.index([
            "content.txt": "\(filler)NECは2040年にカーボンニュートラル達成を目指す。\n",
            "grammar.txt": "これは何をしていますか、それはどうしていますか、あれはなにをしていますか、としていますか。\n",
        ])
        #expect(try index.search("NECは2040年までに何を達成することを目指していますか").hits.first?.document == "content.txt")
    }

    /// A lone hiragana word (a particle) is left out of a query with other terms: a passage
    /// holding only the particles does not match, and the content words rank as before.
    @Test func particlesAreLeftOutOfQueriesWithOtherTerms() throws {
        let analyzed = try AnalyzedQuery("NECの目標は何ですか")
        let words = analyzed.terms.filter { $0.term.kind == .word }.map(\.term.text)
        #expect(!words.contains("の") && !words.contains("は"), "\(words)")
        #expect(words.contains("nec") && words.contains("目標") && words.contains("です"), "longer hiragana words stay: \(words)")
        // A query of particles alone keeps them: there is nothing else to search by.
        #expect(try AnalyzedQuery("の").terms.map(\.term.text).contains("の"))

        let index = try self.index([
            "content.txt": "\(filler)NECは2040年にカーボンニュートラル達成を目指す。\n",
            "particles.txt": "これはそれのためのものであり、あれはこれのためにある。\n",
        ])
        let hits = try index.search("NECの目標").hits
        #expect(hits.map(\.document) == ["content.txt"], "\(hits.map(\.document))")
        #expect(try index.search("の").hits.contains { $0.document == "particles.txt" })
    }

    /// Neighbouring passages of one stretch are spread out: a neighbour of a higher hit is scored
    /// down, so another stretch comes between.
    @Test func neighboursDoNotCrowdTheTop() throws {
        let paragraphs = [
            "再生可能エネルギーの導入を本社ビルで進めています。" + filler,
            "再生可能エネルギーの導入をデータセンターでも進めています。" + otherFiller,
            "再生可能エネルギーの導入を工場の屋根にも広げています。" + thirdFiller,
        ]
        let stretch = paragraphs.joined(separator: "\n\n") + "\n"
        let other = "別の報告書でも再生可能エネルギーに触れています。研究所の電力は地域の風力発電から買い、"
            + "余った熱は近くの温室で野菜を育てるのに使い、雨水は庭の散水に回し、通勤には自転車を勧め、"
            + "社員食堂では地元の食材を選び、古い机や椅子は修理して長く使うようにしています。\n"
        let index = try self.index(["a-stretch.txt": stretch, "b-other.txt": other])
        var plain = RankingParameters.standard
        plain.neighbourPenalty = 1
        let undiversified = try index.search("再生可能エネルギー 導入", limit: 3, parameters: plain).hits
        let diversified = try index.search("再生可能エネルギー 導入", limit: 3, explain: true).hits
        #expect(undiversified.filter { $0.document == "a-stretch.txt" }.count == 3)
        // Every hit next to a higher one is scored down by the penalty; the others keep their score.
        let plainScores = Dictionary(uniqueKeysWithValues: undiversified.map { ($0.passageIndex, $0.score) })
        var penalized = 0
        for (rank, hit) in diversified.enumerated() {
            let besideHigher = diversified[..<rank].contains { $0.document == hit.document && abs($0.passageIndex - hit.passageIndex) == 1 }
            #expect(hit.explanation?.neighbourPenalty == besideHigher, "rank \(rank + 1)")
            if besideHigher, let plain = plainScores[hit.passageIndex] {
                #expect(abs(hit.score - plain * RankingParameters.standard.neighbourPenalty) < 1e-9)
                penalized += 1
            }
        }
        #expect(penalized >= 1)
    }

    @Test func explanationAddsUpToTheScore() throws {
        let hits = try TestSupport.index().search("女性管理職比率 目標", limit: 5, explain: true).hits
        #expect(!hits.isEmpty)
        for hit in hits {
            let explanation = try #require(hit.explanation)
            var total = explanation.terms.reduce(0) { $0 + $1.score } + explanation.headingScore + explanation.proximityScore
            total += explanation.foldedScore
            if explanation.neighbourPenalty { total *= RankingParameters.standard.neighbourPenalty }
            if explanation.foldedScore == 0 { #expect(abs(total - hit.score) < 1e-6, "\(total) vs \(hit.score)") }
        }
    }
}

@Suite("Evaluation")
struct EvaluationTests {
    static let evalFolder = TestSupport.packageRoot + "/../shared/eval"

    /// A hand-made qrels and run with known figures.
    @Test func handMadeFigures() throws {
        let corpus = try TestSupport.makeCorpus(["d.txt": "line one\nline two\nline three\nline four\n"])
        let qrelsPath = corpus + "/../qrels.tsv"
        try Data("qid\tunit\tdoc\tstart_line\tend_line\tgrade\tanchor\nq1\tu1\td.txt\t1\t1\t2\t\nq1\tu2\td.txt\t3\t3\t1\t\nq1\tu2\td.txt\t4\t4\t1\t\n".utf8)
            .write(to: URL(fileURLWithPath: qrelsPath))
        let qrels = try Qrels.read(qrelsPath, corpus: corpus)
        // Ranks: 1 misses, 2 earns u1 (grade 2), 3 repeats u1's place (same-unit), 4 earns u2 via line 4,
        // 5 lies on u2's other copy (a dup-slot).
        let hits = [RunHit(qid: "q1", rank: 1, document: "d.txt", byteRange: 9..<17),
                    RunHit(qid: "q1", rank: 2, document: "d.txt", byteRange: 0..<8),
                    RunHit(qid: "q1", rank: 3, document: "d.txt", byteRange: 0..<4),
                    RunHit(qid: "q1", rank: 4, document: "d.txt", byteRange: 29..<38),
                    RunHit(qid: "q1", rank: 5, document: "d.txt", byteRange: 18..<28)]
        let result = Evaluator.evaluate(hits, qrels: qrels)
        let ideal = 3 / log2(2.0) + 1 / log2(3.0)
        let dcg = 3 / log2(3.0) + 1 / log2(5.0)
        #expect(abs(result.mean.ndcg - dcg / ideal) < 1e-9)
        #expect(result.mean.recall == 1 && result.mean.reciprocalRank == 0.5 && result.mean.precisionAtOne == 0)
        #expect(result.mean.sameUnitSlots == 1 && result.mean.duplicateSlots == 1)
    }

    /// The same runs scored by `score.py` and by Kensaku agree to three decimals.
    @Test func agreesWithScorePy() throws {
        guard FileSystem.status(Self.evalFolder + "/score.py") != nil else { return }
        let index = try TestSupport.index()
        let qrels = try Qrels.read(Self.evalFolder + "/qrels-dev.tsv", corpus: TestSupport.corpusPath)
        let queries = try QueryFile.read(Self.evalFolder + "/queries-dev.tsv")
        var runs: [[RunHit]] = [[], []]
        var texts = ["", ""]
        for line in queries {
            let hits = try index.search(line.query, limit: 20).hits
            // Run 0: Kensaku's top 10. Run 1: a worse run (ranks reversed, top 20), with more
            // duplicate and same-unit slots.
            for (position, hit) in hits.prefix(10).enumerated() {
                runs[0].append(RunHit(qid: line.qid, rank: position + 1, document: hit.document, byteRange: hit.passage.byteRange))
                texts[0] += RunFile.line(qid: line.qid, hit: hit) + "\n"
            }
            for (position, hit) in hits.reversed().enumerated() {
                runs[1].append(RunHit(qid: line.qid, rank: position + 1, document: hit.document, byteRange: hit.passage.byteRange))
                texts[1] += "{\"qid\":\"\(line.qid)\",\"rank\":\(position + 1),\"doc\":\"\(hit.document)\",\"byte_start\":\(hit.passage.byteStart),\"byte_end\":\(hit.passage.byteEnd)}\n"
            }
        }
        let folder = try TestSupport.temporaryFolder()
        var paths: [String] = []
        for (number, text) in texts.enumerated() {
            let path = folder + "/run\(number).jsonl"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", Self.evalFolder + "/score.py", Self.evalFolder + "/qrels-dev.tsv", TestSupport.corpusPath] + paths + ["--json"]
        let pipe = Pipe()
        python.standardOutput = pipe
        try python.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        python.waitUntilExit()
        let reference = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: Double]])
        for (number, run) in runs.enumerated() {
            let ours = Evaluator.evaluate(run, qrels: qrels).mean
            let theirs = try #require(reference["run\(number).jsonl"])
            let pairs: [(Double, Double?)] = [(ours.ndcg, theirs["ndcg"]), (ours.recall, theirs["recall"]),
                                              (ours.reciprocalRank, theirs["mrr"]), (ours.precisionAtOne, theirs["p1"]),
                                              (Double(ours.duplicateSlots), theirs["wasted"]), (Double(ours.sameUnitSlots), theirs["redundant"])]
            for (value, expected) in pairs {
                #expect(String(format: "%.3f", value) == String(format: "%.3f", expected ?? -1), "run \(number)")
            }
        }
        print("evaluation agrees with score.py on 2 runs: \(runs.map { String(format: "%.3f", Evaluator.evaluate($0, qrels: qrels).mean.ndcg) })")
    }
}

@Suite("Snippets")
struct SnippetTests {
    /// A match that crosses a PDF line wrap is highlighted as one range over both lines.
    @Test func highlightCrossesALineWrap() throws {
        let index = try TestSupport.index()
        let hit = try #require(try index.search("\"サステナビリティ推進部門\"", limit: 10).hits.first { $0.passage.startLine <= 84 && $0.passage.endLine >= 85 })
        let bytes = try TestSupport.corpusBytes("nec-esg-databook-2024.txt")
        let highlighted = hit.snippet.highlights.map { String(decoding: bytes[$0], as: UTF8.self) }
        #expect(highlighted.contains("サステナビリ\nティ推進部門"), "\(highlighted)")
        #expect(hit.snippet.text.contains("サステナビリティ推進部門"), "the display joins the wrapped line")
    }

    @Test func snippetIsAtMost160CharactersAroundTheRarestTerms() throws {
        let hits = try TestSupport.index().search("NECは2040年までに何を達成することを目指していますか", limit: 5).hits
        for hit in hits {
            #expect(hit.snippet.text.count <= SnippetBuilder.maximumCharacters + 2)
            #expect(!hit.snippet.segments.contains { $0.isHighlighted && $0.text.unicodeScalars.allSatisfy { CharacterClass.isHiragana($0.value) } },
                    "function words are not highlighted")
        }
        #expect(hits.first?.snippet.segments.contains { $0.isHighlighted && $0.text.contains("2040") } == true)
    }
}
