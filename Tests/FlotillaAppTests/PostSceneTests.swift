@testable import FlotillaApp
import FlotillaCore
import FlotillaGPU
import FlotillaCompositors
import FlotillaTestSupport
import Foundation
import Logging
import Testing

/// The full-resolution post scene draws a picture, and its bloom shows: light spreads from bright
/// particles into the dark around them, further than a particle reaches.
@Suite(.serialized) struct PostSceneTests {
    /// The scene drawn for 30 frames of 1/60 s, read back as luminance per pixel.
    func picture(bloomStrength: Float) throws -> [Double] {
        let host = try GpuHost(.init(presentsToWayland: false, logger: Logger(label: "flotilla-test"), validation: true))
        try host.shared.prepare(formats: WindowManager.likelyFormats(host))
        let owner = MemoryOwner.window(WindowID(1))
        let target = try OffscreenTarget(host: host, extent: extent, owner: owner)
        let window = try WindowGPUState(host: host, owner: owner, target: target)
        let scene = PostScene(seed: 3)
        scene.bloomStrength = bloomStrength
        for frame in 0..<30 {
            _ = try host.wait(for: host.lastSubmittedSerial, timeout: 10_000_000_000)
            scene.advance(by: frame == 0 ? 0 : 1.0 / 60, in: extent)
            let constants = FrameConstants(width: 320, height: 200, time: Float(frame) / 60, hue: 0.55)
            #expect(try window.renderFrame(clearColor: (0, 0, 0), prepare: { try scene.prepare($0, constants: constants) },
                                           record: { try scene.record($0, constants: constants) }) == .presented)
        }
        _ = try host.wait(for: host.lastSubmittedSerial, timeout: 10_000_000_000)
        let image = try host.read(try #require(target.lastImage))
        scene.release(after: host.lastSubmittedSerial)
        #expect(window.destroy())
        #expect(host.validationMessageCount == 0)
        // Luminance of each pixel (B8G8R8A8: blue, green, red).
        let bytes = image.bytes
        var luminance: [Double] = []
        for index in stride(from: 0, to: bytes.count, by: 4) {
            let blue = 0.0722 * Double(bytes[index]), green = 0.7152 * Double(bytes[index + 1])
            luminance.append(blue + green + 0.2126 * Double(bytes[index + 2]))
        }
        return luminance
    }

    let extent = Extent(width: 320, height: 200)

    @Test func thePictureIsNotBlankAndBrightParticlesGlow() throws {
        let glowing = try picture(bloomStrength: PostScene(seed: 0).bloomStrength)
        let plain = try picture(bloomStrength: 0)
        func at(_ image: [Double], _ x: Int, _ y: Int) -> Double { image[y * extent.width + x] }
        let median = glowing.sorted()[glowing.count / 2]
        #expect(median > 2, "not a blank image (median luminance \(median))")
        // Bright cores (the same particles in both: same seed, same steps), away from the edges.
        let cores = (20..<(extent.height - 20)).flatMap { y in (20..<(extent.width - 20)).map { (x: $0, y: y) } }
            .filter { at(plain, $0.x, $0.y) > 150 }
        #expect(cores.count >= 10, "bright particles: \(cores.count)")
        // Around them, 4 to 10 pixels out: the bloom adds light there.
        func ring(_ image: [Double]) -> Double {
            var sum = 0.0, count = 0.0
            for core in cores.prefix(80) {
                for dy in -10...10 {
                    for dx in -10...10 where (4 * 4...10 * 10).contains(dx * dx + dy * dy) {
                        sum += at(image, core.x + dx, core.y + dy)
                        count += 1
                    }
                }
            }
            return sum / max(count, 1)
        }
        let withBloom = ring(glowing), without = ring(plain)
        #expect(withBloom > without * 1.15, "light around bright particles: \(withBloom) with bloom, \(without) without")
    }
}
