import Foundation
import FlotillaCompositors
import FlotillaTestSupport
import Testing

extension Integration {
    /// sway (headless, as an unprivileged user): a tiling compositor that resizes windows itself.
    @Suite struct SwayTests {
        /// `swaymsg output HEADLESS-1 scale 2` while Flotilla runs: the window's buffers follow to
        /// scale 2 (twice the logical size in pixels) and back to 1.
        @Test func anOutputScaleChangeAtRunTimeIsFollowed() throws {
            let sway = try Sway(width: 1280, height: 720)
            defer { sway.stop() }
            let flotilla = try FlotillaRun(["--windows", "1", "--scene", "grid", "--seconds", "60"],
                                           in: sway, statsName: "rescale.jsonl")
            func scale() -> Int? { (flotilla.last?["scales"] as? [String: Int])?["1"] }
            func frames() -> Int { flotilla.framesPresented["1"] ?? 0 }
            #expect(waitUntil(timeout: 30) { frames() >= 10 && scale() == 1 })
            func bufferSize() -> String? { flotilla.stats.sizes(flotilla.last)["1"] }
            /// Buffers in pixels are the logical size sway gives the window times the scale.
            func followsScale(_ factor: Int) throws -> Bool {
                guard scale() == factor, let logical = try floatingContentSize(sway, type: "con") else { return false }
                return bufferSize() == "\(logical.width * factor)x\(logical.height * factor)"
            }
            #expect(try followsScale(1), "\(String(describing: bufferSize()))")

            try sway.message(["output HEADLESS-1 scale 2"])
            #expect(waitUntil(timeout: 15) { (try? followsScale(2)) == true },
                    "scale \(String(describing: scale())), buffer \(String(describing: bufferSize()))")
            let framesAtTwo = frames()
            #expect(waitUntil(timeout: 15) { frames() >= framesAtTwo + 20 }, "it keeps presenting at scale 2")

            try sway.message(["output HEADLESS-1 scale 1"])
            #expect(waitUntil(timeout: 15) { (try? followsScale(1)) == true }, "and back to 1")
            let framesBack = frames()
            #expect(waitUntil(timeout: 15) { frames() >= framesBack + 20 })

            let result = flotilla.terminate()
            #expect(result.status == 0, "output:\n\(result.output)")
            #expect(validationProblems(in: result.output) == [])
        }

