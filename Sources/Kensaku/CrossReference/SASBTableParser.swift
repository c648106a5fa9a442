/// Reads a SASB content index (`対照表：SASBスタンダード`) from flattened PDF text.
///
/// The table's columns are topic / metric / code / locations, and the code is the anchor: the
/// metric's text comes before it, the locations after it.
///
/// ```
/// ハードウェアインフラの          ← topic (first row of a topic only), wrapped
/// 環境評価指標
///
/// （1）総エネルギー消費量          ← metric, one enumerated item per line
/// （2）グリッド電力の割合
/// （3）再生可能エネルギーの割合
///
/// TC-SI-130a.1                   ← code (locations may follow on the same line)
/// 気候変動対策                     ← locations, one per line
/// 環境負荷の全体像
/// データセキュリティ （1）データ漏洩件数   ← a topic and its metric sharing a line
/// ```
///
/// After a code, lines are locations as long as they are one (a status, an external place, a
/// section title, possibly wrapped: `カスタマー・リレーション` / `シップ・マネジメント`); the first other
/// line starts the text of the next row. Which rows open a topic cannot be read from the layout
/// (a metric can span two blank-separated blocks, as `TC-SI-130a.2` does), so the parser is told
/// the codes that open one (the first code of each topic in the registry): the text before such a
/// code is the topic's first block and the metric's remaining blocks, or, in a single block, the
/// first line's first field and the rest.
struct SASBTableParser: Sendable {
    /// The document's section titles, which tell locations from the next row's text.
    let vocabulary: LocationVocabulary
    /// The codes whose row opens a new topic (`TC-SI-130a.1`, `TC-SI-220a.1`, …), as printed.
    let topicOpeningCodes: Set<String>

    /// The records of the table's lines, in table order.
    ///
    /// - Parameter lines: the table's lines, from its heading to the line before the next table.
    /// - Complexity: O(*n*) in the number of lines.
    func parse(_ lines: [TableLine]) -> [ContentIndexRecord] {
        // Text lines after the first column header (the introduction before it is no row), with
        // the blank-or-furniture gap before each.
        var items: [(text: String, line: Int, gapBefore: Bool)] = []
        var started = !lines.contains(where: \.isColumnHeader), gap = false
        for line in lines {
            if line.isColumnHeader { started = true }
            if line.isBlank || line.isFurniture {
                gap = true
                continue
            }
            if started { items.append((line.text, line.number, gap)) }
            gap = false
        }
        let texts = items.map(\.text)

        var records: [ContentIndexRecord] = []
        var topic = ""
        var pending: [(text: String, line: Int, gapBefore: Bool)] = []
        var index = 0
        while index < items.count {
            let item = items[index]
            guard let (before, code, after) = Self.splitAtCode(item.text) else {
                pending.append(item)
                index += 1
                continue
            }
            if !before.isEmpty { pending.append((before, item.line, item.gapBefore)) }
            let metric: String
            if topicOpeningCodes.contains(code) || topic.isEmpty {
                let split = Self.splitTopic(pending.map { ($0.text, $0.gapBefore) })
                topic = split.topic
                metric = split.metric
            } else {
                metric = CrossReferenceText.joinWrapped(pending.map(\.text))
            }
            let firstLine = pending.first?.line ?? item.line
            pending = []
            var fragments = after.map { [$0] } ?? []
            var lastLine = item.line
            index += 1
            // The locations: every following line that is one, or continues the last one.
            while index < items.count, Self.splitAtCode(items[index].text) == nil {
                let text = items[index].text
                if let last = fragments.last, vocabulary.continues(last, with: text) {
                    fragments.append(text)
                    lastLine = items[index].line
                    index += 1
                } else if let length = vocabulary.locationLength(texts, from: index) {
                    fragments.append(contentsOf: texts[index..<(index + length)])
                    lastLine = items[index + length - 1].line
                    index += length
                } else {
                    break
                }
            }
            let (status, names) = LocationCell.interpret(vocabulary.names(from: fragments))
            records.append(ContentIndexRecord(
                framework: .sasb, code: code, standard: topic, title: metric,
                locations: names, status: status, lines: firstLine...lastLine))
        }
        return records
    }

    /// Splits the text before a topic-opening code into the topic and the metric (see the type's
    /// discussion).
    static func splitTopic(_ lines: [(text: String, gapBefore: Bool)]) -> (topic: String, metric: String) {
        var blocks: [[String]] = []
        for (text, gapBefore) in lines {
            if gapBefore || blocks.isEmpty { blocks.append([text]) } else { blocks[blocks.count - 1].append(text) }
        }
        guard let first = blocks.first else { return ("", "") }
        if blocks.count > 1 {
            return (CrossReferenceText.joinWrapped(first), CrossReferenceText.joinWrapped(blocks.dropFirst().flatMap { $0 }))
        }
        let (head, rest) = CrossReferenceText.splitAtFirstSpace(first[0])
        return (head, CrossReferenceText.joinWrapped((rest.map { [$0] } ?? []) + first.dropFirst()))
    }

    /// Finds a SASB code in a line: `方針と実務の説明 TC-SI-220a.1 カスタマー・リレーション` →
    /// ("方針と実務の説明", "TC-SI-220a.1", "カスタマー・リレーション"). A code is a whitespace-separated
    /// word `XX-XX-NNNx.N` (accounting metric) or `XX-XX-000.X` (activity metric).
    static func splitAtCode(_ text: String) -> (before: String, code: String, after: String?)? {
        let words = text.split(whereSeparator: \.isWhitespace)
        guard let offset = words.firstIndex(where: { isCode($0) }) else { return nil }
        let after = words[(offset + 1)...].joined(separator: " ")
        return (words[..<offset].joined(separator: " "), String(words[offset]), after.isEmpty ? nil : after)
    }

    /// Whether a word is a SASB code (`TC-SI-130a.1`, `TC-SI-000.A`); letters in any case.
    static func isCode<S: StringProtocol>(_ word: S) -> Bool {
        let parts = word.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 2, parts[1].count == 2,
              parts[0...1].allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isLetter } }) else { return false }
        let number = parts[2].split(separator: ".", omittingEmptySubsequences: false)
        guard number.count == 2, let last = number[1].first, number[0].count >= 3 else { return false }
        let digits = number[0].prefix(3)
        guard CrossReferenceText.isDigits(digits) else { return false }
        let letter = number[0].dropFirst(3)
        if letter.isEmpty { return number[1].count == 1 && last.isASCII && last.isLetter }
        return letter.count == 1 && letter.allSatisfy { $0.isASCII && $0.isLetter } && CrossReferenceText.isDigits(number[1])
    }
}
