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
        stream.finish(within: .seconds(10))
        #expect(stream.failure == .noSpace)
        #expect(!stream.isWriting)
        stream.write(.object([("frame", .int(2))]))
        #expect(stream.linesWritten == 0)
        #expect(stream.waiting == 0)
    }

    @Test func aRegularFileIsTruncatedAndWrittenLineByLine() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "stale\n".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            let stream = try StatsStream(path: path, logger: logger)
            stream.write(.object([("frame", .int(1))]))
            stream.write(.object([("frame", .int(2))]))
            stream.finish(within: .seconds(10))
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

    /// A pipe nobody reads (issue 23: `--stats - | sleep 150` froze every window once the pipe's
    /// 64 KiB filled): writing never blocks, the lines past the queue are dropped and counted.
    @Test func aStalledReaderNeverBlocksTheWriterOfLines() throws {
        // As in flotilla (Signals.install): the writer's last write, blocked until the read end
        // closes below, then fails with EPIPE instead of killing the test process.
        signal(SIGPIPE, SIG_IGN)
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let path = "/proc/self/fd/\(ends[1])"
        let stream = try StatsStream(path: path, logger: logger, capacity: 8)
        close(ends[1])
        // 4 KiB lines: the pipe's buffer (64 KiB) holds 16; the queue 8 more; the rest drop.
        let line = JSONValue.object([("padding", .string(String(repeating: "x", count: 4096)))])
        for _ in 0..<100 { stream.write(line) }
        let settled = ContinuousClock.now.advanced(by: .seconds(10))
        while stream.linesWritten + stream.waiting + stream.dropped < 100 || stream.waiting < 8,
              ContinuousClock.now < settled {
            usleep(10_000)
        }
        #expect(stream.waiting == 8)
        #expect(stream.dropped >= 100 - 8 - 17)
        #expect(stream.dropped + stream.waiting + stream.linesWritten <= 100)
        stream.finish(within: .milliseconds(50))
        #expect(stream.failure == nil)
    }

    /// A FIFO with no reader: opening it must not wait for one. The lines reach a reader that
    /// comes later.
    @Test func aFIFOWithoutAReaderOpensLaterOnTheWriter() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-fifo-\(UUID().uuidString)").path
        #expect(mkfifo(path, 0o600) == 0)
        defer { unlink(path) }
        let stream = try StatsStream(path: path, logger: logger)
        stream.write(.object([("frame", .int(1))]))
        let reader = open(path, O_RDONLY)
        #expect(reader >= 0)
        defer { close(reader) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = read(reader, &buffer, buffer.count)
        #expect(String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self) == JSONValue.object([("frame", .int(1))]).serialized + "\n")
        stream.finish(within: .seconds(5))
    }
}
