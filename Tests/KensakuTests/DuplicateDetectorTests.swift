import Testing
@testable import Kensaku

/// ``DuplicateDetector`` against a plain restatement of its rule: every kept passage's shingles
/// counted against every candidate's, with no pruning.
@Suite("Duplicate detector")
struct DuplicateDetectorTests {
    /// The detector's rule, counting every shingle of every kept passage.
    private struct PlainDetector {
        private var kept: [(passage: Int, shingles: Set<UInt64>)] = []

        mutating func classify(_ candidates: [DuplicateDetector.Candidate]) -> [Int: [Int]] {
            var duplicates: [Int: [Int]] = [:]
            let ordered = candidates.filter { !$0.isWindowOfLongLine } + candidates.filter(\.isWindowOfLongLine)
            for candidate in ordered {
                if candidate.shingles.count >= DuplicateDetector.minimumShingles, let coverers = coverers(of: candidate) {
                    duplicates[candidate.passage] = coverers
                } else {
                    kept.append((candidate.passage, Set(candidate.shingles)))
                }
            }
            return duplicates
        }

        private func coverers(of candidate: DuplicateDetector.Candidate) -> [Int]? {
            let count = candidate.shingles.count
            let needed = DuplicateDetector.coverageThreshold * Double(count)
            let least = candidate.isWindowOfLongLine ? DuplicateDetector.minimumWindowShare * Double(count) : needed
            let counted: [(passage: Int, count: Int)] = kept.map { passage in
                (passage.passage, candidate.shingles.filter { passage.shingles.contains($0) }.count)
            }
            let best: [Int] = counted
                .filter { Double($0.count) >= least }
                .sorted { $0.count != $1.count ? $0.count > $1.count : $0.passage < $1.passage }
                .prefix(DuplicateDetector.maximumCoverers).map { $0.passage }
            guard !best.isEmpty else { return nil }
            guard candidate.isWindowOfLongLine else { return best }
            let group = kept.filter { best.contains($0.passage) }.map { $0.shingles }
            let covered = candidate.shingles.filter { shingle in group.contains { $0.contains(shingle) } }.count
            return Double(covered) >= needed ? best : nil
        }
    }

    /// Documents of passages drawn from a small pool of sentences (shingle runs), so that many
    /// passages copy, contain or mix earlier ones; some are windows of long lines.
    private static func documents(seed: UInt64, documentCount: Int, sentenceLength: Int) -> [[DuplicateDetector.Candidate]] {
        var random = SplitMix64(seed: seed)
        let sentences = (0..<40).map { _ in (0..<sentenceLength).map { _ in random.next() & ~3 } }
        var passage = 0
        return (0..<documentCount).map { _ in
            (0..<8).map { _ in
                var shingles: [UInt64] = []
                for _ in 0..<(1 + Int(random.next() % 4)) {
                    shingles += sentences[Int(random.next() % UInt64(sentences.count))]
                }
                // Now and then a few shingles of its own, so copies are not always exact.
                for _ in 0..<Int(random.next() % 4) { shingles.append(random.next() & ~3) }
                defer { passage += 1 }
                return DuplicateDetector.Candidate(
                    passage: passage, shingles: ArraySlice(Set(shingles).sorted()),
                    isWindowOfLongLine: random.next() % 5 == 0)
            }
        }
    }

    @Test("classifies as counting every holder does", arguments: [(UInt64(1), 12), (2, 12), (3, 20), (4, 30)])
    func matchesPlainCounting(seed: UInt64, sentenceLength: Int) {
        var detector = DuplicateDetector()
        var plain = PlainDetector()
        var duplicateCount = 0
        for document in Self.documents(seed: seed, documentCount: 40, sentenceLength: sentenceLength) {
            let found = detector.classify(document)
            #expect(found == plain.classify(document))
            duplicateCount += found.count
        }
        #expect(duplicateCount > 0)
    }

    @Test("a paragraph repeating an earlier one's shingles exactly gets the answer of counting every holder",
          arguments: [UInt64(5), 6, 7])
    func exactRepeats(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var documents = Self.documents(seed: seed, documentCount: 40, sentenceLength: 16)
        var passage = documents.joined().count
        var earlier: [ArraySlice<UInt64>] = []
        for index in documents.indices {
            // Four exact repeats of earlier paragraphs in every document, first or last.
            let repeats: [DuplicateDetector.Candidate] = earlier.isEmpty ? [] : (0..<4).map { _ in
                defer { passage += 1 }
                return DuplicateDetector.Candidate(
                    passage: passage, shingles: earlier[Int(random.next() % UInt64(earlier.count))],
                    isWindowOfLongLine: false)
            }
            earlier += documents[index].filter { !$0.isWindowOfLongLine && $0.shingles.count >= DuplicateDetector.minimumShingles }.map(\.shingles)
            documents[index] = random.next() % 2 == 0 ? repeats + documents[index] : documents[index] + repeats
        }
        var detector = DuplicateDetector()
        var plain = PlainDetector()
        // The answers of each repeated shingle list, in order: they must change as passages are kept.
        var answers: [ArraySlice<UInt64>: [[Int]]] = [:]
        for document in documents {
            let found = detector.classify(document)
            let expected = plain.classify(document)
            #expect(found == expected)
            for candidate in document where !candidate.isWindowOfLongLine {
                answers[candidate.shingles, default: []].append(expected[candidate.passage] ?? [])
            }
        }
        let changed = answers.values.filter { list in zip(list.dropFirst(), list.dropFirst(2)).contains { $0 != $1 } }
        #expect(changed.count > 0)
    }

    @Test("a candidate of more than 65,535 shingles is counted too")
    func longCandidate() {
        var random = SplitMix64(seed: 7)
        let shingles = (0..<70_000).map { _ in random.next() & ~3 }.sorted()
        let original = DuplicateDetector.Candidate(passage: 0, shingles: ArraySlice(shingles), isWindowOfLongLine: false)
        let copy = DuplicateDetector.Candidate(passage: 1, shingles: ArraySlice(shingles.dropLast(100)), isWindowOfLongLine: false)
        let longer = DuplicateDetector.Candidate(passage: 2, shingles: ArraySlice((shingles + [4, 8, 12]).sorted()), isWindowOfLongLine: false)
        var detector = DuplicateDetector()
        #expect(detector.classify([original]).isEmpty)
        #expect(detector.classify([copy, longer]) == [1: [0], 2: [0]])
    }
}
