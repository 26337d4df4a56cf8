import CWayland
import CWaylandProtocols
import FlotillaCore

/// The C listeners of Window's proxies. `data` is the Window, unretained: the window outlives
/// its proxies because it destroys them itself. Every event has a handler, even those Flotilla
/// ignores: a NULL slot would be called when the event arrives.
extension Window {
    private static func window(_ data: UnsafeMutableRawPointer?) -> Window {
        Unmanaged<Window>.fromOpaque(data!).takeUnretainedValue()
    }

    nonisolated(unsafe) static let xdgSurfaceListener: UnsafeMutablePointer<xdg_surface_listener> = {
        let listener = UnsafeMutablePointer<xdg_surface_listener>.allocate(capacity: 1)
        listener.initialize(to: xdg_surface_listener(configure: { data, _, serial in
            window(data).applyConfigure(serial: serial)
        }))
        return listener
    }()

    nonisolated(unsafe) static let toplevelListener: UnsafeMutablePointer<xdg_toplevel_listener> = {
        let listener = UnsafeMutablePointer<xdg_toplevel_listener>.allocate(capacity: 1)
        listener.initialize(to: xdg_toplevel_listener(
            configure: { data, _, width, height, states in
                let window = window(data)
                window.pending.size = Extent(width: Int(max(width, 0)), height: Int(max(height, 0)))
                var values: [UInt32] = []
                if let states, states.pointee.size > 0, let bytes = states.pointee.data {
                    let count = states.pointee.size / MemoryLayout<UInt32>.size
                    values = Array(UnsafeBufferPointer(start: bytes.assumingMemoryBound(to: UInt32.self), count: count))
                }
                window.pending.read(states: values)
            },
            close: { data, _ in
                let window = window(data)
                window.delegate?.windowCloseRequested(window)
            },
            configure_bounds: { _, _, _, _ in
                // A hint for the first size; Flotilla uses its own default size.
            },
            wm_capabilities: { data, _, capabilities in
                var values: [UInt32] = []
                if let capabilities, capabilities.pointee.size > 0, let bytes = capabilities.pointee.data {
                    let count = capabilities.pointee.size / MemoryLayout<UInt32>.size
                    values = Array(UnsafeBufferPointer(start: bytes.assumingMemoryBound(to: UInt32.self), count: count))
                }
                window(data).capabilities = WindowManagerCapabilities(values: values)
            }))
        return listener
    }()

    nonisolated(unsafe) static let decorationListener: UnsafeMutablePointer<zxdg_toplevel_decoration_v1_listener> = {
        let listener = UnsafeMutablePointer<zxdg_toplevel_decoration_v1_listener>.allocate(capacity: 1)
        listener.initialize(to: zxdg_toplevel_decoration_v1_listener(configure: { data, _, mode in
            window(data).serverSideDecorations = mode == ZXDG_TOPLEVEL_DECORATION_V1_MODE_SERVER_SIDE.rawValue
        }))
        return listener
    }()

    nonisolated(unsafe) static let surfaceListener: UnsafeMutablePointer<wl_surface_listener> = {
        let listener = UnsafeMutablePointer<wl_surface_listener>.allocate(capacity: 1)
        listener.initialize(to: wl_surface_listener(
            enter: { data, _, output in
                guard let output else { return }
                let window = window(data)
                window.enteredOutputs.append(output)
                window.outputsChanged()
            },
            leave: { data, _, output in
                let window = window(data)
                window.enteredOutputs.removeAll { $0 == output }
                window.outputsChanged()
            }))
        return listener
    }()

    nonisolated(unsafe) static let fractionalScaleListener: UnsafeMutablePointer<wp_fractional_scale_v1_listener> = {
        let listener = UnsafeMutablePointer<wp_fractional_scale_v1_listener>.allocate(capacity: 1)
        listener.initialize(to: wp_fractional_scale_v1_listener(preferred_scale: { data, _, scale in
            window(data).preferredScaleChanged(scale)
        }))
        return listener
    }()

    nonisolated(unsafe) static let frameListener: UnsafeMutablePointer<wl_callback_listener> = {
        let listener = UnsafeMutablePointer<wl_callback_listener>.allocate(capacity: 1)
        listener.initialize(to: wl_callback_listener(done: { data, _, _ in window(data).frameDone() }))
        return listener
    }()
}

/// xdg_toplevel.configure is double-buffered: it is stored here and applied only when the
/// xdg_surface.configure that ends the sequence arrives (and is acked).
public struct PendingConfigure: Equatable, Sendable {
    /// 0 x 0 means "the client chooses"; other values may exceed what the client can draw and
    /// are clamped when applied.
    public var size = Extent(width: 0, height: 0)
    public var maximized = false
    public var fullscreen = false
    public var activated = false
    public var resizing = false
    /// Tiled on any side (xdg-shell v2): the window fits a layout and should not offer resizing.
    public var tiled = false

    public init() {}

    /// xdg_toplevel.state values of the protocol (xdg-shell.xml).
    mutating func read(states: [UInt32]) {
        maximized = states.contains(1)
        fullscreen = states.contains(2)
        resizing = states.contains(3)
        activated = states.contains(4)
        tiled = states.contains { (5...8).contains($0) }
    }
}
