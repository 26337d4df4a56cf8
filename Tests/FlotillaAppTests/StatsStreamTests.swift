@testable import FlotillaApp
import FlotillaCore
import Foundation
import Logging
import SystemPackage
import Testing

@Suite struct StatsStreamTests {
    let logger = Logger(label: "flotilla-test")

    @Test func aFailedWriteEndsTheStreamAfterOneAttempt() throws {
        // /dev/full answers every write with ENOSPC, as a full disk does.
        let stream = try StatsStream(path: "/dev/full", logger: logger)
        stream.write(.object([("frame", .int(1))]))
        #expect(stream.failure == .noSpace)
        #expect(!stream.isWriting)
        stream.write(.object([("frame", .int(2))]))
        #expect(stream.linesWritten == 0)
    }

    @Test func aRegularFileIsTruncatedAndWrittenLineByLine() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "stale\n".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            let stream = try StatsStream(path: path, logger: logger)
            stream.write(.object([("frame", .int(1))]))
            stream.write(.object([("frame", .int(2))]))
            #expect(stream.linesWritten == 2)
        }
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!written.contains("stale"), "truncated: \(written)")
        #expect(written.split(separator: "\n").count == 2 && written.hasSuffix("\n"), "\(written)")
        #expect(written.hasPrefix(JSONValue.object([("frame", .int(1))]).serialized + "\n"))
    }

    @Test func aDirectoryIsRefusedWithItsReason() throws {
        let folder = FileManager.default.temporaryDirectory.path
        #expect {
            try StatsStream(path: folder, logger: logger)
        } throws: { error in
            "\(error)".contains("Is a directory")
        }
    }
}
