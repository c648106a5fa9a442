/// A reporting framework whose disclosures a report's content index maps to its pages.
public enum Framework: String, Sendable, Hashable, CaseIterable, Comparable {
    /// The GRI Standards (disclosures such as `305-1`).
    case gri
    /// The SASB Standards, Software & IT Services (metrics such as `TC-SI-130a.1`).
    case sasb
    /// The UN Global Compact's ten principles (`1` … `10`, printed `原則1` … `原則10`).
    case ungc
    /// ISO 26000's seven core subjects (clauses `6.2` … `6.8`).
    case iso26000

    /// The name shown before a code: `GRI`, `SASB`, `UNGC`, `ISO 26000`.
    public var displayName: String {
        switch self {
        case .gri: "GRI"
        case .sasb: "SASB"
        case .ungc: "UNGC"
        case .iso26000: "ISO 26000"
        }
    }

    /// The order of the data book's tables: GRI, SASB, UN Global Compact, ISO 26000.
    public static func < (lhs: Framework, rhs: Framework) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}
