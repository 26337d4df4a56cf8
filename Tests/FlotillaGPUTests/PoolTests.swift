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

@Suite struct PipelineCacheFileTests {
    let capabilities = HostCapabilitiesFixture.make()

    @Test func aFileFromAnotherDeviceOrDamagedIsRefused() {
        var payload = [UInt8](repeating: 0, count: 48)
        func put(_ value: UInt32, at offset: Int) { withUnsafeBytes(of: value.littleEndian) { payload.replaceSubrange(offset..<(offset + 4), with: $0) } }
        put(32, at: 0)
        put(UInt32(VK_PIPELINE_CACHE_HEADER_VERSION_ONE.rawValue), at: 4)
        put(capabilities.vendorID, at: 8)
        put(capabilities.deviceID, at: 12)
        payload.replaceSubrange(16..<32, with: capabilities.pipelineCacheUUID)
        func wrap(_ payload: [UInt8]) -> [UInt8] {
            PipelineCache.magic + withUnsafeBytes(of: UInt64(payload.count).littleEndian) { Array($0) }
                + withUnsafeBytes(of: PipelineCache.checksum(payload).littleEndian) { Array($0) } + payload
        }
        #expect((try? PipelineCache.validate(wrap(payload), capabilities: capabilities).get()) == payload)

        var foreign = payload
        foreign[8] ^= 0xFF
        #expect((try? PipelineCache.validate(wrap(foreign), capabilities: capabilities).get()) == nil)
        var damaged = wrap(payload)
        damaged[damaged.count - 1] ^= 1
        #expect((try? PipelineCache.validate(damaged, capabilities: capabilities).get()) == nil)
        #expect((try? PipelineCache.validate(Array(wrap(payload).dropLast()), capabilities: capabilities).get()) == nil)
        #expect((try? PipelineCache.validate(Array("garbage".utf8), capabilities: capabilities).get()) == nil)
    }
}

@Suite struct PipelineCacheLoadTests {
    /// A big file of junk, or one whose header claims more than a cache ever holds, is turned
    /// away after its 24-byte header: nothing more is read.
    @Test func aHugeOrLyingFileIsRejectedByItsHeader() throws {
        let capabilities = HostCapabilitiesFixture.make()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-pc-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let junk = folder.appendingPathComponent("junk.bin")
        #expect(FileManager.default.createFile(atPath: junk.path, contents: Data("not a cache at all, but long".utf8)))
        let handle = try FileHandle(forWritingTo: junk)
        try handle.truncate(atOffset: 200 << 20)            // 200 MB, sparse
        try handle.close()
        let rejected = PipelineCache.load(junk, capabilities: capabilities)
        #expect((try? rejected.result.get()) == nil)
        #expect(rejected.bytesRead <= PipelineCache.wrapperSize)

        let lying = folder.appendingPathComponent("lying.bin")
        var header = PipelineCache.magic
        header += withUnsafeBytes(of: UInt64(1 << 40).littleEndian) { Array($0) }
        header += [UInt8](repeating: 0, count: 8)
        #expect(FileManager.default.createFile(atPath: lying.path, contents: Data(header + [UInt8](repeating: 7, count: 1000))))
        let refused = PipelineCache.load(lying, capabilities: capabilities)
        #expect((try? refused.result.get()) == nil)
        #expect(refused.bytesRead == PipelineCache.wrapperSize)

        #expect(PipelineCache.load(folder.appendingPathComponent("absent.bin"), capabilities: capabilities).bytesRead == 0)
    }
}

enum HostCapabilitiesFixture {
    static func make() -> HostCapabilities {
        HostCapabilities(instanceVersion: 0, deviceName: "test", deviceType: "CPU", vendorID: 0x10005, deviceID: 7,
                         apiVersion: 0, driverName: "", driverInfo: "", pipelineCacheUUID: Array(0..<16),
                         memoryHeaps: [], instanceLayers: [], instanceExtensions: [], deviceExtensions: [],
                         hasMemoryBudget: false, maxImageDimension2D: 16384, nonCoherentAtomSize: 64,
                         bufferImageGranularity: 1, timestampPeriod: 1, timestampValidBits: 64)
    }
}

/// A timeline semaphore the test signals from the CPU, and a submission that waits for it.
final class GPUGate {
    let host: GpuHost
    let semaphore: VkSemaphore

    init(host: GpuHost) throws {
        self.host = host
        semaphore = try GpuHost.makeTimeline(host.device)
    }

    /// Submits an empty batch that waits for the gate and signals the host's next serial.
    func submitBlocked() throws -> UInt64 {
        let serial = host.nextSerial
        var wait = VkSemaphoreSubmitInfo()
        wait.sType = VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO
        wait.semaphore = semaphore
        wait.value = 1
        wait.stageMask = VkPipelineStageFlags2(VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT)
        var signal = VkSemaphoreSubmitInfo()
        signal.sType = VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO
        signal.semaphore = host.timeline
        signal.value = serial
        signal.stageMask = VkPipelineStageFlags2(VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT)
        var submit = VkSubmitInfo2()
        submit.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO_2
        let result = withUnsafePointer(to: &wait) { waitPointer in
            withUnsafePointer(to: &signal) { signalPointer in
                submit.waitSemaphoreInfoCount = 1
                submit.pWaitSemaphoreInfos = waitPointer
                submit.signalSemaphoreInfoCount = 1
                submit.pSignalSemaphoreInfos = signalPointer
                return vkQueueSubmit2(host.queue, 1, &submit, nil)
            }
        }
        #expect(result == VK_SUCCESS)
        host.clock.lastSubmitted = serial
        return serial
    }

    func open() {
        var info = VkSemaphoreSignalInfo()
        info.sType = VK_STRUCTURE_TYPE_SEMAPHORE_SIGNAL_INFO
        info.semaphore = semaphore
        info.value = 1
        vkSignalSemaphore(host.device, &info)
    }

    func destroy() {
        vkDestroySemaphore(host.device, semaphore, nil)
    }
}
