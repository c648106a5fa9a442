import Foundation

/// What a build did, for the `kensaku index` report.
public struct BuildReport: Sendable {
    /// Where the index was written.
    public let indexPath: String
    /// The corpus folder that was indexed.
    public let corpusPath: String
    /// Documents indexed.
    public let documentCount: Int
    /// Passages indexed.
    public let passageCount: Int
    /// Distinct terms over both fields.
    public let termCount: Int
    /// Bytes of the indexed documents.
    public let corpusBytes: Int
    /// Bytes of the index file.
    public let indexBytes: Int
    /// Wall-clock seconds of the build.
    public let seconds: Double
    /// Files skipped or read with problems, one line each.
    public let warnings: [String]
}

/// Builds an index file from a corpus folder.
public enum CorpusIndexer {
    /// Indexes every document of `corpusPath` into the file `outputPath`.
    ///
    /// The file is written to a temporary name and renamed over `outputPath` only when complete,
    /// so a failed or interrupted build leaves any previous index untouched.
    ///
    /// - Throws: `KensakuError` (`corpusNotFound`, `corpusEmpty`, `fileUnreadable`, `ioFailure`, `limitExceeded`).
    /// - Parameter workerCount: threads that read and analyze documents (default: one per
    ///   active processor); the index bytes do not depend on it.
    public static func build(
        corpusPath: String, outputPath: String, workerCount: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws(KensakuError) -> BuildReport {
        let clock = ContinuousClock()
        let started = clock.now
        let (files, scanWarnings) = try CorpusScanner.scan(corpusPath)
        var warnings = scanWarnings
        let builder = IndexBuilder()
        var corpusBytes = 0
        var documentCount = 0
        // Documents are read and analyzed on worker threads and merged here in name order, so the
        // index is the same bytes whatever the thread count.
        let pipeline = AnalysisPipeline(files: files, workerCount: workerCount)
        defer { pipeline.cancel() }
        for (file, outcome) in zip(files, pipeline) {
            switch outcome {
            case .failed(let error):
                throw error
            case .skipped(let warning):
                warnings.append(warning)
            case .analyzed(let document, let documentWarnings):
                warnings += documentWarnings
                builder.add(document)
                if let exceeded = builder.exceededLimit() {
                    throw KensakuError(.limitExceeded(path: file.path, detail: "with this document the index would hold \(exceeded)"))
                }
                corpusBytes += document.byteCount
                documentCount += 1
            }
        }
        guard documentCount > 0 else { throw KensakuError(.corpusEmpty(path: corpusPath)) }

        let outputFolder = FileSystem.directory(of: outputPath)
        let contents = builder.finish(metadata: [
            (IndexFormat.MetadataKey.analyzer, Analyzer.fingerprint),
            (IndexFormat.MetadataKey.icuVersion, Analyzer.icuVersion),
            (IndexFormat.MetadataKey.corpus, FileSystem.relativePath(of: corpusPath, from: outputFolder)),
            (IndexFormat.MetadataKey.builtBy, "kensaku index format \(IndexFormat.currentVersion)"),
        ])
        let indexBytes = try IndexSerializer.write(contents, to: outputPath)
        let elapsed = clock.now - started
        let (passageCount, termCount) = (contents.passages.count, contents.terms.count)
        BackgroundRelease.release((consume builder, consume contents))
        return BuildReport(
            indexPath: outputPath, corpusPath: corpusPath, documentCount: documentCount,
            passageCount: passageCount, termCount: termCount, corpusBytes: corpusBytes,
            indexBytes: indexBytes,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            warnings: warnings)
    }
}

/// What happened to one corpus file on a worker thread.
enum DocumentOutcome: @unchecked Sendable {
    case analyzed(AnalyzedDocument, warnings: [String])
    case skipped(warning: String)
    case failed(KensakuError)

    /// Reads, checks and analyzes one file (the per-document half of a build).
    static func make(_ file: CorpusScanner.DocumentFile, analyzer: DocumentAnalyzer) -> DocumentOutcome {
        // Checked before reading: a document over the limit is never loaded.
        guard file.status.byteCount <= Limits.maximumDocumentBytes else {
            return .failed(KensakuError(.limitExceeded(
                path: file.path, detail: "it has \(file.status.byteCount) bytes; documents may have at most \(Limits.maximumDocumentBytes)")))
        }
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readFile(file.path)
        } catch {
            return .failed(error)
        }
        if CorpusScanner.looksBinary(bytes) {
            return .skipped(warning: "skipped '\(file.path)': looks binary (control bytes or ill-formed UTF-8 in its first 8 KiB), not text")
        }
        var warnings: [String] = []
        if let offset = bytes.withUnsafeBufferPointer(UTF8Decoding.firstInvalidOffset) {
            let line = SourceText(bytes: bytes).line(containing: offset)
            warnings.append("'\(file.path)' line \(line): invalid UTF-8 (byte \(offset)); read with U+FFFD replacement")
        }
        guard let format = DocumentParser.format(name: file.name, bytes: bytes) else {
            return .skipped(warning: "skipped '\(file.path)': not a format Kensaku reads")
        }
        do {
            let document = try analyzer.analyze(name: file.name, format: format, bytes: bytes, path: file.path,
                                                modificationTimeNanoseconds: file.status.modificationTimeNanoseconds)
            return .analyzed(document, warnings: warnings)
        } catch where error.code == .fileUnreadable {
            // A markup file libxml2 cannot read at all is skipped; the rest of the corpus is indexed.
            return .skipped(warning: "skipped '\(file.path)': \(error.message)")
        } catch {
            return .failed(error)
        }
    }
}
