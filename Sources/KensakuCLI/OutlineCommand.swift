import ArgumentParser
import Kensaku

struct OutlineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outline",
        abstract: "Show a document's section tree with line ranges.",
        discussion: """
            Each section prints as its title, indented by depth, and its lines START-END, so \
            'sed -n START,ENDp Corpus/DOCUMENT' shows it. DOCUMENT is an indexed file name (a unique \
            prefix is enough). Example: kensaku outline nec-esg-databook-2024.txt
            """
    )

    @Argument(help: "The document's file name, as indexed.")
    var document: String

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    @OptionGroup var location: IndexLocationOptions

    func run() throws {
        try runReportingErrors {
            let index = try location.open()
            let (_, document) = try index.document(named: self.document)
            if json {
                let sections = document.sections.enumerated().map { offset, section -> [String: Any] in
                    var object: [String: Any] = [
                        "index": offset, "title": section.title, "level": section.level,
                        "startLine": section.startLine, "endLine": section.endLine,
                    ]
                    if let heading = section.headingLine { object["headingLine"] = heading }
                    if let parent = section.parent { object["parent"] = parent }
                    return object
                }
                print(try JSONOutput.string(["document": document.name, "title": document.title, "sections": sections]))
                return
            }
            print("\(document.name): \(document.title) (\(document.lineCount) lines)")
            if document.sections.isEmpty { print("  (no sections)") }
            for section in document.sections {
                let indent = String(repeating: "  ", count: section.level)
                print("\(indent)\(section.title)  \(section.startLine)-\(section.endLine)")
            }
        }
    }
}
