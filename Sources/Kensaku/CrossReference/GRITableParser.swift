/// Reads a GRI content index (`対照表：GRIスタンダード`) from flattened PDF text.
///
/// The table has three columns, ID / 報告要求事項 (title) / 対応する記載 (locations), grouped under
/// standard headers. Flattening loses the columns, so a row reads like this:
///
/// ```
/// GRI 305：                                        ← standard header, split over lines
/// 大気への排出 2016 305-1 直接的な温室効果ガス（GHG）排出量   ← header ends at its year; a code follows mid-line
///
/// （スコープ1）                                       ← the title wraps, even across a blank line
///
/// 環境経営                                          ← one location per line
/// 気候変動対策
/// 2-19 報酬方針 企業情報>会社概要>コーポレート・ガバナンス   ← title, a space, then the first location
/// >役員>役員報酬の内容                                ← a web path wraps
/// ```
///
/// The parser works line by line:
/// 1. A line `GRI N：` opens a standard header; its name continues until a year (`2016`), and
///    text after the year starts a row (`生物多様性 2016 304-1`).
/// 2. A line starting with a code (`305-1`) starts a row; running heads, column headers, URL lists
///    and group labels (`一般開示項目`, `特定スタンダード 300：環境`, `2.活動と労働者`) end one.
/// 3. Within a row, text is title until the location column starts: at a line that is a
///    location by itself (a status such as `―`, an external place, a section title of the
///    document, or one wrapped over lines; see ``LocationVocabulary``), or after the first space of
///    a line (`2-21 年間報酬総額の比率 ―`). From there on every line is a location.
/// 4. Locations are joined across wraps and the row's status follows from them (``LocationCell``).
///
/// Blank lines carry no meaning: titles wrap across them (`反競争的行為、反トラスト、` / blank /
/// `独占的慣行により受けた法的措置 コンプライアンス`).
struct GRITableParser: Sendable {
    /// The document's section titles, which tell locations from title text.
    let vocabulary: LocationVocabulary

    /// The records of the table's lines, in table order.
    ///
    /// - Parameter lines: the table's lines, from its heading to the line before the next table.
    /// - Complexity: O(*n*) in the number of lines.
    func parse(_ lines: [TableLine]) -> [ContentIndexRecord] {
        var records: [ContentIndexRecord] = []
        var standard = ""
        var header: Header?
        var row: Row?

        func finishRow() {
            if let finished = row { records.append(finished.record(standard: standard, vocabulary: vocabulary)) }
            row = nil
        }
        func startRow(_ text: String, line: Int) -> Bool {
            guard let (code, rest) = Self.rowStart(text) else { return false }
            finishRow()
            row = Row(code: code, firstLine: line, texts: rest.map { [$0] } ?? [], lastLine: line)
            return true
        }
        // Feeds header text; returns the text after the header's year, if the header ended.
        func feedHeader(_ text: String) -> String? {
            guard var current = header else { return nil }
            if let (name, year, rest) = Self.splitAtYear(text) {
                current.nameParts.append(name)
                standard = "GRI \(current.number): \(CrossReferenceText.joinWrapped(current.nameParts)) \(year)"
                header = nil
                return rest
            }
            current.nameParts.append(text)
            header = current
            return nil
        }

        for line in lines where !line.isBlank {
            let text = line.text
            if let (number, rest) = Self.standardHeader(text) {
                finishRow()
                header = Header(number: number, nameParts: [])
                if let rest, let after = feedHeader(rest) { _ = startRow(after, line: line.number) }
                continue
            }
            if let open = header {
                // A header without a year ends at the next row, rather than swallowing the table.
                if Self.rowStart(text) != nil {
                    standard = "GRI \(open.number): \(CrossReferenceText.joinWrapped(open.nameParts))"
                    header = nil
                    _ = startRow(text, line: line.number)
                } else if let after = feedHeader(text) {
                    _ = startRow(after, line: line.number)
                }
                continue
            }
            if line.isFurniture || Self.isGroupLabel(text) {
                finishRow()
                continue
            }
            if startRow(text, line: line.number) { continue }
            row?.texts.append(text)
            row?.lastLine = line.number
        }
        finishRow()
        return records
    }

