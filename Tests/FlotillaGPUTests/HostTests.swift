import CVulkan
import FlotillaCore
@testable import FlotillaGPU
import FlotillaCompositors
import FlotillaTestSupport
import Testing

/// On lavapipe with no compositor: offscreen targets take the same frame path as swapchains.
@Suite(.serialized) struct HostTests {
    @Test func ledgerTotalsEqualTheBytesTakenFromVulkanAndReturnAfterClose() throws {
        let host = try makeTestHost()
        let baseline = host.memory.ledger.bytes(of: .shared)
        #expect(host.memory.ledger.totalBytes == host.memory.deviceBytes)

        var windows: [WindowGPUState] = []
        for number in 1...20 {
            let owner = MemoryOwner.window(WindowID(number))
            let target = try OffscreenTarget(host: host, extent: Extent(width: 64 + number, height: 48), owner: owner)
            windows.append(try WindowGPUState(host: host, owner: owner, target: target))
            #expect(host.memory.ledger.totalBytes == host.memory.deviceBytes)
        }
        for number in 1...20 {
            #expect(host.memory.ledger.bytes(of: .window(WindowID(number)), in: .targets) > 0)
        }
        // Targets are dedicated allocations (two images a window, like a swapchain's); nothing
        // else of the windows takes an allocation of its own.
        #expect(host.memory.targetAllocationCount == 40)
        #expect(host.memory.deviceAllocationCount - host.memory.targetAllocationCount <= 1)

        windows.forEach { $0.destroy() }
        windows.removeAll()
        #expect(host.memory.ledger.windows.isEmpty)
        #expect(host.memory.ledger.totalBytes == host.memory.deviceBytes)
        #expect(host.memory.ledger.bytes(of: .shared) >= baseline)
        #expect(host.memory.liveAllocationCount == 0, "nothing is left (the ring is made on first use)")
        #expect(host.validationMessageCount == 0)
    }

    @Test func anOffscreenFrameHasTheSceneInIt() throws {
        let host = try makeTestHost()
        let owner = MemoryOwner.window(WindowID(1))
        let target = try OffscreenTarget(host: host, extent: Extent(width: 320, height: 200), owner: owner)
        let window = try WindowGPUState(host: host, owner: owner, target: target)
        defer { window.destroy() }
        let outcome = try window.renderFrame(clearColor: (1, 0, 1)) { frame in
            frame.draws.push(FrameConstants(width: 320, height: 200, time: 2, hue: 0.33))
            frame.draws.bind(frame.pipelines.background)
            frame.draws.draw(vertices: 3)
        }
        #expect(outcome == .presented)
        let pixels = try host.read(try #require(target.lastImage))
        // The background replaced the magenta clear everywhere, is dark at the corners
        // (vignette) and lit by the green accent near the middle.
        let corner = pixels.pixel(x: 0, y: 0)
        let middle = pixels.pixel(x: 160, y: 100)
        #expect(!(corner.0 > 200 && corner.2 > 200), "the clear colour shows through")
        #expect(Int(corner.0) + Int(corner.1) + Int(corner.2) < 30)
        #expect(middle.1 > middle.0 && middle.1 > middle.2, "BGRA: green dominates the middle")
        #expect(host.validationMessageCount == 0)
    }

    @Test func pipelinesAreMadeOncePerFormatAndShared() throws {
        let host = try makeTestHost()
        let first = try host.shared.pipelineSet(for: VK_FORMAT_B8G8R8A8_SRGB)
        let second = try host.shared.pipelineSet(for: VK_FORMAT_B8G8R8A8_SRGB)
        #expect(first === second)
        #expect(host.pipelinesCreated == PipelineSet.pipelineCount)
        #expect(host.validationMessageCount == 0)
    }

    @Test func theValidationCounterSeesADeliberateMistake() throws {
        let host = try makeTestHost()
        // A buffer with no usage bits breaks VUID-VkBufferCreateInfo-usage-requiredbitmask: the
        // counter that every other test expects to stay at 0 must see it.
        var info = VkBufferCreateInfo()
        info.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO
        info.size = 256
        info.usage = 0
        var buffer: VkBuffer?
        _ = vkCreateBuffer(host.device, &info, nil, &buffer)
        if let buffer { vkDestroyBuffer(host.device, buffer, nil) }
        #expect(host.validationMessageCount > 0)
    }

    @Test func synchronizationValidationSeesADeliberateHazard() throws {
        let host = try makeTestHost()
        // Two transfer writes to one buffer with no barrier between them: a WRITE_AFTER_WRITE
        // hazard that only synchronization validation reports. Every other test expects 0.
        let buffer = try host.makeBuffer(size: 256, usage: VkBufferUsageFlags(VK_BUFFER_USAGE_TRANSFER_DST_BIT.rawValue),
                                         hostVisible: false, owner: .shared, category: .other)
        try host.submitOneShot { commandBuffer in
            vkCmdFillBuffer(commandBuffer, buffer.buffer, 0, 256, 1)
            vkCmdFillBuffer(commandBuffer, buffer.buffer, 0, 256, 2)
        }
        buffer.release(after: host.lastSubmittedSerial)
        #expect(host.validationMessageCount > 0)
    }
}
