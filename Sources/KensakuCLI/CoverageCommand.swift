import ArgumentParser
import Kensaku

struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Summarize how the report's content index covers each framework.",
        discussion: """
            Per framework (GRI, SASB, UN Global Compact, ISO 26000): records per status (reported, \
            omitted, notMaterial, noChange, external; notInIndex counts the registry's codes in force \
            that the table does not list), the omitted and not-material disclosures, location names \
            that match no section, and the number of inline GRI markers. Example: kensaku coverage --json
            """
    )

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    @OptionGroup var location: IndexLocationOptions

    func run() throws {
        try runReportingErrors {
            let crossReference = try CrossReference(index: location.open())
            let coverage = crossReference.coverage()
            if json {
                print(try JSONOutput.string([
                    "document": crossReference.document, "markers": crossReference.markers.count,
                    "frameworks": coverage.map(CrossReferenceOutput.jsonObject),
                ]))
                return
            }
            print("\(crossReference.document): \(crossReference.records.count) content-index records, "
                + "\(crossReference.markers.count) inline markers")
            coverage.forEach(CrossReferenceOutput.printText)
        }
    }
}
