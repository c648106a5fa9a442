/// One row of a report's content index (対照表): a disclosure and where the report covers it.
///
/// Records are what the table parsers read from the text, before any lookup: location names are
/// as printed (wraps joined), not yet matched to sections (see ``CrossReference``).
public struct ContentIndexRecord: Sendable, Hashable {
    /// The framework of the table the row comes from.
    public let framework: Framework
    /// The code as the registry spells it: `305-1`, `TC-SI-130a.1`, `10` (UN Global Compact
    /// principle 10, printed `原則10`), `6.3` (ISO 26000 clause of a core subject).
    public let code: String
    /// The row's group: the GRI standard (`GRI 305: 大気への排出 2016`), the SASB topic
    /// (`ハードウェアインフラの環境評価指標`), the UN Global Compact area (`人権`), or `ISO 26000`.
    public let standard: String
    /// The Japanese title joined across line wraps: the disclosure's title, the SASB metric, the
    /// principle's text, or the ISO 26000 core subject.
    public let title: String
    /// The ISO 26000 issues of a core subject, numbering removed; empty for other frameworks.
    public let issues: [String]
    /// The places named in the location column (`対応する記載`), in table order, wraps joined;
    /// empty when the cell holds a status such as `―`.
    public let locations: [String]
    /// The row's status, from the location cell (see ``DisclosureStatus``).
    public let status: DisclosureStatus
    /// The source lines the row spans (1-based, inclusive), from its code to its last location.
    public let lines: ClosedRange<Int>

    public init(
        framework: Framework, code: String, standard: String, title: String, issues: [String] = [],
        locations: [String], status: DisclosureStatus, lines: ClosedRange<Int>
    ) {
        self.framework = framework
        self.code = code
        self.standard = standard
        self.title = title
        self.issues = issues
        self.locations = locations
        self.status = status
        self.lines = lines
    }
}
