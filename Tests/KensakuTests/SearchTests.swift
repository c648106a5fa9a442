import Foundation
import Testing
@testable import Kensaku

@Suite("Search over the corpus")
struct SearchTests {
    private func locations(_ query: String, limit: Int = 10) throws -> [String] {
        try TestSupport.index().search(query, limit: limit).hits.map {
            "\($0.document):\($0.passage.startLine)-\($0.passage.endLine)"
        }
    }

    @Test func findsGreenhouseGasPassagesInTheDataBook() throws {
        let results = try TestSupport.index().search("温室効果ガス", limit: 10)
        #expect(results.hits.count == 10)
        #expect(results.matchedPassageCount > 30)
        #expect(results.hits.allSatisfy { $0.document == "nec-esg-databook-2024.txt" })
        #expect(zip(results.hits, results.hits.dropFirst()).allSatisfy { $0.score >= $1.score })
        #expect(results.hits.first?.snippet.segments.contains { $0.isHighlighted && $0.text.contains("温室効果ガス") } == true)
    }

    @Test(arguments: [("ＧＨＧ排出量", "GHG排出量"), ("サーバー", "サーバ"), ("ＡＩ　Ｆａｃｔｏｒｙ", "AI Factory")])
    func equivalentQueriesReturnTheSameHits(_ left: String, _ right: String) throws {
        let hits = try locations(left)
        #expect(!hits.isEmpty)
        #expect(hits == (try locations(right)))
    }

    @Test func substringMatchesInsideLongerWords() throws {
        // No passage holds 排出 as a word of its own in every place; the bigram finds it in 排出量.
        let results = try TestSupport.index().search("排出", limit: 50)
        let index = try TestSupport.index()
        var foundInsideLongerWord = false
        for hit in results.hits {
            let document = try #require(index.documents.first { $0.name == hit.document })
            let bytes = try TestSupport.corpusBytes(document.name)
            for highlight in hit.snippet.highlights {
                let after = bytes[highlight.upperBound..<min(bytes.count, highlight.upperBound + 3)]
                if String(decoding: bytes[highlight], as: UTF8.self) == "排出" && Array(after) == Array("量".utf8) {
                    foundInsideLongerWord = true
                }
            }
        }
        #expect(foundInsideLongerWord)
    }

    /// For every hit of several queries: the bytes are valid UTF-8, begin on startLine and end
    /// on endLine, and highlights lie inside the snippet, which lies inside the passage.
    @Test(arguments: ["温室効果ガス 削減目標", "女性管理職比率", "Blackwell GPU HGX B200", "AI Factory", "取締役会の実効性評価", "物理AI ロボット"])
    func hitsPointAtExactSourceBytes(query: String) throws {
        let index = try TestSupport.index()
        let results = try index.search(query, limit: 20)
        #expect(!results.hits.isEmpty)
        for hit in results.hits {
            let bytes = try TestSupport.corpusBytes(hit.document)
            let source = SourceText(bytes: bytes)
            let passage = hit.passage
            #expect(passage.byteEnd - passage.byteStart <= PassageSplitter.maximumBytes)
            #expect(String(validating: bytes[passage.byteRange], as: UTF8.self) != nil)
            #expect(source.line(containing: passage.byteStart) == passage.startLine)
            #expect(source.line(containing: passage.byteEnd - 1) == passage.endLine)
            #expect(hit.snippet.byteRange.clamped(to: passage.byteRange) == hit.snippet.byteRange)
            for highlight in hit.snippet.highlights {
                #expect(highlight.clamped(to: hit.snippet.byteRange) == highlight)
                #expect(String(validating: bytes[highlight], as: UTF8.self) != nil)
            }
            #expect(hit.snippet.text.unicodeScalars.count <= SnippetBuilder.maximumCharacters + 2)
        }
    }

    @Test func blogLongLinesAreSearchableAsWindows() throws {
        let hits = try TestSupport.index().search("Synvert GlobalLogic", limit: 10).hits
        #expect(hits.contains { $0.document == "hitachi-nvidia-ai-factory.md" })
        #expect(hits.allSatisfy { $0.passage.byteEnd - $0.passage.byteStart <= PassageSplitter.maximumBytes })
    }

    @Test(arguments: ["", "   ", "、。！？「」", "\u{FFFD}"])
    func queriesWithoutTermsAreRejectedClearly(query: String) throws {
        let index = try TestSupport.index()
        do {
            _ = try index.search(query)
            Issue.record("expected an error for \(query.debugDescription)")
        } catch {
            #expect(error.code == .emptyQuery)
        }
    }

    @Test func unknownWordsGiveNoHits() throws {
        let results = try TestSupport.index().search("zzyzxqwv", limit: 10)
        #expect(results.hits.isEmpty && results.matchedPassageCount == 0)
    }
}

