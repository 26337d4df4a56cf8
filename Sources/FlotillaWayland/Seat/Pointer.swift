import CWayland
import FlotillaCore
import Logging

/// One seat's wl_pointer: where it is, over which surface, its buttons, to the delegate; and the
/// cursor image the delegate asks for, on a cursor surface of its own.
final class Pointer {
    let proxy: OpaquePointer
    let seat: Int
    private let canRelease: Bool
    private let router: PointerRouter
    private unowned let globals: Globals
    /// Carries the cursor image (wl_pointer.set_cursor gives it the cursor role).
    private let cursorSurface: OpaquePointer?
    /// The surface under the pointer and the enter's serial, which set_cursor must quote.
    private var focus: (surface: WaylandSurfaceID, serial: UInt32)?
    private var position = (x: 0.0, y: 0.0)
    private var shownCursor: (name: String, scale: Int)?

    init(seat: Seat, proxy: OpaquePointer, globals: Globals) {
        self.proxy = proxy
        self.seat = seat.number
        canRelease = seat.version >= 3
        router = seat.pointerRouter
        self.globals = globals
        cursorSurface = globals.compositor.flatMap { wl_compositor_create_surface($0) }
        wl_pointer_add_listener(proxy, Self.listener, Unmanaged.passUnretained(self).toOpaque())
    }

    private var delegate: PointerDelegate? { router.delegate }

    /// The pointer first (wl_pointer.release from v3), then its cursor surface.
    func destroy() {
        if canRelease { wl_pointer_release(proxy) } else { wl_pointer_destroy(proxy) }
        if let cursorSurface { wl_surface_destroy(cursorSurface) }
        if let focus { delegate?.pointerLeft(seat: seat, surface: focus.surface) }
        focus = nil
    }

    private func entered(_ surface: OpaquePointer?, serial: UInt32, x: wl_fixed_t, y: wl_fixed_t) {
        guard let surface else { return }
        focus = (WaylandSurfaceID(surface), serial)
        // A new enter may come with another cursor on screen: set ours again.
        shownCursor = nil
        moved(x: x, y: y)
    }

    private func moved(x: wl_fixed_t, y: wl_fixed_t) {
        position = (wl_fixed_to_double(x), wl_fixed_to_double(y))
        guard let focus, let delegate else { return }
        if let name = delegate.pointerMoved(seat: seat, surface: focus.surface, x: position.x, y: position.y) {
            showCursor(name, serial: focus.serial)
        }
    }

    private func left(_ surface: OpaquePointer?) {
        focus = nil
        delegate?.pointerLeft(seat: seat, surface: surface.map(WaylandSurfaceID.init))
    }

    private func button(_ button: UInt32, pressed: Bool, serial: UInt32, time: UInt32) {
        guard let focus else { return }
        delegate?.pointerButton(seat: seat, surface: focus.surface, x: position.x, y: position.y, button: button,
                                pressed: pressed, serial: serial, time: time)
    }

    /// Shows the theme's cursor `name`, unless it is already shown at the theme's scale.
    private func showCursor(_ name: String, serial: UInt32) {
        guard let cursorSurface, let theme = globals.cursorTheme() else { return }
        guard shownCursor.map({ $0 != (name, theme.scale) }) ?? true else { return }
        guard let image = theme.image(named: name) else { return }
        let scale = Int32(theme.scale)
        wl_surface_set_buffer_scale(cursorSurface, scale)
        wl_surface_attach(cursorSurface, image.buffer, 0, 0)
        wl_surface_damage_buffer(cursorSurface, 0, 0, Int32.max, Int32.max)
        wl_surface_commit(cursorSurface)
        // The hotspot is in the surface's (logical) coordinates.
        wl_pointer_set_cursor(proxy, serial, cursorSurface, image.hotspotX / scale, image.hotspotY / scale)
        shownCursor = (name, theme.scale)
    }

    nonisolated(unsafe) static let listener: UnsafeMutablePointer<wl_pointer_listener> = {
        func pointer(_ data: UnsafeMutableRawPointer?) -> Pointer {
            Unmanaged<Pointer>.fromOpaque(data!).takeUnretainedValue()
        }
        let listener = UnsafeMutablePointer<wl_pointer_listener>.allocate(capacity: 1)
        listener.initialize(to: wl_pointer_listener(
            enter: { data, _, serial, surface, x, y in pointer(data).entered(surface, serial: serial, x: x, y: y) },
            leave: { data, _, _, surface in pointer(data).left(surface) },
            motion: { data, _, _, x, y in pointer(data).moved(x: x, y: y) },
            button: { data, _, serial, time, button, state in
                pointer(data).button(button, pressed: state == WL_POINTER_BUTTON_STATE_PRESSED.rawValue, serial: serial,
                                     time: time)
            },
            // Scrolling does nothing in Flotilla; every event still needs a handler.
            axis: { _, _, _, _, _ in },
            frame: { _, _ in },
            axis_source: { _, _, _ in },
            axis_stop: { _, _, _, _ in },
            axis_discrete: { _, _, _, _ in },
            axis_value120: { _, _, _, _ in }))
        return listener
    }()
}

/// Where every pointer's events go, looked up when each event arrives (as KeyboardRouter does
/// for keyboards: a seat's pointer may exist before the application sets its delegate).
final class PointerRouter {
    /// Weak: the application owns the display, not the other way round.
    weak var delegate: PointerDelegate?
}

/// What pointers tell the application; called on the loop's thread during Wayland dispatch.
/// Positions are surface-local logical pixels; `surface` is nil when the compositor names a
/// surface that is already destroyed.
public protocol PointerDelegate: AnyObject {
    /// The pointer entered `surface` or moved over it. Returns the cursor to show there, by its
    /// theme name ("left_ptr", "bottom_right_corner"), or nil to keep the one shown.
    func pointerMoved(seat: Int, surface: WaylandSurfaceID, x: Double, y: Double) -> String?
    func pointerLeft(seat: Int, surface: WaylandSurfaceID?)
    /// A button (evdev code: BTN_LEFT 0x110, BTN_RIGHT 0x111) went down or up over `surface`
    /// at (`x`, `y`). `serial` is what xdg_toplevel.move and resize must quote; `time` is in
    /// milliseconds, for telling double clicks.
    func pointerButton(seat: Int, surface: WaylandSurfaceID, x: Double, y: Double, button: UInt32, pressed: Bool,
                       serial: UInt32, time: UInt32)
}
