import FlotillaCore
import FlotillaGPU
import FlotillaCompositors
import FlotillaTestSupport
import Testing

/// A producer's thumbnail is blitted in its pass's epilogue, after every window of the pass has
/// drawn: it may be sampled only from the next pass on, and across a resize the old one stays on
/// show until the new one has been written. Validation (sync included) silent.
@Suite(.serialized) struct TextureBridgeTests {
    @Test func aThumbnailShowsFromThePassAfterItsFirstBlitAndSurvivesAResize() throws {
        let host = try makeTestHost()
        let producer = WindowID(1), subscriber = WindowID(2)
        let owner = MemoryOwner.window(producer)
        let target = try OffscreenTarget(host: host, extent: Extent(width: 640, height: 400), owner: owner)
        let window = try WindowGPUState(host: host, owner: owner, target: target)
        defer { window.destroy() }
        host.bridge.publish(producer, label: "1 · grid")
        let entry = try #require(host.bridge.entry(of: producer))

        /// One frame of the producer; returns what a frame of the same pass could sample.
        func frame() throws -> Extent? {
            _ = try host.wait(for: host.lastSubmittedSerial, timeout: 10_000_000_000)
            var shownInItsPass: Extent?
            let outcome = try window.renderFrame(clearColor: (0.2, 0.4, 0.6), prepare: { frame in
                try host.bridge.prepareThumbnail(for: producer, frame)
                shownInItsPass = entry.shown(in: frame.serial)?.extent
            }, record: { _ in })
            #expect(outcome == .presented)
            return shownInItsPass
        }

        // Nobody subscribes: no thumbnail.
        #expect(try frame() == nil && entry.frames == 0)
        host.bridge.subscribe(subscriber)
        // The first blit: not readable in its own pass, readable in the next.
        #expect(try frame() == nil)
        #expect(entry.shown(in: host.lastSubmittedSerial + 1)?.extent == Extent(width: 320, height: 200))
        #expect(try frame() == Extent(width: 320, height: 200))

        // The producer shrinks: its pass still shows the old thumbnail, the next the new one.
        try window.resize(to: Extent(width: 320, height: 240))
        #expect(try frame() == Extent(width: 320, height: 200))
        #expect(try frame() == Extent(width: 320, height: 240))
        #expect(entry.frames == 4)

        host.bridge.withdraw(producer, after: host.lastSubmittedSerial)
        #expect(host.bridge.entry(of: producer) == nil && host.bridge.published == 0)
        _ = try host.wait(for: host.lastSubmittedSerial, timeout: 10_000_000_000)
        #expect(host.validationMessageCount == 0)
    }
}