@Suite("Index freshness")
struct FreshnessTests {
    @Test func buildsOnFirstUseAndRebuildsWhenTheCorpusChanges() throws {
        let corpus = try TestSupport.makeCorpus(["doc.txt": "最初の文章です。温室効果ガス。\n"])
        let indexPath = FileSystem.directory(of: corpus) + "/Indexes/default.kidx"
        var log: [String] = []

        let first = try SearchIndex.openOrBuild(indexPath: indexPath, corpusPath: corpus) { log.append($0) }
        #expect(log.first?.contains("first use") == true)
        #expect(try first.search("温室効果ガス").hits.count == 1)
        #expect(first.corpusChanges().isEmpty)

        log.removeAll()
        _ = try SearchIndex.openOrBuild(indexPath: indexPath, corpusPath: corpus) { log.append($0) }
        #expect(log.isEmpty, "a fresh index is opened as is")

        // Change the file: the index notices and rebuilds; results point at the new bytes.
        try Data("新しい文章。\n\n再生可能エネルギーの導入。\n".utf8).write(to: URL(fileURLWithPath: corpus + "/doc.txt"))
        try Data("追加の文書。\n".utf8).write(to: URL(fileURLWithPath: corpus + "/added.md"))
        let changes = try SearchIndex(path: indexPath).corpusChanges()
        #expect(changes.contains("doc.txt changed") && changes.contains("added.md was added"))
        let rebuilt = try SearchIndex.openOrBuild(indexPath: indexPath, corpusPath: corpus) { log.append($0) }
        #expect(log.first?.contains("stale") == true)
        #expect(try rebuilt.search("温室効果ガス").hits.isEmpty)
        let hit = try #require(try rebuilt.search("再生可能エネルギー").hits.first)
        #expect(hit.passage.startLine == 1 && hit.passage.endLine == 3)

        // Removing a file is a change too.
        try FileManager.default.removeItem(atPath: corpus + "/added.md")
        #expect(try SearchIndex(path: indexPath).corpusChanges() == ["added.md was removed"])
    }

    /// An index left by an older build (here the committed format 3 fixture) is rebuilt from the
    /// corpus with a notice; a damaged one is reported and kept byte for byte.
    @Test func olderFormatIsRebuiltAndDamageIsReported() throws {
        let corpus = try TestSupport.makeCorpus(["doc.txt": "温室効果ガスの排出量。\n"])
        let indexPath = FileSystem.directory(of: corpus) + "/Indexes/default.kidx"
        try FileManager.default.createDirectory(atPath: FileSystem.directory(of: indexPath), withIntermediateDirectories: true)
        let old = TestSupport.packageRoot + "/Tests/KensakuTests/Fixtures/format-v3.kidx"
        try FileManager.default.copyItem(atPath: old, toPath: indexPath)
        var log: [String] = []
        let index = try SearchIndex.openOrBuild(indexPath: indexPath, corpusPath: corpus) { log.append($0) }
        #expect(log.first?.contains("older format") == true)
        #expect(try IndexReader(path: indexPath).formatVersion == IndexFormat.currentVersion)
        #expect(try index.search("排出量").hits.count == 1)

        var damaged = Array(try Data(contentsOf: URL(fileURLWithPath: indexPath)))
        damaged[0] ^= 0xFF  // no longer a Kensaku file
        try Data(damaged).write(to: URL(fileURLWithPath: indexPath))
        log.removeAll()
        #expect(throws: KensakuError.self) {
            _ = try SearchIndex.openOrBuild(indexPath: indexPath, corpusPath: corpus) { log.append($0) }
        }
        #expect(log.isEmpty)
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: indexPath))) == damaged)
    }

    @Test func touchingAFileWithoutChangingItIsNotStale() throws {
        let corpus = try TestSupport.makeCorpus(["doc.txt": "内容は同じ。\n"])
        let indexPath = corpus + ".kidx"
        _ = try CorpusIndexer.build(corpusPath: corpus, outputPath: indexPath)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 3600)], ofItemAtPath: corpus + "/doc.txt")
        #expect(try SearchIndex(path: indexPath).corpusChanges().isEmpty)
    }

    @Test func binaryAndOtherFilesAreSkippedWithWarnings() throws {
        let corpus = try TestSupport.makeCorpus(["doc.txt": "本文です。\n", "notes.pdf": "%PDF"])
        try Data([0x41, 0x00, 0x42]).write(to: URL(fileURLWithPath: corpus + "/blob.txt"))
        let report = try CorpusIndexer.build(corpusPath: corpus, outputPath: corpus + ".kidx")
        #expect(report.documentCount == 1)
        #expect(report.warnings.contains { $0.contains("blob.txt") && $0.contains("binary") })
        #expect(report.warnings.contains { $0.contains("notes.pdf") })
    }

    @Test func invalidUTF8IsIndexedWithAWarningNamingTheLine() throws {
        let corpus = try TestSupport.makeCorpus(["ok.txt": "正しい文章。\n"])
        try Data(Array("一行目\n二行目".utf8) + [0xFF, 0xFE] + Array("温室効果ガス\n".utf8))
            .write(to: URL(fileURLWithPath: corpus + "/broken.txt"))
        let path = corpus + ".kidx"
        let report = try CorpusIndexer.build(corpusPath: corpus, outputPath: path)
        #expect(report.warnings == ["'\(corpus)/broken.txt' line 2: invalid UTF-8 (byte 19); read with U+FFFD replacement"])
        let hit = try #require(try SearchIndex(path: path).search("温室効果ガス").hits.first)
        #expect(hit.document == "broken.txt" && hit.passage.startLine == 1 && hit.passage.endLine == 2)
    }

    @Test func missingCorpusIsAClearError() throws {
        do {
            _ = try CorpusIndexer.build(corpusPath: "/nonexistent/corpus", outputPath: "/tmp/never.kidx")
            Issue.record("expected corpusNotFound")
        } catch {
            #expect(error.code == .corpusNotFound)
            #expect(error.message.contains("/nonexistent/corpus"))
        }
    }
}
