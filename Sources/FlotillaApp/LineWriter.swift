import Foundation
import Synchronization
import SystemPackage

/// Lines written to a file, a pipe or a terminal by a thread of their own, so that whoever
/// hands them over never waits on the reader: the stats stream, and the log on standard error.
/// A reader that stalls (a pipe nobody reads, a FIFO with no reader yet, a slow disk) holds up only
/// this thread; once `capacity` lines wait, new ones are dropped and counted. The lock is held only
/// to hand a line over or take one, never while writing.
public final class LineWriter: Sendable {
    public enum Target: @unchecked Sendable {  // @unchecked: a FileDescriptor is an Int32, a FilePath a string
        /// An open descriptor, closed at the end if `closes`.
        case open(FileDescriptor, closes: Bool)
        /// A FIFO that no reader holds open: open(2) would wait for one, so the thread opens it.
        case fifoWithoutReader(FilePath, FileDescriptor.OpenOptions, FilePermissions)
    }

    public enum Handed: Equatable {
        case queued
        /// `capacity` lines wait already: this one is dropped (and counted).
        case dropped
        /// A write failed before: nothing more is written.
        case failed(Errno)
    }

    struct State {
        var lines: [String] = []
        var written = 0
        var dropped = 0
        /// Dropped since the last line written, for `droppedNotice`.
        var droppedUnsaid = 0
        var failure: Errno?
        var closing = false
    }

    public let capacity: Int
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    private let target: Target
    /// A line written before the next one when lines were dropped since the last write.
    private let droppedNotice: (@Sendable (Int) -> String)?

    public init(_ target: Target, capacity: Int, name: String, droppedNotice: (@Sendable (Int) -> String)? = nil) {
        self.target = target
        self.capacity = capacity
        self.droppedNotice = droppedNotice
        let thread = Thread { [self] in drain() }
        thread.name = name
        thread.start()
    }

    /// Hands `line` (with its newline) to the thread; never blocks.
    @discardableResult
    public func write(_ line: String) -> Handed {
        let handed = state.withLock { state -> Handed in
            if let failure = state.failure { return .failed(failure) }
            guard state.lines.count < capacity else {
                state.dropped += 1
                state.droppedUnsaid += 1
                return .dropped
            }
            state.lines.append(line)
            return .queued
        }
        if handed == .queued { wake.signal() }
        return handed
    }

    public var written: Int { state.withLock { $0.written } }
    public var dropped: Int { state.withLock { $0.dropped } }
    public var waiting: Int { state.withLock { $0.lines.count } }
    public var failure: Errno? { state.withLock { $0.failure } }

    /// Waits at most `timeout` for the lines handed over to be written; returns how many were not.
    /// The thread then stops once it has nothing to write (or never, if its reader never reads:
    /// the process ends without it).
    @discardableResult
    public func finish(within timeout: Duration) -> Int {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while waiting > 0, failure == nil, ContinuousClock.now < deadline { usleep(1000) }
        let unwritten = failure == nil ? waiting : 0
        state.withLock { $0.closing = true }
        wake.signal()
        return unwritten
    }

    private func drain() {
        let descriptor: FileDescriptor, closes: Bool
        switch target {
        case .open(let open, let closesIt):
            (descriptor, closes) = (open, closesIt)
        case .fifoWithoutReader(let path, let options, let permissions):
            do {
                descriptor = try FileDescriptor.open(path, .writeOnly, options: options, permissions: permissions,
                                                     retryOnInterrupt: true)
                closes = true
            } catch {
                fail((error as? Errno) ?? .ioError)
                return
            }
        }
        defer { if closes { try? descriptor.close() } }
        while true {
            wake.wait()
            while let (line, dropped) = state.withLock({ state -> (String, Int)? in
                guard let first = state.lines.first else { return nil }
                defer { state.droppedUnsaid = 0 }
                return (first, state.droppedUnsaid)
            }) {
                do {
                    if dropped > 0, let droppedNotice { _ = try descriptor.writeAll(droppedNotice(dropped).utf8) }
                    _ = try descriptor.writeAll(line.utf8)
                } catch {
                    fail((error as? Errno) ?? .ioError)
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

    private func fail(_ errno: Errno) {
        state.withLock {
            $0.failure = errno
            $0.lines.removeAll()
        }
    }
}

extension LineWriter {
    /// Writes `text` to `descriptor` only if that cannot block (a pipe with room, a terminal, a
    /// file); otherwise, or on any error, it is lost. For the last words of a process.
    public static func writeIfReady(_ text: String, to descriptor: FileDescriptor) {
        var ready = pollfd(fd: descriptor.rawValue, events: Int16(POLLOUT), revents: 0)
        guard poll(&ready, 1, 0) == 1, ready.revents & Int16(POLLOUT) != 0 else { return }
        _ = try? descriptor.writeAll(text.utf8)
    }
}

/// The log's standard error: the process's log lines go through a LineWriter, so a terminal or
/// a pipe that stops reading never stops the loop thread (at worst lines are dropped, and that is
/// said when the reader comes back).
public struct QueuedStandardError: TextOutputStream, Sendable {
    public static let writer = LineWriter(.open(.standardError, closes: false), capacity: 256, name: "flotilla.log") { count in
        "flotilla: \(count) log line(s) dropped: standard error was not being read\n"
    }

    public init() {}

    public mutating func write(_ string: String) {
        Self.writer.write(string)
    }
}

