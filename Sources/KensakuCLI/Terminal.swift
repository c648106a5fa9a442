import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where output goes, and whether it may carry ANSI colour.
enum Terminal {
    /// True when stdout is a terminal and `NO_COLOR` is not set (https://no-color.org).
    static var stdoutSupportsColor: Bool {
        isatty(STDOUT_FILENO) == 1 && getenv("NO_COLOR") == nil
    }

    /// Writes a line to stderr.
    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static let highlightStart = "\u{1B}[1;31m"
    static let dimStart = "\u{1B}[2m"
    static let reset = "\u{1B}[0m"
}
