import FlotillaCore
import Foundation
import FlotillaCompositors
import FlotillaTestSupport
import Testing

extension Integration {
    /// The overlay says what the ledger says, draws with one atlas, and is legible at 1x and 2x.
    @Suite struct OverlayTests {
        /// Every stats line carries each window's overlay text from the same moment as its
        /// memory figures: the lines must be exactly what those figures read as.
        @Test(arguments: [false, true])
        func theOverlayShowsTheLedgersFigures(isolated: Bool) throws {
            let stats = temporaryFile("overlay.jsonl")
            defer { try? FileManager.default.removeItem(atPath: stats) }
            let result = try run(FlotillaBinary.path, ["--headless", "--windows", "3", "--scene", "mix", "--size", "320x240",
                                                       "--frames", "30", "--stats", stats] + (isolated ? ["--isolated"] : []),
                                 environment: FlotillaBinary.environment(), timeout: 60)
            #expect(result.status == 0, "output:\n\(result.output)")
            #expect(validationProblems(in: result.output) == [])
            let lines = StatsLines(path: stats).lines
            #expect(lines.count >= 2)
            for line in lines {
                let memory = line["memory"] as? [String: Any] ?? [:]
                let overlay = line["overlay"] as? [String: [String]] ?? [:]
                let windowBytes = memory["window_bytes"] as? [String: Int] ?? [:]
                for (id, text) in overlay {
                    let bytes = UInt64(windowBytes[id] ?? 0)
                    #expect(text.count == 11)
                    #expect(text.first?.hasSuffix(isolated ? "· isolated" : "· shared") == true)
                    #expect(text[1] == "this window  \(ByteCount.format(bytes))")
                    #expect(text[2] == "shared       \(ByteCount.format(UInt64(memory["shared_bytes"] as? Int ?? 0)))")
                    #expect(text[3] == "total        \(ByteCount.format(UInt64(memory["total_bytes"] as? Int ?? 0))) · \(line["windows"] as? Int ?? 0) windows")
                    #expect(text[5] == "allocations  \(memory["device_allocations"] as? Int ?? 0) vkAllocateMemory")
                    // Headless: no compositor, so no presentation times.
                    #expect(text.count < 10 || text[9] == "key→present  —", "\(text)")
                    // A window-frame's cost: CPU (preparing it) and, lavapipe having timestamps, GPU.
                    #expect(text.count < 11 || (text[10].hasPrefix("per frame    cpu ") && text[10].contains(" · gpu ")), "\(text)")
                }
            }
        }

        @Test func aGlyphIsRasterizedOnceHoweverManyWindowsDrawIt() throws {
            let stats = temporaryFile("atlas.jsonl")
            defer { try? FileManager.default.removeItem(atPath: stats) }
            let result = try run(FlotillaBinary.path, ["--headless", "--windows", "8", "--scene", "particles", "--size", "240x180",
                                                       "--frames", "40", "--stats", stats],
                                 environment: FlotillaBinary.environment(), timeout: 60)
            #expect(result.status == 0)
            let atlas = try #require(StatsLines(path: stats).last?["text_atlas"] as? [String: Any]).compactMapValues { $0 as? Int }
            // Eight windows lay out ~200 characters each, many times over: every glyph the atlas
            // holds was rasterized exactly once (the warm-up's printable ASCII at the two sizes,
            // the overlay's few others, the white block), never again for another window.
            #expect((atlas["rasterizations"] ?? 0) == (atlas["glyphs"] ?? -1), "\(atlas)")
            #expect((atlas["rasterizations"] ?? 0) <= 2 * 95 + 8, "one per size and character: \(atlas)")
            #expect((atlas["lookups"] ?? 0) > 10 * (atlas["rasterizations"] ?? 0), "\(atlas)")
            #expect(atlas["evictions"] == 0)
        }