        /// 256 windows at once on sway: their first frames must not keep Flotilla from reading the
        /// compositor for so long that sway's buffer fills and it drops the connection.
        @Test func twoHundredFiftySixWindowsOpenOnSway() throws {
            let sway = try Sway(width: 1280, height: 720)
            defer { sway.stop() }
            let flotilla = try FlotillaRun(["--windows", "256", "--max-windows", "256", "--size", "160x120",
                                            "--no-overlay", "--seconds", "120"],
                                           in: sway, statsName: "many.jsonl")
            let allDrew = waitUntil(timeout: 90) {
                let frames = flotilla.framesPresented
                return frames.count == 256 && frames.values.allSatisfy { $0 >= 3 }
            }
            #expect(allDrew, "\(flotilla.framesPresented.count) windows, fewest frames \(flotilla.framesPresented.values.min() ?? 0)")
            // Every pass that drew went out as one vkQueueSubmit2 and one vkQueuePresentKHR, however
            // many windows it carried.
            let line = flotilla.last ?? [:]
            let passes = line["passes"] as? Int ?? 0
            #expect(passes > 0 && line["submits"] as? Int == passes && line["presents"] as? Int == passes,
                    "passes \(passes), submits \(line["submits"] ?? "-"), presents \(line["presents"] ?? "-")")
            let frames = flotilla.framesPresented.values.reduce(0, +)
            #expect(frames > 2 * passes, "passes carry many windows: \(frames) frames in \(passes) passes")
            let result = flotilla.terminate()
            #expect(result.status == 0, "output:\n\(result.output.suffix(2000))")
            #expect(!result.output.contains("lost the connection"))
            #expect(validationProblems(in: result.output) == [])
        }

        /// Five post windows share one set of full-resolution intermediates while sway gives them
        /// different sizes and then resizes one: the set follows the largest, and synchronization
        /// validation stays silent as the windows hand it on.
        @Test func postWindowsOfDifferentSizesShareTheirIntermediates() throws {
            let sway = try Sway(width: 1280, height: 720)
            defer { sway.stop() }
            let flotilla = try FlotillaRun(["--windows", "5", "--scene", "post", "--seconds", "90"], in: sway,
                                           statsName: "post.jsonl")
            func framesAtLeast(_ count: Int) -> Bool {
                let frames = flotilla.framesPresented
                return frames.count == 5 && frames.values.allSatisfy { $0 >= count }
            }
            #expect(waitUntil(timeout: 60) { framesAtLeast(5) })
            // One window floats (at the size it asked for) and the other four are tiled wider: two
            // sizes, and every window resized while drawing.
            let reply = try sway.message(["[title=\"Flotilla · 1 · post\"] floating enable"])
            #expect(waitUntil(timeout: 30) { Set(flotilla.stats.sizes(flotilla.last).values).count >= 2 },
                    "sizes: \(flotilla.stats.sizes(flotilla.last)); swaymsg: \(reply.output)")
            let frames = flotilla.framesPresented.values.min() ?? 0
            #expect(waitUntil(timeout: 60) { framesAtLeast(frames + 5) })
            let transients = flotilla.last?["transients"] as? [String: Int] ?? [:]
            #expect((transients["sets"] ?? 0) >= 1 && (transients["sets"] ?? 0) <= 2, "one set (and one retiring): \(transients)")
            let result = flotilla.terminate()
            #expect(result.status == 0, "output:\n\(result.output.suffix(2000))")
            #expect(validationProblems(in: result.output) == [])
        }

        /// Stats lines come every second even while the loop has no time left for background work
        /// (three animating windows on lavapipe with validation): a line more than a second late is
        /// written without waiting for leftover time. The bound leaves room for a loaded machine;
        /// before, gaps of 4.6 to 35 s were seen.
        @Test func statsLinesAreNotStarved() throws {
            let sway = try Sway(width: 1280, height: 720)
            defer { sway.stop() }
            let flotilla = try FlotillaRun(["--windows", "3", "--seconds", "60"], in: sway, statsName: "gaps.jsonl")
            #expect(waitUntil(timeout: 60) { (flotilla.last?["time_s"] as? Double ?? 0) >= 10 })
            let result = flotilla.terminate()
            #expect(result.status == 0)
            let times = flotilla.stats.lines.compactMap { $0["time_s"] as? Double }
            let gaps = zip(times, times.dropFirst()).map { $1 - $0 }
            #expect(times.count >= 8 && (gaps.max() ?? 99) <= 3.0, "gaps: \(gaps)")
            #expect(validationProblems(in: result.output) == [])
        }

        @Test func compositorDrivenResizesKeepEveryWindowDrawing() throws {
            let sway = try Sway(width: 1280, height: 720)
            defer { sway.stop() }
            let stats = temporaryFile("resize.jsonl")
            defer { try? FileManager.default.removeItem(atPath: stats) }
            let child = try ChildProcess(FlotillaBinary.path, ["--windows", "3", "--seconds", "30", "--stats", stats],
                                         environment: FlotillaBinary.environment(sway.clientEnvironment))
            defer { child.terminate() }
            // sway tiles the three windows side by side: each gets a third of the output's width,
            // whatever --size asked for.
            let tiled = waitUntil(timeout: 30) {
                let lines = StatsLines(path: stats)
                let frames = lines.framesPresented(lines.last)
                return frames.count == 3 && frames.values.allSatisfy { $0 >= 10 }
            }
            #expect(tiled)
            let tiledSizes = StatsLines(path: stats).sizes(StatsLines(path: stats).last)
            #expect(tiledSizes.values.allSatisfy { $0 != "800x600" }, "sizes: \(tiledSizes)")

            // Float the focused window and give it a new size (sway counts its border and title in
            // it: the content size is what sway reports as window_rect), then an absurd one.
            try sway.message(["floating enable, resize set width 500 px height 350 px"])
            let floated = try #require(try floatingContentSize(sway))
            #expect(floated.width < 500 && floated.height < 350)
            let resized = waitUntil(timeout: 15) {
                StatsLines(path: stats).sizes(StatsLines(path: stats).last).values.contains(floated.description)
            }
            #expect(resized, "sway gives \(floated); sizes: \(StatsLines(path: stats).sizes(StatsLines(path: stats).last))")
            try sway.message(["resize set width 100000 px height 100000 px"])
            let before = StatsLines(path: stats).framesPresented(StatsLines(path: stats).last)
            let kept = waitUntil(timeout: 15) {
                let now = StatsLines(path: stats).framesPresented(StatsLines(path: stats).last)
                return now.count == 3 && now.allSatisfy { $0.value >= (before[$0.key] ?? 0) + 30 }
            }
            #expect(kept, "every window keeps presenting after the resizes")

            let shot = URL(fileURLWithPath: temporaryFile("sway.png"))
            defer { try? FileManager.default.removeItem(at: shot) }
            _ = try sway.screenshot(to: shot)
            kill(child.pid, SIGTERM)
            let result = child.wait(timeout: 20)
            #expect(result.status == 0, "output:\n\(result.output)")
            #expect(validationProblems(in: result.output) == [])
            let last = StatsLines(path: stats).last
            #expect(last?["validation_messages"] as? Int == 0)
            #expect(StatsLines.droppedOwners(last) == 0, "every owner of GPU memory released, none dropped")
            let sizes = StatsLines(path: stats).sizes(last)
            for size in sizes.values {
                let parts = size.split(separator: "x").compactMap { Int($0) }
                #expect(parts.count == 2 && parts[0] <= 16384 && parts[1] <= 16384, "size \(size) is clamped")
            }
            let image = try PNGImage(contentsOf: shot)
            #expect(image.width == 1280 && image.height == 720)
            let lit = ScreenshotAnalysis.share(of: image, nearHue: 0.58) + ScreenshotAnalysis.share(of: image, nearHue: 0.962)
                + ScreenshotAnalysis.share(of: image, nearHue: 0.344)
            #expect(lit > 0.05, "the windows' scenes are on screen")
        }

        @Test func closeClosesOneWindowAndTheLastOneEndsTheProgram() throws {
            let sway = try Sway(width: 1280, height: 720)
            defer { sway.stop() }
            let stats = temporaryFile("close.jsonl")
            defer { try? FileManager.default.removeItem(atPath: stats) }
            let child = try ChildProcess(FlotillaBinary.path, ["--windows", "2", "--seconds", "60", "--stats", stats],
                                         environment: FlotillaBinary.environment(sway.clientEnvironment))
            defer { child.terminate() }
            func windowCount() -> Int? { StatsLines(path: stats).last?["windows"] as? Int }
            #expect(waitUntil(timeout: 30) {
                let frames = StatsLines(path: stats).framesPresented(StatsLines(path: stats).last)
                return frames.count == 2 && frames.values.allSatisfy { $0 > 0 }
            })
            // `kill` sends xdg_toplevel.close; the criteria pick the window by its title.
            let answer = try sway.message(["[title=\"^Flotilla · 2 \"] kill"])
            #expect(waitUntil(timeout: 10) { windowCount() == 1 }, "one window left after the first close; swaymsg: \(answer.output)")
            #expect((StatsLines(path: stats).last?["scenes"] as? [String: String])?.keys.sorted() == ["1"])
            try sway.message(["[title=\"^Flotilla · 1 \"] kill"])
            let result = child.wait(timeout: 15)
            #expect(!result.timedOut)
            #expect(result.status == 0, "the last window closing ends with 0; output:\n\(result.output)")
            #expect(validationProblems(in: result.output) == [])
        }

        @Test func aHiddenWindowDoesNotSlowTheOthers() throws {
            let sway = try Sway(width: 1280, height: 720)
            defer { sway.stop() }
            let stats = temporaryFile("hidden.jsonl")
            defer { try? FileManager.default.removeItem(atPath: stats) }
            let child = try ChildProcess(FlotillaBinary.path, ["--windows", "3", "--seconds", "60", "--stats", stats],
                                         environment: FlotillaBinary.environment(sway.clientEnvironment))
            defer { child.terminate() }
            func frames() -> [String: Int] { StatsLines(path: stats).framesPresented(StatsLines(path: stats).last) }
            #expect(waitUntil(timeout: 30) { frames().count == 3 && frames().values.allSatisfy { $0 >= 20 } })

            // Frames in 3 s of each window while all are visible...
            let visibleStart = frames()
            sleep(3)
            let visibleEnd = frames()
            // ...then the focused window (the last one mapped) moves to another workspace: sway
            // stops its frame callbacks, and it must stop drawing without holding up the others.
            try sway.message(["move container to workspace 2"])
            sleep(1)
            let hiddenStart = frames()
            sleep(3)
            let hiddenEnd = frames()
            kill(child.pid, SIGTERM)
            let result = child.wait(timeout: 20)

            // The hidden window is the one that drew least while hidden.
            func drawnWhileHidden(_ key: String) -> Int { (hiddenEnd[key] ?? 0) - (hiddenStart[key] ?? 0) }
            let hidden = try #require(hiddenEnd.keys.min { drawnWhileHidden($0) < drawnWhileHidden($1) })
            #expect(hiddenEnd[hidden]! - hiddenStart[hidden]! <= 2, "the hidden window stops drawing: \(hiddenStart) -> \(hiddenEnd)")
            for key in hiddenEnd.keys where key != hidden {
                let before = visibleEnd[key]! - visibleStart[key]!
                let after = hiddenEnd[key]! - hiddenStart[key]!
                #expect(after * 2 >= before, "window \(key) drew \(before) frames in 3 s before and \(after) after")
            }
            #expect(result.status == 0, "output:\n\(result.output)")
            #expect(validationProblems(in: result.output) == [])
        }

        /// The content size sway gives the floating Flotilla window, from `swaymsg -t get_tree`.
        /// The logical content size sway gives Flotilla's window (`window_rect`), of a floating
        /// or (with `type: "con"`) a tiled one.
        func floatingContentSize(_ sway: Sway, type: String = "floating_con") throws -> (width: Int, height: Int, description: String)? {
            let tree = try sway.message(["-t", "get_tree"])
            guard let root = try JSONSerialization.jsonObject(with: Data(tree.stdout.utf8)) as? [String: Any] else { return nil }
            var found: (Int, Int, String)?
            func walk(_ node: [String: Any]) {
                if node["type"] as? String == type, node["app_id"] as? String == "flotilla",
                   let rect = node["window_rect"] as? [String: Any], let width = rect["width"] as? Int,
                   let height = rect["height"] as? Int {
                    found = (width, height, "\(width)x\(height)")
                }
                for key in ["nodes", "floating_nodes"] {
                    for child in node[key] as? [[String: Any]] ?? [] { walk(child) }
                }
            }
            walk(root)
            return found
        }
    }
}
