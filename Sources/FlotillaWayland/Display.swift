import CWayland
import CWaylandProtocols
import FlotillaCore
import Foundation
import Logging
import SystemPackage

/// The connection to the compositor and its registry. Owns the wl_display; everything bound
/// from it (Globals, windows) must be gone before it disconnects.
public final class Display {
    public let display: OpaquePointer
    let registry: OpaquePointer
    public let globals: Globals
    let logger: Logger
    /// The socket's name, for messages.
    let name: String
    /// How long start-up waits for the compositor to answer a roundtrip.
    public static let answerTimeout = Duration.seconds(5)

    /// Connects to WAYLAND_DISPLAY (or "wayland-0") and binds the globals Flotilla uses.
    public init(logger: Logger) throws {
        self.logger = logger
        let environment = ProcessInfo.processInfo.environment
        // libwayland takes an inherited socket (WAYLAND_SOCKET, a file descriptor number) before
        // it looks for WAYLAND_DISPLAY, and returns NULL with errno 0 when the number does not parse.
        let inherited = environment["WAYLAND_SOCKET"]
        let name = inherited.map { "WAYLAND_SOCKET=\($0)" }
            ?? environment["WAYLAND_DISPLAY"].flatMap { $0.isEmpty ? nil : $0 } ?? "wayland-0"
        self.name = name
        if let inherited, Int32(inherited).map({ $0 < 0 }) ?? true {
            throw WaylandError.cannotConnect(display: name, reason: "WAYLAND_SOCKET must be the number of an open socket")
        }
        if inherited == nil, !name.hasPrefix("/"), (environment["XDG_RUNTIME_DIR"] ?? "").isEmpty {
            throw WaylandError.runtimeDirectoryMissing
        }
        errno = 0
        guard let display = wl_display_connect(nil) else {
            let reason = errno == 0 ? "the connection was refused" : Errno(rawValue: errno).description
            throw WaylandError.cannotConnect(display: name, reason: reason)
        }
        self.display = display
        guard let registry = wl_display_get_registry(display) else {
            wl_display_disconnect(display)
            throw WaylandError.cannotConnect(display: name, reason: "no registry")
        }
        self.registry = registry
        globals = Globals(logger: logger)
        wl_registry_add_listener(registry, Globals.registryListener, Unmanaged.passUnretained(globals).toOpaque())
        do {
            // The first roundtrip announces the globals and binds them; the second brings their
            // initial events (an output's mode and scale, a seat's capabilities).
            try roundtrip()
            try globals.checkRequired()
            try roundtrip()
        } catch {
            globals.destroy()
            wl_registry_destroy(registry)
            wl_display_disconnect(display)
            throw error
        }
    }

    /// Globals first (they are the display's children), then the registry, then the connection.
    /// One round trip before hanging up: libwayland-server drops whatever it has not read yet
    /// when a client hangs up, so without it the last windows' destroy requests (and any
    /// unmap the compositor animates on them) may never be handled. A compositor that is gone
    /// or silent only makes this return sooner.
    public func disconnect() {
        globals.destroy()
        wl_registry_destroy(registry)
        try? roundtrip(timeout: .milliseconds(500))
        wl_display_flush(display)
        wl_display_disconnect(display)
    }

    public var fileDescriptor: Int32 { wl_display_get_fd(display) }

