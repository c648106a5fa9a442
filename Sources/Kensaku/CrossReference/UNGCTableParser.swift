/// Reads a UN Global Compact content index (`対照表：国連グローバル・コンパクト`) from flattened PDF text.
///
/// The table's columns are area / principle / locations, and both the area and the location
/// cells are merged over the principles of an area. Flattening prints the merged location cell
/// where its vertical middle falls, sometimes glued to the next principle:
///
/// ```
/// 人権 原則1 企業はその影響の及ぶ範囲内で国際的に       ← area, a space, the principle
/// 宣言されている人権の擁護を支持し、尊重する。           ← its text ends with 。
///
/// 人権の尊重                                        ← the area's locations
/// AIと人権
/// サプライチェーン・マネジメント原則2 人権侵害に加担しない。   ← a location glued to the next principle
/// ```
///
/// So: `原則N` starts a principle wherever it occurs in a line; text before it is an area when
/// followed by a space (`人権 `), else a location (`サプライチェーン・マネジメント`). A principle's
/// text runs until a line ending in `。`; other lines are locations. Every location of an area
/// applies to every principle of that area (the merged cell).
struct UNGCTableParser: Sendable {
    /// The document's section titles, which join wrapped locations.
    let vocabulary: LocationVocabulary

    /// The records of the table's lines, in principle order as printed.
    ///
    /// - Parameter lines: the table's lines, from its heading to the line before the next table.
    /// - Complexity: O(*n*) in the number of lines.
    func parse(_ lines: [TableLine]) -> [ContentIndexRecord] {
        var areas: [Area] = []
        var started = !lines.contains(where: \.isColumnHeader)
        for line in lines {
            if line.isColumnHeader { started = true }
            guard started, !line.isBlank, !line.isFurniture else { continue }
            var text = Substring(line.text)
            while !text.isEmpty {
                guard let (prefix, number, rest) = Self.splitAtPrinciple(text) else {
                    add(String(text), line: line.number, to: &areas)
                    break
                }
                if !prefix.isEmpty {
                    if prefix.last?.isWhitespace == true || areas.isEmpty {
                        areas.append(Area(name: CrossReferenceText.clean(String(prefix))))
                    } else {
                        add(CrossReferenceText.clean(String(prefix)), line: line.number, to: &areas)
                    }
                }
                if areas.isEmpty { areas.append(Area(name: "")) }
                areas[areas.count - 1].principles.append(Principle(number: number, firstLine: line.number, lastLine: line.number))
                text = rest
            }
        }
        var records: [ContentIndexRecord] = []
        for area in areas {
            let (status, names) = LocationCell.interpret(vocabulary.names(from: area.locationFragments))
            let lastLine = area.lastLocationLine
            for principle in area.principles {
                records.append(ContentIndexRecord(
                    framework: .ungc, code: String(principle.number), standard: area.name,
                    title: CrossReferenceText.joinWrapped(principle.textParts), locations: names, status: status,
                    lines: principle.firstLine...max(principle.lastLine, lastLine ?? principle.lastLine)))
            }
        }
        return records
    }

    /// An area (merged cell) and what was read under it.
    private struct Area {
        var name: String
        var principles: [Principle] = []
        var locationFragments: [String] = []
        var lastLocationLine: Int?
    }

    private struct Principle {
        var number: Int
        var textParts: [String] = []
        var firstLine: Int
        var lastLine: Int
        /// A principle is one sentence: complete once its text ends with `。`.
        var isComplete: Bool { textParts.last?.hasSuffix("。") ?? false }
    }

    /// Adds text that is not a principle's start: the open principle's text, or a location.
    private func add(_ text: String, line: Int, to areas: inout [Area]) {
        let cleaned = CrossReferenceText.clean(text)
        guard !cleaned.isEmpty, !areas.isEmpty else { return }
        let area = areas.count - 1
        if let principle = areas[area].principles.indices.last, !areas[area].principles[principle].isComplete,
           LocationCell.status(of: cleaned) == nil, !vocabulary.contains(cleaned) {
            areas[area].principles[principle].textParts.append(cleaned)
            areas[area].principles[principle].lastLine = line
        } else {
            areas[area].locationFragments.append(cleaned)
            areas[area].lastLocationLine = line
        }
    }

    /// Splits text at its first `原則N`: the text before it, N, and the text after it.
    static func splitAtPrinciple(_ text: Substring) -> (prefix: Substring, number: Int, rest: Substring)? {
        var searchStart = text.startIndex
        while let range = text[searchStart...].range(of: "原則") {
            let digits = text[range.upperBound...].prefix(while: { $0.isASCII && $0.isNumber })
            if let number = Int(digits) {
                let rest = text[digits.endIndex...].drop(while: \.isWhitespace)
                return (text[..<range.lowerBound], number, rest)
            }
            searchStart = range.upperBound
        }
        return nil
    }
}
