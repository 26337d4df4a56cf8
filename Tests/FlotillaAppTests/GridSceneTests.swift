@testable import FlotillaApp
import FlotillaCore
import FlotillaGPU
import FlotillaCompositors
import FlotillaTestSupport
import Foundation
import Logging
import Testing

/// The grid's instance uploads are driven by its DirtyFlag: many changes between two frames, or
/// two prepares in one frame, make one upload; a frame with no change makes none.
@Suite(.serialized) struct GridSceneTests {
    @Test func manyChangesMakeOneUploadAFrameAndNoChangeMakesNone() throws {
        let host = try GpuHost(.init(presentsToWayland: false, logger: Logger(label: "flotilla-test"), validation: true))
        let owner = MemoryOwner.window(WindowID(1))
        let extent = Extent(width: 320, height: 200)
        let window = try WindowGPUState(host: host, owner: owner,
                                        target: try OffscreenTarget(host: host, extent: extent, owner: owner))
        let grid = GridScene(seed: 7)
        let constants = FrameConstants(width: 320, height: 200, time: 0, hue: 0.3)
        func frame(preparesTwice: Bool = false) throws {
            _ = try host.wait(for: host.lastSubmittedSerial, timeout: 5_000_000_000)
            let outcome = try window.renderFrame(clearColor: (0, 0, 0), prepare: { frame in
                try grid.prepare(frame, constants: constants)
                if preparesTwice { try grid.prepare(frame, constants: constants) }
            }, record: { frame in try grid.record(frame, constants: constants) })
            #expect(outcome == .presented)
        }
        try frame()
        #expect(grid.uploads == 1, "the first frame uploads every cell once")
        try frame()
        #expect(grid.uploads == 1, "nothing changed: no upload")
        grid.advance(by: 0.5, in: extent)              // about 45 characters typed
        try frame(preparesTwice: true)
        #expect(grid.uploads == 2, "many changes, two prepares, one upload")
        try frame()
        #expect(grid.uploads == 2)
        _ = try host.wait(for: host.lastSubmittedSerial, timeout: 5_000_000_000)
        grid.release(after: host.lastSubmittedSerial)
        #expect(window.destroy())
        #expect(host.validationMessageCount == 0)
    }
}
