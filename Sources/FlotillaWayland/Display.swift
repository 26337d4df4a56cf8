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

    /// Connects to WAYLAND_DISPLAY (or "wayland-0") and binds the globals Flotilla uses.
    public init(logger: Logger) throws {
        self.logger = logger
        let environment = ProcessInfo.processInfo.environment
        let name = environment["WAYLAND_DISPLAY"].flatMap { $0.isEmpty ? nil : $0 } ?? "wayland-0"
        if !name.hasPrefix("/"), (environment["XDG_RUNTIME_DIR"] ?? "").isEmpty {
            throw WaylandError.runtimeDirectoryMissing
        }
        guard let display = wl_display_connect(nil) else {
            throw WaylandError.cannotConnect(display: name, reason: Errno(rawValue: errno).description)
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
    public func disconnect() {
        globals.destroy()
        wl_registry_destroy(registry)
        wl_display_flush(display)
        wl_display_disconnect(display)
    }

    public var fileDescriptor: Int32 { wl_display_get_fd(display) }

    public func roundtrip() throws {
        if wl_display_roundtrip(display) < 0 { throw connectionError() }
    }

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
