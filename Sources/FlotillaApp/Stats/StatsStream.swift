import FlotillaCore
import Foundation
import Logging
import Synchronization
import SystemPackage

/// `--stats FILE|-`: one JSON object per line, at least once a second and once at exit. Keys
/// are only ever added, never renamed (the contract of the foundation issue).
///
/// The loop thread never writes: it hands each line to a writer thread through a short queue
/// and goes on. A reader that stalls (a pipe nobody reads, a FIFO with no reader yet, a slow
/// disk) holds up only the writer; once `capacity` lines wait, new lines are dropped and counted
/// (`dropped`, one warning the first time), never waited for.
///
/// The file is written in place, as a shell's `>` would: a FIFO stays a FIFO (its reader gets
/// the lines), a symlink stays a link (its target is written), `/dev/null` stays a device. A
/// write that fails (a full disk, a closed pipe, `/dev/full`) logs one warning and ends the
/// stream; the windows go on.
final class StatsStream {
    private let path: String
    private let logger: Logger
    private let queue: Queue
    private let writer: Thread
    /// Lines dropped because the reader was behind, and whether that was said.
    private(set) var dropped = 0
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
        let target: Queue.Target
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
                target = .fifoWithoutReader(FilePath(path))
            } catch let error as Errno {
                throw StatsError.cannotOpen(path, error)
            }
        }
        queue = Queue(target: target, capacity: capacity)
        let queue = queue
        writer = Thread { queue.drain() }
        writer.name = "flotilla.stats"
        writer.start()
    }

    static let openOptions: FileDescriptor.OpenOptions = [.create, .truncate, .closeOnExec]
    static let permissions: FilePermissions = [.ownerReadWrite, .groupRead, .otherRead]

    var isWriting: Bool { queue.state.withLock { $0.failure == nil } }
    var linesWritten: Int { queue.state.withLock { $0.written } }
    var failure: Errno? { queue.state.withLock { $0.failure } }
    /// Lines handed over and not yet written.
    var waiting: Int { queue.state.withLock { $0.lines.count } }

    /// Hands `line` to the writer; never blocks. A failure the writer met since the last line is
    /// said here, once, on the loop thread.
    func write(_ line: JSONValue) {
        let outcome = queue.state.withLock { state -> (accepted: Bool, failure: Errno?) in
            guard state.failure == nil else { return (false, state.failure) }
            guard state.lines.count < queue.capacity else { return (false, nil) }
            state.lines.append(line.serialized + "\n")
            return (true, nil)
        }
        if outcome.accepted {
            queue.wake.signal()
        } else if let failure = outcome.failure {
            sayFailure(failure)
        } else {
            dropped += 1
            if !droppedSaid {
                droppedSaid = true
                logger.warning("the stats reader of \(destination) is not keeping up; lines are dropped until it catches up (the count is in the last line, \"stats_dropped\")")
            }
        }
    }

    /// At exit: waits at most `timeout` for the writer to write what waits (a stalled reader does
    /// not hold the exit), and says what could not be written.
    func finish(within timeout: Duration) {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while waiting > 0, failure == nil, ContinuousClock.now < deadline { usleep(2000) }
        if let failure { sayFailure(failure) }
        let unwritten = waiting
        if unwritten > 0 { logger.warning("\(unwritten) stats line(s) not written: \(destination) did not take them within \(timeout)") }
        queue.state.withLock { $0.closing = true }
        queue.wake.signal()
    }

    private var destination: String { path == "-" ? "standard output" : "'\(path)'" }

    private func sayFailure(_ failure: Errno) {
        guard !failureSaid else { return }
        failureSaid = true
        logger.warning("cannot write the stats to \(destination) (\(failure)); no more stats lines this run")
    }

    /// What the loop thread and the writer thread share: the lines waiting and what became of
    /// them. The writer holds the lock only to take a line, never while writing it.
    final class Queue: Sendable {
        enum Target: @unchecked Sendable {  // a FileDescriptor is an Int32; FilePath a string
            case open(FileDescriptor, closes: Bool)
            case fifoWithoutReader(FilePath)
        }

        struct State {
            var lines: [String] = []
            var written = 0
            var failure: Errno?
            var closing = false
        }

        let capacity: Int
        let state = Mutex(State())
        let wake = DispatchSemaphore(value: 0)
        private let target: Target

        init(target: Target, capacity: Int) {
            self.target = target
            self.capacity = capacity
        }

        /// The writer thread: opens a FIFO once a reader comes, then writes lines as they come.
        func drain() {
            let descriptor: FileDescriptor, closes: Bool
            switch target {
            case .open(let open, let closesIt):
                (descriptor, closes) = (open, closesIt)
            case .fifoWithoutReader(let path):
                do {
                    descriptor = try FileDescriptor.open(path, .writeOnly, options: StatsStream.openOptions,
                                                         permissions: StatsStream.permissions, retryOnInterrupt: true)
                    closes = true
                } catch {
                    state.withLock { $0.failure = (error as? Errno) ?? .ioError }
                    return
                }
            }
            defer { if closes { try? descriptor.close() } }
            while true {
                wake.wait()
                while let line = state.withLock({ $0.lines.first }) {
                    do {
                        _ = try descriptor.writeAll(line.utf8)
                    } catch {
                        state.withLock {
                            $0.failure = (error as? Errno) ?? .ioError
                            $0.lines.removeAll()
                        }
                        return
                    }
                    state.withLock {
                        $0.lines.removeFirst()
                        $0.written += 1
                    }
                }
                if state.withLock({ $0.closing }) { return }
            }
        }
    }
}
