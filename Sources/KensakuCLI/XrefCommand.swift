import ArgumentParser
import Kensaku

/// The frameworks `--framework` accepts, by their JSON names.
let frameworkNames = Framework.allCases.map(\.rawValue).joined(separator: "|")

/// Reads a `--framework` value (`gri`, `sasb`, `ungc`, `iso26000`).
func parseFramework(_ name: String?) throws -> Framework? {
    guard let name else { return nil }
    guard let framework = Framework(rawValue: name.lowercased().replacingOccurrences(of: " ", with: "")) else {
        throw ValidationError("--framework must be one of \(frameworkNames) (found '\(name)').")
    }
    return framework
}

struct XrefCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xref",
        abstract: "Look up a GRI, SASB, UN Global Compact or ISO 26000 code in the report's content index.",
        discussion: """
            CODE is read as people type it: 305-1, 'GRI 305-1', gri305-1, ３０５－１, 'GRI 305' (every \
            disclosure of the standard), TC-SI-130a.1 (any case), 'UNGC 10', 原則10, 'ISO 26000 6.3'. \
            The answer: the content-index record (title, status, locations resolved to section line \
            ranges), the inline GRI markers citing it, and the best supporting passages inside those \
            sections. An unknown code fails with the closest real codes.

            --list prints every content-index record (--framework to choose one table); --section \
            NAME prints the codes citing a section title or DOCUMENT:LINE.

            JSON keys: framework, code, standard, title, titleEnglish, status, locations (name, \
            external, resolved: document, title, startLine, endLine), markers (heading, line), passages.

            Examples:
              kensaku xref 'GRI 305-1'
              kensaku xref --list --framework sasb
              kensaku xref --section 環境負荷の全体像
              kensaku xref --section nec-esg-databook-2024.txt:2900 --json
            """
    )

    @Argument(help: "The code to look up.")
    var code: String?

    @Flag(name: .long, help: "List the content-index records.")
    var list = false

    @Option(name: .long, help: ArgumentHelp("With --list: one framework (\(frameworkNames)).", valueName: "NAME"))
    var framework: String?

    @Option(name: .long, help: ArgumentHelp("List the codes citing a section title or DOCUMENT:LINE.", valueName: "NAME"))
    var section: String?

    @Option(name: .long, help: "The most supporting passages per code.")
    var passages: Int = 3

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    @OptionGroup var location: IndexLocationOptions

    func validate() throws {
        let modes = [code != nil, list, section != nil].filter { $0 }.count
        guard modes == 1 else { throw ValidationError("Give exactly one of CODE, --list or --section NAME.") }
        guard passages >= 0 else { throw ValidationError("--passages must be 0 or more (found \(passages)).") }
        _ = try parseFramework(framework)
    }

    func run() throws {
        let framework = try parseFramework(self.framework)
        try runReportingErrors {
            let crossReference = try CrossReference(index: location.open())
            if list {
                let records = crossReference.records(framework: framework)
                if json {
                    print(try JSONOutput.string([
                        "document": crossReference.document,
                        "records": records.map { CrossReferenceOutput.jsonObject($0, includePassages: false) },
                    ]))
                } else {
                    records.forEach(CrossReferenceOutput.printListLine)
                }
            } else if let section {
                let citations = try crossReference.citations(of: section)
                if json {
                    print(try JSONOutput.string(CrossReferenceOutput.jsonObject(citations)))
                } else {
                    CrossReferenceOutput.printText(citations)
                }
            } else if let code {
                try printLookup(code, in: crossReference, framework: framework, passages: passages, json: json)
            }
        }
    }
}

/// Prints the lookup of a code: one JSON object for one code, an object with `disclosures` for
/// a GRI standard; text blocks separated by blank lines.
func printLookup(_ code: String, in crossReference: CrossReference, framework: Framework?, passages: Int, json: Bool) throws {
    let lookups = try crossReference.lookup(code, framework: framework, passageLimit: passages)
    if json {
        let objects = lookups.map { CrossReferenceOutput.jsonObject($0, includePassages: true) }
        if lookups.count == 1, let only = objects.first {
            print(try JSONOutput.string(only))
        } else {
            print(try JSONOutput.string(["query": code, "document": crossReference.document, "disclosures": objects]))
        }
        return
    }
    for (offset, lookup) in lookups.enumerated() {
        if offset > 0 { print("") }
        CrossReferenceOutput.printText(lookup, document: crossReference.document)
    }
}
