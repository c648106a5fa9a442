import ArgumentParser
import Kensaku

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Show the tokens that indexing and searching make of a text.",
        discussion: """
            Prints one token per line: field (w = ICU word, b = CJK bigram), position, UTF-8 byte \
            range in the text, and the normalized term. Useful to see why a query does or does not \
            match. Example: kensaku analyze ＧＨＧ排出量
            """
    )

    @Argument(help: "The text to analyze (joined with spaces).")
    var text: [String]

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let tokens: [Token]
        do {
            tokens = try Analyzer().tokens(of: text.joined(separator: " "))
        } catch {
            throw fail(error)
        }
        if json {
            let objects = tokens.map { token -> [String: Any] in
                ["field": token.kind == .word ? "word" : "bigram", "text": token.text, "position": token.position,
                 "byteStart": token.byteRange.lowerBound, "byteEnd": token.byteRange.upperBound]
            }
            print(try JSONOutput.string(["icu": Analyzer.icuVersion, "tokens": objects]))
            return
        }
        for token in tokens {
            let field = token.kind == .word ? "w" : "b"
            print("\(field)  \(String(token.position).leftPadded(to: 3))  \(token.byteRange.lowerBound)..<\(token.byteRange.upperBound)  \(token.text)")
        }
    }
}
