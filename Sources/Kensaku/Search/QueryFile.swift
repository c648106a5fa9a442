/// One query of a query file.
public struct QueryFileLine: Sendable, Hashable {
    /// The query identifier (first column).
    public let qid: String
    /// The query text (second column).
    public let query: String
    /// The 1-based line number in the file.
    public let lineNumber: Int
}

/// Reads `qid<TAB>query[<TAB>…]` files such as `../shared/eval/queries-dev.tsv`.
///
/// A first line whose first column is `qid` is a header; empty lines and lines starting with `#`
/// are skipped; columns after the second are ignored.
public enum QueryFile {
    /// Reads and parses a query file.
    ///
    /// - Throws: `KensakuError` (`fileUnreadable`, `queryFileMalformed`).
    public static func read(_ path: String) throws(KensakuError) -> [QueryFileLine] {
        let bytes = try FileSystem.readFile(path)
        return try parse(String(decoding: bytes, as: UTF8.self), path: path)
    }

    /// Parses query file text; `path` is used in error messages.
    public static func parse(_ text: String, path: String) throws(KensakuError) -> [QueryFileLine] {
        var lines: [QueryFileLine] = []
        var seen = Set<String>()
        // Split on scalars: as Characters, "\r\n" is one grapheme and would not split on "\n".
        let rawLines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, rawLine) in rawLines.enumerated() {
            let line = Substring(rawLine.last == "\r" ? rawLine.dropLast() : rawLine)
            let number = offset + 1
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) || line.hasPrefix("#") { continue }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            if number == 1 && columns.first == "qid" { continue }
            guard columns.count >= 2, !columns[0].isEmpty else {
                throw KensakuError(.queryFileMalformed(path: path, line: number, detail: "found no tab between qid and query"))
            }
            let qid = String(columns[0])
            guard seen.insert(qid).inserted else {
                throw KensakuError(.queryFileMalformed(path: path, line: number, detail: "qid '\(qid)' appears twice"))
            }
            lines.append(QueryFileLine(qid: qid, query: String(columns[1]), lineNumber: number))
        }
        return lines
    }
}
