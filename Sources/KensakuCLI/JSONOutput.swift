import Foundation

/// JSON text for `--json` and run files: UTF-8 kept as is (no `\u` escapes of Japanese), keys sorted.
enum JSONOutput {
    static func string(_ object: Any, pretty: Bool = false) throws -> String {
        var options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        if pretty { options.insert(.prettyPrinted) }
        let data = try JSONSerialization.data(withJSONObject: object, options: options)
        return String(decoding: data, as: UTF8.self)
    }
}
