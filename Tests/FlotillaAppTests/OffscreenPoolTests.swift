@testable import FlotillaApp
import FlotillaCore
import FlotillaGPU
import Foundation
import Logging
import Testing

/// Offscreen jobs: started one at a time, never waited for; a finished one's pixels arrive
/// through its AsyncResult; a cancelled one never runs. Validation (sync included) silent.
@Suite(.serialized) struct OffscreenPoolTests {
    @Test func aJobRendersItsSceneAndACancelledOneNeverRuns() throws {
        let host = try GpuHost(.init(presentsToWayland: false, logger: Logger(label: "flotilla-test"), validation: true))
        let pool = OffscreenPool(logger: Logger(label: "flotilla-test"))
        let wanted = OffscreenJob(window: WindowID(9), kind: .particles, size: Extent(width: 200, height: 120), time: 1.5)
        let dropped = OffscreenJob(window: WindowID(9), kind: .post, size: Extent(width: 200, height: 120), time: 1.5)
        pool.submit(dropped)
        pool.submit(wanted)
        dropped.cancel()
        #expect(pool.hasQueued)
        pool.startNext(host: host)         // the cancelled one is dropped, the other starts
        #expect(!pool.hasQueued)
        #expect(pool.runningCount == 1)
        #expect(!wanted.result.isReady, "polled, never waited for: pending until the loop looks")
        _ = try host.wait(for: host.lastSubmittedSerial, timeout: 10_000_000_000)
        pool.poll(host: host)
        let image = try #require(try wanted.result.tryGet()?.get())
        #expect(image.extent == Extent(width: 200, height: 120))
        #expect(image.bgra.count == 200 * 120 * 4)
        // Particles over a dark background: many pixels lit.
        let lit = stride(from: 0, to: image.bgra.count, by: 4).filter { Int(image.bgra[$0]) + Int(image.bgra[$0 + 1]) + Int(image.bgra[$0 + 2]) > 200 }
        #expect(lit.count > 20, "lit pixels: \(lit.count)")
        guard case .failure(let failure)? = dropped.result.tryGet() else {
            Issue.record("the cancelled job has a result")
            return
        }
        #expect(failure.reason == "cancelled")
        #expect(pool.history.started == 1 && pool.history.cancelled == 1 && pool.history.done == 1)
        pool.dropAll(host: host)
        #expect(host.validationMessageCount == 0)
    }
}
