/// Finds the documents of a corpus folder.
///
/// Documents are the regular files directly in the folder whose names end in one of
/// ``documentExtensions``, in name order. Hidden files are ignored; files that look binary (control bytes or
/// ill-formed UTF-8 in the first 8 KiB, see ``looksBinary(_:)``) are skipped with a warning.
public enum CorpusScanner {
    /// File name endings that are read as documents.
    public static let documentExtensions = [".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".xml"]
    /// How many leading bytes are checked for NUL when sniffing binary files.
    static let binarySniffLength = 8_192

    /// One document file to index.
    struct DocumentFile {
        var name: String
        var path: String
        var status: FileSystem.Status
    }

    /// The documents of `root` and warnings for skipped files.
    ///
    /// - Throws: `KensakuError` with code `corpusNotFound` when `root` is not a folder.
    static func scan(_ root: String) throws(KensakuError) -> (documents: [DocumentFile], warnings: [String]) {
        guard let status = FileSystem.status(root), status.isDirectory else {
            throw KensakuError(.corpusNotFound(path: root))
        }
        var documents: [DocumentFile] = []
        var warnings: [String] = []
        for name in try FileSystem.listDirectory(root) where !name.hasPrefix(".") {
            let path = FileSystem.join(root, name)
            guard let status = FileSystem.status(path), status.isRegularFile else { continue }
            let lowered = name.lowercased()
            guard documentExtensions.contains(where: { lowered.hasSuffix($0) }) else {
                warnings.append("skipped '\(path)': not a .txt, .md, .markdown, .html, .htm, .xhtml or .xml file")
                continue
            }
            documents.append(DocumentFile(name: name, path: path, status: status))
        }
        return (documents, warnings)
    }

    /// Whether the bytes look binary rather than text: at least a tenth of the first 8 KiB are
    /// NUL or other control characters (tab, line breaks, form feed and escape excepted), or
    /// ill-formed UTF-8. A text file with a few stray NUL bytes is still text.
    static func looksBinary(_ bytes: [UInt8]) -> Bool {
        let sample = Array(bytes.prefix(binarySniffLength))
        guard !sample.isEmpty else { return false }
        var suspicious = 0
        sample.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                let byte = buffer[index]
                if byte < 0x20 && ![0x09, 0x0A, 0x0C, 0x0D, 0x1B].contains(byte) {
                    suspicious += 1
                    index += 1
                    continue
                }
                let (scalar, length) = UTF8Decoding.decodeScalar(buffer, at: index)
                // A sequence cut by the end of the sample is not held against the file.
                if scalar == CharacterClass.replacementCharacter && length == 1 && index + 4 < buffer.count {
                    suspicious += 1
                }
                index += length
            }
        }
        return suspicious * 10 >= sample.count
    }
}
