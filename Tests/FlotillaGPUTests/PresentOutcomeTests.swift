import CVulkan
import FlotillaCore
@testable import FlotillaGPU
import Testing

/// A target whose presents come back out of date, as a swapchain's do when the surface changed
/// under it: nothing reached the screen.
final class OutOfDateTarget: SurfaceTarget {
    let inner: OffscreenTarget
    var outcome = PresentOutcome.outOfDate
    private(set) var rebuilds = 0

    init(_ inner: OffscreenTarget) { self.inner = inner }

    var extent: Extent { inner.extent }
    var format: VkFormat { inner.format }
    var finalLayout: VkImageLayout { inner.finalLayout }
    var externalBytesEstimate: UInt64 { 0 }
    func acquire(signalling semaphore: VkSemaphore) throws -> AcquireOutcome { try inner.acquire(signalling: semaphore) }
    func present(_ image: TargetImage) throws -> PresentOutcome { outcome }
    func resize(to extent: Extent) throws { rebuilds += 1 }
    func destroy() { inner.destroy() }
}

@Suite(.serialized) struct PresentOutcomeTests {
    @Test func anOutOfDatePresentIsNotCountedButASuboptimalOneIs() throws {
        let host = try makeTestHost()
        let owner = MemoryOwner.window(WindowID(1))
        let target = OutOfDateTarget(try OffscreenTarget(host: host, extent: Extent(width: 64, height: 48), owner: owner))
        let window = try WindowGPUState(host: host, owner: owner, target: target)
        func draw() throws -> FrameOutcome {
            _ = try host.wait(for: host.lastSubmittedSerial, timeout: 5_000_000_000)
            return try window.renderFrame(clearColor: (0, 0, 0)) { _ in }
        }
        #expect(try draw() == .rebuilt)
        #expect(window.framesPresented == 0, "an out-of-date present showed nothing")
        #expect(target.rebuilds == 1)

        target.outcome = .presentedSuboptimal
        #expect(try draw() == .presented)
        #expect(window.framesPresented == 1, "a suboptimal present was shown")
        #expect(target.rebuilds == 2)
        _ = try host.wait(for: host.lastSubmittedSerial, timeout: 5_000_000_000)
        #expect(window.destroy())
        #expect(host.validationMessageCount == 0)
    }
}