    /// A standard header in progress: `GRI 305：` and the name lines read so far.
    private struct Header {
        var number: Int
        var nameParts: [String]
    }

    /// A row in progress: its code, the texts after it (the rest of the code's line first).
    private struct Row {
        var code: String
        var firstLine: Int
        var texts: [String]
        var lastLine: Int

        func record(standard: String, vocabulary: LocationVocabulary) -> ContentIndexRecord {
            var titleParts: [String] = []
            var fragments: [String] = []
            var index = 0
            while index < texts.count {
                let text = texts[index]
                if !fragments.isEmpty {
                    fragments.append(text)
                } else if LocationCell.status(of: text) != nil || vocabulary.contains(text) {
                    fragments.append(text)
                } else if case let (head, rest?) = CrossReferenceText.splitAtFirstSpace(text) {
                    titleParts.append(head)
                    fragments.append(rest)
                } else if LocationCell.isExternal(text) || vocabulary.wrappedLength(texts, from: index) != nil {
                    fragments.append(text)
                } else {
                    titleParts.append(text)
                }
                index += 1
            }
            let (status, names) = LocationCell.interpret(vocabulary.names(from: fragments))
            return ContentIndexRecord(
                framework: .gri, code: code, standard: standard, title: CrossReferenceText.joinWrapped(titleParts),
                locations: names, status: status, lines: firstLine...lastLine)
        }
    }

    /// `GRI 305：…` → (305, text after the colon or nil). Full-width and ASCII colons both count.
    static func standardHeader(_ text: String) -> (number: Int, rest: String?)? {
        guard text.hasPrefix("GRI") else { return nil }
        let afterPrefix = text.dropFirst(3).drop(while: \.isWhitespace)
        let digits = afterPrefix.prefix(while: { $0.isASCII && $0.isNumber })
        guard let number = Int(digits) else { return nil }
        let afterNumber = afterPrefix.dropFirst(digits.count).drop(while: \.isWhitespace)
        guard let colon = afterNumber.first, colon == "：" || colon == ":" else { return nil }
        let rest = afterNumber.dropFirst().trimmingCharacters(in: .whitespaces)
        return (number, rest.isEmpty ? nil : rest)
    }

    /// `305-1 直接的な…` → ("305-1", "直接的な…"); `304-1` → ("304-1", nil); nil for other lines.
    static func rowStart(_ text: String) -> (code: String, rest: String?)? {
        let (head, rest) = CrossReferenceText.splitAtFirstSpace(text)
        return CrossReferenceText.isGRICode(head) ? (head, rest) : nil
    }

    /// Splits header text at its year: `大気への排出 2016 305-1 …` → ("大気への排出", "2016", "305-1 …").
    /// The year is a whitespace-separated 4-digit word from 1990 on, possibly followed directly by a
    /// bracket (`2021［GRI 1 には開示事項は含まれていません］`).
    static func splitAtYear(_ text: String) -> (name: String, year: String, rest: String)? {
        var nameWords: [Substring] = []
        let words = text.split(whereSeparator: \.isWhitespace)
        for (offset, word) in words.enumerated() {
            let year = word.prefix(4)
            if year.count == 4, CrossReferenceText.isDigits(year), let value = Int(year), value >= 1990,
               word.dropFirst(4).first.map({ !$0.isNumber && $0 != "-" }) ?? true {
                let rest = ([word.dropFirst(4)] + words[(offset + 1)...]).map(String.init)
                    .filter { !$0.isEmpty }.joined(separator: " ")
                return (nameWords.joined(separator: " "), String(year), rest)
            }
            nameWords.append(word)
        }
        return nil
    }

    /// Group labels between standards: `一般開示項目`, `特定スタンダード 200：経済`, and numbered
    /// categories of GRI 2 (`1.組織のプロフィール`).
    static func isGroupLabel(_ text: String) -> Bool {
        if text == "一般開示項目" || text.hasPrefix("特定スタンダード") { return true }
        let digits = text.prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty else { return false }
        let after = text.dropFirst(digits.count)
        guard let dot = after.first, dot == "." || dot == "．", let next = after.dropFirst().first else { return false }
        return !(next.isASCII && next.isNumber)
    }
}
