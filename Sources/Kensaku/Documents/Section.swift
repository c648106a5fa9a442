/// A heading and the lines it governs, as a node of a document's section tree.
public struct Section: Sendable, Hashable {
    /// The heading text, trimmed (for example `気候変動対策`).
    public var title: String
    /// Depth in the tree: 1 is outermost (a chapter or a `#` heading).
    public var level: Int
    /// First line of the section (1-based).
    public var startLine: Int
    /// Last line of the section (1-based, inclusive).
    public var endLine: Int
    /// The line that holds the heading text, when it appears as a line of its own.
    public var headingLine: Int?
    /// Index of the enclosing section in the document's section list, or nil at the top.
    public var parent: Int?

    public init(title: String, level: Int, startLine: Int, endLine: Int, headingLine: Int? = nil, parent: Int? = nil) {
        self.title = title
        self.level = level
        self.startLine = startLine
        self.endLine = endLine
        self.headingLine = headingLine
        self.parent = parent
    }
}
