/// The codes the frameworks define, independent of any report: whether a code exists at all, its
/// English title, edition and state (in force, withdrawn, superseded, upcoming).
///
/// The bundled registry (``bundled()``) is read from the package's resources, copies of
/// `../shared/reference/` (GRI Standards in force, withdrawn and superseded GRI codes, SASB
/// Software & IT Services) plus the UN Global Compact's ten principles and ISO 26000's core
/// subjects; see `Resources/` for the formats.
public struct DisclosureRegistry: Sendable {
    /// Whether a code can be reported against today.
    public enum State: String, Sendable, Hashable {
        /// In force for reports published now.
        case inForce
        /// Withdrawn without a same-numbered successor (`307-1`, now part of `2-27`).
        case withdrawn
        /// An earlier edition replaced by a newer one (`303-1@2016`, replaced by GRI 303: 2018).
        case superseded
        /// Published but not yet required (`101-1`, GRI 101: Biodiversity 2024).
        case upcoming
    }

    /// One code of one framework.
    public struct Entry: Sendable, Hashable {
        /// The framework that defines the code.
        public let framework: Framework
        /// The code as the registry spells it: `305-1`, `306-3@2016` (an earlier edition's code
        /// that collides with a current one), `TC-SI-130a.1`, `10`, `6.3`.
        public let code: String
        /// The code without an edition suffix: `306-3` for `306-3@2016`.
        public let baseCode: String
        /// The English title: the disclosure, metric, principle or core subject.
        public let title: String
        /// The English group: `GRI 305: Emissions 2016`, the SASB topic, the UN Global Compact area,
        /// or `ISO 26000`; nil when the registry does not say (withdrawn GRI codes).
        public let standard: String?
        /// The edition: the GRI standard's year (`2016`), the SASB standard's version (`2018-10`).
        public let edition: String?
        /// Whether the code is in force.
        public let state: State
        /// What the registry adds: replacement plans, the withdrawal's successor, a SASB metric's
        /// category (`Quantitative (GJ, %)`).
        public let note: String?
        /// For ISO 26000 core subjects, the Japanese names reports use (`人権`).
        public let japaneseNames: [String]
    }

    /// Every code, in file order: GRI in force, GRI legacy, SASB, UN Global Compact, ISO 26000.
    public let entries: [Entry]
    /// Entry positions by framework and lower-cased code.
    private let positions: [Framework: [String: Int]]

    /// A registry of these entries; a later entry with the same framework and code is ignored.
    public init(entries: [Entry]) {
        self.entries = entries
        var positions: [Framework: [String: Int]] = [:]
        for (offset, entry) in entries.enumerated() where positions[entry.framework]?[entry.code.lowercased()] == nil {
            positions[entry.framework, default: [:]][entry.code.lowercased()] = offset
        }
        self.positions = positions
    }

    /// The entry of a code, compared case-insensitively (`tc-si-130a.1` finds `TC-SI-130a.1`).
    public func entry(_ framework: Framework, code: String) -> Entry? {
        positions[framework]?[code.lowercased()].map { entries[$0] }
    }

    /// The entries of one framework, in file order.
    public func entries(of framework: Framework) -> [Entry] {
        entries.filter { $0.framework == framework }
    }

    /// The other editions of a code (`303-1@2016` for `303-1`), not including the code itself.
    public func otherEditions(of entry: Entry) -> [Entry] {
        entries.filter { $0.framework == entry.framework && $0.baseCode == entry.baseCode && $0.code != entry.code }
    }

    /// The disclosures of a GRI standard (`305` → `305-1` … `305-7`), without earlier editions'
    /// colliding codes; withdrawn and upcoming standards included (`307` → `307-1`).
    public func disclosures(ofGRIStandard number: Int) -> [Entry] {
        entries.filter { $0.framework == .gri && $0.code == $0.baseCode && $0.code.hasPrefix("\(number)-") }
    }

    /// The SASB codes that open a disclosure topic: the first code under each topic.
    public var sasbTopicOpeningCodes: Set<String> {
        var codes: Set<String> = []
        var topic: String?
        for entry in entries where entry.framework == .sasb && entry.standard != topic {
            topic = entry.standard
            codes.insert(entry.code)
        }
        return codes
    }

    /// The ISO 26000 clause of a core subject's Japanese name (`人権` → `6.3`), compared by key.
    public func iso26000Clause(ofSubject name: String) -> String? {
        let key = CrossReferenceText.key(name)
        return entries.first { entry in
            entry.framework == .iso26000 && entry.japaneseNames.contains { CrossReferenceText.key($0) == key }
        }?.code
    }

    /// The codes closest to `code` by edit distance, best first (ties in registry order).
    ///
    /// - Parameters:
    ///   - code: the code as typed (compared lower-cased).
    ///   - framework: where to look; nil for every framework.
    ///   - limit: the most codes to return.
    /// - Complexity: O(*m* · *k*²) for *m* codes of length about *k*.
    public func closestCodes(to code: String, in framework: Framework?, limit: Int = 3) -> [String] {
        let target = code.lowercased()
        let candidates = entries.enumerated().filter { framework == nil || $0.element.framework == framework }
        let ranked = candidates.map { (offset: $0.offset, code: $0.element.code,
                                       distance: EditDistance.between(target, $0.element.code.lowercased())) }
            .sorted { $0.distance != $1.distance ? $0.distance < $1.distance : $0.offset < $1.offset }
        var seen: Set<String> = []
        return ranked.compactMap { seen.insert($0.code).inserted ? $0.code : nil }.prefix(limit).map { $0 }
    }
}
