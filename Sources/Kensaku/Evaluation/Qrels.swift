/// Relevance judgements by span: for each query, units of relevant content, each at one or more
/// locations (copies of the same content), with a grade.
///
/// Read from the `qid, unit, doc, start_line, end_line, grade, anchor` TSV of `../shared/eval/`:
/// a location is the byte span of lines `start_line…end_line` of `doc` (lines end at `\n`; the
/// span includes the last line's newline), narrowed to the first occurrence of `anchor` inside
/// it when an anchor is given. A `doc` of `NONE` declares a query with nothing relevant.
public struct Qrels: Sendable {
    /// One location of a unit: a byte span of a corpus file.
    public struct Location: Sendable, Hashable {
        public let document: String
        public let byteRange: Range<Int>
    }

    /// A unit of relevant content.
    public struct Unit: Sendable {
        public let name: String
        public let grade: Int
        public let locations: [Location]
    }

    /// Units per query, in file order (the order decides ties, as in `score.py`).
    public let units: [String: [Unit]]

    /// The queries that have at least one unit, sorted.
    public var judgedQueries: [String] { units.filter { !$0.value.isEmpty }.keys.sorted() }

    /// Reads a qrels file, resolving lines and anchors against the corpus folder.
    ///
    /// - Throws: `KensakuError` (`fileUnreadable`, `queryFileMalformed`) naming the file and line.
    public static func read(_ path: String, corpus: String) throws(KensakuError) -> Qrels {
        let text = String(decoding: try FileSystem.readFile(path), as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty else { return Qrels(units: [:]) }
        let header = lines.removeFirst().split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        var files: [String: (bytes: [UInt8], lineStarts: [Int])] = [:]
        var units: [String: [Unit]] = [:]
        var order: [String: [String]] = [:]
        var building: [String: [String: (grade: Int, locations: [Location])]] = [:]
        for (offset, raw) in lines.enumerated() where !raw.trimmingWhitespace().isEmpty {
            let number = offset + 2
            let values = raw.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            var row: [String: String] = [:]
            for (key, value) in zip(header, values) { row[key] = value }
            guard let qid = row["qid"], let document = row["doc"] else {
                throw KensakuError(.queryFileMalformed(path: path, line: number, detail: "missing qid or doc"))
            }
            if document == "NONE" {
                units[qid, default: []] = units[qid] ?? []
                continue
            }
            guard let unit = row["unit"], let startLine = Int(row["start_line"] ?? ""), let endLine = Int(row["end_line"] ?? ""),
                  let grade = Int(row["grade"] ?? "") else {
                throw KensakuError(.queryFileMalformed(path: path, line: number, detail: "unit, start_line, end_line and grade must be given"))
            }
            if files[document] == nil {
                let bytes = try FileSystem.readFile(FileSystem.join(corpus, document))
                files[document] = (bytes, Self.lineStarts(bytes))
            }
            guard let file = files[document] else { continue }
            let starts = file.lineStarts
            guard startLine >= 1, startLine < starts.count, endLine >= startLine else {
                throw KensakuError(.queryFileMalformed(path: path, line: number, detail: "lines \(startLine)-\(endLine) are outside \(document)"))
            }
            var span = starts[startLine]..<(endLine + 1 < starts.count ? starts[endLine + 1] : file.bytes.count)
            if let anchor = row["anchor"]?.trimmingWhitespace(), !anchor.isEmpty {
                guard let found = Self.find(Array(anchor.utf8), in: file.bytes, within: span) else {
                    throw KensakuError(.queryFileMalformed(path: path, line: number, detail: "anchor not found in \(document):\(startLine)-\(endLine)"))
                }
                span = found
            }
            if building[qid]?[unit] == nil { order[qid, default: []].append(unit) }
            building[qid, default: [:]][unit, default: (grade, [])].locations.append(Location(document: document, byteRange: span))
        }
        for (qid, names) in order {
            units[qid] = names.compactMap { name in
                building[qid]?[name].map { Unit(name: name, grade: $0.grade, locations: $0.locations) }
            }
        }
        return Qrels(units: units)
    }

    /// `score.py`'s `line_offsets`: index 0 unused, 1-based line starts, then the file's end.
    private static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0, 0]
        for (index, byte) in bytes.enumerated() where byte == 0x0A { starts.append(index + 1) }
        starts.append(bytes.count)
        return starts
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], within range: Range<Int>) -> Range<Int>? {
        guard !needle.isEmpty, range.count >= needle.count else { return nil }
        var start = range.lowerBound
        while start + needle.count <= range.upperBound {
            if haystack[start] == needle[0] && haystack[start..<(start + needle.count)].elementsEqual(needle) {
                return start..<(start + needle.count)
            }
            start += 1
        }
        return nil
    }
}
