/// Picks the densest ~160-character window of a passage and marks the query's matches in it.
struct SnippetBuilder {
    /// The longest snippet, in Unicode scalars of the source text.
    static let maximumCharacters = 160
    /// How much context a window keeps before its first match, in characters.
    static let leadingContext = 24

    let session: AnalysisSession
    /// The query terms worth marking, numbered; function words (hiragana only: は, を, ます)
    /// match but are not worth marking, so they are left out.
    private let markable: QueryTermNumbering
    /// Weight of each markable term by number (its IDF), so a window with rare terms wins over
    /// common ones.
    private let weights: [Double]

    /// - Parameter termWeights: the weight of each query term.
    init(termWeights: [AnalyzedQuery.Term: Double], session: AnalysisSession) {
        self.session = session
        var markable = QueryTermNumbering(capacity: termWeights.count)
        var weights: [Double] = []
        // In a fixed order, so that numbers do not depend on the dictionary's.
        let sorted = termWeights.sorted { ($0.key.kind == .word ? 0 : 1, $0.key.text) < ($1.key.kind == .word ? 0 : 1, $1.key.text) }
        for (term, weight) in sorted where !term.text.unicodeScalars.allSatisfy({ CharacterClass.isHiragana($0.value) }) {
            _ = markable.insert(term)
            weights.append(weight)
        }
        self.markable = markable
        self.weights = weights
    }

    /// The snippet of `bytes`, which lie at `byteStart` in the source file.
    func snippet(of bytes: [UInt8], byteStart: Int) throws(KensakuError) -> Snippet {
        // Matches: query tokens found in the passage, with source byte ranges and term numbers.
        var matches: [(range: Range<Int>, term: Int)] = []
        try bytes.withUnsafeBufferPointer { buffer throws(KensakuError) in
            try session.analyzeUnits(buffer, baseOffset: byteStart) { token in
                if let number = markable.number(ofUnits: token.units, kind: token.kind) {
                    matches.append((token.byteRange, number))
                }
            }
        }
        matches.sort { $0.range.lowerBound < $1.range.lowerBound }

        // Character boundaries (relative byte offsets of each scalar start, plus the end).
        var boundaries: [Int] = []
        boundaries.reserveCapacity(bytes.count / 2 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                boundaries.append(index)
                index += UTF8Decoding.decodeScalar(buffer, at: index).length
            }
        }
        boundaries.append(bytes.count)
        let characterCount = boundaries.count - 1

        var window = 0..<characterCount
        if characterCount > Self.maximumCharacters {
            window = densestWindow(matches, boundaries: boundaries, byteStart: byteStart, characterCount: characterCount)
            window = alignedToSentence(window, bytes: bytes, boundaries: boundaries, characterCount: characterCount)
        }
        let windowBytes = (byteStart + boundaries[window.lowerBound])..<(byteStart + boundaries[window.upperBound])
        let highlights = mergedRanges(matches.map(\.range), clippedTo: windowBytes)

