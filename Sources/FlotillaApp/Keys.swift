import CXKBCommon
import FlotillaCore

/// What a key does. Real key presses and `--keys` both arrive as keysyms through one table
/// (`KeyTable`), so a scripted run and a person's typing take one path.
public enum KeyAction: Equatable, Sendable, RepeatableAction, CustomStringConvertible {
    case newWindow
    case newWindowNextScene
    /// This window's scene.
    case scene(SceneKind)
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

    /// Only spawning repeats while held; closing or quitting by repeat would surprise.
    public var repeats: Bool {
        switch self {
        case .newWindow, .tenMoreWindows: true
        default: false
        }
    }

    /// The action's name, for log lines.
    public var description: String {
        switch self {
        case .newWindow: "newWindow"
        case .newWindowNextScene: "newWindowNextScene"
        case .scene(let kind): "scene(\(kind.rawValue))"
        case .tenMoreWindows: "tenMoreWindows"
        case .closeWindow: "closeWindow"
        case .togglePause: "togglePause"
        case .toggleOverlay: "toggleOverlay"
        case .toggleHelp: "toggleHelp"
        case .screenshot: "screenshot"
        case .toggleFullscreen: "toggleFullscreen"
        case .quit: "quit"
        }
    }
}

/// The one key table, keyed by `xkb_keysym_t`: a key acts by the symbol the user's layout and
/// modifiers give it ("N" is Shift+n on any layout), never by its key code. The names below are
/// turned into keysyms once, by xkbcommon itself; `--keys` goes through the same conversion, so a
/// script and a person's typing meet in the same table. The help overlay and README's key table
/// are made from its rows (a test compares README's with `readmeRows`).
public enum KeyTable {
    /// One line of the help: its keys (keysym names as xkbcommon spells them), and what they do
    /// in the overlay's few words and in the README's.
    public struct Row: Sendable {
        public let keys: [(name: String, action: KeyAction)]
        let help: String
        let manual: String

        init(_ names: [String], _ action: KeyAction, help: String, manual: String) {
            keys = names.map { ($0, action) }
            self.help = help
            self.manual = manual
        }

        init(keys: [(name: String, action: KeyAction)], help: String, manual: String) {
            self.keys = keys
            self.help = help
            self.manual = manual
        }
    }

    public static let rows: [Row] = [
        Row(["n"], .newWindow, help: "new window, this scene",
            manual: "new window with this window's scene (repeats while held)"),
        Row(["N"], .newWindowNextScene, help: "new window, next scene", manual: "new window with the next scene"),
        Row(keys: SceneKind.allCases.enumerated().map { (String($0.offset + 1), .scene($0.element)) },
            help: SceneKind.allCases.map(\.rawValue).joined(separator: " · "),
            manual: "this window's scene: " + SceneKind.allCases.map(\.rawValue).joined(separator: ", ")),
        Row(["m"], .tenMoreWindows, help: "ten more windows", manual: "ten more windows (repeats while held)"),
        Row(["w", "Escape"], .closeWindow, help: "close this window",
            manual: "close this window (the last one closing ends the program)"),
        Row(["space"], .togglePause, help: "pause / resume", manual: "pause or resume this window's animation"),
        Row(["o"], .toggleOverlay, help: "overlay on / off", manual: "the memory overlay on or off (all windows)"),
        Row(["h", "F1"], .toggleHelp, help: "this help",
            manual: "the key help in this window (the same key dismisses it)"),
        Row(["s"], .screenshot, help: "screenshot of this window",
            manual: "a PNG of this window into `--screenshots DIR` (default `$XDG_PICTURES_DIR`, else the working directory); the log names the file"),
        Row(["F11"], .toggleFullscreen, help: "full screen on / off",
            manual: "this window full screen, or back (its own title bar hides while full screen)"),
        Row(["q"], .quit, help: "quit", manual: "quit"),
    ]

    /// Keysym to action, made once from the rows.
    public static let table: [xkb_keysym_t: KeyAction] = {
        var table: [xkb_keysym_t: KeyAction] = [:]
        for (name, action) in rows.flatMap(\.keys) {
            guard let keysym = keysym(named: name) else {
                preconditionFailure("xkbcommon does not know the keysym name '\(name)'")
            }
            precondition(table[keysym] == nil, "the key '\(name)' is bound twice")
            table[keysym] = action
        }
        return table
    }()

    /// The key names of the table, in its order, for help and error texts.
    public static var keyNames: [String] { rows.flatMap { $0.keys.map(\.name) } }

    /// The action of a keysym; nil for keys that do nothing.
    public static func action(for keysym: xkb_keysym_t) -> KeyAction? {
        table[keysym]
    }

    /// The key help (h or F1), as the overlay shows it.
    public static var help: [String] {
        ["Keys"] + rows.map { row in
            let names = row.keys.count > 2 ? "\(row.keys[0].name) … \(row.keys[row.keys.count - 1].name)"
                : row.keys.map { shortName($0.name) }.joined(separator: " ")
            return names.padding(toLength: 9, withPad: " ", startingAt: 0) + row.help
        }
    }

    /// README's key table: `| keys | action |` rows.
    public static var readmeRows: [String] {
        rows.map { row in
            let names = row.keys.count > 2 ? row.keys.map(\.name).joined(separator: " ")
                : row.keys.map(\.name).joined(separator: ", ")
            return "| \(names) | \(row.manual) |"
        }
    }

    private static func shortName(_ name: String) -> String { name == "Escape" ? "Esc" : name }

    /// A keysym from its name, case-sensitive as xkbcommon spells it ("N" is not "n").
    public static func keysym(named name: String) -> xkb_keysym_t? {
        let keysym = xkb_keysym_from_name(name, XKB_KEYSYM_NO_FLAGS)
        return keysym == 0 ? nil : keysym  // XKB_KEY_NoSymbol
    }

    /// The name of a keysym, for logs.
    public static func name(of keysym: xkb_keysym_t) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        guard xkb_keysym_get_name(keysym, &buffer, buffer.count) > 0 else { return "0x\(String(keysym, radix: 16))" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Parses `--keys "n n N w"`: keysym names separated by spaces. Returns the names that are
    /// no keysym, or a keysym of no action, instead, so the command line can refuse them.
    public static func script(_ text: String) -> Result<[KeyAction], UnknownKeys> {
        let names = text.split(whereSeparator: \.isWhitespace).map(String.init)
        let actions = names.map { name in keysym(named: name).flatMap(action(for:)) }
        let unknown = zip(names, actions).filter { $0.1 == nil }.map(\.0)
        guard unknown.isEmpty else { return .failure(UnknownKeys(names: unknown)) }
        return .success(actions.compactMap { $0 })
    }

    public struct UnknownKeys: Error, Equatable {
        public let names: [String]
    }
}
