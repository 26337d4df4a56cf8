import CVulkan
import FlotillaCore
@testable import FlotillaGPU
import FlotillaCompositors
import FlotillaTestSupport
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
    var canCopyFrom: Bool { inner.canCopyFrom }
    var externalBytesEstimate: UInt64 { 0 }
    func acquire(signalling semaphore: VkSemaphore) throws -> AcquireOutcome { try inner.acquire(signalling: semaphore) }
    func presentRequest(for image: TargetImage) -> PresentRequest? { nil }
    func presented(_ image: TargetImage, result: VkResult) throws -> PresentOutcome { outcome }
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

    @Test func onePassSubmitsAndPresentsEveryWindowOnceAndAnOutOfDateOneRebuildsAlone() throws {
        let host = try makeTestHost()
        let extent = Extent(width: 64, height: 48)
        let owners = (1...3).map { MemoryOwner.window(WindowID($0)) }
        let stale = OutOfDateTarget(try OffscreenTarget(host: host, extent: extent, owner: owners[1]))
        let windows = [
            try WindowGPUState(host: host, owner: owners[0], target: try OffscreenTarget(host: host, extent: extent, owner: owners[0])),
            try WindowGPUState(host: host, owner: owners[1], target: stale),
            try WindowGPUState(host: host, owner: owners[2], target: try OffscreenTarget(host: host, extent: extent, owner: owners[2])),
        ]
        let submitsBefore = host.submitCalls
        let pass = FramePass(host: host)
        var order: [Int] = []
        for (index, window) in windows.enumerated() {
            #expect(try window.record(into: pass, clearColor: (0, 0, 1), record: { _ in },
                                      beforePresent: { order.append(index) }) == .recorded)
        }
        let outcomes = try pass.submitAndPresent()
        #expect(host.submitCalls == submitsBefore + 1, "one vkQueueSubmit2 for the whole pass")
        #expect(host.passesSubmitted >= 1)
        #expect(order == [0, 1, 2], "frames go out in the order they were recorded")
        #expect(outcomes.map(\.outcome) == [.presented, .rebuilt, .presented])
        #expect(windows.map(\.framesPresented) == [1, 0, 1])
        #expect(stale.rebuilds == 1, "only the out-of-date window rebuilt")
        // Every frame carries the pass's serial: when it completes, each window is idle.
        #expect(try host.wait(for: pass.serial, timeout: 5_000_000_000))
        #expect(windows.allSatisfy { $0.isIdle })
        for window in windows { #expect(window.destroy()) }
        #expect(host.validationMessageCount == 0)
    }
}
