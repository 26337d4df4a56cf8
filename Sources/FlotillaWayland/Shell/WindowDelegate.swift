import FlotillaCore

/// What a Window tells its owner. Called on the event loop's thread, from Wayland dispatch.
public protocol WindowDelegate: AnyObject {
    /// A configure sequence was applied and acked; `size` is already resolved and clamped.
    /// The window may (and, the first time, must) draw now.
    func windowConfigured(_ window: Window, size: Extent)
    /// xdg_toplevel.close: the user or compositor asks the window to go.
    func windowCloseRequested(_ window: Window)
    /// The frame callback fired: the compositor would show a new frame now.
    func windowFrameDone(_ window: Window)
    /// The surface moved onto outputs of another scale: buffers should be `scale` times the
    /// logical size (the window has set its buffer scale for the next commit).
    func windowScaleChanged(_ window: Window, scale: Int)
}
