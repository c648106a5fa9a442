/// What a report says about one disclosure.
public enum DisclosureStatus: String, Sendable, Hashable, CaseIterable {
    /// The content index names at least one place in the report (a section of this document, or
    /// a name that could not be matched to one; see ``ResolvedLocation/isResolved``).
    case reported
    /// The content index marks the disclosure as not reported: a dash (`―` or `ー`).
    case omitted
    /// The content index says the topic is not material: `マテリアリティではないため対象外`.
    case notMaterial
    /// The content index says there is nothing to report: `変更なし` (used for restatements, 2-4).
    case noChange
    /// Every place the content index names lies outside this document: a web path
    /// (`企業情報>会社概要>プロフィール`), a URL, the securities report (`有価証券報告書…`) or another
    /// report (`…報告書`, `…レポート`).
    case external
    /// The framework defines the code, but the report's content index does not list it.
    case notInIndex
}
