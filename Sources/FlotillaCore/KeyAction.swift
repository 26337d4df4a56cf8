/// What a key does. Real key presses and `--keys` both arrive as keysyms through one table
/// (FlotillaWayland's KeyBindings), so a scripted run and a person's typing take one path.
public enum KeyAction: Equatable, Sendable {
    case newWindow
    case newWindowNextScene
    /// 1...5: grid, particles, post, overview, gallery.
    case scene(Int)
    case tenMoreWindows
    case closeWindow
    case togglePause
    /// The memory overlay, in every window.
    case toggleOverlay
    /// The key help, in this window.
    case toggleHelp
    /// A PNG of this window (`--screenshots DIR`).
    case screenshot
    /// This window full screen, or back (where the compositor offers it).
    case toggleFullscreen
    case quit

    /// Whether the key changes what the focused window shows (measured key→present); spawning,
    /// closing and quitting are measured otherwise (spawn latency) or not at all.
    public var changesWindow: Bool {
        switch self {
        case .scene, .togglePause, .toggleOverlay, .toggleHelp: true
        // Full screen shows once the compositor's configure comes back, not in the next paint.
        case .newWindow, .newWindowNextScene, .tenMoreWindows, .closeWindow, .screenshot, .toggleFullscreen, .quit: false
        }
    }

    /// Whether holding the key repeats it (with wl_keyboard.repeat_info's delay and rate).
    /// Only spawning makes sense repeated; closing or quitting by repeat would surprise.
    public var repeats: Bool {
        switch self {
        case .newWindow, .tenMoreWindows: true
        default: false
        }
    }
}
