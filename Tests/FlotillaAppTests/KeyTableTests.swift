import CXKBCommon
@testable import FlotillaApp
import FlotillaCore
import Foundation
import Testing

/// The one key table: keysyms to actions, `--keys`, the help overlay and README's key table all
/// come from its rows.
@Suite struct KeyTableTests {
    @Test(arguments: [(XKB_KEY_n, KeyAction.newWindow), (XKB_KEY_N, .newWindowNextScene), (XKB_KEY_1, .scene(.grid)),
                      (XKB_KEY_4, .scene(.overview)), (XKB_KEY_5, .scene(.gallery)), (XKB_KEY_s, .screenshot),
                      (XKB_KEY_m, .tenMoreWindows), (XKB_KEY_w, .closeWindow), (XKB_KEY_Escape, .closeWindow),
                      (XKB_KEY_space, .togglePause), (XKB_KEY_F1, .toggleHelp), (XKB_KEY_q, .quit)])
    func keysymsMapToTheirActions(keysym: Int32, action: KeyAction) {
        #expect(KeyTable.action(for: xkb_keysym_t(keysym)) == action)
    }

    @Test(arguments: [XKB_KEY_x, XKB_KEY_Q, XKB_KEY_6, XKB_KEY_Shift_L, XKB_KEY_Return, XKB_KEY_NoSymbol])
    func otherKeysDoNothing(keysym: Int32) {
        #expect(KeyTable.action(for: xkb_keysym_t(keysym)) == nil)
    }

    @Test func everySceneHasItsNumberKey() {
        for (index, kind) in SceneKind.allCases.enumerated() {
            #expect(KeyTable.action(for: xkb_keysym_t(Int32(XKB_KEY_1) + Int32(index))) == .scene(kind))
        }
    }

    @Test func namesAreConvertedByXkbcommonCaseSensitively() {
        #expect(KeyTable.keysym(named: "n") == xkb_keysym_t(XKB_KEY_n))
        #expect(KeyTable.keysym(named: "N") == xkb_keysym_t(XKB_KEY_N))
        #expect(KeyTable.keysym(named: "Escape") == xkb_keysym_t(XKB_KEY_Escape))
        #expect(KeyTable.keysym(named: "teapot") == nil)
        #expect(KeyTable.name(of: xkb_keysym_t(XKB_KEY_F1)) == "F1")
        #expect(KeyTable.table.count == KeyTable.keyNames.count, "every name is a distinct keysym")
    }

    @Test func scriptsParseKeysymNamesAndRefuseOthers() throws {
        #expect(try KeyTable.script("n n  N w").get() == [.newWindow, .newWindow, .newWindowNextScene, .closeWindow])
        #expect(try KeyTable.script("3").get() == [.scene(.post)])
        #expect(try KeyTable.script("").get() == [])
        guard case .failure(let unknown) = KeyTable.script("n teapot x nn") else {
            Issue.record("unknown names were accepted")
            return
        }
        #expect(unknown.names == ["teapot", "x", "nn"])
    }

    @Test func onlySpawningRepeats() {
        #expect(KeyAction.newWindow.repeats && KeyAction.tenMoreWindows.repeats)
        #expect(!KeyAction.closeWindow.repeats && !KeyAction.quit.repeats && !KeyAction.newWindowNextScene.repeats)
    }

    /// The help overlay names every key of the table, one row each, and nothing else.
    @Test func theHelpIsMadeFromTheTable() {
        let help = KeyTable.help
        #expect(help.first == "Keys")
        #expect(help.count == KeyTable.rows.count + 1)
        #expect(help.contains("n        new window, this scene"))
        #expect(help.contains("1 … 5    grid · particles · post · overview · gallery"))
        #expect(help.contains("w Esc    close this window"))
        for row in KeyTable.rows.filter({ $0.keys.count <= 2 }) {
            #expect(help.contains { $0.hasPrefix(row.keys[0].name) }, "\(row.keys[0].name) is in the help")
        }
    }

    /// README's key table is the table's rows, in its order: a key added, removed or rebound in
    /// the code and not in README fails here.
    @Test func readmeShowsTheTable() throws {
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(lines.firstIndex(of: "| key | action |"), "README has a key table")
        let rows = lines[(header + 2)...].prefix { $0.hasPrefix("|") }
        #expect(Array(rows) == KeyTable.readmeRows)
    }
}
