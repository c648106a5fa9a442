/// An inline disclosure marker in a report's body: a line `GRI` followed by lines of codes,
/// placed right under the subsection heading it refers to.
///
/// ```
/// Scope1、2、3排出量      ← heading (line 2884)
///
/// GRI                    ← the marker (line 2886)
/// 305-1
/// 305-2
/// 305-3
/// ```
public struct InlineMarker: Sendable, Hashable {
    /// The framework named by the marker line (the data book only marks GRI disclosures).
    public let framework: Framework
    /// The codes listed under the marker, in order (`305-1`, `305-2`, `305-3`).
    public let codes: [String]
    /// The line of the marker word `GRI` (1-based).
    public let line: Int
    /// The last non-blank line above the marker: the subsection heading, trimmed.
    public let heading: String
    /// The line of ``heading``, or nil when the marker is the first text of the document.
    public let headingLine: Int?

    public init(framework: Framework, codes: [String], line: Int, heading: String, headingLine: Int?) {
        self.framework = framework
        self.codes = codes
        self.line = line
        self.heading = heading
        self.headingLine = headingLine
    }
}
