/// An error from Kensaku: what went wrong, where, and what to do about it.
///
/// `code` is stable for programs to switch on; `message` is one line for people, naming the file
/// and the fix. New codes may be added in later versions, so switch with a `default`.
public struct KensakuError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable identifier for the kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Value: String {
            case corpusNotFound, corpusEmpty, fileUnreadable, indexNotFound, indexNotKensaku
            case indexEmpty, indexCorrupt, indexTruncated, indexVersionTooOld, indexVersionTooNew, corpusChanged
            case documentNotFound, lineOutOfRange, limitExceeded, emptyQuery, malformedQuery, queryFileMalformed, icuFailure, ioFailure
            case unknownCode, sectionNotFound, noContentIndex, referenceMalformed, benchmarkFailed
        }
        fileprivate let value: Value
        public var description: String { value.rawValue }

        /// The corpus folder does not exist or is not a folder.
        public static let corpusNotFound = Code(value: .corpusNotFound)
        /// The corpus folder holds no readable text documents.
        public static let corpusEmpty = Code(value: .corpusEmpty)
        /// A file could not be read.
        public static let fileUnreadable = Code(value: .fileUnreadable)
        /// The index file does not exist.
        public static let indexNotFound = Code(value: .indexNotFound)
        /// The file is not a Kensaku index (wrong magic number).
        public static let indexNotKensaku = Code(value: .indexNotKensaku)
        /// The index file is empty (0 bytes).
        public static let indexEmpty = Code(value: .indexEmpty)
        /// A source file changed after the index was built, so hits would point at wrong bytes.
        public static let corpusChanged = Code(value: .corpusChanged)
        /// The index file's checksum or structure is wrong.
        public static let indexCorrupt = Code(value: .indexCorrupt)
        /// The index file is shorter than its header says.
        public static let indexTruncated = Code(value: .indexTruncated)
        /// The index file was written by an older, unsupported format version.
        public static let indexVersionTooOld = Code(value: .indexVersionTooOld)
        /// The index file was written by a newer Kensaku.
        public static let indexVersionTooNew = Code(value: .indexVersionTooNew)
        /// No indexed document has the name given.
        public static let documentNotFound = Code(value: .documentNotFound)
        /// A line number lies past the end of its document.
        public static let lineOutOfRange = Code(value: .lineOutOfRange)
        /// A documented size limit was exceeded.
        public static let limitExceeded = Code(value: .limitExceeded)
        /// The query has no searchable terms.
        public static let emptyQuery = Code(value: .emptyQuery)
        /// The query's syntax is wrong (an unbalanced quote).
        public static let malformedQuery = Code(value: .malformedQuery)
        /// A query file line could not be read.
        public static let queryFileMalformed = Code(value: .queryFileMalformed)
        /// ICU reported a failure.
        public static let icuFailure = Code(value: .icuFailure)
        /// Reading or writing a file failed.
        public static let ioFailure = Code(value: .ioFailure)
        /// A disclosure code that no framework in the registry defines, or text that is no code.
        public static let unknownCode = Code(value: .unknownCode)
        /// No section (or content-index location) has the name given.
        public static let sectionNotFound = Code(value: .sectionNotFound)
        /// No indexed document has a content index (対照表) to cross-reference.
        public static let noContentIndex = Code(value: .noContentIndex)
        /// A bundled reference file (the disclosure registry) cannot be read.
        public static let referenceMalformed = Code(value: .referenceMalformed)
        /// A benchmark run failed: a child process failed or a query returned no hits.
        public static let benchmarkFailed = Code(value: .benchmarkFailed)
    }

    /// What went wrong, with the values needed to say so precisely.
    enum Reason: Equatable, Sendable {
        case corpusNotFound(path: String)
        case corpusEmpty(path: String)
        case fileUnreadable(path: String, cause: String)
        case indexNotFound(path: String)
        case indexNotKensaku(path: String, foundMagic: String)
        case indexEmpty(path: String)
        case corpusChanged(path: String, indexPath: String)
        case indexCorrupt(path: String, detail: String)
        case indexTruncated(path: String, expectedBytes: Int, foundBytes: Int)
        case indexVersionTooOld(path: String, found: UInt32, supported: ClosedRange<UInt32>)
        case indexVersionTooNew(path: String, found: UInt32, supported: ClosedRange<UInt32>)
        case documentNotFound(name: String, known: [String])
        case lineOutOfRange(document: String, line: Int, lineCount: Int)
        case limitExceeded(path: String, detail: String)
        case emptyQuery(query: String)
        case malformedQuery(query: String, position: Int, detail: String)
        case queryFileMalformed(path: String, line: Int, detail: String)
        case icuFailure(function: String, errorName: String)
        case ioFailure(path: String, operation: String, cause: String)
        case unknownCode(code: String, framework: String?, suggestions: [String])
        case sectionNotFound(name: String, document: String, suggestions: [String])
        case noContentIndex(documents: [String])
        case referenceMalformed(path: String, line: Int, detail: String)
        case benchmarkFailed(detail: String)
    }

    /// The kind of failure.
    public let code: Code
    /// One line for people: what, where, expected versus found, and the fix.
    public let message: String
    /// The file or folder involved, when there is one.
    public let path: String?

    init(_ reason: Reason) {
        let rebuild = "Rebuild it with 'kensaku index'."
        switch reason {
        case .corpusNotFound(let path):
            code = .corpusNotFound
            self.path = path
            message = "Corpus folder '\(path)' does not exist. Run kensaku from the project folder or pass --corpus DIR."
        case .corpusEmpty(let path):
            code = .corpusEmpty
            self.path = path
            message = "Corpus folder '\(path)' holds no documents to index (.txt, .md, .markdown, .html, .htm, .xhtml, .xml)."
        case .fileUnreadable(let path, let cause):
            code = .fileUnreadable
            self.path = path
            message = "Cannot read '\(path)': \(cause)."
        case .indexNotFound(let path):
            code = .indexNotFound
            self.path = path
            message = "Index file '\(path)' does not exist. Build it with 'kensaku index --output \(path)'."
        case .indexNotKensaku(let path, let foundMagic):
            code = .indexNotKensaku
            self.path = path
            message = "'\(path)' is not a Kensaku index: expected magic \(IndexFormat.magicDescription), found \(foundMagic). \(rebuild)"
        case .indexEmpty(let path):
            code = .indexEmpty
            self.path = path
            message = "Index file '\(path)' is empty (0 bytes); it was never written completely. \(rebuild)"
        case .corpusChanged(let path, let indexPath):
            code = .corpusChanged
            self.path = path
            message = "'\(path)' changed after the index '\(indexPath)' was built, so its hits would point at wrong bytes. Rebuild it with 'kensaku index'."
        case .indexCorrupt(let path, let detail):
            code = .indexCorrupt
            self.path = path
            message = "Index file '\(path)' is damaged: \(detail). \(rebuild)"
        case .indexTruncated(let path, let expectedBytes, let foundBytes):
            code = .indexTruncated
            self.path = path
            message = "Index file '\(path)' is truncated: expected at least \(expectedBytes) bytes, found \(foundBytes). \(rebuild)"
        case .indexVersionTooOld(let path, let found, let supported):
            code = .indexVersionTooOld
            self.path = path
            message = "Index file '\(path)' has format version \(found); this build reads versions \(supported.lowerBound)…\(supported.upperBound). \(rebuild)"
        case .indexVersionTooNew(let path, let found, let supported):
            code = .indexVersionTooNew
            self.path = path
            message = "Index file '\(path)' has format version \(found), newer than this build reads (\(supported.lowerBound)…\(supported.upperBound)). Update Kensaku, or rebuild it with 'kensaku index'."
        case .documentNotFound(let name, let known):
            code = .documentNotFound
            path = nil
            message = "No indexed document is named '\(name)'. Indexed: \(known.joined(separator: ", "))."
        case .lineOutOfRange(let document, let line, let lineCount):
            code = .lineOutOfRange
            path = nil
            message = "Line \(line) is past the end of \(document), which has \(lineCount) lines."
        case .limitExceeded(let path, let detail):
            code = .limitExceeded
            self.path = path
            message = "'\(path)' exceeds a limit: \(detail)."
        case .emptyQuery(let query):
            code = .emptyQuery
            path = nil
            message = query.isEmpty
                ? "The query is empty. Give at least one word, for example: kensaku search 温室効果ガス"
                : "The query '\(query)' has no searchable words (only spaces or punctuation)."
        case .malformedQuery(let query, let position, let detail):
            code = .malformedQuery
            path = nil
            let rest = String(query.dropFirst(max(0, position - 1)).prefix(20))
            message = "Query error at character \(position) (at '\(rest)'): \(detail)."
        case .queryFileMalformed(let path, let line, let detail):
            code = .queryFileMalformed
            self.path = path
            message = "\(path):\(line): \(detail). Expected 'qid<TAB>query' lines."
        case .icuFailure(let function, let errorName):
            code = .icuFailure
            path = nil
            message = "ICU call \(function) failed with \(errorName)."
        case .ioFailure(let path, let operation, let cause):
            code = .ioFailure
            self.path = path
            message = "Cannot \(operation) '\(path)': \(cause)."
        case .unknownCode(let code, let framework, let suggestions):
            self.code = .unknownCode
            path = nil
            let closest = suggestions.isEmpty ? "" : " Closest: \(suggestions.joined(separator: ", "))."
            if let framework {
                message = "Unknown \(framework) code '\(code)': the bundled registry (in force, withdrawn and superseded codes) has no such code.\(closest) 'kensaku xref --list' lists the report's codes."
            } else {
                message = "'\(code)' is not a disclosure code: write it as 305-1, GRI 305, TC-SI-130a.1, UNGC 10, 原則10 or ISO 26000 6.3.\(closest)"
            }
        case .sectionNotFound(let name, let document, let suggestions):
            code = .sectionNotFound
            path = nil
            let closest = suggestions.isEmpty ? "" : " Closest: \(suggestions.joined(separator: ", "))."
            message = "No section of \(document) is titled '\(name)', and no content-index location has that name.\(closest) 'kensaku outline \(document)' lists the sections; DOCUMENT:LINE names a line."
        case .noContentIndex(let documents):
            code = .noContentIndex
            path = nil
            message = "No indexed document has a content index (a table headed 対照表：GRIスタンダード, 対照表：SASBスタンダード, 対照表：国連グローバル・コンパクト or 対照表：ISO26000). Indexed: \(documents.joined(separator: ", "))."
        case .referenceMalformed(let path, let line, let detail):
            code = .referenceMalformed
            self.path = path
            message = "Reference file '\(path)' is malformed at line \(line): \(detail). Restore it from ../shared/reference/ and rebuild Kensaku."
        case .benchmarkFailed(let detail):
            code = .benchmarkFailed
            path = nil
            message = "Benchmark failed: \(detail)."
        }
    }

    public var description: String { message }
}

/// Errors that tools built on the library raise about their own input.
extension KensakuError {
    /// A line number past the end of a document.
    public static func lineOutOfRange(document: String, line: Int, lineCount: Int) -> KensakuError {
        KensakuError(.lineOutOfRange(document: document, line: line, lineCount: lineCount))
    }

    /// A failed write of a file, for tools built on the library (run files, reports).
    public static func writeFailed(path: String, cause: String) -> KensakuError {
        KensakuError(.ioFailure(path: path, operation: "write", cause: cause))
    }
}
