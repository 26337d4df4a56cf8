/// What the compositor's window management offers a toplevel (xdg_toplevel.wm_capabilities,
/// xdg-shell v5): a client should not offer an action the compositor will not carry out, such
/// as a double click that maximizes where nothing maximizes.
public struct WindowManagerCapabilities: Equatable, Sendable {
    public var windowMenu = true
    public var maximize = true
    public var fullscreen = true
    public var minimize = true

    /// Before the event (or from a compositor older than v5), everything is assumed offered.
    public init() {}

    /// The event's values (xdg-shell.xml: window_menu 1, maximize 2, fullscreen 3, minimize 4);
    /// what it does not list is not offered, and values of newer protocols are ignored.
    init(values: [UInt32]) {
        windowMenu = values.contains(1)
        maximize = values.contains(2)
        fullscreen = values.contains(3)
        minimize = values.contains(4)
    }
}
