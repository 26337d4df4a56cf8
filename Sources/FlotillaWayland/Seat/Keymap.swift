import CXKBCommon
import Foundation
import SystemPackage

/// An xkbcommon keymap and its state, made from the fd wl_keyboard.keymap hands over.
final class Keymap {
    private let keymap: OpaquePointer
    private let state: OpaquePointer

    enum KeymapError: Error, CustomStringConvertible {
        case badSize(UInt32), cannotMap(Int32), cannotCompile

        var description: String {
            switch self {
            case .badSize(let size): "keymap of \(size) bytes refused"
            case .cannotMap(let code): "cannot map the keymap: \(Errno(rawValue: code))"
            case .cannotCompile: "xkbcommon cannot compile the compositor's keymap"
            }
        }
    }

    /// The largest keymap accepted; real ones are tens of kilobytes.
    static let maximumSize: UInt32 = 16 << 20

    /// Reads the keymap from `fd` (mapped MAP_PRIVATE: wl_seat v7 requires it, and wtype's fd
    /// cannot be mapped shared). The caller closes `fd`.
    init(context: OpaquePointer, fd: Int32, size: UInt32) throws {
        guard size > 0, size <= Self.maximumSize else { throw KeymapError.badSize(size) }
        let mapped = mmap(nil, Int(size), PROT_READ, MAP_PRIVATE, fd, 0)
        guard let mapped, mapped != MAP_FAILED else { throw KeymapError.cannotMap(errno) }
        defer { munmap(mapped, Int(size)) }
        // The text ends with a NUL inside `size`; from_buffer wants the length without it.
        let bytes = mapped.assumingMemoryBound(to: CChar.self)
        let length = strnlen(bytes, Int(size))
        guard let keymap = xkb_keymap_new_from_buffer(context, bytes, length, XKB_KEYMAP_FORMAT_TEXT_V1,
                                                      XKB_KEYMAP_COMPILE_NO_FLAGS) else {
            throw KeymapError.cannotCompile
        }
        guard let state = xkb_state_new(keymap) else {
            xkb_keymap_unref(keymap)
            throw KeymapError.cannotCompile
        }
        self.keymap = keymap
        self.state = state
    }

    deinit {
        xkb_state_unref(state)
        xkb_keymap_unref(keymap)
    }

    func updateModifiers(depressed: UInt32, latched: UInt32, locked: UInt32, group: UInt32) {
        xkb_state_update_mask(state, depressed, latched, locked, 0, 0, group)
    }

    /// The keysym of an evdev key code under the current modifiers (XKB_KEY_N with Shift);
    /// nil for a key that produces none.
    func keysym(evdevKey: UInt32) -> xkb_keysym_t? {
        // Wayland sends evdev codes; XKB key codes are those plus 8.
        let symbol = xkb_state_key_get_one_sym(state, evdevKey + 8)
        return symbol == 0 ? nil : symbol
    }
}
