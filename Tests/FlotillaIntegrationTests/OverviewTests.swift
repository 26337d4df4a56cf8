import Foundation
import FlotillaCompositors
import FlotillaTestSupport
import Testing

extension Integration {
    /// The overview (key 4) tiles the other windows' live thumbnails from the TextureBridge; `s`
    /// writes a PNG of a window, read back without stalling it.
    @Suite struct OverviewTests {
        func folder(_ name: String) throws -> URL {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-\(name)-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            return url
        }

        func pngs(in folder: URL) -> [URL] {
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".png") }
                .sorted().map { folder.appendingPathComponent($0) }
        }

        /// Headless, four windows: window 4 becomes the overview, and its screenshot shows each
        /// producer's hue (grid blue, particles crimson, post green).
        @Test func theOverviewShowsEveryOtherWindowInItsHue() throws {
            let shots = try folder("overview")
            defer { try? FileManager.default.removeItem(at: shots) }
            let stats = temporaryFile("overview.jsonl")
            defer { try? FileManager.default.removeItem(atPath: stats) }
            let result = try run(FlotillaBinary.path,
                                 ["--headless", "--windows", "4", "--size", "480x300", "--no-overlay", "--keys", "4 s",
                                  "--seconds", "4", "--screenshots", shots.path, "--stats", stats],
                                 environment: FlotillaBinary.environment(), timeout: 90)
            #expect(result.status == 0, "output:\n\(result.output.suffix(2000))")
            #expect(validationProblems(in: result.output) == [])
            #expect(result.stderr.contains("screenshot of window 4: \(shots.path)/"))
            let last = try #require(StatsLines(path: stats).last)
            #expect(last["screenshots"] as? Int == 1)
            let bridge = try #require(last["texture_bridge"] as? [String: Int])
            #expect(bridge["published"] == 4 && bridge["subscriptions"] == 1, "\(bridge)")
            #expect(last["validation_messages"] as? Int == 0)
            #expect(StatsLines.droppedOwners(last) == 0, "every owner of GPU memory released, none dropped")

            let shot = try #require(pngs(in: shots).first)
            let image = try PNGImage(contentsOf: shot)
            #expect(image.width == 480 && image.height == 300)
            for (window, hue) in [(1, 0.58), (2, 0.962), (3, 0.344)] {
                let share = ScreenshotAnalysis.share(of: image, nearHue: hue)
                #expect(share > 0.005, "window \(window)'s thumbnail (hue \(hue)) covers \(share) of the overview")
            }
            let copy = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-overview.png")
            try? FileManager.default.removeItem(at: copy)
            try? FileManager.default.copyItem(at: shot, to: copy)
        }

        /// On weston: `s` in a window with a swapchain writes a PNG of the window's own size that
        /// is not blank, and the window keeps presenting while it is written.
        @Test func aScreenshotOfASwapchainWindowHasItsSizeAndIsNotBlank() throws {
            let weston = try Weston(width: 1280, height: 720)
            defer { weston.stop() }
            let shots = try folder("shot")
            defer { try? FileManager.default.removeItem(at: shots) }
            let flotilla = try FlotillaRun(["--windows", "1", "--size", "400x260", "--scene", "particles", "--keys", "s",
                                            "--seconds", "4", "--screenshots", shots.path],
                                           in: weston, statsName: "shot.jsonl")
            let result = flotilla.child.wait(timeout: 60)
            #expect(result.status == 0, "output:\n\(result.output.suffix(2000))")
            #expect(validationProblems(in: result.output) == [])
            let shot = try #require(pngs(in: shots).first, "no PNG in \(shots.path): \(result.stderr.suffix(1000))")
            let image = try PNGImage(contentsOf: shot)
            let size = flotilla.stats.sizes(flotilla.last)["1"]
            #expect("\(image.width)x\(image.height)" == size, "PNG \(image.width)x\(image.height), window \(size ?? "?")")
            var lit = 0
            for y in stride(from: 0, to: image.height, by: 2) {
                for x in stride(from: 0, to: image.width, by: 2) {
                    let pixel = image.pixel(x: x, y: y)
                    if Int(pixel.r) + Int(pixel.g) + Int(pixel.b) > 300 { lit += 1 }
                }
            }
            #expect(lit > 100, "bright pixels (particles, overlay text): \(lit)")
        }
        /// In sway: a window moved to another workspace gets no frame callbacks and paints no
        /// more; an overview opened afterwards still shows it, from an offscreen job at
        /// Background priority, and `s` in that overview writes it all.
        @Test func aHiddenWindowIsShownFromAnOffscreenRender() throws {
            let sway = try Sway(width: 1280, height: 720)
            defer { sway.stop() }
            let shots = try folder("hidden")
            defer { try? FileManager.default.removeItem(at: shots) }
            let flotilla = try FlotillaRun(["--windows", "2", "--scene", "particles", "--no-overlay", "--seconds", "60",
                                            "--screenshots", shots.path, "--log-level", "info"],
                                           in: sway, statsName: "hidden-overview.jsonl")
            func last() -> [String: Any]? { flotilla.last }
            #expect(waitUntil(timeout: 30) { flotilla.framesPresented.count == 2 && flotilla.framesPresented.values.allSatisfy { $0 >= 10 } })
            // The focused window (2, the last mapped) goes to workspace 2; window 1 gets focus.
            try sway.message(["move container to workspace 2"])
            sleep(2)
            // A fresh virtual keyboard: a modifier first, as a person's first key after focus.
            func press(_ key: String) throws { try sway.type(["-k", "Shift_L", "-s", "400", key]) }
            try press("4")
            #expect(waitUntil(timeout: 10) { (last()?["scenes"] as? [String: String])?["1"] == "overview" },
                    "scenes: \(String(describing: last()?["scenes"]))")
            #expect(waitUntil(timeout: 20) { (last()?["offscreen"] as? [String: Int])?["done"] ?? 0 >= 1 },
                    "an offscreen job rendered the hidden window: \(String(describing: last()?["offscreen"]))")
            sleep(1)
            try press("s")
            #expect(waitUntil(timeout: 20) { last()?["screenshots"] as? Int == 1 })
            let result = flotilla.terminate()
            #expect(result.status == 0, "output:\n\(result.output.suffix(2000))")
            #expect(validationProblems(in: result.output) == [])
            let shot = try #require(pngs(in: shots).first)
            let copy = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-hidden-overview.png")
            try? FileManager.default.removeItem(at: copy)
            try? FileManager.default.copyItem(at: shot, to: copy)
            // The overview's one tile is window 2's particles (crimson).
            let image = try PNGImage(contentsOf: shot)
            let share = ScreenshotAnalysis.share(of: image, nearHue: 0.962)
            #expect(share > 0.005, "window 2's thumbnail covers \(share) of the overview")
        }
    }
}
