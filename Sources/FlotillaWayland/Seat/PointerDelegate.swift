import FlotillaCore

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