        @Test func theOverlayIsLegibleAtScaleOneOneAndAHalfAndTwo() throws {
            var boxes: [Double: (width: Int, height: Int, pixels: Int)] = [:]
            // sway 1.7 has no fractional-scale protocol: at 1.5 it asks for buffers at scale 2
            // (wl_output.scale rounds up) and scales them down by 0.75 itself.
            for scale in [1.0, 1.5, 2.0] {
                let sway = try Sway(width: 1280, height: 720, scale: scale)
                defer { sway.stop() }
                let stats = temporaryFile("scale\(Int(scale * 10)).jsonl")
                defer { try? FileManager.default.removeItem(atPath: stats) }
                // The grid scene: its glyphs are tinted, so the overlay's near-white text stands out.
                let child = try ChildProcess(FlotillaBinary.path, ["--windows", "1", "--scene", "grid", "--seconds", "30",
                                                                   "--stats", stats],
                                             environment: FlotillaBinary.environment(sway.clientEnvironment))
                defer { child.terminate() }
                #expect(waitUntil(timeout: 20) {
                    let last = StatsLines(path: stats).last
                    return (last?["scales"] as? [String: Int])?["1"] == Int(scale.rounded(.up))
                        && StatsLines(path: stats).framesPresented(last).values.contains { $0 > 20 }
                })
                let shot = URL(fileURLWithPath: temporaryFile("overlay\(Int(scale * 10)).png"))
                defer { try? FileManager.default.removeItem(at: shot) }
                _ = try sway.screenshot(to: shot)
                kill(child.pid, SIGTERM)
                let result = child.wait(timeout: 20)
                #expect(validationProblems(in: result.output) == [])
                boxes[scale] = try textBox(PNGImage(contentsOf: shot))
                let keep = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-overlay-scale\(Int(scale * 10)).png")
                try? FileManager.default.removeItem(at: keep)
                try? FileManager.default.copyItem(at: shot, to: keep)
            }
            let one = try #require(boxes[1]), half = try #require(boxes[1.5]), two = try #require(boxes[2])
            let halfRatio = Double(half.width) / Double(one.width)
            #expect(halfRatio > 1.35 && halfRatio < 1.65, "text box \(one) at 1x, \(half) at 1.5x")
            #expect(Double(half.pixels) / Double(one.pixels) > 1.6, "lit pixels \(one.pixels) at 1x, \(half.pixels) at 1.5x")
            #expect(one.pixels > 500, "text is drawn at scale 1: \(one)")
            // At scale 2 the same text is rasterized at twice the pixel size: twice as wide and
            // tall, about four times the lit pixels, not a blurry upscale of the 1x text.
            let widthRatio = Double(two.width) / Double(one.width), heightRatio = Double(two.height) / Double(one.height)
            #expect(widthRatio > 1.8 && widthRatio < 2.2, "text box \(one) at 1x, \(two) at 2x")
            #expect(heightRatio > 1.8 && heightRatio < 2.2, "text box \(one) at 1x, \(two) at 2x")
            #expect(Double(two.pixels) / Double(one.pixels) > 3, "lit pixels \(one.pixels) at 1x, \(two.pixels) at 2x")
        }

        /// The bounding box and count of the overlay's text pixels: the text colour (0.92, 0.95,
        /// 1.0), which nothing in the grid scene reaches.
        func textBox(_ image: PNGImage) -> (width: Int, height: Int, pixels: Int) {
            var minX = Int.max, minY = Int.max, maxX = 0, maxY = 0, count = 0
            for y in 60..<min(image.height, 560) {
                for x in 0..<min(image.width, 900) {
                    let pixel = image.pixel(x: x, y: y)
                    // The text colour (0.92, 0.95, 1.0) over the dark panel; not the graph's greens.
                    guard pixel.r > 225, pixel.g > 232, pixel.b > 245 else { continue }
                    minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
                    count += 1
                }
            }
            return count == 0 ? (0, 0, 0) : (maxX - minX + 1, maxY - minY + 1, count)
        }
    }
}
