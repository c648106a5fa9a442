import Foundation
import Testing
@testable import Kensaku

/// Hostile input, damaged files, killed builds and concurrent use (issue: never crash, never
/// lose an index). Randomized tests use fixed seeds; `KENSAKU_FUZZ_SCALE=N` runs N times more cases.
@Suite("Reliability")
struct ReliabilityTests {
    /// A small index of real corpus text: the first 40 KB of the data book and the DX report.
    static func realTextIndex(name: String = #function) throws -> (path: String, bytes: [UInt8]) {
        let book = try TestSupport.corpusBytes("nec-esg-databook-2024.txt")
        let report = try TestSupport.corpusBytes("nec-dx-report.md")
        var cut = 40_000
        while book[cut] & 0xC0 == 0x80 { cut += 1 }
        let corpus = try TestSupport.makeCorpus([:], name: name)
        try Data(book[..<cut]).write(to: URL(fileURLWithPath: corpus + "/book.txt"))
        try Data(report).write(to: URL(fileURLWithPath: corpus + "/report.md"))
        let path = FileSystem.directory(of: corpus) + "/Indexes/real.kidx"
        _ = try CorpusIndexer.build(corpusPath: corpus, outputPath: path)
        return (path, Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    /// The bytes with their checksums recomputed (the footer's, and PCRC's block checksums), so
    /// that changed bytes reach the structure checks behind them.
    private static func withChecksumFixed(_ bytes: [UInt8]) -> [UInt8] {
        PostingChecksums.refreshed(bytes)
    }

    // MARK: - Index files

    /// Random truncations and byte flips of a real index: every one is rejected with a clear
    /// error, none crashes. A flip inside POST is rejected when its block is first read (the
    /// index has PCRC, so opening does not read POST); every other one when the file is opened.
    @Test func truncatedAndFlippedIndexesAreAlwaysRejected() throws {
        let (path, original) = try Self.realTextIndex()
        let target = path + ".fuzz"
        var generator = SeededGenerator(seed: 1)
        var codes: [String: Int] = [:]
        let cases = 300 * TestSupport.fuzzScale
        for caseNumber in 0..<cases {
            var bytes = original
            if caseNumber % 3 == 0 {
                bytes = Array(bytes.prefix(Int.random(in: 0..<original.count, using: &generator)))
            } else {
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator)
                }
            }
            try Data(bytes).write(to: URL(fileURLWithPath: target))
            do {
                let reader = try IndexReader(path: target)
                // Opened: the damage must be inside POST, and reading every list must find it.
                let postings = reader.postingsStart..<(reader.postingsStart + reader.postingsByteCount)
                #expect(caseNumber % 3 != 0 && original.indices.allSatisfy { bytes[$0] == original[$0] || postings.contains($0) },
                        "case \(caseNumber): damage outside POST opened")
                var found = false
                for term in 0..<reader.termCount {
                    guard let info = reader.term(at: term)?.info else { continue }
                    var cursor = reader.postings(info)
                    do {
                        while try cursor.next() { _ = try cursor.positions() }
                    } catch {
                        found = true
                        break
                    }
                }
                #expect(found, "case \(caseNumber): a damaged posting block read without error")
                #expect(!IndexVerifier.verify(path: target).isValid)
                codes["found when POST is read", default: 0] += 1
            } catch {
                codes[error.code.description, default: 0] += 1
                #expect(error.message.contains(target))
            }
        }
        print("index fuzz: \(cases) truncations and flips rejected: \(codes.sorted { $0.key < $1.key })")
        #expect(codes.values.reduce(0, +) == cases)
    }

    /// Byte flips with the checksum recomputed reach the structure checks behind it: opening,
    /// verifying and searching such a file gives results or errors, never a crash.
    @Test func flipsBehindAValidChecksumNeverCrash() throws {
        let (path, original) = try Self.realTextIndex()
        let target = path + ".fuzz"
        var generator = SeededGenerator(seed: 2)
        var opened = 0, verifiedDamaged = 0, searchErrors = 0
        let cases = 150 * TestSupport.fuzzScale
        // Keep the magic, version and section table mostly intact so that the flips land in data.
        let headerEnd = IndexFormat.headerFixedSize + 5 * IndexFormat.sectionEntrySize
        for _ in 0..<cases {
            var bytes = original
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let at = Int.random(in: headerEnd..<(bytes.count - IndexFormat.footerSize), using: &generator)
                bytes[at] ^= UInt8.random(in: 1...255, using: &generator)
            }
            try Data(Self.withChecksumFixed(bytes)).write(to: URL(fileURLWithPath: target))
            guard let index = try? SearchIndex(path: target) else { continue }
            opened += 1
            if !IndexVerifier.verify(path: target).isValid { verifiedDamaged += 1 }
            for query in ["温室効果ガス", "NEC DX", "サステナビリティ推進"] {
                do { _ = try index.search(query, limit: 5) } catch { searchErrors += 1 }
            }
        }
        print("index fuzz behind checksum: \(cases) cases, \(opened) opened, \(verifiedDamaged) flagged by verify, \(searchErrors) search errors")
        #expect(opened > 0)
        #expect(verifiedDamaged > 0)
    }

    @Test func verifyAcceptsARealIndexAndReportsDamage() throws {
        let (path, original) = try Self.realTextIndex()
        let report = IndexVerifier.verify(path: path)
        #expect(report.isValid, "\(report.problems)")
        #expect(report.documentCount == 2 && report.passageCount > 20 && report.postingCount > 1_000)

        // A posting's passage delta changed (checksum recomputed): verify names the damage.
        let reader = try IndexReader(path: path)
        let entry = reader.rawTermEntry(reader.termCount / 2)
        var bytes = original
        bytes[reader.postingsStart + Int(entry.postingsOffset) + 1] ^= 0x7F
        let damaged = path + ".damaged"
        try Data(Self.withChecksumFixed(bytes)).write(to: URL(fileURLWithPath: damaged))
        let damagedReport = IndexVerifier.verify(path: damaged)
        #expect(!damagedReport.isValid)
        #expect(damagedReport.problems.contains { $0.contains("posting list") || $0.contains("records") })
    }

    /// A term entry whose document frequency promises a skip table longer than its list
    /// (behind a valid checksum): the term reads as absent, search answers, verify reports it.
    @Test func skipTableLongerThanItsListIsNeverRead() throws {
        let (path, original) = try Self.realTextIndex()
        let reader = try IndexReader(path: path)
        let number = (0..<reader.termCount).first { reader.term(at: $0)?.text == "排出" && reader.term(at: $0)?.info.field == .bigram }
        let index = try #require(number)
        var bytes = original
        // DocumentFrequency is at byte 12 of the 32-byte entry; the TERM header is 8 bytes.
        let entryStart = try #require(Self.sectionOffset(bytes, tag: "TERM")) + IndexFormat.termHeaderSize + index * IndexFormat.termEntrySize
        for (offset, byte) in [UInt8](repeating: 0xFF, count: 3).enumerated() { bytes[entryStart + 12 + offset] = byte }
        let damaged = path + ".huge-df"
        try Data(Self.withChecksumFixed(bytes)).write(to: URL(fileURLWithPath: damaged))
        let damagedReader = try IndexReader(path: damaged)
        #expect(damagedReader.lookup("排出", field: .bigram) == nil)
        let results = try SearchIndex(path: damaged).search("排出量 削減")
        #expect(!results.hits.isEmpty)
        #expect(!IndexVerifier.verify(path: damaged).isValid)
    }

    /// Where a section starts, from the section table.
    private static func sectionOffset(_ bytes: [UInt8], tag: String) -> Int? {
        let count = Int(bytes[12]) | Int(bytes[13]) << 8
        for entry in 0..<count {
            let base = IndexFormat.headerFixedSize + entry * IndexFormat.sectionEntrySize
            guard String(decoding: bytes[base..<(base + 4)], as: UTF8.self) == tag else { continue }
            return (0..<8).reduce(0) { $0 | Int(bytes[base + 8 + $1]) << (8 * $1) }
        }
        return nil
    }

    // MARK: - Builds killed, concurrent builds, concurrent readers

    /// A build killed at random moments (20 times) leaves the previous index opening and
    /// answering exactly as before; abandoned temporary files are cleaned by the next build.
    @Test func killedBuildsLeaveThePreviousIndexUsable() throws {
        let project = try TestSupport.temporaryFolder()
        try FileManager.default.copyItem(atPath: TestSupport.corpusPath, toPath: project + "/Corpus")
        let indexPath = project + "/Indexes/default.kidx"
        let clock = ContinuousClock()
        let started = clock.now
        #expect(try TestSupport.runKensaku(["index"], in: project).status == 0)
        // Kills land at random moments within one build's duration (measured, not assumed).
        let buildMicroseconds = UInt32(clamping: (clock.now - started).components.attoseconds / 1_000_000_000_000
            + (clock.now - started).components.seconds * 1_000_000)
        func answers() throws -> [String] {
            let index = try SearchIndex(path: indexPath)
            return try ["温室効果ガス", "女性管理職比率", "AI Factory"].flatMap { query in
                try index.search(query, limit: 5).hits.map { "\($0.document):\($0.passage.byteStart):\($0.score)" }
            }
        }
        let expected = try answers()
        var generator = SeededGenerator(seed: 3)
        var interrupted = 0
        for _ in 0..<20 {
            let process = try TestSupport.startKensaku(["index"], in: project)
            usleep(UInt32.random(in: 0...max(1, buildMicroseconds), using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { interrupted += 1 }
            #expect(try answers() == expected)
            #expect(IndexVerifier.verify(path: indexPath).isValid)
        }
        print("crash safety: 20 builds killed at random moments (\(interrupted) interrupted mid-run); the index answered the same after each")
        #expect(interrupted > 0, "at least one kill landed before the build finished")
        #expect(try TestSupport.runKensaku(["index"], in: project).status == 0)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: project + "/Indexes")
        #expect(leftovers == ["default.kidx"], "abandoned temporary files are removed")
    }

    /// Two builds of the same index at once: both finish, and the file is complete and valid.
    @Test func concurrentBuildsDoNotCorruptEachOther() throws {
        let project = try TestSupport.temporaryFolder()
        try FileManager.default.copyItem(atPath: TestSupport.corpusPath, toPath: project + "/Corpus")
        let first = try TestSupport.startKensaku(["index"], in: project)
        let second = try TestSupport.startKensaku(["index"], in: project)
        first.waitUntilExit()
        second.waitUntilExit()
        #expect(first.terminationStatus == 0 && second.terminationStatus == 0)
        #expect(IndexVerifier.verify(path: project + "/Indexes/default.kidx").isValid)
        #expect(try FileManager.default.contentsOfDirectory(atPath: project + "/Indexes") == ["default.kidx"])
    }

    /// Searches run continuously from several threads while the index is rebuilt five times:
    /// every answer is complete and identical to the answer before the rebuilds, whether the
    /// reader opened the old file, the new one, or held the old one open throughout.
    @Test func searchesDuringRebuildsAreCompleteAndCorrect() throws {
        let corpus = try TestSupport.makeCorpus([:])
        for name in ["nec-esg-databook-2024.txt", "nec-dx-report.md", "hitachi-nvidia-ai-factory.md"] {
            try FileManager.default.copyItem(atPath: TestSupport.corpusPath + "/" + name, toPath: corpus + "/" + name)
        }
        let indexPath = FileSystem.directory(of: corpus) + "/Indexes/default.kidx"
        _ = try CorpusIndexer.build(corpusPath: corpus, outputPath: indexPath)
        let queries = ["AI Factory", "温室効果ガス 削減目標", "NVIDIA Blackwell"]
        @Sendable func answer(_ index: SearchIndex, _ query: String) throws -> [String] {
            try index.search(query, limit: 10).hits.map { "\($0.document):\($0.passage.byteStart)-\($0.passage.byteEnd):\($0.score)" }
        }
        let longLived = try SearchIndex(path: indexPath)
        let expected = try queries.map { try answer(longLived, $0) }
        let stop = LockedBox(false)
        let answered = LockedBox(0)
        let wrong = LockedBox<[String]>([])
        let finished = LockedBox(0)
        // Dedicated threads, not the shared dispatch pool, so other tests cannot starve them.
        for worker in 0..<3 {
            Thread {
                defer { finished.value += 1 }
                var round = 0
                while !stop.value || round < 3 {
                    let query = queries[(worker + round) % queries.count]
                    do {
                        let index = worker == 0 ? longLived : try SearchIndex(path: indexPath)
                        let got = try answer(index, query)
                        if got != expected[queries.firstIndex(of: query) ?? 0] { wrong.value.append("\(query): \(got.count) hits differ") }
                    } catch {
                        wrong.value.append("\(query): \(error)")
                    }
                    answered.value += 1
                    round += 1
                }
            }.start()
        }
        while answered.value < 3 { usleep(1_000) }
        for _ in 0..<5 { _ = try CorpusIndexer.build(corpusPath: corpus, outputPath: indexPath) }
        stop.value = true
        while finished.value < 3 { usleep(1_000) }
        print("concurrency: \(answered.value) searches answered during 5 rebuilds, \(wrong.value.count) wrong")
        #expect(wrong.value.isEmpty, "\(wrong.value.prefix(3))")
        #expect(answered.value >= 30)
    }

    /// A source file edited after the index was opened: search refuses rather than pointing
    /// at wrong bytes; touching a file without changing it is fine.
    @Test func editedSourceIsDetectedAtSearchTime() throws {
        let corpus = try TestSupport.makeCorpus(["doc.txt": "温室効果ガスの削減。\n"])
        let indexPath = corpus + ".kidx"
        _ = try CorpusIndexer.build(corpusPath: corpus, outputPath: indexPath)
        let index = try SearchIndex(path: indexPath)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: corpus + "/doc.txt")
        #expect(try index.search("温室効果ガス").hits.count == 1)
        try Data("前置き。温室効果ガスの削減。\n".utf8).write(to: URL(fileURLWithPath: corpus + "/doc.txt"))
        do {
            _ = try index.search("温室効果ガス")
            Issue.record("expected corpusChanged")
        } catch {
            #expect(error.code == .corpusChanged)
            #expect(error.message.contains("doc.txt") && error.message.contains("kensaku index"))
        }
    }

    // MARK: - Input documents

    @Test func awkwardDocumentsAreIndexedExactly() throws {
        let corpus = try TestSupport.makeCorpus([
            "nul.txt": "本文に\u{0}NULが混ざった文章です。温室効果ガスの話。\n",
            "crlf.txt": "一行目の文章。\r\n温室効果ガスの二行目。\r\n\r\n三段落目。\r\n",
            "cr.txt": "古い改行の文書。\r温室効果ガスの行。\r",
            "bom.txt": "\u{FEFF}温室効果ガスとBOM。\n",
            "empty.txt": "",
        ])
        var binary: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var generator = SeededGenerator(seed: 4)
        binary += (0..<4_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try Data(binary).write(to: URL(fileURLWithPath: corpus + "/image.txt"))
        let utf16 = Array("温室効果ガスをUTF-16で。".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        try Data(utf16).write(to: URL(fileURLWithPath: corpus + "/utf16.txt"))

        let indexPath = corpus + ".kidx"
        let report = try CorpusIndexer.build(corpusPath: corpus, outputPath: indexPath)
        #expect(report.documentCount == 5)
        #expect(report.warnings.filter { $0.contains("looks binary") }.count == 2, "\(report.warnings)")
        let verification = IndexVerifier.verify(path: indexPath)
        #expect(verification.isValid, "\(verification.problems)")

        let hits = try SearchIndex(path: indexPath).search("温室効果ガス", limit: 10).hits
        #expect(Set(hits.map(\.document)) == ["nul.txt", "crlf.txt", "cr.txt", "bom.txt"])
        let crlf = try #require(hits.first { $0.document == "crlf.txt" })
        #expect(crlf.passage.startLine == 1 && crlf.passage.endLine == 4)
        #expect(crlf.passage.byteRange == 0..<Array("一行目の文章。\r\n温室効果ガスの二行目。\r\n\r\n三段落目。".utf8).count)
        let bom = try #require(hits.first { $0.document == "bom.txt" })
        #expect(bom.snippet.highlights.first?.lowerBound == 3, "the highlight starts after the 3-byte BOM")
    }

    /// A document over the size limit (a sparse file, so nothing is written) gets a clear error
    /// naming it, and the previous index stays.
    @Test func documentOverTheSizeLimitIsRefused() throws {
        let corpus = try TestSupport.makeCorpus(["small.txt": "小さな文書。\n"])
        let indexPath = corpus + ".kidx"
        _ = try CorpusIndexer.build(corpusPath: corpus, outputPath: indexPath)
        let before = try Data(contentsOf: URL(fileURLWithPath: indexPath))
        let huge = corpus + "/huge.txt"
        #expect(FileManager.default.createFile(atPath: huge, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: huge))
        try handle.truncate(atOffset: UInt64(Limits.maximumDocumentBytes) + 1)
        try handle.close()
        do {
            _ = try CorpusIndexer.build(corpusPath: corpus, outputPath: indexPath)
            Issue.record("expected limitExceeded")
        } catch {
            #expect(error.code == .limitExceeded)
            #expect(error.message.contains("huge.txt") && error.message.contains("1073741825 bytes"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: indexPath)) == before)
    }

    /// One 50 MB line (no line breaks at all): split into windows, indexed and searchable.
    @Test func fiftyMegabyteLine() throws {
        let sentence = Array("温室効果ガスの排出量を二〇三〇年までに削減するAI Factoryの計画であり、".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(50_000_000 + 200)
        var counter = 0
        while bytes.count < 50_000_000 {
            bytes += sentence
            counter += 1
            if counter % 7 == 0 { bytes += Array("。".utf8) }
        }
        let corpus = try TestSupport.makeCorpus([:])
        try Data(bytes).write(to: URL(fileURLWithPath: corpus + "/one-line.txt"))
        let indexPath = corpus + ".kidx"
        let report = try CorpusIndexer.build(corpusPath: corpus, outputPath: indexPath)
        #expect(report.documentCount == 1)
        #expect(report.passageCount > 25_000)
        let index = try SearchIndex(path: indexPath)
        #expect(index.documents.first?.lineCount == 1)
        let hits = try index.search("AI Factory", limit: 3).hits
        #expect(hits.count == 3 && hits.allSatisfy { $0.passage.startLine == 1 && $0.passage.byteRange.count <= PassageSplitter.maximumBytes })
    }

    // MARK: - Fuzzed analysis, splitting and queries

    /// Random bytes, including ill-formed UTF-8, NUL and control characters, through the analyzer.
    @Test func analyzerSurvivesRandomBytes() throws {
        var generator = SeededGenerator(seed: 5)
        let session = try AnalysisSession()
        let pieces: [[UInt8]] = [[0xFF], [0xC3], [0xE3, 0x81], [0x00], [0x0A], [0x0D], [0x20], [0x09],
                                 Array("あ".utf8), Array("漢字".utf8), Array("ー".utf8), Array("ｻ".utf8),
                                 Array("ﾞ".utf8), Array("A".utf8), Array("7".utf8), Array("。".utf8),
                                 Array("\u{FFFD}".utf8), Array("😀".utf8), Array("\u{200B}".utf8), Array("㍻".utf8)]
        let cases = 500 * TestSupport.fuzzScale
        var tokenCount = 0
        for _ in 0..<cases {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...60, using: &generator) { bytes += pieces.randomElement(using: &generator)! }
            let base = Int.random(in: 0...1_000, using: &generator)
            try bytes.withUnsafeBufferPointer { buffer in
                try session.analyze(buffer, baseOffset: base) { token in
                    tokenCount += 1
                    #expect(token.byteRange.lowerBound >= base && token.byteRange.upperBound <= base + bytes.count)
                    #expect(!token.byteRange.isEmpty && !token.text.isEmpty)
                }
            }
        }
        print("analyzer fuzz: \(cases) random byte strings, \(tokenCount) tokens, all inside their input")
    }

    /// Random files of lines, blank lines, CR, long runs and broken UTF-8 through the splitter.
    @Test func passageSplitterSurvivesRandomFiles() {
        var generator = SeededGenerator(seed: 6)
        let pieces: [[UInt8]] = [[0x0A], [0x0A, 0x0A], [0x0D, 0x0A], [0x0D], [0x20], Array("　".utf8), [0xFF],
                                 Array("。".utf8), Array("！".utf8), Array(". ".utf8),
                                 Array(String(repeating: "文", count: 300).utf8), Array(String(repeating: "x", count: 700).utf8),
                                 Array("短い文。".utf8), [0x00]]
        let cases = 200 * TestSupport.fuzzScale
        var passageCount = 0
        for _ in 0..<cases {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...80, using: &generator) { bytes += pieces.randomElement(using: &generator)! }
            let source = SourceText(bytes: bytes)
            var previousEnd = 0
            for span in PassageSplitter().split(source) {
                passageCount += 1
                #expect(span.byteRange.lowerBound >= previousEnd && span.byteRange.upperBound <= bytes.count)
                #expect(!span.byteRange.isEmpty && span.byteRange.count <= PassageSplitter.maximumBytes)
                #expect(source.line(containing: span.byteRange.lowerBound) == span.startLine)
                #expect(source.line(containing: span.byteRange.upperBound - 1) == span.endLine)
                previousEnd = span.byteRange.upperBound
            }
        }
        print("splitter fuzz: \(cases) random files, \(passageCount) passages, all within bounds")
    }

    /// Any string as a query: results or a clear `emptyQuery` error, never a crash; very long
    /// queries are cut with a notice.
    @Test func anyQueryGetsResultsOrAClearMessage() throws {
        let index = try TestSupport.index()
        var generator = SeededGenerator(seed: 7)
        let alphabet: [String] = ["温室", "効果", "ガス", "\"", "-", "OR", "doc:", "gri:", "：", " ", "　", "\t", "\n",
                                  "\u{0}", "\u{7}", "\u{1B}", "\u{FFFD}", "(", ")", "*", "?", "\\", "ｻｰﾊﾞｰ", "ＧＨＧ", "😀", "\u{200B}"]
        let cases = 300 * TestSupport.fuzzScale
        var withHits = 0, rejected = 0
        for _ in 0..<cases {
            let query = (0..<Int.random(in: 0...30, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            do {
                if try !index.search(query, limit: 5).hits.isEmpty { withHits += 1 }
            } catch {
                #expect([.emptyQuery, .malformedQuery, .unknownCode].contains(error.code), "\(query.debugDescription): \(error)")
                rejected += 1
            }
        }
        print("query fuzz: \(cases) random queries, \(withHits) with hits, \(rejected) rejected as empty or malformed")

        let long = String(repeating: "温室効果ガスの削減 ", count: 10_000)  // 100,000 characters
        let results = try index.search(long, limit: 3)
        #expect(results.hits.count == 3)
        #expect(results.notices.first?.contains("100000 characters") == true)
    }
}
