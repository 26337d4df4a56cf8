import Foundation
import FlotillaCompositors
import FlotillaTestSupport
import Testing

/// wp_fractional_scale_v1 + wp_viewporter against flotilla-test-compositor: the buffers follow
/// the preferred scale (150%, 125%, then 125/120), the viewport keeps the logical size, the
/// buffer scale stays 1, the glyphs are rasterized at the scale, and what was committed is a
/// readable frame.
@Suite(.serialized) struct FractionalScaleTests {
    @Test func buffersFollowThePreferredScaleAndTheViewportKeepsTheLogicalSize() throws {
        let dump = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-fractional-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dump, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dump) }
        // 180/120 = 150% and 150/120 = 125%, the scales of most laptop desktops; and 125/120, whose
        // products are not whole (416.7 x 312.5): the protocol rounds half away from zero, which
        // here is also the ceiling.
        let scales = [180, 150, 125]
        let compositor = try ScaleCompositor(size: (400, 300), scales: scales, frames: 20, dump: dump)
        defer { compositor.stop() }
        let flotilla = try FlotillaRun(["--windows", "1", "--scene", "grid"], in: compositor, statsName: "fractional.jsonl")
        let result = flotilla.child.wait(timeout: 150)
        let ended = compositor.waitForExit(timeout: 10)
        #expect(result.status == 0, "flotilla: \(result.output.suffix(2000))")
        #expect(ended.status == 0, "the compositor saw every scale through: \(ended.stdout.suffix(1500))")
        #expect(validationProblems(in: result.output) == [])

        let commits = compositor.commits
        func expected(_ scale: Int) -> (Int, Int) {
            func ceiling(_ logical: Int) -> Int { (logical * scale + 119) / 120 }
            func rounded(_ logical: Int) -> Int { Int((Double(logical * scale) / 120).rounded(.toNearestOrAwayFromZero)) }
            #expect(ceiling(400) == rounded(400) && ceiling(300) == rounded(300))
            return (rounded(400), rounded(300))
        }
        #expect(expected(180) == (600, 450) && expected(150) == (500, 375) && expected(125) == (417, 313))
        for (index, scale) in scales.enumerated() {
            let atScale = commits.filter { $0.preferredScale == scale }
            #expect(atScale.count >= 20, "commits at \(scale): \(atScale.count)")
            // The first scale arrives before the first configure: every buffer has its size. After
            // a change, at most the frames already recorded keep the old size.
            let stale = atScale.prefix { $0.buffer != expected(scale) }
            #expect(stale.count <= (index == 0 ? 0 : 2), "frames at the old size after the change to \(scale): \(stale.count)")
            for commit in atScale.dropFirst(stale.count) {
                #expect(commit.buffer == expected(scale) && commit.viewport == (400, 300) && commit.bufferScale == 1,
                        "\(commit)")
            }
        }

        // Glyphs at each scale: the overlay's 13 px and the grid's 15 px at 150% (20, 23), at
        // 125% (16, 19) and at 125/120 (14, 16); no blurry scale-2 rendering in between.
        let lines = flotilla.stats.lines
        let sizes = Set(lines.flatMap { (($0["text_atlas"] as? [String: Any])?["pixel_sizes"] as? [Int]) ?? [] })
        #expect(sizes.isSuperset(of: [14, 16, 19, 20, 23]), "atlas sizes: \(sizes.sorted())")
        #expect(!sizes.contains(26) && !sizes.contains(30), "nothing at scale 2: \(sizes.sorted())")
        #expect(lines.last?["validation_messages"] as? Int == 0)
        #expect(StatsLines.droppedOwners(lines.last) == 0, "every owner of GPU memory released, none dropped")

        // The committed frame at 150% is a readable picture: the overlay's light text on its
        // dark panel in the top left, the grid's text below it.
        let image = try PPMImage(contentsOf: dump.appendingPathComponent("scale-180.ppm"))
        #expect(image.width == 600 && image.height == 450)
        let panelText = image.count(in: (20, 20, 300, 120)) { $0.r > 200 && $0.g > 200 && $0.b > 200 }
        #expect(panelText > 1500, "light text pixels in the panel: \(panelText)")
    }
}
