import ArgumentParser
import Kensaku

struct DocumentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "documents",
        abstract: "List the indexed documents with their metadata.",
        discussion: "One line per document: name, format, title, date, lines, passages, sections."
    )

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    @OptionGroup var location: IndexLocationOptions

    func run() throws {
        try runReportingErrors {
            let index = try location.open()
            if json {
                print(try JSONOutput.string(["documents": index.documents.map(Self.jsonObject)]))
                return
            }
            for document in index.documents {
                let date = document.metadata["date"].map { "  \($0)" } ?? ""
                print("\(document.name)  [\(document.format.rawValue)]  \(document.title)\(date)")
                print("    \(document.lineCount) lines, \(document.passageRange.count) passages, "
                    + "\(document.sections.count) sections, \(document.byteCount) bytes")
            }
        }
    }

    static func jsonObject(_ document: Document) -> [String: Any] {
        [
            "name": document.name, "format": document.format.rawValue, "title": document.title,
            "metadata": document.metadata, "lines": document.lineCount, "passages": document.passageRange.count,
            "sections": document.sections.count, "bytes": document.byteCount, "sha256": document.sha256,
        ]
    }
}
