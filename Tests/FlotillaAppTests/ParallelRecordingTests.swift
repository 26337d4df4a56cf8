@testable import FlotillaApp
import FlotillaCore
import FlotillaGPU
import FlotillaCompositors
import FlotillaTestSupport
import Foundation
import Logging
import Testing

/// Windows recorded on several threads give the same pixels as on one: every scene, the same
/// seeds and steps, one pass per frame with all windows in it; validation (its thread-safety
/// and synchronization checks included) silent.
@Suite(.serialized) struct ParallelRecordingTests {
    func images(threads: Int) throws -> [[UInt8]] {
        let host = try GpuHost(.init(presentsToWayland: false, logger: Logger(label: "flotilla-test"), validation: true))
        try host.shared.prepare(formats: WindowManager.likelyFormats(host))
        let extent = Extent(width: 192, height: 128)
        let kinds: [SceneKind] = [.grid, .particles, .post, .particles, .grid, .post]
        var windows: [(gpu: WindowGPUState, target: OffscreenTarget, scene: Scene)] = []
        for (index, kind) in kinds.enumerated() {
            let owner = MemoryOwner.window(WindowID(index + 1))
            let target = try OffscreenTarget(host: host, extent: extent, owner: owner)
            windows.append((try WindowGPUState(host: host, owner: owner, target: target), target,
                            SceneFactory.make(kind, seed: UInt64(index + 1) &* 0x9E37_79B9)))
        }
        for frame in 0..<4 {
            _ = try host.wait(for: host.lastSubmittedSerial, timeout: 10_000_000_000)
            let pass = FramePass(host: host, threads: threads)
            for window in windows {
                window.scene.advance(by: frame == 0 ? 0 : 1.0 / 60, in: extent)
                let constants = FrameConstants(width: Float(extent.width), height: Float(extent.height),
                                               time: Float(frame) / 60, hue: 0.4)
                #expect(try window.gpu.record(into: pass, clearColor: (0, 0, 0),
                                              prepare: { try window.scene.prepare($0, constants: constants) },
                                              record: { try window.scene.record($0, constants: constants) }) == .recorded)
            }
            #expect(try pass.submitAndPresent().allSatisfy { $0.outcome == .presented })
        }
        _ = try host.wait(for: host.lastSubmittedSerial, timeout: 10_000_000_000)
        let pixels = try windows.map { try host.read(try #require($0.target.lastImage)).bytes }
        for window in windows {
            window.scene.release(after: host.lastSubmittedSerial)
            #expect(window.gpu.destroy())
        }
        #expect(host.validationMessageCount == 0)
        return pixels
    }

    @Test func fourThreadsDrawWhatOneThreadDraws() throws {
        let one = try images(threads: 1)
        let four = try images(threads: 4)
        #expect(one.count == 6)
        for (index, (a, b)) in zip(one, four).enumerated() {
            #expect(a == b, "window \(index + 1) differs between 1 and 4 recording threads")
        }
        // Not blank: each scene drew more than its dark background somewhere.
        let brightest = one.map { image in image.enumerated().filter { $0.offset % 4 != 3 }.map(\.element).max() ?? 0 }
        #expect(brightest.allSatisfy { $0 > 60 }, "brightest channel per window: \(brightest)")
    }
}
