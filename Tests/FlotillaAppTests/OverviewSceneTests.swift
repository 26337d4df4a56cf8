@testable import FlotillaApp
import FlotillaCore
import FlotillaGPU
import Foundation
import Logging
import Testing

/// The overview over the TextureBridge, on the GPU: producers' thumbnails are made only while
/// someone subscribes, each is charged to its producer, and a producer that closes leaves a
/// stale handle, so its tile goes and the stale count rises. Validation (sync included) silent.
@Suite(.serialized) struct OverviewSceneTests {
    @Test func aClosedProducersTileGoesAndItsHandleIsStale() throws {
        let host = try GpuHost(.init(presentsToWayland: false, logger: Logger(label: "flotilla-test"), validation: true))
        try host.shared.prepare(formats: WindowManager.likelyFormats(host))
        let extent = Extent(width: 320, height: 200)
        let kinds: [SceneKind] = [.particles, .grid, .post, .overview]
        var windows: [(id: WindowID, gpu: WindowGPUState, target: OffscreenTarget, scene: Scene)] = []
        for (index, kind) in kinds.enumerated() {
            let id = WindowID(index + 1)
            let target = try OffscreenTarget(host: host, extent: extent, owner: .window(id))
            windows.append((id, try WindowGPUState(host: host, owner: .window(id), target: target),
                            target, SceneFactory.make(kind, seed: UInt64(index + 1))))
            host.bridge.publish(id, label: WindowManager.label(id: id, scene: kind))
        }
        let overview = try #require(windows[3].scene as? OverviewScene)
        func frame(_ windows: [(id: WindowID, gpu: WindowGPUState, target: OffscreenTarget, scene: Scene)]) throws {
            _ = try host.wait(for: host.lastSubmittedSerial, timeout: 10_000_000_000)
            let pass = FramePass(host: host, threads: 2)
            for window in windows {
                window.scene.advance(by: 1.0 / 60, in: extent)
                let constants = FrameConstants(width: 320, height: 200, time: 0.5, hue: 0.3)
                _ = try window.gpu.record(into: pass, clearColor: (0, 0, 0), prepare: { frame in
                    try window.scene.prepare(frame, constants: constants)
                    try host.bridge.prepareThumbnail(for: window.id, frame)
                }, record: { try window.scene.record($0, constants: constants) })
            }
            _ = try pass.submitAndPresent()
        }
        // No subscriber yet: no thumbnail is made, nothing is charged for one.
        try frame(Array(windows.prefix(3)))
        let before = host.memory.ledger.bytes(of: .window(WindowID(1)))
        // The overview subscribes; from the next frame on the producers make thumbnails.
        for _ in 0..<3 { try frame(windows) }
        #expect(overview.shownTiles == 3)
        #expect(host.memory.ledger.bytes(of: .window(WindowID(1))) > before, "window 1 pays for its thumbnail")
        #expect(host.bridge.subscriptions == 1 && host.bridge.published == 4)

        // Window 1 closes: its handle goes stale, its tile goes.
        let closing = windows.removeFirst()
        closing.scene.release(after: host.lastSubmittedSerial)
        host.bridge.withdraw(closing.id, after: host.lastSubmittedSerial)
        _ = closing.gpu.destroy()
        try frame(windows)
        #expect(overview.shownTiles == 2)
        #expect(host.bridge.stale >= 1)
        #expect(host.bridge.published == 3)

        _ = try host.wait(for: host.lastSubmittedSerial, timeout: 10_000_000_000)
        for window in windows {
            window.scene.release(after: host.lastSubmittedSerial)
            host.bridge.withdraw(window.id, after: host.lastSubmittedSerial)
            #expect(window.gpu.destroy())
        }
        #expect(host.validationMessageCount == 0)
    }
}
