import Foundation

/// One thread's loop: waits on the compositor's socket (when there is one) until events
/// arrive or the next deadline passes, reads and dispatches them. Reading uses libwayland's
/// prepare/read protocol, so it never blocks inside libwayland and never races Mesa's WSI,
/// which reads the same socket on its own queue.
public final class EventLoop {
    private let display: Display?
    /// Set from a signal handler; checked each pass.
    nonisolated(unsafe) private static var interrupted: sig_atomic_t = 0

    public init(display: Display?) {
        self.display = display
    }

    /// SIGINT and SIGTERM end the loop cleanly (windows closed, exit 0) instead of killing it.
    /// SIGPIPE is ignored: a stats reader that went away is a failed write (EPIPE) to report,
    /// not a reason to die (libwayland sends with MSG_NOSIGNAL already).
    public static func installSignalHandlers() {
        signal(SIGINT) { _ in EventLoop.interrupted = 1 }
        signal(SIGTERM) { _ in EventLoop.interrupted = 1 }
        signal(SIGPIPE, SIG_IGN)
        // A parent may have left them blocked (the mask survives exec): unblock, or they would
        // stay pending for ever and the program could only be killed.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        sigprocmask(SIG_UNBLOCK, &set, nil)
    }

    public var wasInterrupted: Bool { Self.interrupted != 0 }

    /// Waits at most `timeout` for compositor events and dispatches them. Throws
    /// WaylandError.connectionLost when the compositor goes away.
    public func wait(timeout: Duration) throws {
        // poll's timeout is whole milliseconds; an hour bounds it so the conversion cannot overflow.
        let milliseconds = Int32((min(max(timeout, .zero), .seconds(3600)) / .milliseconds(1)).rounded(.down))
        guard let display else {
            if milliseconds > 0 { usleep(UInt32(milliseconds) * 1000) }
            return
        }
        try display.prepareRead()
        let flushed: Bool
        do {
            flushed = try display.flush()
        } catch {
            display.cancelRead()
            throw error
        }
        var descriptor = pollfd(fd: display.fileDescriptor, events: Int16(POLLIN) | (flushed ? 0 : Int16(POLLOUT)), revents: 0)
        let ready = poll(&descriptor, 1, milliseconds)
        if ready > 0, descriptor.revents & Int16(POLLIN) != 0 {
            try display.readEvents()
        } else {
            display.cancelRead()
            if ready > 0, descriptor.revents & Int16(POLLHUP | POLLERR) != 0 {
                throw WaylandError.connectionLost(reason: "the compositor closed the connection")
            }
        }
        try display.dispatchPending()
    }
}
