import Foundation

/// Run files: JSON Lines, one hit a line, as `../shared/eval/score.py` reads them:
/// `{"qid", "rank", "doc", "byte_start", "byte_end", "start_line", "end_line", "score"}`.
public enum RunFile {
    /// One JSON line for a hit (keys sorted, UTF-8 unescaped).
    public static func line(qid: String, hit: SearchHit) -> String {
        let object: [String: Any] = [
            "qid": qid, "rank": hit.rank, "doc": hit.document,
            "byte_start": hit.passage.byteStart, "byte_end": hit.passage.byteEnd,
            "start_line": hit.passage.startLine, "end_line": hit.passage.endLine, "score": hit.score,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads a run file.
    ///
    /// - Throws: `KensakuError` (`fileUnreadable`, `queryFileMalformed` naming the line).
    public static func read(_ path: String) throws(KensakuError) -> [RunHit] {
        let bytes = try FileSystem.readFile(path)
        var hits: [RunHit] = []
        for (offset, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let qid = (object["qid"] as? String) ?? (object["qid"] as? Int).map(String.init),
                  let rank = object["rank"] as? Int, let document = object["doc"] as? String,
                  let start = object["byte_start"] as? Int, let end = object["byte_end"] as? Int
            else {
                throw KensakuError(.queryFileMalformed(path: path, line: offset + 1, detail: "expected a JSON object with qid, rank, doc, byte_start, byte_end"))
            }
            hits.append(RunHit(qid: qid, rank: rank, document: document, byteRange: start..<max(start, end)))
        }
        return hits
    }
}
