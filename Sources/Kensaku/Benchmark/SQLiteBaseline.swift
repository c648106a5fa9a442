import Foundation
internal import CSQLite

/// The SQLite FTS5 baseline of `kensaku bench`: the same passages in an FTS5 table with the
/// trigram tokenizer, ranked by `bm25()`.
///
/// Both engines index the same text: the source bytes of every passage Kensaku's index holds
/// (its passage spans), one row per passage with the passage number as rowid.
public final class SQLiteBaseline {
    private let database: OpaquePointer

    /// The linked SQLite version (`sqlite3_libversion`).
    public static var version: String { String(cString: kensaku_sqlite_version()) }

    /// Builds the FTS5 database `databasePath` (replacing it) from the passages of the Kensaku
    /// index at `indexPath`, in one transaction; returns the number of rows.
    ///
    /// - Throws: `KensakuError` (the errors of opening the index and reading its documents;
    ///   `benchmarkFailed` when SQLite fails).
    @discardableResult
    public static func build(indexPath: String, databasePath: String) throws(KensakuError) -> Int {
        let index = try SearchIndex(path: indexPath)
        _ = unlink(databasePath)
        let baseline = try SQLiteBaseline(path: databasePath, create: true)
        try baseline.execute("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
        try baseline.execute("CREATE VIRTUAL TABLE passages USING fts5(body, tokenize='trigram');")
        try baseline.execute("BEGIN;")
        var rows = 0
        for (documentIndex, document) in index.documents.enumerated() {
            let bytes = try FileSystem.readFile(index.documentPath(document))
            for passageIndex in index.documents[documentIndex].passageRange {
                let passage = index.passage(at: passageIndex)
                guard passage.byteEnd <= bytes.count else {
                    throw KensakuError(.corpusChanged(path: index.documentPath(document), indexPath: indexPath))
                }
                let status = bytes[passage.byteRange].withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CChar.self) {
                        kensaku_sqlite_insert(baseline.database, Int64(passageIndex), $0.baseAddress, Int32($0.count))
                    }
                }
                guard status == 0 else {
                    throw KensakuError(.benchmarkFailed(detail: "SQLite insert of passage \(passageIndex) failed with status \(status)"))
                }
                rows += 1
            }
        }
        try baseline.execute("COMMIT;")
        return rows
    }

    /// Opens a database built by ``build(indexPath:databasePath:)``.
    ///
    /// - Throws: `KensakuError` (`benchmarkFailed`) when SQLite cannot open it.
    public convenience init(path: String) throws(KensakuError) {
        try self.init(path: path, create: false)
    }

    private init(path: String, create: Bool) throws(KensakuError) {
        var error = [CChar](repeating: 0, count: 512)
        guard let database = kensaku_sqlite_open(path, create ? 1 : 0, &error, Int32(error.count)) else {
            throw KensakuError(.benchmarkFailed(detail: "SQLite cannot open '\(path)': \(Self.message(error))"))
        }
        self.database = database
    }

    deinit { kensaku_sqlite_close(database) }

    /// The text of a NUL-terminated error buffer.
    private static func message(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private func execute(_ sql: String) throws(KensakuError) {
        var error = [CChar](repeating: 0, count: 512)
        guard kensaku_sqlite_exec(database, sql, &error, Int32(error.count)) == 0 else {
            throw KensakuError(.benchmarkFailed(detail: "SQLite failed on '\(sql)': \(Self.message(error))"))
        }
    }

    /// The best `limit` passage numbers for `query`, by `bm25()`.
    ///
    /// - Throws: `KensakuError` (`benchmarkFailed`) when SQLite rejects the query.
    public func search(_ query: String, limit: Int = 10) throws(KensakuError) -> [Int] {
        let match = Self.matchExpression(for: query)
        var rowids = [Int64](repeating: 0, count: max(1, limit))
        var error = [CChar](repeating: 0, count: 512)
        let count = kensaku_sqlite_search(database, match, Int32(limit), &rowids, &error, Int32(error.count))
        guard count >= 0 else {
            throw KensakuError(.benchmarkFailed(detail: "SQLite rejected MATCH '\(match)': \(Self.message(error))"))
        }
        return rowids.prefix(Int(count)).map { Int($0) }
    }

    /// The FTS5 query for a Kensaku query: its ICU words (after Kensaku's normalization) of at
    /// least 3 characters, each quoted, joined with `OR` (Kensaku's words are alternatives too).
    /// The trigram tokenizer matches nothing shorter than 3 characters, so shorter words are left
    /// out; when none is long enough, the whole query is one quoted string.
    public static func matchExpression(for query: String) -> String {
        func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var words: [String] = []
        if let analyzed = try? AnalyzedQuery(query) {
            for (term, _) in analyzed.terms where term.kind == .word && term.text.unicodeScalars.count >= 3 {
                words.append(quoted(term.text))
            }
        }
        return words.isEmpty ? quoted(query) : words.joined(separator: " OR ")
    }
}
