/// Finds the content-index tables (対照表) of a document and the lines of each.
///
/// A table starts at its heading, a line `対照表：` + the framework's name (`対照表：GRIスタンダード`,
/// `対照表：国連グローバル・コンパクト`, `対照表：SASBスタンダード`, `対照表：ISO26000`; ASCII or full-width
/// colon, any leading space), and runs to the line before the next table's heading, or to the end of
/// the document. A heading repeated as a running head on the table's later pages (` 対照表：
/// GRIスタンダード`) continues the same table.
enum ContentIndexLocator {
    /// Where each framework's table lies: 1-based, inclusive line ranges, in document order.
    ///
    /// - Parameter lines: the document's lines (`lines[0]` is line 1).
    /// - Complexity: O(*n*) in the number of lines.
    static func tables(in lines: [String]) -> [(framework: Framework, lines: ClosedRange<Int>)] {
        var starts: [(framework: Framework, line: Int)] = []
        for (offset, text) in lines.enumerated() {
            guard let framework = framework(ofHeading: text) else { continue }
            if starts.last?.framework == framework { continue }
            starts.append((framework, offset + 1))
        }
        return starts.enumerated().map { position, start in
            let end = position + 1 < starts.count ? starts[position + 1].line - 1 : lines.count
            return (start.framework, start.line...max(start.line, end))
        }
    }

    /// The framework whose table a heading line opens, or nil for other lines.
    static func framework(ofHeading text: String) -> Framework? {
        let key = CrossReferenceText.key(text)
        guard key.hasPrefix("対照表:") else { return nil }
        let name = key.dropFirst("対照表:".count)
        if name.hasPrefix("gri") { return .gri }
        if name.hasPrefix("sasb") { return .sasb }
        if name.contains("グローバル・コンパクト") || name.contains("globalcompact") { return .ungc }
        if name.hasPrefix("iso26000") { return .iso26000 }
        return nil
    }
}
