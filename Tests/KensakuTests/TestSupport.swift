import Foundation
import Testing
@testable import Kensaku

/// Paths and shared fixtures for the tests.
enum TestSupport {
    /// The package root (this file is Tests/KensakuTests/TestSupport.swift).
    static let packageRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static let corpusPath = packageRoot + "/Corpus"

    /// A fresh temporary folder for one test.
    static func temporaryFolder(_ name: String = #function) throws -> String {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let path = NSTemporaryDirectory() + "kensaku-tests-\(getpid())-\(safe)-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// An index of the real corpus, built once per test process into a temporary folder.
    static let corpusIndex: Result<SearchIndex, KensakuError> = {
        let folder = NSTemporaryDirectory() + "kensaku-tests-\(getpid())-corpus"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/corpus.kidx"
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
}
