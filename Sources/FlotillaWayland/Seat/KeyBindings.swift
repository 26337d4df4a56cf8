import CXKBCommon
import FlotillaCore

/// The one key table, keyed by `xkb_keysym_t`: a key acts by the symbol the
/// user's layout and modifiers give it ("N" is Shift+n on any layout), never by its key code.
/// The names below are turned into keysyms once, by xkbcommon itself; `--keys` goes through the
/// same conversion, so a script and a person's typing meet in the same table.
public enum KeyBindings {
    static let names: KeyValuePairs<String, KeyAction> = [
        "n": .newWindow,
        "N": .newWindowNextScene,
        "1": .scene(1), "2": .scene(2), "3": .scene(3), "4": .scene(4), "5": .scene(5),
        "m": .tenMoreWindows,
        "w": .closeWindow,
        "Escape": .closeWindow,
        "space": .togglePause,
        "o": .toggleOverlay,
        "h": .toggleHelp,
        "F1": .toggleHelp,
        "s": .screenshot,
        "F11": .toggleFullscreen,
        "q": .quit,
    ]

    public static let table: [xkb_keysym_t: KeyAction] = {
        var table: [xkb_keysym_t: KeyAction] = [:]
        for (name, action) in names {
            guard let keysym = keysym(named: name) else {
                preconditionFailure("xkbcommon does not know the keysym name '\(name)'")
            }
            table[keysym] = action
        }
        return table
    }()

    /// The key names of the table, in its order, for help and error texts.
    public static var keyNames: [String] { names.map(\.key) }

    /// The action of a keysym; nil for keys that do nothing.
    public static func action(for keysym: xkb_keysym_t) -> KeyAction? {
        table[keysym]
    }

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
