import CXKBCommon
import Foundation
@testable import FlotillaWayland
import Testing

/// The keymap path a compositor's wl_keyboard.keymap takes: a text keymap in a file descriptor.
@Suite struct KeymapTests {
    /// A keymap for `layout` as a compositor sends it: its text, NUL-terminated, in a file.
    func compositorKeymap(_ context: OpaquePointer, layout: String) throws -> (fd: Int32, size: UInt32) {
        var names = xkb_rule_names()
        let keymap = try #require(layout.withCString { layoutPointer in
            names.layout = layoutPointer
            return xkb_keymap_new_from_names(context, &names, XKB_KEYMAP_COMPILE_NO_FLAGS)
        })
        defer { xkb_keymap_unref(keymap) }
        let text = try #require(xkb_keymap_get_as_string(keymap, XKB_KEYMAP_FORMAT_TEXT_V1))
        defer { free(text) }
        let size = strlen(text) + 1
        let fd = anonymousFile()
        try #require(fd >= 0)
        #expect(write(fd, text, size) == size)
        return (fd, UInt32(size))
    }

    /// A file with no name left (as a compositor's keymap fd is).
    func anonymousFile() -> Int32 {
        var template = Array("/tmp/flotilla-keymap-XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return fd
    }

    @Test func theSameKeyGivesEachLayoutsSymbol() throws {
        let context = try #require(xkb_context_new(XKB_CONTEXT_NO_FLAGS))
        defer { xkb_context_unref(context) }
        // evdev KEY_Q (16): q on a US keyboard, a on a French one; KEY_Y (21): y, and z on German.
        for (layout, q, y) in [("us", XKB_KEY_q, XKB_KEY_y), ("fr", XKB_KEY_a, XKB_KEY_y), ("de", XKB_KEY_q, XKB_KEY_z)] {
            let (fd, size) = try compositorKeymap(context, layout: layout)
            defer { close(fd) }
            let keymap = try Keymap(context: context, fd: fd, size: size)
            #expect(keymap.keysym(evdevKey: 16) == xkb_keysym_t(q), "\(layout)")
            #expect(keymap.keysym(evdevKey: 21) == xkb_keysym_t(y), "\(layout)")
        }
    }

    @Test func shiftChangesTheSymbol() throws {
        let context = try #require(xkb_context_new(XKB_CONTEXT_NO_FLAGS))
        defer { xkb_context_unref(context) }
        let (fd, size) = try compositorKeymap(context, layout: "us")
        defer { close(fd) }
        let keymap = try Keymap(context: context, fd: fd, size: size)
        // KEY_N (49); Shift is modifier bit 0 in every xkeyboard-config keymap.
        #expect(keymap.keysym(evdevKey: 49) == xkb_keysym_t(XKB_KEY_n))
        keymap.updateModifiers(depressed: 1, latched: 0, locked: 0, group: 0)
        #expect(keymap.keysym(evdevKey: 49) == xkb_keysym_t(XKB_KEY_N))
    }

    @Test func anEmptyHugeOrGarbledKeymapIsAnErrorNotACrash() throws {
        let context = try #require(xkb_context_new(XKB_CONTEXT_NO_FLAGS))
        defer { xkb_context_unref(context) }
        let fd = anonymousFile()
        defer { close(fd) }
        let garbage = "xkb_keymap { this is not a keymap };"
        #expect(write(fd, garbage, garbage.utf8.count + 1) > 0)
        #expect(throws: Keymap.KeymapError.self) { try Keymap(context: context, fd: fd, size: 0) }
        #expect(throws: Keymap.KeymapError.self) { try Keymap(context: context, fd: fd, size: Keymap.maximumSize + 1) }
        #expect(throws: Keymap.KeymapError.self) { try Keymap(context: context, fd: fd, size: UInt32(garbage.utf8.count + 1)) }
    }
}