        var segments: [Snippet.Segment] = []
        if window.lowerBound > 0 { segments.append(.init(text: "…", isHighlighted: false)) }
        var cursor = windowBytes.lowerBound
        for highlight in highlights {
            if cursor < highlight.lowerBound {
                segments.append(.init(text: displayText(bytes, cursor..<highlight.lowerBound, byteStart), isHighlighted: false))
            }
            segments.append(.init(text: displayText(bytes, highlight, byteStart), isHighlighted: true))
            cursor = highlight.upperBound
        }
        if cursor < windowBytes.upperBound {
            segments.append(.init(text: displayText(bytes, cursor..<windowBytes.upperBound, byteStart), isHighlighted: false))
        }
        if window.upperBound < characterCount { segments.append(.init(text: "…", isHighlighted: false)) }
        return Snippet(byteRange: windowBytes, highlights: highlights, segments: segments.filter { !$0.text.isEmpty })
    }

    /// The window of ``maximumCharacters`` that covers the most query-term weight: each distinct
    /// term counts its weight once, repeated occurrences add a tenth of it. Each match anchors
    /// one window (the earliest wins a tie); the sums follow the matches' order.
    private func densestWindow(
        _ matches: [(range: Range<Int>, term: Int)],
        boundaries: [Int], byteStart: Int, characterCount: Int
    ) -> Range<Int> {
        func character(atByte offset: Int) -> Int {
            var low = 0, high = boundaries.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if boundaries[middle] <= offset - byteStart { low = middle } else { high = middle - 1 }
            }
            return low
        }
        // Each match's first and last character (the first ones increase with the matches).
        let first = matches.map { character(atByte: $0.range.lowerBound) }
        let last = matches.map { character(atByte: $0.range.upperBound - 1) }
        // The anchor that last counted each term in full.
        var countedBy = [Int](repeating: -1, count: weights.count)
        var best = 0..<Self.maximumCharacters
        var bestScore = -1.0
        var inside = 0
        for anchor in matches.indices {
            let start = max(0, min(first[anchor] - Self.leadingContext, characterCount - Self.maximumCharacters))
            let window = start..<(start + Self.maximumCharacters)
            // The matches starting inside the window are consecutive: skip those before it.
            while inside < matches.count && first[inside] < window.lowerBound { inside += 1 }
            var score = 0.0
            var other = inside
            while other < matches.count && first[other] < window.upperBound {
                defer { other += 1 }
                guard window.contains(last[other]) else { continue }
                let term = matches[other].term
                if countedBy[term] != anchor {
                    countedBy[term] = anchor
                    score += weights[term]
                } else {
                    score += weights[term] / 10
                }
            }
            if score > bestScore {
                bestScore = score
                best = window
            }
        }
        return best
    }

    /// Moves a window's start back to the beginning of its sentence (after `。！？` or a line
    /// break) when that is at most ``leadingContext`` characters earlier, so the snippet reads
    /// from a sentence start; the window keeps its length.
    private func alignedToSentence(_ window: Range<Int>, bytes: [UInt8], boundaries: [Int], characterCount: Int) -> Range<Int> {
        var start = window.lowerBound
        let earliest = max(0, start - Self.leadingContext)
        while start > earliest {
            let previous = bytes[boundaries[start - 1]..<boundaries[start]]
            if previous.elementsEqual([0x0A]) || previous.elementsEqual(Array("。".utf8))
                || previous.elementsEqual(Array("！".utf8)) || previous.elementsEqual(Array("？".utf8)) { break }
            start -= 1
        }
        if start == earliest && start > 0 { start = window.lowerBound }  // no sentence start nearby
        return start..<min(characterCount, start + window.count)
    }

    /// Sorted, disjoint union of `ranges`, clipped to `bounds`.
    private func mergedRanges(_ ranges: [Range<Int>], clippedTo bounds: Range<Int>) -> [Range<Int>] {
        var merged: [Range<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            let clipped = range.clamped(to: bounds)
            guard !clipped.isEmpty else { continue }
            if let last = merged.last, clipped.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, clipped.upperBound)
            } else {
                merged.append(clipped)
            }
        }
        return merged
    }

    /// Source text for display: a line break between two non-ASCII characters (a wrapped
    /// Japanese line) disappears, other line breaks become one space, tabs become spaces, and
    /// U+FFFD (debris of the PDF extraction) is left out.
    private func displayText(_ bytes: [UInt8], _ range: Range<Int>, _ byteStart: Int) -> String {
        let start = range.lowerBound - byteStart, end = range.upperBound - byteStart
        var output: [UInt8] = []
        output.reserveCapacity(end - start)
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte == 0x0D { index += 1; continue }
            if byte == 0xEF && index + 2 < end && bytes[index + 1] == 0xBF && bytes[index + 2] == 0xBD {
                index += 3
                continue
            }
            if byte == 0x0A {
                let before = output.last ?? 0x20
                let after = index + 1 < bytes.count ? bytes[index + 1] : 0x20
                if !(before >= 0x80 && after >= 0x80) && before != 0x20 { output.append(0x20) }
                index += 1
                continue
            }
            output.append(byte == 0x09 ? 0x20 : byte)
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }
}
