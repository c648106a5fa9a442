import Foundation
import Testing
@testable import Kensaku

/// Paths and shared fixtures for the tests.
enum TestSupport {
    /// The package root (this file is Tests/KensakuTests/TestSupport.swift).
    static let packageRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static let corpusPath = packageRoot + "/Corpus"

    /// This test process's folder for temporary files, removed when the process exits (the
    /// tests used to leave hundreds of folders in /tmp).
    static let processFolder: String = {
        let path = NSTemporaryDirectory() + "kensaku-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: TestSupport.processFolder) }
        return path
    }()

    /// A fresh temporary folder for one test, inside ``processFolder``.
    static func temporaryFolder(_ name: String = #function) throws -> String {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let path = processFolder + "/\(safe)-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Where ``corpusIndex`` is built.
    static let corpusIndexPath = processFolder + "/corpus/corpus.kidx"

    /// An index of the real corpus, built once per test process into a temporary folder.
    static let corpusIndex: Result<SearchIndex, KensakuError> = {
        let path = corpusIndexPath
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        return Result { () throws(KensakuError) -> SearchIndex in
            _ = try CorpusIndexer.build(corpusPath: corpusPath, outputPath: path)
            return try SearchIndex(path: path)
        }
    }()

    static func index() throws -> SearchIndex { try corpusIndex.get() }

    /// The bytes of a corpus file.
    static func corpusBytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: corpusPath + "/" + name)))
    }

    /// Writes a small corpus of named texts into a new folder and returns the folder.
    static func makeCorpus(_ files: [String: String], name: String = #function) throws -> String {
        let folder = try temporaryFolder(name) + "/corpus"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (file, text) in files {
            try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + file))
        }
        return folder
    }

    /// What a run of the `kensaku` binary printed and returned.
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The built `kensaku` binary, beside the test runner.
    static var binaryPath: String {
        let besideRunner = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("kensaku").path
        if FileManager.default.isExecutableFile(atPath: besideRunner) { return besideRunner }
        return packageRoot + "/.build/debug/kensaku"
    }

    /// Starts the binary without waiting (NO_COLOR set, output discarded unless piped by the caller).
    static func startKensaku(_ arguments: [String], in folder: String? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binaryPath)
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs the binary to completion and captures its output.
    static func runKensaku(_ arguments: [String], in folder: String? = nil, executable: String? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? binaryPath)
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read stderr on another thread so neither pipe can fill up and block the child.
        let stderrData = LockedBox(Data())
        let reader = Thread { stderrData.value = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1_000) }
        return Outcome(status: process.terminationStatus,
                       stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderrData.value, as: UTF8.self))
    }

    /// How much longer randomized tests run: `KENSAKU_FUZZ_SCALE=100 swift test` for a long run.
    static let fuzzScale: Int = Int(ProcessInfo.processInfo.environment["KENSAKU_FUZZ_SCALE"] ?? "") ?? 1
}

/// A value shared between threads behind a lock (test helper).
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); defer { lock.unlock() }; stored = newValue }
    }
}