    /// Sends a wl_display.sync and dispatches events until its callback is done: every request
    /// before it has been handled and every event it caused has arrived. A compositor that does
    /// not answer within `timeout` (a socket that accepts and then stays silent, or a program
    /// that is no compositor) is an error, not a hang.
    public func roundtrip(timeout: Duration = Display.answerTimeout) throws {
        let answered = Answered()
        guard let callback = wl_display_sync(display) else { throw connectionError() }
        defer { wl_callback_destroy(callback) }
        wl_callback_add_listener(callback, Self.syncListener, Unmanaged.passUnretained(answered).toOpaque())
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while !answered.done {
            try prepareRead()
            let flushed: Bool
            do {
                flushed = try flush()
            } catch {
                cancelRead()
                throw error
            }
            let left = max(deadline - clock.now, .zero)
            var descriptor = pollfd(fd: fileDescriptor, events: Int16(POLLIN) | (flushed ? 0 : Int16(POLLOUT)), revents: 0)
            let ready = poll(&descriptor, 1, Int32((left / .milliseconds(1)).rounded(.up)))
            if ready > 0, descriptor.revents & Int16(POLLIN) != 0 {
                try readEvents()
            } else {
                cancelRead()
                if ready > 0, descriptor.revents & Int16(POLLHUP | POLLERR) != 0 {
                    throw WaylandError.connectionLost(reason: "the compositor closed the connection")
                }
                if ready == 0, clock.now >= deadline { throw WaylandError.noAnswer(display: name, after: timeout) }
            }
            try dispatchPending()
        }
    }

    private final class Answered {
        var done = false
    }

    nonisolated(unsafe) private static let syncListener: UnsafeMutablePointer<wl_callback_listener> = {
        let listener = UnsafeMutablePointer<wl_callback_listener>.allocate(capacity: 1)
        listener.initialize(to: wl_callback_listener(done: { data, _, _ in
            guard let data else { return }
            Unmanaged<Answered>.fromOpaque(data).takeUnretainedValue().done = true
        }))
        return listener
    }()

    /// Runs the handlers of events already read; never blocks.
    public func dispatchPending() throws {
        if wl_display_dispatch_pending(display) < 0 { throw connectionError() }
    }

    /// Sends buffered requests. Returns false when the socket is full (EAGAIN): poll for
    /// writability and flush again.
    public func flush() throws -> Bool {
        if wl_display_flush(display) >= 0 { return true }
        if errno == EAGAIN { return false }
        throw connectionError()
    }

    /// The prepare/read pair of libwayland's threaded reading protocol, used by the event loop
    /// so that reading the socket never blocks and never races another reader (Mesa's WSI).
    public func prepareRead() throws {
        while wl_display_prepare_read(display) != 0 {
            try dispatchPending()
        }
    }

    public func readEvents() throws {
        if wl_display_read_events(display) < 0 { throw connectionError() }
    }

    public func cancelRead() {
        wl_display_cancel_read(display)
    }

    func connectionError() -> WaylandError {
        let code = wl_display_get_error(display)
        if code == EPROTO {
            var interface: UnsafePointer<wl_interface>?
            var id: UInt32 = 0
            let protocolCode = wl_display_get_protocol_error(display, &interface, &id)
            let name = interface.map { String(cString: $0.pointee.name) } ?? "unknown"
            return .connectionLost(reason: "protocol error \(protocolCode) on \(name)@\(id)")
        }
        let reason = code == 0 ? "connection closed" : Errno(rawValue: code).description
        return .connectionLost(reason: reason)
    }
}

/// What can go wrong with the compositor, worded for the one-line error the user sees.
public enum WaylandError: Error, CustomStringConvertible {
    case runtimeDirectoryMissing
    case cannotConnect(display: String, reason: String)
    case missingGlobal(String)
    case connectionLost(reason: String)
    case noAnswer(display: String, after: Duration)

    public var description: String {
        switch self {
        case .runtimeDirectoryMissing:
            "XDG_RUNTIME_DIR is not set, so the Wayland socket cannot be found (set it, or give WAYLAND_DISPLAY as an absolute path)"
        case .cannotConnect(let display, let reason):
            "cannot connect to the Wayland compositor '\(display)': \(reason) (is a compositor running? or use --headless)"
        case .missingGlobal(let name):
            "the compositor does not offer \(name), which Flotilla needs"
        case .connectionLost(let reason):
            "lost the connection to the Wayland compositor: \(reason)"
        case .noAnswer(let display, let after):
            "the Wayland compositor '\(display)' accepted the connection but did not answer within \(Int((after / .seconds(1)).rounded())) s (is it a compositor? or use --headless)"
        }
    }
}
