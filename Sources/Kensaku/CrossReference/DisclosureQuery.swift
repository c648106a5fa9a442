import Foundation

/// A code as people type it, read into what it names.
///
/// Accepted forms (after NFKC, so `３０５－１` is `305-1`; any dash between digits is a hyphen;
/// framework names in any case, with or without a space):
///
/// | typed | names |
/// | --- | --- |
/// | `305-1`, `GRI 305-1`, `gri305-1`, `３０５－１` | GRI disclosure 305-1 |
/// | `306-3@2016` | an earlier edition's colliding code |
/// | `GRI 305` | every disclosure of GRI 305 |
/// | `TC-SI-130a.1`, `tc-si-130a.1`, `SASB TC-SI-130a.1` | SASB metric TC-SI-130a.1 |
/// | `UNGC 10`, `原則10`, `UNGC principle 10` | UN Global Compact principle 10 |
/// | `ISO 26000 6.3`, `6.3`, `ISO26000 人権` | ISO 26000 core subject 6.3 |
///
/// With a default framework (the `gri`, `sasb` and `ungc` commands), a bare code is read in it:
/// `305` is GRI 305, `130a.1` is TC-SI-130a.1, `10` is principle 10.
public enum DisclosureQuery: Sendable, Hashable {
    /// One disclosure, metric, principle or core subject, with the code as the registry spells it.
    case disclosure(Framework, code: String)
    /// Every disclosure of a GRI standard (`GRI 305`).
    case griStandard(Int)

    /// Reads a typed code; the registry decides whether it exists.
    ///
    /// - Parameters:
    ///   - input: the code as typed.
    ///   - framework: the framework to read a bare code in, or nil to tell from its shape.
    ///   - registry: the codes that exist.
    /// - Throws: `KensakuError` with code `unknownCode`, naming the closest real codes when the
    ///   framework is known.
    public static func parse(
        _ input: String, framework: Framework? = nil, registry: DisclosureRegistry
    ) throws(KensakuError) -> DisclosureQuery {
        let text = normalized(input)
        let (explicit, body) = splitFramework(text)
        let chosen = explicit ?? framework ?? inferFramework(body)
        guard let chosen, let parsed = read(body, in: chosen, registry: registry) else {
            let suggestions = (explicit ?? framework).map { registry.closestCodes(to: body, in: $0) } ?? []
            throw KensakuError(.unknownCode(code: input, framework: (explicit ?? framework)?.displayName, suggestions: suggestions))
        }
        switch parsed {
        case .griStandard(let number):
            guard !registry.disclosures(ofGRIStandard: number).isEmpty else {
                throw KensakuError(.unknownCode(code: input, framework: "GRI", suggestions: registry.closestCodes(to: "\(number)-1", in: .gri)))
            }
            return parsed
        case .disclosure(let framework, let code):
            guard let entry = registry.entry(framework, code: code) else {
                throw KensakuError(.unknownCode(code: input, framework: framework.displayName, suggestions: registry.closestCodes(to: code, in: framework)))
            }
            return .disclosure(framework, code: entry.code)
        }
    }

    /// NFKC, trimmed, lower-cased, dashes after an ASCII letter or digit made hyphens (`３０５－１`,
    /// `305ー1`, `305–1`).
    static func normalized(_ input: String) -> String {
        let folded = Array(input.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespaces).lowercased())
        let dashes: Set<Character> = ["‐", "‑", "‒", "–", "—", "―", "−", "ー", "ｰ", "－"]
        var result = ""
        for (offset, character) in folded.enumerated() {
            if dashes.contains(character), offset > 0, folded[offset - 1].isASCII,
               folded[offset - 1].isNumber || folded[offset - 1].isLetter {
                result.append("-")
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// Framework prefixes, longest first, with the framework each names.
    private static let prefixes: [(String, Framework)] = [
        ("国連グローバル・コンパクト", .ungc), ("un global compact", .ungc), ("global compact", .ungc), ("ungc", .ungc),
        ("iso 26000", .iso26000), ("iso26000", .iso26000), ("sasb", .sasb), ("gri", .gri),
    ]

    /// Splits off a framework name: `gri 305-1` → (.gri, `305-1`); `原則10` → (.ungc, `10`).
    static func splitFramework(_ text: String) -> (Framework?, String) {
        var framework: Framework?
        var body = Substring(text)
        for (prefix, named) in prefixes where body.hasPrefix(prefix) {
            framework = named
            body = body.dropFirst(prefix.count)
            break
        }
        body = body.drop { $0.isWhitespace || $0 == ":" || $0 == "_" || (framework != nil && $0 == "-") }
        for word in ["原則", "principle"] where (framework == nil || framework == .ungc) && body.hasPrefix(word) {
            let rest = body.dropFirst(word.count).drop(while: \.isWhitespace)
            if CrossReferenceText.isDigits(rest) {
                return (.ungc, String(rest))
            }
        }
        return (framework, String(body))
    }

    /// The framework a bare code's shape belongs to: `305-1` GRI, `tc-si-…` SASB, `6.3` ISO 26000.
    static func inferFramework(_ body: String) -> Framework? {
        if CrossReferenceText.isGRICode(body.split(separator: "@").first ?? "") { return .gri }
        if body.hasPrefix("tc-") { return .sasb }
        if DisclosureRegistry.isISOClause(body) { return .iso26000 }
        return nil
    }

    /// Reads a code's body in a framework, or nil when it does not have that framework's shape.
    static func read(_ body: String, in framework: Framework, registry: DisclosureRegistry) -> DisclosureQuery? {
        switch framework {
        case .gri:
            if CrossReferenceText.isDigits(body), body.count <= 3, let number = Int(body) { return .griStandard(number) }
            let parts = body.split(separator: "@", omittingEmptySubsequences: false)
            guard CrossReferenceText.isGRICode(parts[0]),
                  parts.count == 1 || (parts.count == 2 && CrossReferenceText.isDigits(parts[1])) else { return nil }
            return .disclosure(.gri, code: body)
        case .sasb:
            let code = body.hasPrefix("tc-") ? body : "tc-si-" + body
            return SASBTableParser.isCode(code) ? .disclosure(.sasb, code: code) : nil
        case .ungc:
            guard CrossReferenceText.isDigits(body), let number = Int(body) else { return nil }
            return .disclosure(.ungc, code: String(number))
        case .iso26000:
            if DisclosureRegistry.isISOClause(body) { return .disclosure(.iso26000, code: body) }
            return registry.iso26000Clause(ofSubject: body).map { .disclosure(.iso26000, code: $0) }
        }
    }
}
