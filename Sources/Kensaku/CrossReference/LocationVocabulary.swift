/// The names a location cell (`対応する記載`) can hold in one document: its section titles.
///
/// The flattened tables give no column positions, so whether a line continues a wrapped title or
/// starts the location column is decided by what the line says: a known section title is a
/// location (`環境経営` after `305-5 温室効果ガス（GHG）排出量の削減量`), anything else continues the
/// title (`（スコープ1）`). The same knowledge joins locations that wrap (`カスタマー・リレーション`
/// / `シップ・マネジメント`). Names are compared by ``CrossReferenceText/key(_:)``.
struct LocationVocabulary: Sendable {
    /// A wrapped location spans at most this many lines (`情報セキュリティと` / `サイバーセキュリティ`
    /// is two; three leaves room for a longer title without joining unrelated lines).
    static let maximumWrappedLines = 3

    private let keys: Set<String>

    /// A vocabulary of these names (section titles); empty names are ignored.
    init<S: Sequence>(names: S) where S.Element == String {
        keys = Set(names.map(CrossReferenceText.key).filter { !$0.isEmpty })
    }

    /// Whether `name` is a known name.
    func contains(_ name: String) -> Bool {
        keys.contains(CrossReferenceText.key(name))
    }

    /// How many lines from `start` (2 up to ``maximumWrappedLines``) spell a known name when
    /// joined, or nil when none do.
    func wrappedLength(_ lines: [String], from start: Int) -> Int? {
        var joined = ""
        for offset in 0..<Self.maximumWrappedLines where start + offset < lines.count {
            joined += lines[start + offset]
            if offset > 0 && contains(joined) { return offset + 1 }
        }
        return nil
    }

    /// How many lines from `start` form one location cell entry, or nil when the line at `start`
    /// does not start one: a status (`―`, `マテリアリティではないため対象外`), an external place
    /// (``LocationCell/isExternal(_:)``) or a known name, on one line or wrapped (1 or more).
    func locationLength(_ lines: [String], from start: Int) -> Int? {
        let line = lines[start]
        if LocationCell.status(of: line) != nil || LocationCell.isExternal(line) || contains(line) { return 1 }
        return wrappedLength(lines, from: start)
    }

    /// Whether `line` continues the location `previous`: a web path carried on (`>役員>役員報酬の内容`)
    /// or a wrapped name completed (`カスタマー・リレーション` + `シップ・マネジメント`).
    func continues(_ previous: String, with line: String) -> Bool {
        line.hasPrefix(">") || previous.hasSuffix(">") || (!contains(previous) && contains(previous + line))
    }

    /// The location names of a cell's fragments (one per line, or the part after a title), with
    /// wraps joined: web paths continued on the next line, and fragments that together spell a
    /// known name.
    func names(from fragments: [String]) -> [String] {
        var names: [String] = []
        var index = 0
        while index < fragments.count {
            let fragment = fragments[index]
            if let last = names.last, continues(last, with: fragment) {
                names[names.count - 1] = last + fragment
                index += 1
            } else if !contains(fragment), LocationCell.status(of: fragment) == nil,
                      let length = wrappedLength(fragments, from: index) {
                names.append(fragments[index..<(index + length)].joined())
                index += length
            } else {
                names.append(fragment)
                index += 1
            }
        }
        return names
    }
}
