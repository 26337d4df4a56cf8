import Foundation
import FlotillaCompositors
import FlotillaTestSupport
import Testing

extension Integration {
    /// lavapipe + a private headless weston (no seat), with the Khronos validation layer on.
    @Suite struct WestonTests {
        @Test func threeWindowsEachPresentSixtyFramesAndShowInAScreenshot() throws {
            let weston = try Weston(width: 1600, height: 900)
            defer { weston.stop() }
            let stats = temporaryFile("stats.jsonl")
            defer { try? FileManager.default.removeItem(atPath: stats) }
            let child = try ChildProcess(FlotillaBinary.path,
                                         ["--windows", "3", "--size", "480x360", "--seconds", "30", "--stats", stats],
                                         environment: FlotillaBinary.environment(weston.clientEnvironment))
            // Wait for 60 frames in every window, then screenshot while all three still draw.
            let reached = waitUntil(timeout: 60) {
                let frames = StatsLines(path: stats).framesPresented(StatsLines(path: stats).last)
                return frames.count == 3 && frames.values.allSatisfy { $0 >= 60 }
            }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-shot-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let shot = reached ? try weston.screenshot(into: folder) : nil
            kill(child.pid, SIGTERM)
            let result = child.wait(timeout: 20)

            #expect(reached, "every window presents 60 frames; last stats: \(StatsLines(path: stats).last ?? [:])")
            #expect(result.status == 0, "exit status; output:\n\(result.output)")
            #expect(validationProblems(in: result.output) == [])
            let last = StatsLines(path: stats).last
            #expect(last?["windows"] as? Int == 3)
            #expect(last?["validation_messages"] as? Int == 0)
            #expect(StatsLines.droppedOwners(last) == 0, "every owner of GPU memory released, none dropped")

            let image = try PNGImage(contentsOf: try #require(shot))
            // Window n is tinted with hue 0.58 + (n - 1) * 0.382 turns: blue, crimson, green.
            for (window, hue) in [(1, 0.58), (2, 0.962), (3, 0.344)] {
                let share = ScreenshotAnalysis.share(of: image, nearHue: hue)
                #expect(share > 0.01, "window \(window) (hue \(hue)) covers \(share) of the screenshot")
            }
            let copy = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-weston-3-windows.png")
            try? FileManager.default.removeItem(at: copy)
            try? FileManager.default.copyItem(at: try #require(shot), to: copy)
        }

        @Test func scriptedKeysWorkWithoutASeat() throws {
            // weston's headless backend has no wl_seat: --keys takes the same path as keys.
            let weston = try Weston(width: 1600, height: 900)
            defer { weston.stop() }
            let stats = temporaryFile("keys.jsonl")
            defer { try? FileManager.default.removeItem(atPath: stats) }
            let result = try run(FlotillaBinary.path, ["--windows", "1", "--size", "320x240", "--keys", "n n w n m q",
                                                       "--max-windows", "8", "--stats", stats, "--log-level", "info"],
                                 environment: FlotillaBinary.environment(weston.clientEnvironment), timeout: 60)
            #expect(result.status == 0, "q ends with 0; output:\n\(result.output)")
            #expect(validationProblems(in: result.output) == [])
            // 1, n -> 2, n -> 3, w -> 2, n -> 3, m -> capped at 8 (--max-windows), q.
            let counts = StatsLines(path: stats).lines.compactMap { $0["windows"] as? Int }
            #expect(counts.contains(3))
            #expect(counts.max() == 8, "window counts seen: \(counts)")
            #expect(result.stderr.contains("window limit of 8 reached"))
            #expect(result.stderr.contains("--keys: closeWindow"))
        }

        @Test func headlessRendersWithNoCompositorAtAll() throws {
            let stats = temporaryFile("headless.jsonl")
            defer { try? FileManager.default.removeItem(atPath: stats) }
            // No WAYLAND_DISPLAY and no XDG_RUNTIME_DIR: nothing to connect to.
            let result = try run(FlotillaBinary.path, ["--headless", "--frames", "30", "--stats", stats],
                                 environment: FlotillaBinary.environment(), timeout: 60)
            #expect(result.status == 0, "output:\n\(result.output)")
            #expect(validationProblems(in: result.output) == [])
            let lines = StatsLines(path: stats)
            let frames = lines.framesPresented(lines.last)
            #expect(frames.count == 3)
            #expect(frames.values.allSatisfy { $0 >= 30 })
            let memory = lines.memory(lines.last)
            #expect(memory["total_bytes"] as? Int == memory["device_bytes"] as? Int)
            #expect((memory["device_allocations"] as? Int ?? 0) >= 1)
        }
    }
}

enum ScreenshotAnalysis {
    /// The share of the image's pixels that are clearly coloured (not the grey desktop, not
    /// black) with a hue within 0.07 turns of `hue`.
    static func share(of image: PNGImage, nearHue hue: Double) -> Double {
        var matching = 0
        for y in stride(from: 0, to: image.height, by: 2) {
            for x in stride(from: 0, to: image.width, by: 2) {
                let pixel = image.pixel(x: x, y: y)
                let (r, g, b) = (Double(pixel.r) / 255, Double(pixel.g) / 255, Double(pixel.b) / 255)
                let high = max(r, g, b), low = min(r, g, b)
                guard high > 0.05, (high - low) / high > 0.4 else { continue }
                var pixelHue: Double
                if high == r { pixelHue = (g - b) / (high - low) } else if high == g { pixelHue = 2 + (b - r) / (high - low) } else { pixelHue = 4 + (r - g) / (high - low) }
                pixelHue = (pixelHue / 6).truncatingRemainder(dividingBy: 1)
                if pixelHue < 0 { pixelHue += 1 }
                let distance = min(abs(pixelHue - hue), 1 - abs(pixelHue - hue))
                if distance < 0.07 { matching += 1 }
            }
        }
        return Double(matching) / Double((image.width / 2) * (image.height / 2))
    }
}
