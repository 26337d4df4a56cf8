import FlotillaCore
import Foundation
import Logging
import SystemPackage

/// `--stats FILE|-`: one JSON object per line, at least once a second and once at exit. Keys
/// are only ever added, never renamed (the contract of the foundation issue).
///
/// The loop thread never writes: it hands each line to a LineWriter and goes on. A reader that
/// stalls holds up only the writer's thread; once `capacity` lines wait, new lines are dropped
/// and counted (`dropped`, one warning the first time), never waited for.
///
/// The file is written in place, as a shell's `>` would: a FIFO stays a FIFO (its reader gets
/// the lines), a symlink stays a link (its target is written), `/dev/null` stays a device. A
/// write that fails (a full disk, a closed pipe, `/dev/full`) logs one warning and ends the
/// stream; the windows go on.
final class StatsStream {
    private let path: String
    private let logger: Logger
    private let writer: LineWriter
    private var droppedSaid = false
    private var failureSaid = false

    /// Lines that may wait for a slow reader: a minute of them at one a second and then some.
    static let capacity = 64

    /// Opens `path` for writing (created if missing, truncated if a regular file), or standard
    /// output for "-". A directory, or a path that cannot be opened, is refused. A FIFO that no
    /// reader holds open yet would block open(2) until one comes: the writer thread opens that.
    init(path: String, logger: Logger, capacity: Int = StatsStream.capacity) throws {
        self.path = path
        self.logger = logger
        let target: LineWriter.Target
        if path == "-" {
            target = .open(.standardOutput, closes: false)
        } else {
            do {
                // O_TRUNC empties a regular file and is ignored by FIFOs and devices; O_CREAT makes
                // a missing file (through a symlink, its target). EISDIR refuses a directory.
                // O_NONBLOCK makes a FIFO without a reader fail with ENXIO instead of waiting; the
                // descriptor is put back to blocking for the writer thread.
                let descriptor = try FileDescriptor.open(FilePath(path), .writeOnly, options: Self.openOptions.union(.nonBlocking),
                                                         permissions: Self.permissions, retryOnInterrupt: true)
                let flags = fcntl(descriptor.rawValue, F_GETFL)
                _ = fcntl(descriptor.rawValue, F_SETFL, flags & ~O_NONBLOCK)
                target = .open(descriptor, closes: true)
            } catch Errno.noSuchAddressOrDevice {
                target = .fifoWithoutReader(FilePath(path), Self.openOptions, Self.permissions)
            } catch let error as Errno {
                throw StatsError.cannotOpen(path, error)
            }
        }
        writer = LineWriter(target, capacity: capacity, name: "flotilla.stats")
    }

    static let openOptions: FileDescriptor.OpenOptions = [.create, .truncate, .closeOnExec]
    static let permissions: FilePermissions = [.ownerReadWrite, .groupRead, .otherRead]

    var isWriting: Bool { writer.failure == nil }
    var linesWritten: Int { writer.written }
    var failure: Errno? { writer.failure }
    /// Lines handed over and not yet written.
    var waiting: Int { writer.waiting }
    /// Lines dropped because the reader was behind.
    var dropped: Int { writer.dropped }

    /// Hands `line` to the writer; never blocks. A failure the writer met since the last line is
    /// said here, once, on the loop thread.
    func write(_ line: JSONValue) {
        switch writer.write(line.serialized + "\n") {
        case .queued: break
        case .failed(let failure): sayFailure(failure)
        case .dropped:
            guard !droppedSaid else { return }
            droppedSaid = true
            logger.warning("the stats reader of \(destination) is not keeping up; lines are dropped until it catches up (the count is in the stats, \"stats_dropped\")")
        }
    }

    /// At exit: waits at most `timeout` for the writer to write what waits (a stalled reader does
    /// not hold the exit), and says what could not be written.
    func finish(within timeout: Duration) {
        let unwritten = writer.finish(within: timeout)
        if let failure = writer.failure { sayFailure(failure) }
        if unwritten > 0 { logger.warning("\(unwritten) stats line(s) not written: \(destination) did not take them within \(timeout)") }
    }

    private var destination: String { path == "-" ? "standard output" : "'\(path)'" }

    private func sayFailure(_ failure: Errno) {
        guard !failureSaid else { return }
        failureSaid = true
        logger.warning("cannot write the stats to \(destination) (\(failure)); no more stats lines this run")
    }
}

enum StatsError: Error, CustomStringConvertible {
    case cannotOpen(String, Errno)

    var description: String {
        switch self {
        case .cannotOpen(let path, let errno): "cannot write the stats file '\(path)': \(errno)"
        }
    }
}
