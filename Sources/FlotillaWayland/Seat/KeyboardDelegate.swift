import CXKBCommon
import FlotillaCore

/// What keyboards tell the application; called on the loop's thread during Wayland dispatch.
/// `seat` tells seats apart; `surface` is the wl_surface of the window concerned (nil when the
/// compositor names a surface that is already destroyed).
public protocol KeyboardDelegate: AnyObject {
    /// Focus arrived; `heldKeys` are the keys already down (evdev code and keysym), as
    /// wl_keyboard.enter lists them.
    func keyboardEntered(seat: Int, surface: WaylandSurfaceID?, heldKeys: [(key: UInt32, keysym: xkb_keysym_t)])
    func keyboardLeft(seat: Int, surface: WaylandSurfaceID?)
    /// A key went down; `keysym` is its xkb keysym after modifiers (XKB_KEY_n, XKB_KEY_N).
    func keyPressed(seat: Int, key: UInt32, keysym: xkb_keysym_t)
    func keyReleased(seat: Int, key: UInt32)
    /// wl_keyboard.repeat_info: rate in keys per second (0: no repeat), delay in milliseconds.
    func keyRepeatChanged(seat: Int, rate: Int32, delay: Int32)
    /// The keyboard or its seat went away.
    func keyboardRemoved(seat: Int)
}
