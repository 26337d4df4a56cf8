@testable import FlotillaApp
import FlotillaCore
import FlotillaGPU
import FlotillaCompositors
import FlotillaTestSupport
import Foundation
import Logging
import Testing

/// The shared glyph atlas grows in the middle of a pass (issue 23: windows moved to an output of
/// scale 3 on sway). Windows prepared before the growth drew with the old texture, which the
/// growth had left in TRANSFER_SRC for its copy: synchronization validation saw
/// DrawState-InvalidImageLayout in 5 of 10 runs with recording threads. The old texture must
/// stay readable for every window of the pass, on any number of threads.
@Suite(.serialized) struct TextAtlasGrowthTests {
    @Test(arguments: [1, 4])
    func theAtlasGrowsMidPassWithNothingForValidationToSee(threads: Int) throws {
        let host = try GpuHost(.init(presentsToWayland: false, logger: Logger(label: "flotilla-test"), validation: true))
        try host.shared.prepare(formats: WindowManager.likelyFormats(host))
        let extent = Extent(width: 320, height: 240)
        // Windows 1 and 2 draw text at scale 1, window 3 at scale 3 (its glyphs do not fit in
        // the first 256x256 texture), window 4 at 1 again, all in one pass.
        let scales = [DisplayScale.one, .one, DisplayScale(integer: 3), .one]
        var windows: [(gpu: WindowGPUState, target: OffscreenTarget, scene: Scene)] = []
        for (index, scale) in scales.enumerated() {
            let owner = MemoryOwner.window(WindowID(index + 1))
            let target = try OffscreenTarget(host: host, extent: extent, owner: owner)
            let scene = SceneFactory.make(.grid, seed: AppWindow.seed(WindowID(index + 1)))
            scene.setScale(scale)
            windows.append((try WindowGPUState(host: host, owner: owner, target: target), target, scene))
        }
        let atlas = try host.shared.textAtlas()
        var sizes: [Int] = []
        #expect(atlas.cache.size == 256)
        for frame in 0..<3 {
            _ = try host.wait(for: host.lastSubmittedSerial, timeout: 10_000_000_000)
            let pass = FramePass(host: host, threads: threads)
            for (index, window) in windows.enumerated() {
                window.scene.advance(by: frame == 0 ? 0 : 0.25, in: extent)
                let constants = FrameConstants(width: Float(extent.width), height: Float(extent.height),
                                               time: Float(frame) / 4, hue: 0.4)
                #expect(try window.gpu.record(into: pass, clearColor: (0, 0, 0),
                                              prepare: { frame in
                                                  // Window 3 at scale 3 asks for every printable
                                                  // glyph at its size: more than 256x256 holds.
                                                  if index == 2 {
                                                      for codepoint in UInt32(33)...126 {
                                                          _ = atlas.glyph(codepoint, pixelSize: 45, frame: frame.serial)
                                                      }
                                                  }
                                                  try window.scene.prepare(frame, constants: constants)
                                              },
                                              record: { try window.scene.record($0, constants: constants) }) == .recorded)
                sizes.append(atlas.cache.size)
            }
            #expect(try pass.submitAndPresent().allSatisfy { $0.outcome == .presented })
        }
        _ = try host.wait(for: host.lastSubmittedSerial, timeout: 10_000_000_000)
        // The growth happened inside the first pass, after windows that had drawn text already.
        #expect(sizes[0] == 256 && sizes[2] > 256, "atlas sizes window by window: \(sizes)")
        let first = try host.read(try #require(windows[0].target.lastImage)).bytes
        #expect((first.enumerated().filter { $0.offset % 4 != 3 }.map(\.element).max() ?? 0) > 60, "window 1 drew its text")
        for window in windows {
            window.scene.release(after: host.lastSubmittedSerial)
            #expect(window.gpu.destroy())
        }
        #expect(host.validationMessageCount == 0)
    }
}
