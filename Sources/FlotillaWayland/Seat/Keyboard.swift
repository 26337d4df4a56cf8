import CWayland
import CXKBCommon
import FlotillaCore
import Foundation
import Logging
import SystemPackage

/// One seat's wl_keyboard: keymap and modifiers through xkbcommon, events to the delegate.
final class Keyboard {
    let proxy: OpaquePointer
    let seat: Int
    private let canRelease: Bool
    private let context: OpaquePointer
    private var keymap: Keymap?
    /// Read at each event, never copied: the delegate may be set after this keyboard exists.
    private let router: KeyboardRouter
    let logger: Logger

    init(seat: Seat, proxy: OpaquePointer) {
        self.proxy = proxy
        self.seat = seat.number
        canRelease = seat.version >= 3
        router = seat.router
        logger = seat.logger
        context = xkb_context_new(XKB_CONTEXT_NO_FLAGS)
        wl_keyboard_add_listener(proxy, Self.listener, Unmanaged.passUnretained(self).toOpaque())
    }

    private var delegate: KeyboardDelegate? { router.delegate }

    /// wl_keyboard.release (v3) tells the compositor; older seats only destroy the proxy.
    func destroy() {
        if canRelease { wl_keyboard_release(proxy) } else { wl_keyboard_destroy(proxy) }
        keymap = nil
        xkb_context_unref(context)
        delegate?.keyboardRemoved(seat: seat)
    }

    private func receiveKeymap(format: UInt32, fd: Int32, size: UInt32) {
        defer { close(fd) }
        guard format == WL_KEYBOARD_KEYMAP_FORMAT_XKB_V1.rawValue else {
            logger.warning("seat \(seat): keymap format \(format) is not XKB v1; keys are ignored")
            keymap = nil
            return
        }
        do {
            // A fresh keymap may move every key (wtype uploads one per run): rebuild the state.
            keymap = try Keymap(context: context, fd: fd, size: size)
        } catch {
            logger.warning("seat \(seat): \(error); keys are ignored")
            keymap = nil
        }
    }

    private func key(_ key: UInt32, pressed: Bool) {
        guard pressed else {
            delegate?.keyReleased(seat: seat, key: key)
            return
        }
        guard let keysym = keymap?.keysym(evdevKey: key) else { return }
        delegate?.keyPressed(seat: seat, key: key, keysym: keysym)
    }

    nonisolated(unsafe) static let listener: UnsafeMutablePointer<wl_keyboard_listener> = {
        func keyboard(_ data: UnsafeMutableRawPointer?) -> Keyboard {
            Unmanaged<Keyboard>.fromOpaque(data!).takeUnretainedValue()
        }
        let listener = UnsafeMutablePointer<wl_keyboard_listener>.allocate(capacity: 1)
        listener.initialize(to: wl_keyboard_listener(
            keymap: { data, _, format, fd, size in keyboard(data).receiveKeymap(format: format, fd: fd, size: size) },
            enter: { data, _, _, surface, keys in
                let keyboard = keyboard(data)
                var held: [(UInt32, xkb_keysym_t)] = []
                if let keys, keys.pointee.size > 0, let bytes = keys.pointee.data {
                    let codes = UnsafeBufferPointer(start: bytes.assumingMemoryBound(to: UInt32.self),
                                                    count: keys.pointee.size / MemoryLayout<UInt32>.size)
                    held = codes.compactMap { code in keyboard.keymap?.keysym(evdevKey: code).map { (code, $0) } }
                }
                keyboard.delegate?.keyboardEntered(seat: keyboard.seat, surface: surface.map(WaylandSurfaceID.init), heldKeys: held)
            },
            leave: { data, _, _, surface in
                let keyboard = keyboard(data)
                keyboard.delegate?.keyboardLeft(seat: keyboard.seat, surface: surface.map(WaylandSurfaceID.init))
            },
            key: { data, _, _, _, key, state in
                keyboard(data).key(key, pressed: state == WL_KEYBOARD_KEY_STATE_PRESSED.rawValue)
            },
            modifiers: { data, _, _, depressed, latched, locked, group in
                keyboard(data).keymap?.updateModifiers(depressed: depressed, latched: latched, locked: locked, group: group)
            },
            repeat_info: { data, _, rate, delay in
                let keyboard = keyboard(data)
                keyboard.delegate?.keyRepeatChanged(seat: keyboard.seat, rate: rate, delay: delay)
            }))
        return listener
    }()
}

/// Where every keyboard's events go, looked up when each event arrives. Globals, its seats and
/// their keyboards share one router, so a keyboard made before the application set its
/// delegate (a real seat's keyboard exists before the client starts, and Display's second
/// roundtrip creates it) delivers to the delegate set later, and one made after does too.
final class KeyboardRouter {
    /// Weak: the application owns the display, not the other way round.
    weak var delegate: KeyboardDelegate?
}

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
