import CVulkan
import FlotillaCore
@testable import FlotillaGPU
import Testing

/// One set of intermediates for windows of every size: sized to the largest that asked, smaller
/// frames told the part they use; grown when a larger one asks, shrunk once nothing that
/// large was asked for a while; old sets destroyed only after the GPU's last use.
@Suite(.serialized) struct TransientTargetsTests {
    @Test func oneSetSizedToTheLargestGrowsAndShrinksBack() throws {
        let host = try makeTestHost()
        let transients = host.shared.transients
        let small = Extent(width: 320, height: 200), large = Extent(width: 640, height: 400)

        let first = try transients.lend(for: small)
        #expect(first.scene.extent == small && first.sceneExtent == small)
        #expect(first.bloomExtents.first == Extent(width: 160, height: 100) && first.bloom.count == TransientTargets.bloomLevels)
        let smallBytes = transients.bytes
        #expect(host.memory.ledger.bytes(of: .shared, in: .transients) == smallBytes, "charged to shared")

        let grown = try transients.lend(for: large)
        #expect(grown.scene.extent == large)
        #expect(transients.setCount == 2, "the small set waits for the frame being recorded")
        let again = try transients.lend(for: small)
        #expect(again.scene.image == grown.scene.image, "a smaller window uses the large set")
        #expect(again.sceneExtent == small && again.bloomExtents[0] == Extent(width: 160, height: 100))

        // Nothing was submitted since: the retired set's serial is the next one.
        try host.submitOneShot { _ in }
        #expect(try host.wait(for: host.lastSubmittedSerial, timeout: 5_000_000_000))
        transients.reclaim(completed: host.completedSerial(), now: .now)
        #expect(transients.setCount == 1 && transients.highWater == 2)

        // Only small frames for longer than the grace: back to the small size.
        transients.reclaim(completed: host.completedSerial(), now: .now + TransientTargets.shrinkGrace + .seconds(1))
        _ = try transients.lend(for: small)
        transients.reclaim(completed: host.completedSerial(), now: .now + (TransientTargets.shrinkGrace + .seconds(1)) * 2)
        try host.submitOneShot { _ in }
        #expect(try host.wait(for: host.lastSubmittedSerial, timeout: 5_000_000_000))
        transients.reclaim(completed: host.completedSerial(), now: .now)
        #expect(try transients.lend(for: small).scene.extent == small)
        #expect(transients.bytes == smallBytes)
        #expect(host.validationMessageCount == 0)
    }
}
