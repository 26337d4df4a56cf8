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
    /// The scale changed (the surface moved onto outputs of another scale, or the compositor
    /// prefers another fractional scale): buffers should be `scale.buffer(for:)` the logical
    /// size from the next commit on (the window has set its buffer scale or viewport for it).
    func windowScaleChanged(_ window: Window, scale: DisplayScale)
    /// A frame asked about with `requestPresentationFeedback(token:)` reached the screen at
    /// `time` (on `Globals.presentationClock`); `refresh` is the output's period (zero: unknown).
    func windowPresented(_ window: Window, token: UInt64, at time: Duration, refresh: Duration)
    /// That frame was never shown (replaced by a later commit, or the window was hidden).
    func windowFrameDiscarded(_ window: Window, token: UInt64)
}
