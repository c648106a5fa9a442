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
    public static func build(corpusPath: String, outputPath: String) throws(KensakuError) -> BuildReport {
        let clock = ContinuousClock()
        let started = clock.now
        let (files, scanWarnings) = try CorpusScanner.scan(corpusPath)
        var warnings = scanWarnings
        let builder = try IndexBuilder()
        var corpusBytes = 0
        var documentCount = 0
        for file in files {
            // Checked before reading: a document over the limit is never loaded.
            guard file.status.byteCount <= Limits.maximumDocumentBytes else {
                throw KensakuError(.limitExceeded(
                    path: file.path, detail: "it has \(file.status.byteCount) bytes; documents may have at most \(Limits.maximumDocumentBytes)"))
            }
            let bytes = try FileSystem.readFile(file.path)
            if CorpusScanner.looksBinary(bytes) {
                warnings.append("skipped '\(file.path)': looks binary (control bytes or ill-formed UTF-8 in its first 8 KiB), not text")
                continue
            }
            if let offset = bytes.withUnsafeBufferPointer(UTF8Decoding.firstInvalidOffset) {
                let line = SourceText(bytes: bytes).line(containing: offset)
                warnings.append("'\(file.path)' line \(line): invalid UTF-8 (byte \(offset)); read with U+FFFD replacement")
            }
            guard let format = DocumentParser.format(name: file.name, bytes: bytes) else {
                warnings.append("skipped '\(file.path)': not a format Kensaku reads")
                continue
            }
            do {
                try builder.addDocument(name: file.name, format: format, bytes: bytes, path: file.path,
                                        modificationTimeNanoseconds: file.status.modificationTimeNanoseconds)
            } catch where error.code == .fileUnreadable {
                // A markup file libxml2 cannot read at all is skipped; the rest of the corpus is indexed.
                warnings.append("skipped '\(file.path)': \(error.message)")
                continue
            }
            if let exceeded = builder.exceededLimit() {
                throw KensakuError(.limitExceeded(path: file.path, detail: "with this document the index would hold \(exceeded)"))
            }
            corpusBytes += bytes.count
            documentCount += 1
        }
        guard documentCount > 0 else { throw KensakuError(.corpusEmpty(path: corpusPath)) }

        let outputFolder = FileSystem.directory(of: outputPath)
        let contents = builder.finish(metadata: [
            (IndexFormat.MetadataKey.analyzer, Analyzer.fingerprint),
            (IndexFormat.MetadataKey.icuVersion, Analyzer.icuVersion),
            (IndexFormat.MetadataKey.corpus, FileSystem.relativePath(of: corpusPath, from: outputFolder)),
            (IndexFormat.MetadataKey.builtBy, "kensaku index format \(IndexFormat.currentVersion)"),
        ])
        let bytes = IndexSerializer.serialize(contents)
        try FileSystem.writeAtomically(bytes, to: outputPath)
        let elapsed = clock.now - started
        return BuildReport(
            indexPath: outputPath, corpusPath: corpusPath, documentCount: documentCount,
            passageCount: contents.passages.count, termCount: contents.terms.count, corpusBytes: corpusBytes,
            indexBytes: bytes.count,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            warnings: warnings)
    }
}
