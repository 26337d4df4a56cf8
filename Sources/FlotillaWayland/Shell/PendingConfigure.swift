import FlotillaCore

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
