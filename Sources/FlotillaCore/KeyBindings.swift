/// What a key does. Real key presses and `--keys` both arrive here by keysym name, so a
/// scripted run and a person's typing take one path.
public enum KeyAction: Equatable, Sendable {
    case newWindow
    case newWindowNextScene
    /// 1...4: grid, particles, post, overview.
    case scene(Int)
    case tenMoreWindows
    case closeWindow
    case togglePause
    /// The memory overlay, in every window.
    case toggleOverlay
    /// The key help, in this window.
    case toggleHelp
    case quit

    /// Whether holding the key repeats it (with wl_keyboard.repeat_info's delay and rate).
    /// Only spawning makes sense repeated; closing or quitting by repeat would surprise.
    public var repeats: Bool {
        switch self {
        case .newWindow, .tenMoreWindows: true
        default: false
        }
    }
}

/// The one key table of ARCHITECTURE.md, by keysym name (xkb_keysym_get_name), so it follows the
/// user's layout and Shift: "N" is what xkbcommon reports for Shift+n on any layout.
public enum KeyBindings {
    public static let table: [String: KeyAction] = [
        "n": .newWindow,
        "N": .newWindowNextScene,
        "1": .scene(1), "2": .scene(2), "3": .scene(3), "4": .scene(4),
        "m": .tenMoreWindows,
        "w": .closeWindow,
        "Escape": .closeWindow,
        "space": .togglePause,
        "o": .toggleOverlay,
        "h": .toggleHelp,
        "F1": .toggleHelp,
        "q": .quit,
    ]

    /// The action of a keysym name; nil for keys that do nothing.
    public static func action(forKeysym name: String) -> KeyAction? {
        table[name]
    }

    /// Parses `--keys "n n N w"`: keysym names separated by spaces. Returns the names it does
    /// not know instead, so the command line can refuse them.
    public static func script(_ text: String) -> Result<[KeyAction], UnknownKeys> {
        let names = text.split(whereSeparator: \.isWhitespace).map(String.init)
        let unknown = names.filter { table[$0] == nil }
        guard unknown.isEmpty else { return .failure(UnknownKeys(names: unknown)) }
        return .success(names.compactMap { table[$0] })
    }

    public struct UnknownKeys: Error, Equatable {
        public let names: [String]
    }
}
