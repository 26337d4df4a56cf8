import Foundation
import FlotillaCompositors
import FlotillaTestSupport
import Testing

extension Integration {
    /// Real key presses on sway, typed by wtype. Each wtype run is a new virtual keyboard whose
    /// first key can arrive before the client has its keymap: a harmless Shift goes first.
    @Suite struct KeyboardTests {
        @Test func keysSpawnCloseRepeatAndQuit() throws {
            let sway = try Sway(width: 1280, height: 720)
            defer { sway.stop() }
            let stats = temporaryFile("keyboard.jsonl")
            defer { try? FileManager.default.removeItem(atPath: stats) }
            // Four recording threads while windows come and go: validation (thread safety and
            // synchronization) must stay silent.
            let child = try ChildProcess(FlotillaBinary.path, ["--windows", "1", "--scene", "particles", "--seconds", "90",
                                                               "--threads", "4", "--stats", stats, "--log-level", "info"],
                                         environment: FlotillaBinary.environment(sway.clientEnvironment))
            defer { child.terminate() }
            func last() -> [String: Any]? { StatsLines(path: stats).last }
            func windowCount() -> Int { last()?["windows"] as? Int ?? 0 }
            func scenes() -> [String: String] { last()?["scenes"] as? [String: String] ?? [:] }
            func press(_ keys: [String]) throws { try sway.type(["-k", "Shift_L", "-s", "400"] + keys) }
            var observed: [String] = []

            #expect(waitUntil(timeout: 30) { StatsLines(path: stats).framesPresented(last()).values.contains { $0 > 0 } })
            observed.append("start \(windowCount())")
            try press(["n"])
            #expect(waitUntil(timeout: 10) { windowCount() == 2 })
            try press(["n"])
            #expect(waitUntil(timeout: 10) { windowCount() == 3 }, "n n from 1 window gives 3")
            observed.append("n n \(windowCount())")
            let sceneOfN = scenes()["3"]
            #expect(sceneOfN == "particles")

            try press(["N"])
            #expect(waitUntil(timeout: 10) { windowCount() == 4 })
            observed.append("N \(windowCount())")
            let sceneOfShiftN = scenes()["4"]
            #expect(sceneOfShiftN != nil && sceneOfShiftN != sceneOfN, "N: \(String(describing: sceneOfShiftN)), n: \(String(describing: sceneOfN))")

            // The new window has focus: w closes it, and only it.
            try press(["w"])
            #expect(waitUntil(timeout: 10) { windowCount() == 3 })
            #expect(scenes()["4"] == nil, "the focused window (4) closed: \(scenes())")
            observed.append("w \(windowCount())")

            // Held n: pressed, kept down for 2.5 s (repeat delay, then the rate), released.
            try press(["-P", "n", "-s", "2500", "-p", "n"])
            #expect(waitUntil(timeout: 10) { windowCount() >= 5 }, "held n spawns more than one window")
            observed.append("held n \(windowCount())")

            let shot = URL(fileURLWithPath: temporaryFile("keys.png"))
            defer { try? FileManager.default.removeItem(at: shot) }
            _ = try sway.screenshot(to: shot)
            let image = try PNGImage(contentsOf: shot)
            // Windows 5 and up are the ones the keys made; their accent hues must be on screen.
            let hues = (5...6).map { id -> Double in
                let turn = 0.58 + Double(id - 1) * 0.381_966
                return turn - turn.rounded(.down)
            }
            for hue in hues {
                #expect(ScreenshotAnalysis.share(of: image, nearHue: hue) > 0.003, "a spawned window (hue \(hue)) is on screen")
            }

            try press(["q"])
            let result = child.wait(timeout: 20)
            observed.append("q exit \(result.status)")
            print("keyboard end to end: \(observed.joined(separator: ", "))")
            #expect(result.status == 0, "q ends with 0; output:\n\(result.output)")
            #expect(validationProblems(in: result.output) == [])
        }

        /// A real desktop's seat has its keyboard before Flotilla starts. wtype's virtual keyboard
        /// is made first here and kept alive by its sleep, so Flotilla binds a seat that already
        /// has a keyboard (made during Display's roundtrips, before the application's delegate
        /// is set); the keys typed after the sleep must still act.
        @Test func aKeyboardThatExistsBeforeStartWorks() throws {
            let sway = try Sway(width: 1280, height: 720)
            defer { sway.stop() }
            let typist = try sway.startTyping(["-s", "9000", "n", "-s", "600", "n", "-s", "600", "N", "-s", "4000"])
            defer { typist.terminate() }
            // The seat has its keyboard before the client connects.
            #expect(waitUntil(timeout: 5) {
                let inputs = (try? sway.message(["-t", "get_inputs"]).stdout) ?? ""
                return inputs.contains("\"keyboard\"")
            })
            let flotilla = try FlotillaRun(["--windows", "1", "--scene", "grid", "--seconds", "60", "--log-level", "info"],
                                           in: sway, statsName: "keyboard-before.jsonl")
            #expect(waitUntil(timeout: 30) { flotilla.framesPresented.values.contains { $0 > 0 } })
            #expect(flotilla.windowCount == 1)
            #expect(waitUntil(timeout: 20) { flotilla.windowCount == 4 }, "n n N from a keyboard present at start: \(flotilla.windowCount)")
            let scenes = flotilla.last?["scenes"] as? [String: String] ?? [:]
            #expect(scenes["2"] == "grid" && scenes["3"] == "grid" && scenes["4"] == "particles", "\(scenes)")
            _ = typist.wait(timeout: 15)
            let result = flotilla.terminate()
            #expect(result.status == 0, "SIGTERM ends with 0")
            #expect(result.output.contains("keyboard added"), "the seat's keyboard was bound at start")
            #expect(validationProblems(in: result.output) == [])
        }
    }
}
