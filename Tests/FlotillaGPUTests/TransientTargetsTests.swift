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
        // The scene image in 32-bit HDR where the device renders, blends and filters it (lavapipe
        // and NVIDIA do), the bloom levels in RGBA16F: 4 and 8 bytes a pixel, alignment on top.
        #expect(transients.sceneFormat == host.capabilities.hdrFormat)
        #expect(host.capabilities.hdrFormat == VK_FORMAT_B10G11R11_UFLOAT_PACK32)
        let bloomPixels = first.bloomExtents.reduce(0) { $0 + $1.pixelCount }
        let least = small.pixelCount * 4 + bloomPixels * 8, allSixteenBit = (small.pixelCount + bloomPixels) * 8
        #expect(smallBytes >= UInt64(least) && smallBytes < UInt64(allSixteenBit), "\(smallBytes) bytes")

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
