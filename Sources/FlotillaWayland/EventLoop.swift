import Foundation

/// One thread's loop: waits on the compositor's socket (when there is one) until events
/// arrive or the next deadline passes, reads and dispatches them. Reading uses libwayland's
/// prepare/read protocol, so it never blocks inside libwayland and never races Mesa's WSI,
/// which reads the same socket on its own queue.
public final class EventLoop {
    private let display: Display?

    public init(display: Display?) {
        self.display = display
    }

    /// SIGINT or SIGTERM came (see Signals).
    public var wasInterrupted: Bool { Signals.wasInterrupted }

    /// Waits at most `timeout` for compositor events and dispatches them. Throws
    /// WaylandError.connectionLost when the compositor goes away.
    public func wait(timeout: Duration) throws {
        // poll's timeout is whole milliseconds; an hour bounds it so the conversion cannot overflow.
        let milliseconds = Int32((min(max(timeout, .zero), .seconds(3600)) / .milliseconds(1)).rounded(.down))
        // A signal's byte in the wake pipe ends the wait at once.
        let wake = pollfd(fd: Signals.wakeDescriptor, events: Int16(POLLIN), revents: 0)
        guard let display else {
            var descriptors = [wake]
            if milliseconds > 0 { _ = poll(&descriptors, 1, milliseconds) }
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
        var descriptors = [pollfd(fd: display.fileDescriptor, events: Int16(POLLIN) | (flushed ? 0 : Int16(POLLOUT)), revents: 0),
                           wake]
        let ready = poll(&descriptors, 2, milliseconds)
        let descriptor = descriptors[0]
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
