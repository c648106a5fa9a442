/// The codes that cite a section or a line: the answer to "what does this section disclose?".
public struct SectionCitations: Sendable, Hashable {
    /// How a code's record or marker relates to the target.
    public enum Relation: String, Sendable, Hashable {
        /// The record names the target section itself (or the location name given).
        case same
        /// The record names a section that encloses the target (`環境経営` for `環境負荷の全体像`).
        case enclosing
        /// The record names a section inside the target (`気候変動対策` for the chapter `環境`).
        case within
        /// An inline marker listing the code lies inside the target.
        case marker
    }

    /// One way a code cites the target.
    public struct Reason: Sendable, Hashable {
        /// How the record or marker relates to the target.
        public let relation: Relation
        /// The location name (for ``Relation/same``, ``Relation/enclosing``, ``Relation/within``)
        /// or the marker's heading (for ``Relation/marker``).
        public let name: String
        /// The section the location resolved to, or the marker's subsection.
        public let section: SectionReference?
        /// The marker's line, for ``Relation/marker``.
        public let line: Int?

        public init(relation: Relation, name: String, section: SectionReference?, line: Int?) {
            self.relation = relation
            self.name = name
            self.section = section
            self.line = line
        }
    }

    /// One citing code.
    public struct Citation: Sendable, Hashable {
        /// The code's framework.
        public let framework: Framework
        /// The code (`305-1`).
        public let code: String
        /// The report's title for it.
        public let title: String
        /// The report's status for it.
        public let status: DisclosureStatus
        /// Why it cites the target, most direct first.
        public let reasons: [Reason]

        public init(framework: Framework, code: String, title: String, status: DisclosureStatus, reasons: [Reason]) {
            self.framework = framework
            self.code = code
            self.title = title
            self.status = status
            self.reasons = reasons
        }
    }

    /// The target as given (a section name or `DOCUMENT:LINE`).
    public let target: String
    /// The sections the target names: every section with that title, or the innermost section
    /// holding the line. Empty when the target is a location name that is no section (`TNFDレポート`).
    public let sections: [SectionReference]
    /// The citing codes, by framework and then in table order.
    public let citations: [Citation]

    public init(target: String, sections: [SectionReference], citations: [Citation]) {
        self.target = target
        self.sections = sections
        self.citations = citations
    }
}
