// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Kensaku",
    products: [
        .library(name: "Kensaku", targets: ["Kensaku"]),
        .executable(name: "kensaku", targets: ["KensakuCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The only place that includes ICU headers (see DEVELOPERS.md: Foundation on Linux ships
        // its own ICU headers, so system ICU must stay behind plain C types).
        .target(
            name: "CICU",
            // Shared libraries in debug; release links the static archives (see `KensakuCLI`).
            linkerSettings: [
                .linkedLibrary("icuuc", .when(configuration: .debug)),
                .linkedLibrary("icui18n", .when(configuration: .debug)),
            ]
        ),
        // The only place that includes libxml2 headers, behind plain C types like CICU. The
        // headers live in /usr/include/libxml2 (`pkg-config --cflags libxml-2.0`), which
        // `headerSearchPath` cannot name because it takes package-relative paths only.
        .target(
            name: "CLibXML2",
            cSettings: [.unsafeFlags(["-I/usr/include/libxml2"])],
            linkerSettings: [.linkedLibrary("xml2", .when(configuration: .debug))]
        ),
        // The SQLite FTS5 baseline of `kensaku bench`, behind plain C types like CICU (system
        // libsqlite3-dev).
        .target(
            name: "CSQLite",
            linkerSettings: [.linkedLibrary("sqlite3", .when(configuration: .debug))]
        ),
        // SHA-256 block compression with the x86 SHA extensions (no library: compiler intrinsics,
        // chosen at run time; `SHA256.swift` is the fallback).
        .target(name: "CSHA256"),
        // CRC-32 by carry-less multiplication (compiler intrinsics, chosen at run time;
        // `CRC32.swift` is the fallback and does the tails).
        .target(name: "CCRC32"),
        // A cache prefetch hint (a compiler builtin), for the index build's lookups that miss the
        // cache (posting merge, term tables, duplicate detection).
        .target(name: "CPrefetch"),
        .target(
            name: "Kensaku",
            dependencies: ["CICU", "CLibXML2", "CSQLite", "CSHA256", "CCRC32", "CPrefetch"],
            // The disclosure registry's reference files (copies of ../shared/reference/ plus the UN
            // Global Compact principles and ISO 26000 core subjects), read through Bundle.module.
            resources: [.copy("CrossReference/Resources")],
            // The engine is optimized in every configuration: `swift run kensaku` builds in debug,
            // and an unoptimized analyzer indexes ~10x slower (0.7 MB/s). `-enable-testing` still
            // applies, so tests can `@testable import Kensaku`.
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .executableTarget(
            name: "KensakuCLI",
            dependencies: [
                "Kensaku",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // Release builds link the Swift runtime, Foundation and the system libraries (ICU,
            // libxml2 with zlib and liblzma, SQLite) statically into the executable: a cold
            // `kensaku search` otherwise spends a third of its time in the dynamic loader
            // (symbol lookups and relocations across ~25 shared libraries). `-static-stdlib`
            // alone misses libraries that the static Foundation needs (its modules were compiled
            // against the shared SDK), so they are listed in one group. Debug builds and
            // `swift test` stay dynamic: the test bundle loads the shared Testing/XCTest
            // libraries, which need the shared runtime.
            linkerSettings: [.unsafeFlags(staticRuntimeFlags, .when(configuration: .release))]
        ),
        .testTarget(
            name: "KensakuTests",
            dependencies: ["Kensaku", "KensakuCLI"],
            exclude: ["Fixtures"]
        ),
    ]
)

/// `-static-stdlib` plus the static runtime and system libraries in one linker group (see `KensakuCLI`).
var staticRuntimeFlags: [String] {
    let libraries = [
        "Foundation", "FoundationEssentials", "FoundationInternationalization", "_FoundationICU", "CoreFoundation",
        "_FoundationCShims", "_FoundationCollections", "swiftSynchronization", "swiftCore", "swift_Concurrency",
        "swift_StringProcessing", "swift_RegexParser", "swiftGlibc", "swiftDispatch", "dispatch", "BlocksRuntime",
        "stdc++", "m",
    ]
    // System libraries by archive name (`-l:libX.a`), so that the linker cannot pick the shared one.
    let system = ["xml2", "sqlite3", "icui18n", "icuuc", "icudata", "z", "lzma"]
    return ["-static-stdlib", "-Xlinker", "--start-group"] + libraries.flatMap { ["-Xlinker", "-l" + $0] }
        + system.flatMap { ["-Xlinker", "-l:lib\($0).a"] } + ["-Xlinker", "--end-group"]
}
