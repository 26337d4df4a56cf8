import Foundation
import CVulkan
import FlotillaCore
@testable import FlotillaGPU
import Testing

@Suite(.serialized) struct PoolTests {
    @Test func aReturnedBufferIsReusedOnlyAfterItsFrameAndWithoutANewBlock() throws {
        let host = try makeTestHost()
        let pool = host.shared.bufferPool
        let window = MemoryOwner.window(WindowID(1))
        let first = try pool.checkout(60_000, for: window)
        #expect(first.capacity == 65_536)
        #expect(host.memory.ledger.bytes(of: window, in: .buffers) == 65_536)
        let blocks = host.memory.deviceAllocationCount
        let firstBuffer = first.buffer.buffer

        // "Close the window": the buffer goes back, pending until the GPU passes a frame after it.
        let serial = try host.submitOneShot { _ in }
        first.release(after: serial)
        #expect(host.memory.ledger.bytes(of: window) == 0, "a returned buffer is charged to shared again")
        _ = try host.wait(for: serial, timeout: 5_000_000_000)

        // "Open one of the same size": a hit, no miss, no new vkAllocateMemory.
        let second = try pool.checkout(50_000, for: .window(WindowID(2)))
        #expect(pool.statistics.hits == 1 && pool.statistics.misses == 1)
        #expect(second.buffer.buffer == firstBuffer)
        #expect(host.memory.deviceAllocationCount == blocks)
        second.release(after: host.lastSubmittedSerial)
        #expect(pool.statistics.dropped == 0)
        #expect(host.memory.ledger.totalBytes == host.memory.deviceBytes)
        #expect(host.validationMessageCount == 0)
    }

    @Test func aBufferStillInUseIsNotHandedOut() throws {
        let host = try makeTestHost()
        let pool = host.shared.bufferPool
        // A submission the GPU cannot finish until the test says so: it waits on a gate.
        let gate = try GPUGate(host: host)
        defer { gate.destroy() }
        let held = try pool.checkout(4096, for: .window(WindowID(1)))
        let heldBuffer = held.buffer.buffer
        let blocked = try gate.submitBlocked()
        held.release(after: blocked)         // the GPU may read it until `blocked`, which is not done
        let other = try pool.checkout(4096, for: .window(WindowID(2)))
        #expect(other.buffer.buffer != heldBuffer, "a buffer its frame still uses is not handed out")
        #expect(pool.statistics.misses == 2 && pool.statistics.hits == 0)

        gate.open()
        #expect(try host.wait(for: blocked, timeout: 5_000_000_000))
        let third = try pool.checkout(4096, for: .window(WindowID(3)))
        #expect(third.buffer.buffer == heldBuffer, "once the frame is done, it is reused")
        #expect(pool.statistics.hits == 1)
        other.release(after: host.lastSubmittedSerial)
        third.release(after: host.lastSubmittedSerial)
        #expect(host.validationMessageCount == 0)
    }

    @Test func requestsBeyondTheLargestClassAreExact() throws {
        let host = try makeTestHost()
        let big = try host.shared.bufferPool.checkout((4 << 20) + 100, for: .window(WindowID(3)))
        #expect(big.capacity == (4 << 20) + 100)
        #expect(host.shared.bufferPool.statistics.exact == 1)
        big.release(after: host.lastSubmittedSerial)
        #expect(host.validationMessageCount == 0)
    }

    @Test func textureResizeReturnsAndChecksOutByBucket() throws {
        let host = try makeTestHost()
        let pool = host.shared.texturePool
        let usage = VkImageUsageFlags(VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT.rawValue | VK_IMAGE_USAGE_SAMPLED_BIT.rawValue)
        let window = MemoryOwner.window(WindowID(1))
        var texture = try pool.checkout(Extent(width: 400, height: 300), format: VK_FORMAT_B8G8R8A8_SRGB, usage: usage, for: window)
        #expect(texture.bucket.extent == Extent(width: 512, height: 512))
        #expect(host.memory.ledger.bytes(of: window, in: .textures) >= 512 * 512 * 4)

        // Resize within the bucket: return, then check out again once the GPU is past it.
        texture.release(after: host.lastSubmittedSerial)
        let serial = try host.submitOneShot { _ in }
        _ = try host.wait(for: serial, timeout: 5_000_000_000)
        texture = try pool.checkout(Extent(width: 500, height: 480), format: VK_FORMAT_B8G8R8A8_SRGB, usage: usage, for: window)
        #expect(pool.statistics.hits == 1 && pool.statistics.misses == 1)

        // Past the bucket: a new one.
        texture.release(after: host.lastSubmittedSerial)
        texture = try pool.checkout(Extent(width: 600, height: 300), format: VK_FORMAT_B8G8R8A8_SRGB, usage: usage, for: window)
        #expect(texture.bucket.extent == Extent(width: 1024, height: 512))
        #expect(pool.statistics.misses == 2)
        texture.release(after: host.lastSubmittedSerial)
        #expect(host.memory.ledger.bytes(of: window) == 0)
        #expect(host.memory.ledger.totalBytes == host.memory.deviceBytes)
        #expect(host.validationMessageCount == 0)
    }

    /// The type allows no other way back than `release(after:)`; a checkout that is merely
    /// dropped still goes back no earlier than the submission being recorded, and is counted.
    @Test func aDroppedCheckoutGoesBackNoEarlierThanTheFrameBeingRecordedAndIsCounted() throws {
        let host = try makeTestHost()
        let pool = host.shared.bufferPool
        let gate = try GPUGate(host: host)
        defer { gate.destroy() }
        let blocked = try gate.submitBlocked()
        var heldBuffer: VkBuffer?
        do {
            let held = try pool.checkout(4096, for: .window(WindowID(1)))
            heldBuffer = held.buffer.buffer
        }
        #expect(pool.statistics.dropped == 1)
        // Pending after the next submission: not handed out while `blocked` and its successor run.
        let during = try pool.checkout(4096, for: .window(WindowID(2)))
        #expect(during.buffer.buffer != heldBuffer)
        let after = try host.submitOneShot { _ in }
        gate.open()
        #expect(try host.wait(for: after, timeout: 5_000_000_000))
        _ = blocked
        let later = try pool.checkout(4096, for: .window(WindowID(3)))
        #expect(later.buffer.buffer == heldBuffer)
        during.release(after: host.lastSubmittedSerial)
        later.release(after: host.lastSubmittedSerial)
        #expect(host.validationMessageCount == 0)
    }

    @Test func theTextAtlasIsMadeOnceAndRasterizesEachGlyphOnce() throws {
        let host = try makeTestHost()
        let atlas = try host.shared.textAtlas()
        #expect(try host.shared.textAtlas() === atlas)
        let first = atlas.glyph(UInt32(UInt8(ascii: "A")), pixelSize: 15, frame: 1)
        let again = atlas.glyph(UInt32(UInt8(ascii: "A")), pixelSize: 15, frame: 2)
        let larger = atlas.glyph(UInt32(UInt8(ascii: "A")), pixelSize: 30, frame: 2)
        #expect(first != nil && first == again)
        #expect(larger != nil && larger != first && (larger?.height ?? 0) > (first?.height ?? 0))
        // The white block and two sizes of "A".
        #expect(atlas.cache.rasterizations == 3)
        #expect(host.validationMessageCount == 0)
    }
}
