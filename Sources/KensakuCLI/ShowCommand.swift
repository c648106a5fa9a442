import ArgumentParser
import Kensaku

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show the passage that contains a line, with its section and neighbours.",
        discussion: """
            DOCUMENT:LINE names a 1-based line of an indexed document; a blank or furniture line \
            shows the next passage. The N passages before and after it are printed too \
            (--context, default 1; 0 for the passage alone). \
            Example: kensaku show nec-esg-databook-2024.txt:2500 --context 1
            """
    )

    @Argument(help: ArgumentHelp("The document and line.", valueName: "DOCUMENT:LINE"))
    var target: String

    @Option(name: .long, help: "How many neighbouring passages to print on each side.")
    var context: Int = 1

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    @OptionGroup var location: IndexLocationOptions

    func validate() throws {
        guard let colon = target.lastIndex(of: ":"), Int(target[target.index(after: colon)...]).map({ $0 >= 1 }) == true else {
            throw ValidationError("Expected DOCUMENT:LINE with a line number from 1, for example nec-dx-report.md:12 (found '\(target)').")
        }
        guard context >= 0 else { throw ValidationError("--context must be 0 or more (found \(context)).") }
    }

    func run() throws {
        try runReportingErrors {
            let colon = target.lastIndex(of: ":") ?? target.endIndex
            let name = String(target[..<colon])
            let line = Int(target[target.index(after: colon)...]) ?? 1
            let index = try location.open()
            let (documentIndex, document) = try index.document(named: name)
            guard line <= document.lineCount else {
                throw KensakuError.lineOutOfRange(document: document.name, line: line, lineCount: document.lineCount)
            }
            guard let found = index.passageIndex(containingLine: line, inDocument: documentIndex) else {
                throw KensakuError.lineOutOfRange(document: document.name, line: line, lineCount: document.lineCount)
            }
            let range = document.passageRange
            let shown = max(range.lowerBound, found - context)...min(range.upperBound - 1, found + context)
            var objects: [[String: Any]] = []
            for passageIndex in shown {
                let passage = index.passage(at: passageIndex)
                let text = try index.text(ofPassage: passageIndex)
                let section = index.sectionPath(ofPassage: passageIndex).map(\.title)
                if json {
                    objects.append([
                        "document": document.name, "startLine": passage.startLine, "endLine": passage.endLine,
                        "byteStart": passage.byteStart, "byteEnd": passage.byteEnd, "section": section,
                        "text": text, "isTarget": passageIndex == found,
                    ])
                    continue
                }
                let marker = passageIndex == found ? ">" : " "
                print("\(marker) \(document.name):\(passage.startLine)-\(passage.endLine)  \(section.joined(separator: " › "))")
                for textLine in text.split(separator: "\n", omittingEmptySubsequences: false) { print("  │ \(textLine)") }
            }
            if json { print(try JSONOutput.string(["line": line, "passages": objects])) }
        }
    }
}
