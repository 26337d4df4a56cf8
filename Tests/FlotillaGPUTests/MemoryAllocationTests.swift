import CVulkan
import FlotillaCore
@testable import FlotillaGPU
import Testing

/// A MemoryAllocation (and the GpuBuffer or GpuImage that holds one) is owned by one value and
/// goes back only through `release(after:)`: its bytes stay taken, and charged, until the GPU has
/// finished the named submission; a release naming a finished submission frees at once; one
/// dropped without a release is counted and freed after the submission being recorded.
@Suite(.serialized) struct MemoryAllocationTests {
    private static let usage = VkBufferUsageFlags(VK_BUFFER_USAGE_TRANSFER_DST_BIT.rawValue)

    @Test func aReleasedBufferStaysChargedUntilItsSubmissionFinishes() throws {
        let host = try makeTestHost()
        let owner = MemoryOwner.window(WindowID(7))
        let live = host.memory.liveAllocationCount
        let buffer = try host.makeBuffer(size: 4096, usage: Self.usage, hostVisible: false, owner: owner, category: .other)
        #expect(host.memory.ledger.bytes(of: owner, in: .other) >= 4096)
        let serial = host.clock.next + 2
        buffer.release(after: serial)
        #expect(host.memory.liveAllocationCount == live + 1, "the GPU may still use it")
        #expect(host.memory.ledger.bytes(of: owner, in: .other) >= 4096)
        host.memory.collect(completed: serial - 1)
        #expect(host.memory.liveAllocationCount == live + 1)
        host.memory.collect(completed: serial)
        #expect(host.memory.liveAllocationCount == live)
        #expect(host.memory.ledger.bytes(of: owner, in: .other) == 0)
        #expect(host.memory.droppedAllocations == 0)
        #expect(host.validationMessageCount == 0)
    }

    @Test func theHostFreesWhatWasReleasedOnceTheGPUPassesItsSubmission() throws {
        let host = try makeTestHost()
        let gate = try GPUGate(host: host)
        defer { gate.destroy() }
        let live = host.memory.liveAllocationCount
        let buffer = try host.makeBuffer(size: 4096, usage: Self.usage, hostVisible: false, owner: .shared, category: .other)
        // A submission the GPU cannot finish until the test opens the gate.
        let blocked = try gate.submitBlocked()
        buffer.release(after: blocked)
        host.collectCompletedWork()
        #expect(host.memory.liveAllocationCount == live + 1, "the GPU has not finished the submission")
        gate.open()
        #expect(try host.wait(for: blocked, timeout: 10_000_000_000))
        #expect(host.memory.liveAllocationCount == live + 1, "nothing collected yet")
        // What the event loop does at the end of each pass.
        host.collectCompletedWork()
        #expect(host.memory.liveAllocationCount == live)
        #expect(host.memory.retiringCount == 0)
        #expect(host.validationMessageCount == 0)
    }

    @Test func aReleaseNamingAFinishedSubmissionFreesAtOnce() throws {
        let host = try makeTestHost()
        let live = host.memory.liveAllocationCount
        let image = try host.makeColorImage(extent: Extent(width: 32, height: 32), format: VK_FORMAT_R8G8B8A8_UNORM,
                                            usage: VkImageUsageFlags(VK_IMAGE_USAGE_SAMPLED_BIT.rawValue),
                                            owner: .shared, category: .textures)
        image.release(after: host.lastSubmittedSerial)
        #expect(host.memory.liveAllocationCount == live)
        #expect(host.memory.retiringCount == 0)
        #expect(host.validationMessageCount == 0)
    }

    @Test func anAllocationDroppedWithoutAReleaseIsCountedAndFreedAfterTheNextSubmission() throws {
        let host = try makeTestHost()
        let live = host.memory.liveAllocationCount
        do {
            let forgotten = try host.makeBuffer(size: 256, usage: Self.usage, hostVisible: true, owner: .shared, category: .other)
            #expect(forgotten.size == 256)
        }
        #expect(host.memory.droppedAllocations == 1)
        #expect(host.memory.liveAllocationCount == live + 1, "the submission being recorded may still use it")
        host.memory.collect(completed: host.clock.next)
        #expect(host.memory.liveAllocationCount == live)
    }

    @Test func aBufferWhoseMemoryIsRefusedLeavesNothingBehind() throws {
        let host = try makeTestHost()
        let live = host.memory.liveAllocationCount
        let bytes = host.memory.deviceBytes
        host.memory.failingAllocation = host.memory.allocationRequests + 1
        #expect(throws: VulkanError.self) {
            // Larger than half a block: its own vkAllocateMemory, which the fault refuses.
            let buffer = try host.makeBuffer(size: host.memory.blockSize, usage: Self.usage, hostVisible: false,
                                             owner: .shared, category: .other)
            buffer.release(after: 0)
        }
        #expect(host.memory.liveAllocationCount == live)
        #expect(host.memory.deviceBytes == bytes)
        #expect(host.memory.droppedAllocations == 0)
        #expect(host.validationMessageCount == 0)
    }
}
