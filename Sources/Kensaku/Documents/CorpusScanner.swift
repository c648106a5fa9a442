/// Finds the documents of a corpus folder.
///
/// Documents are the regular files directly in the folder whose names end in `.txt`, `.md` or
/// `.markdown`, in name order. Hidden files are ignored; files that look binary (a NUL byte in
/// the first 8 KiB) are skipped with a warning naming them.
public enum CorpusScanner {
    /// File name endings that are read as documents.
    public static let documentExtensions = [".txt", ".md", ".markdown"]
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
                warnings.append("skipped '\(path)': not a .txt, .md or .markdown file")
                continue
            }
            documents.append(DocumentFile(name: name, path: path, status: status))
        }
        return (documents, warnings)
    }

    /// Whether the bytes look binary rather than text.
    static func looksBinary(_ bytes: [UInt8]) -> Bool {
        bytes.prefix(binarySniffLength).contains(0)
    }
}
