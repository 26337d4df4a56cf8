import Foundation
import FlotillaCompositors
import FlotillaTestSupport
import Testing

/// A compositor that leaves decorations to the client (as GNOME's mutter and weston do: no
/// zxdg_decoration_manager_v1) and has a pointer: flotilla-test-compositor plays a pointer script
/// on the window. The window draws its own title bar; dragging the title asks the compositor for a
/// move with the press's serial, the corner for a resize from bottom_right, a double click
/// maximizes, a right click opens the window menu, the close button lights up under the pointer,
/// a press on it released elsewhere does nothing, and a click on it closes the window.
@Suite(.serialized) struct DecorationTests {
    @Test func theWindowDrawsItsTitleBarAndThePointerMovesResizesMaximizesAndClosesIt() throws {
        let dump = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-decorations-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dump, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dump) }
        let script = [
            "move 200,15", "dump idle", "press", "release",          // drag the title: a move
            "move 397,297", "press", "release",                       // the bottom-right corner: a resize
            "move 200,15", "press", "release", "press", "release",    // a double click: maximize
            "wait", "rpress", "rrelease",                             // the window menu
            "move 385,15", "wait", "wait", "dump hover",              // over the close button
            "press", "move 200,15", "release", "wait",                // pressed, released elsewhere: nothing
            "move 385,15", "press", "release",                        // a click on it: the window closes
        ] + Array(repeating: "wait", count: 60)
        let compositor = try ScaleCompositor(size: (400, 300), scales: [120], frames: 5, dump: dump,
                                             pointer: script.joined(separator: "; "))
        defer { compositor.stop() }
        let flotilla = try FlotillaRun(["--windows", "1", "--scene", "grid", "--log-level", "info"], in: compositor,
                                       statsName: "decorations.jsonl")
        let result = flotilla.child.wait(timeout: 150)
        let ended = compositor.waitForExit(timeout: 10)
        #expect(result.status == 0, "flotilla: \(result.output.suffix(2000))")
        #expect(ended.status == 0, "compositor: \(ended.stdout.suffix(1500))")
        #expect(validationProblems(in: result.output) == [])
        #expect(StatsLines.droppedOwners(flotilla.last) == 0)

        let lines = ended.stdout.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("commit ") }
        func serial(of line: String) -> Int? {
            line.split(separator: " ").first { $0.hasPrefix("serial=") }.flatMap { Int($0.dropFirst(7)) }
        }
        // Each request quotes the serial of the press just before it.
        var lastPress: Int?
        var requests: [(String, matchesPress: Bool)] = []
        for line in lines {
            if line.hasPrefix("button "), line.hasSuffix(" pressed") { lastPress = serial(of: line) }
            for request in ["move ", "resize ", "window_menu ", "set_maximized", "unset_maximized"] where line.hasPrefix(request) {
                requests.append((line, request == "set_maximized" || request == "unset_maximized" || serial(of: line) == lastPress))
            }
        }
        #expect(requests.map { $0.0.split(separator: " ")[0] } == ["move", "resize", "move", "set_maximized", "window_menu"],
                "\(requests.map(\.0))")
        let allMatch = requests.allSatisfy { $0.matchesPress }
        #expect(allMatch, "\(requests.map(\.0))")
        #expect(lines.contains { $0.hasPrefix("resize ") && $0.hasSuffix(" edges=10") },
                "bottom_right is edge 10: \(lines.filter { $0.hasPrefix("resize") })")
        #expect(lines.contains { $0.hasPrefix("window_menu ") && $0.hasSuffix(" x=200 y=15") })
        #expect(lines.contains("min_size 64x48"), "the compositor knows how small the window may go")
        // A cursor on entering, another for the corner, the arrow again on the title.
        let cursors = lines.filter { $0.hasPrefix("cursor ") }
        #expect(cursors.count >= 3, "\(cursors)")
        #expect(Set(cursors.map { $0.split(separator: " ").last! }).count >= 2, "the corner has a cursor of its own: \(cursors)")

        // One close, by the last click: the window went before the script ended.
        #expect(result.output.components(separatedBy: "close button").count == 2, "\(result.output.suffix(1500))")
        let lastRelease = lines.lastIndex { $0.hasPrefix("button ") && $0.hasSuffix(" released") }
        let destroyed = lines.firstIndex { $0.hasPrefix("toplevel destroyed") }
        #expect(lastRelease != nil && destroyed != nil && destroyed! > lastRelease!, "\(lines.suffix(12))")
        #expect(!lines.contains("script done"), "the client left by its close button, not at the script's end")

        // The bar: dark, with the title's light text on the left and the cross on the right; the
        // close button red under the pointer, not before.
        let idle = try PPMImage(contentsOf: dump.appendingPathComponent("idle.ppm"))
        let hover = try PPMImage(contentsOf: dump.appendingPathComponent("hover.ppm"))
        #expect(idle.width == 400 && idle.height == 300)
        let bar = (x: 0, y: 0, width: 370, height: 28)
        let dark = idle.count(in: bar) { Int($0.r) + Int($0.g) + Int($0.b) < 200 }
        #expect(dark > bar.width * bar.height * 8 / 10, "dark pixels in the bar: \(dark)")
        let title = idle.count(in: (0, 0, 250, 30)) { $0.r > 180 && $0.g > 180 && $0.b > 180 }
        #expect(title > 100, "light title pixels: \(title)")
        let cross = idle.count(in: (372, 2, 26, 24)) { $0.r > 180 && $0.g > 180 && $0.b > 180 }
        #expect(cross > 10, "the close button's cross: \(cross)")
        func red(_ image: PPMImage) -> Int {
            image.count(in: (372, 2, 26, 24)) { $0.r > 150 && $0.g < 90 && $0.b < 90 }
        }
        #expect(red(idle) == 0)
        #expect(red(hover) > 300, "red pixels of the lit close button: \(red(hover))")
    }

    /// F11 asks for full screen; in the compositor's full-screen configure the title bar goes,
    /// and F11 again brings the window, and its bar, back.
    @Test func f11TogglesFullScreenAndTheTitleBarGoesWithIt() throws {
        let dump = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-fullscreen-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dump, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dump) }
        let script = ["await set_fullscreen", "wait", "wait", "dump full", "await unset_fullscreen", "wait", "wait",
                      "dump restored"]
        let compositor = try ScaleCompositor(size: (400, 300), scales: [120], frames: 5, dump: dump,
                                             pointer: script.joined(separator: "; "))
        defer { compositor.stop() }
        // Keys are played 0.4 s apart from the first frame on; 1 (the grid, which the window
        // shows already: nothing changes) keeps the second F11 apart from the first.
        let flotilla = try FlotillaRun(["--windows", "1", "--scene", "grid", "--no-overlay", "--keys", "F11 1 F11"],
                                       in: compositor, statsName: "fullscreen.jsonl")
        let result = flotilla.child.wait(timeout: 150)
        let ended = compositor.waitForExit(timeout: 10)
        #expect(result.status == 0, "flotilla: \(result.output.suffix(2000))")
        #expect(ended.status == 0, "compositor: \(ended.stdout.suffix(1500))")
        #expect(validationProblems(in: result.output) == [])
        let lines = ended.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0 == "set_fullscreen" || $0 == "unset_fullscreen" } == ["set_fullscreen", "unset_fullscreen"])

        func crossPixels(_ name: String) throws -> Int {
            let image = try PPMImage(contentsOf: dump.appendingPathComponent("\(name).ppm"))
            return image.count(in: (372, 2, 26, 24)) { $0.r > 180 && $0.g > 180 && $0.b > 180 }
        }
        #expect(try crossPixels("full") == 0, "no title bar in full screen")
        #expect(try crossPixels("restored") > 10, "the title bar is back")
    }
}
