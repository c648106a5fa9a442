import ArgumentParser
import Kensaku

/// `kensaku gri CODE`: `kensaku xref CODE` with bare codes read as GRI (`305` is GRI 305).
struct GRICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gri",
        abstract: "Look up a GRI disclosure (305-1) or standard (305) in the report's content index.",
        discussion: "Shorthand for 'kensaku xref'. Examples: kensaku gri 305-1; kensaku gri 305 --json; kensaku gri ３０５－１"
    )
    @OptionGroup var options: ShorthandOptions
    func run() throws { try options.run(.gri) }
}

/// `kensaku sasb CODE`: bare codes read as SASB Software & IT Services (`130a.1` is TC-SI-130a.1).
struct SASBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sasb",
        abstract: "Look up a SASB metric (TC-SI-130a.1) in the report's content index.",
        discussion: "Shorthand for 'kensaku xref'. Examples: kensaku sasb TC-SI-130a.1; kensaku sasb 230a.2 --json"
    )
    @OptionGroup var options: ShorthandOptions
    func run() throws { try options.run(.sasb) }
}

/// `kensaku ungc CODE`: bare numbers read as UN Global Compact principles.
struct UNGCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ungc",
        abstract: "Look up a UN Global Compact principle (10, 原則10) in the report's content index.",
        discussion: "Shorthand for 'kensaku xref'. Examples: kensaku ungc 10; kensaku ungc 原則1 --json"
    )
    @OptionGroup var options: ShorthandOptions
    func run() throws { try options.run(.ungc) }
}

/// The arguments the shorthands share.
struct ShorthandOptions: ParsableArguments {
    @Argument(help: "The code to look up.")
    var code: String

    @Option(name: .long, help: "The most supporting passages per code.")
    var passages: Int = 3

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    @OptionGroup var location: IndexLocationOptions

    func validate() throws {
        guard passages >= 0 else { throw ValidationError("--passages must be 0 or more (found \(passages)).") }
    }

    func run(_ framework: Framework) throws {
        try runReportingErrors {
            let crossReference = try CrossReference(index: location.open())
            try printLookup(code, in: crossReference, framework: framework, passages: passages, json: json)
        }
    }
}
