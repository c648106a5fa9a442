/// How completely a report covers one framework, from its content index.
public struct FrameworkCoverage: Sendable, Hashable {
    /// The framework.
    public let framework: Framework
    /// The number of content-index records (rows) of the framework.
    public let recordCount: Int
    /// Records per status; ``DisclosureStatus/notInIndex`` counts the registry's codes in force
    /// that the content index does not list. Every status has a count (0 when absent).
    public let counts: [DisclosureStatus: Int]
    /// The records marked omitted (`―`), in table order.
    public let omitted: [ContentIndexRecord]
    /// The records marked not material, in table order.
    public let notMaterial: [ContentIndexRecord]
    /// The registry's codes in force that the content index does not list.
    public let notInIndex: [DisclosureRegistry.Entry]
    /// Location names that are neither external nor a section title of the document, each once,
    /// in table order.
    public let unresolvedLocations: [String]
    /// The number of inline markers in the body that cite the framework.
    public let markerCount: Int

    public init(
        framework: Framework, recordCount: Int, counts: [DisclosureStatus: Int], omitted: [ContentIndexRecord],
        notMaterial: [ContentIndexRecord], notInIndex: [DisclosureRegistry.Entry], unresolvedLocations: [String],
        markerCount: Int
    ) {
        self.framework = framework
        self.recordCount = recordCount
        self.counts = counts
        self.omitted = omitted
        self.notMaterial = notMaterial
        self.notInIndex = notInIndex
        self.unresolvedLocations = unresolvedLocations
        self.markerCount = markerCount
    }
}
