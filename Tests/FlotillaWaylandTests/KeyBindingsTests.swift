import CXKBCommon
import FlotillaCore
import FlotillaWayland
import Testing

@Suite struct KeyBindingsTests {
    @Test(arguments: [(XKB_KEY_n, KeyAction.newWindow), (XKB_KEY_N, .newWindowNextScene), (XKB_KEY_1, .scene(1)),
                      (XKB_KEY_4, .scene(4)), (XKB_KEY_5, .scene(5)), (XKB_KEY_s, .screenshot), (XKB_KEY_m, .tenMoreWindows), (XKB_KEY_w, .closeWindow),
                      (XKB_KEY_Escape, .closeWindow), (XKB_KEY_space, .togglePause), (XKB_KEY_F1, .toggleHelp),
                      (XKB_KEY_q, .quit)])
    func keysymsMapToTheirActions(keysym: Int32, action: KeyAction) {
        #expect(KeyBindings.action(for: xkb_keysym_t(keysym)) == action)
    }

    @Test(arguments: [XKB_KEY_x, XKB_KEY_Q, XKB_KEY_6, XKB_KEY_Shift_L, XKB_KEY_Return, XKB_KEY_NoSymbol])
    func otherKeysDoNothing(keysym: Int32) {
        #expect(KeyBindings.action(for: xkb_keysym_t(keysym)) == nil)
    }

    @Test func namesAreConvertedByXkbcommonCaseSensitively() {
        #expect(KeyBindings.keysym(named: "n") == xkb_keysym_t(XKB_KEY_n))
        #expect(KeyBindings.keysym(named: "N") == xkb_keysym_t(XKB_KEY_N))
        #expect(KeyBindings.keysym(named: "Escape") == xkb_keysym_t(XKB_KEY_Escape))
        #expect(KeyBindings.keysym(named: "teapot") == nil)
        #expect(KeyBindings.name(of: xkb_keysym_t(XKB_KEY_F1)) == "F1")
        #expect(KeyBindings.table.count == KeyBindings.keyNames.count, "every name is a distinct keysym")
    }

    @Test func scriptsUseTheSameTable() throws {
        #expect(try KeyBindings.script("n n  N w").get() == [.newWindow, .newWindow, .newWindowNextScene, .closeWindow])
        #expect(try KeyBindings.script("").get() == [])
        guard case .failure(let unknown) = KeyBindings.script("n teapot x nn") else {
            Issue.record("unknown names must be refused")
            return
        }
        // "x" is a keysym with no action; "teapot" and "nn" are no keysyms at all.
        #expect(unknown.names == ["teapot", "x", "nn"])
    }
}
