@testable import FlotillaApp
import FlotillaCore
import FlotillaGPU
import FlotillaCompositors
import FlotillaTestSupport
import Foundation
import Logging
import Testing

/// The particles live on the GPU: their buffer is the window's (a pool checkout charged to it,
/// sized by the particle count), a resize keeps them (copied into a buffer of the new count),
/// the same seed and steps give the same image, and synchronization validation stays silent.
@Suite(.serialized) struct ParticlesSceneTests {
    final class Fixture {
        let host: GpuHost
        init() throws {
            host = try GpuHost(.init(presentsToWayland: false, logger: Logger(label: "flotilla-test"), validation: true))
        }

        /// Draws `frames` frames of `scene` into `window`, advancing 1/60 s each; returns the last image.
        func draw(_ scene: ParticlesScene, in window: WindowGPUState, target: OffscreenTarget, frames: Int) throws -> Readback {
            for _ in 0..<frames {
                _ = try host.wait(for: host.lastSubmittedSerial, timeout: 10_000_000_000)
                scene.advance(by: 1.0 / 60, in: target.extent)
                let constants = FrameConstants(width: Float(target.extent.width), height: Float(target.extent.height),
                                               time: 0, hue: 0.6)
                #expect(try window.renderFrame(clearColor: (0, 0, 0), prepare: { frame in
                    try scene.prepare(frame, constants: constants)
                }, record: { frame in try scene.record(frame, constants: constants) }) == .presented)
            }
            _ = try host.wait(for: host.lastSubmittedSerial, timeout: 10_000_000_000)
            return try host.read(target.lastImage!)
        }
    }

    @Test func theParticleBufferIsTheWindowsAndSurvivesAResize() throws {
        let fixture = try Fixture()
        let host = fixture.host
        let owner = MemoryOwner.window(WindowID(1))
        let target = try OffscreenTarget(host: host, extent: Extent(width: 320, height: 200), owner: owner)
        let window = try WindowGPUState(host: host, owner: owner, target: target)
        let scene = ParticlesScene(seed: 11)
        let targetsOnly = host.memory.ledger.bytes(of: owner)

        let image = try fixture.draw(scene, in: window, target: target, frames: 3)
        let small = ParticlesScene.stateBytes(for: target.extent)
        #expect(small == 400 * ParticleStep.particleStride)
        #expect(host.memory.ledger.bytes(of: owner) == targetsOnly + UInt64(SizeClass.forRequest(small)!),
                "the particle buffer is charged to the window, one size class")
        // Particles glow above the dark background: some pixels are bright.
        let bright = stride(from: 0, to: image.bytes.count, by: 4).filter { Int(image.bytes[$0]) + Int(image.bytes[$0 + 1]) + Int(image.bytes[$0 + 2]) > 300 }
        #expect(bright.count > 50, "particles are drawn (\(bright.count) bright pixels)")

        try window.resize(to: Extent(width: 640, height: 400))
        let beforeResize = host.memory.ledger.bytes(of: owner, in: .buffers)
        _ = try fixture.draw(scene, in: window, target: target, frames: 2)
        let large = ParticlesScene.stateBytes(for: target.extent)
        #expect(large == 1600 * ParticleStep.particleStride)
        #expect(beforeResize == UInt64(SizeClass.forRequest(small)!))
        #expect(host.memory.ledger.bytes(of: owner, in: .buffers) == UInt64(SizeClass.forRequest(large)!),
                "the old buffer went back to the pool; the new one is the window's")

        _ = try host.wait(for: host.lastSubmittedSerial, timeout: 10_000_000_000)
        scene.release(after: host.lastSubmittedSerial)
        #expect(host.memory.ledger.bytes(of: owner, in: .buffers) == 0)
        #expect(window.destroy())
        #expect(host.validationMessageCount == 0)
    }

    @Test func theSameSeedAndStepsGiveTheSameImage() throws {
        let fixture = try Fixture()
        let host = fixture.host
        var images: [Readback] = []
        for number in 1...2 {
            let owner = MemoryOwner.window(WindowID(number))
            let target = try OffscreenTarget(host: host, extent: Extent(width: 256, height: 160), owner: owner)
            let window = try WindowGPUState(host: host, owner: owner, target: target)
            let scene = ParticlesScene(seed: 99)
            images.append(try fixture.draw(scene, in: window, target: target, frames: 6))
            scene.release(after: host.lastSubmittedSerial)
            #expect(window.destroy())
        }
        #expect(images[0].bytes == images[1].bytes)
        let other = MemoryOwner.window(WindowID(3))
        let target = try OffscreenTarget(host: host, extent: Extent(width: 256, height: 160), owner: other)
        let window = try WindowGPUState(host: host, owner: other, target: target)
        let scene = ParticlesScene(seed: 100)
        let different = try fixture.draw(scene, in: window, target: target, frames: 6)
        #expect(different.bytes != images[0].bytes, "another seed, other particles")
        scene.release(after: host.lastSubmittedSerial)
        #expect(window.destroy())
        #expect(host.validationMessageCount == 0)
    }

    /// The simulation on the GPU keeps every particle near the window and renews them: after
    /// 150 fixed steps of 1/60 s (2.5 s), read the state back.
    @Test func particlesStayInBoundsAndRespawn() throws {
        let fixture = try Fixture()
        let host = fixture.host
        let owner = MemoryOwner.window(WindowID(1))
        let extent = Extent(width: 240, height: 160)
        let target = try OffscreenTarget(host: host, extent: extent, owner: owner)
        let window = try WindowGPUState(host: host, owner: owner, target: target)
        let scene = ParticlesScene(seed: 5)
        _ = try fixture.draw(scene, in: window, target: target, frames: 1)
        let first = try particles(scene, host)
        _ = try fixture.draw(scene, in: window, target: target, frames: 150)
        let later = try particles(scene, host)
        #expect(later.count == ParticlesScene.particleCount(for: extent))
        for particle in later {
            #expect(particle.x >= -31 && particle.x <= Float(extent.width) + 31 && particle.y >= -31
                    && particle.y <= Float(extent.height) + 31, "out of bounds: \(particle)")
            #expect(particle.age >= 0 && particle.age <= particle.lifetime + 0.02, "\(particle)")
            #expect(particle.lifetime >= 4 && particle.lifetime <= 10)
        }
        // Lifetimes are 4 to 10 s and the first generation starts at up to 80% of theirs: after
        // 2.5 s some have died and been spawned again (a new seed), most are the same ones.
        let renewed = zip(first, later).filter { $0.seed != $1.seed }.count
        #expect(renewed > later.count / 20 && renewed < later.count, "\(renewed) of \(later.count) renewed")
        #expect(later.contains { $0.speed > 1 }, "they move")
        scene.release(after: host.lastSubmittedSerial)
        #expect(window.destroy())
        #expect(host.validationMessageCount == 0)
    }

    /// Every particles window of a pass steps in the pass's one compute batch (two barriers for
    /// all, none in the windows' own command buffers), and a window shows there what it shows
    /// in a pass of its own.
    @Test func theWindowsOfAPassStepTogetherBeforeAnyWindowsPass() throws {
        let fixture = try Fixture()
        let host = fixture.host
        let extent = Extent(width: 200, height: 120)
        var windows: [(scene: ParticlesScene, window: WindowGPUState, target: OffscreenTarget)] = []
        for number in 1...3 {
            let owner = MemoryOwner.window(WindowID(number))
            let target = try OffscreenTarget(host: host, extent: extent, owner: owner)
            windows.append((ParticlesScene(seed: 7), try WindowGPUState(host: host, owner: owner, target: target), target))
        }
        for frame in 0..<4 {
            _ = try host.wait(for: host.lastSubmittedSerial, timeout: 10_000_000_000)
            let pass = FramePass(host: host, threads: 2)
            // The third window draws alone in a pass of its own.
            for entry in windows.prefix(2) {
                entry.scene.advance(by: 1.0 / 60, in: extent)
                let constants = FrameConstants(width: Float(extent.width), height: Float(extent.height), time: 0, hue: 0.6)
                var preludeCommands = -1
                let outcome = try entry.window.record(into: pass, clearColor: (0, 0, 0), prepare: { frame in
                    try entry.scene.prepare(frame, constants: constants)
                    preludeCommands = frame.prelude.commands.count
                }, record: { frame in try entry.scene.record(frame, constants: constants) })
                #expect(outcome == .recorded)
                #expect(preludeCommands == 0, "nothing of the step is left in the window's own command buffer")
            }
            #expect(pass.computeSteps.count == 2, "frame \(frame): one dispatch a window, in one batch")
            _ = try pass.submitAndPresent()
        }
        let alone = try fixture.draw(windows[2].scene, in: windows[2].window, target: windows[2].target, frames: 4)
        let together = try host.read(windows[0].target.lastImage!)
        #expect(together.bytes == alone.bytes, "the same seed and steps, the same image, batched or not")
        #expect(try particles(windows[0].scene, host).map(\.x) == particles(windows[2].scene, host).map(\.x))
        for entry in windows {
            entry.scene.release(after: host.lastSubmittedSerial)
            #expect(entry.window.destroy())
        }
        #expect(host.validationMessageCount == 0)
    }

    struct Particle: CustomStringConvertible {
        var x: Float, y: Float, vx: Float, vy: Float, age: Float, lifetime: Float, size: Float, seed: UInt32
        var speed: Float { (vx * vx + vy * vy).squareRoot() }
        var description: String { "(\(x), \(y)) age \(age) of \(lifetime)" }
    }

    func particles(_ scene: ParticlesScene, _ host: GpuHost) throws -> [Particle] {
        let state = try #require(scene.stateBuffer)
        let bytes = try host.read(state.buffer, bytes: state.count * ParticleStep.particleStride)
        return bytes.withUnsafeBytes { raw in
            (0..<state.count).map { index in
                let base = index * ParticleStep.particleStride
                func float(_ at: Int) -> Float { raw.load(fromByteOffset: base + at * 4, as: Float.self) }
                return Particle(x: float(0), y: float(1), vx: float(2), vy: float(3), age: float(4), lifetime: float(5),
                                size: float(6), seed: raw.load(fromByteOffset: base + 28, as: UInt32.self))
            }
        }
    }
}
