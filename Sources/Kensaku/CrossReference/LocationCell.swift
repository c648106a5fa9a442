/// What a location cell (`対応する記載`) of a content index says.
enum LocationCell {
    /// The status a whole cell entry stands for, or nil for a place name.
    ///
    /// - `―` (U+2015, GRI table), `ー` (U+30FC, SASB table) and the other dashes: ``DisclosureStatus/omitted``;
    /// - `マテリアリティではないため対象外` ("out of scope as not material"): ``DisclosureStatus/notMaterial``;
    /// - `変更なし` ("no change"): ``DisclosureStatus/noChange``.
    static func status(of text: String) -> DisclosureStatus? {
        let key = CrossReferenceText.key(text)
        if omissionMarks.contains(key) { return .omitted }
        if key.hasPrefix("マテリアリティではない") || key == "対象外" { return .notMaterial }
        if key == "変更なし" { return .noChange }
        return nil
    }

    /// Dashes that mark an omitted disclosure, after NFKC (`－` is `-` by then).
    private static let omissionMarks: Set<String> = ["―", "ー", "—", "–", "‐", "-", "ｰ", "−"]

    /// Whether a location lies outside the document: a web path (`企業情報>会社概要>プロフィール`), a
    /// URL, the securities report (`有価証券報告書「関係会社の状況」`) or another named report
    /// (`コーポレート・ガバナンス報告書`, `TNFDレポート`).
    static func isExternal(_ name: String) -> Bool {
        let key = CrossReferenceText.key(name)
        return key.contains(">") || key.contains("http://") || key.contains("https://")
            || key.hasPrefix("有価証券報告書") || key.hasSuffix("報告書") || key.hasSuffix("レポート")
    }

    /// The status of a row from its location entries: the status an entry stands for when one does;
    /// otherwise ``DisclosureStatus/external`` when every place is external,
    /// ``DisclosureStatus/reported`` when at least one may lie in the document, and
    /// ``DisclosureStatus/omitted`` for an empty cell.
    ///
    /// - Returns: The status and the place names (status entries removed).
    static func interpret(_ entries: [String]) -> (status: DisclosureStatus, names: [String]) {
        var names: [String] = []
        var marked: DisclosureStatus?
        for entry in entries {
            if let status = status(of: entry) { marked = marked ?? status } else { names.append(entry) }
        }
        if names.isEmpty { return (marked ?? .omitted, []) }
        return (names.allSatisfy(isExternal) ? .external : .reported, names)
    }
}
