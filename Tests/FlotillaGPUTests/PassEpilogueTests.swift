import BasicContainers
import CVulkan
import FlotillaCore
import FlotillaGPU
import FlotillaCompositors
import FlotillaTestSupport
import Testing

/// The end of a pass: every window's image leaves colour attachment in one barrier and every
/// copy its frame asked for is made after it. Several windows copying in one pass each get
/// their own pixels. Validation (sync included) silent.
@Suite(.serialized) struct PassEpilogueTests {
    @Test func windowsCopyingInOnePassEachGetTheirOwnPixels() throws {
        let host = try makeTestHost()
        let extent = Extent(width: 64, height: 48)
        let clears: [(Float, Float, Float)] = [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
        var windows: [WindowGPUState] = []
        var buffers = UniqueArray<GpuBuffer>()
        defer {
            while let buffer = buffers.popLast() { buffer.release(after: host.lastSubmittedSerial) }
            windows.forEach { $0.destroy() }
        }
        for index in clears.indices {
            let owner = MemoryOwner.window(WindowID(index + 1))
            let target = try OffscreenTarget(host: host, extent: extent, owner: owner, format: VK_FORMAT_B8G8R8A8_UNORM)
            windows.append(try WindowGPUState(host: host, owner: owner, target: target))
            buffers.append(try host.makeBuffer(size: UInt64(extent.pixelCount * 4),
                                               usage: VkBufferUsageFlags(VK_BUFFER_USAGE_TRANSFER_DST_BIT.rawValue),
                                               hostVisible: true, owner: owner, category: .other))
        }
        // The middle window copies nothing: its image still leaves in the same barrier.
        let pass = FramePass(host: host, threads: 2)
        var handles: [VkBuffer] = []
        for index in 0..<buffers.count { handles.append(buffers[index].buffer) }
        for (index, window) in windows.enumerated() {
            let outcome = try window.record(into: pass, clearColor: clears[index], prepare: { frame in
                if index != 1 { frame.epilogue.add(.pixels(buffer: VulkanHandle(handles[index]))) }
            }, record: { _ in })
            #expect(outcome == .recorded)
        }
        let outcomes = try pass.submitAndPresent()
        #expect(outcomes.map(\.outcome) == [.presented, .presented, .presented])
        _ = try host.wait(for: host.lastSubmittedSerial, timeout: 10_000_000_000)
        for index in [0, 2] {
            let address = buffers[index].allocation.mapped
            let mapped = try #require(address)
            let bytes = UnsafeRawBufferPointer(start: mapped, count: extent.pixelCount * 4)
            // BGRA: window 1 is red, window 3 blue, in every pixel.
            let expected: [UInt8] = index == 0 ? [0, 0, 255, 255] : [255, 0, 0, 255]
            #expect(stride(from: 0, to: bytes.count, by: 4).allSatisfy { Array(bytes[$0..<$0 + 4]) == expected })
        }
        // The window that copied nothing was rendered all the same.
        let middle = try host.read(try #require((windows[1].target as? OffscreenTarget)?.lastImage))
        #expect(middle.pixel(x: 10, y: 10).1 == 255)
        #expect(host.validationMessageCount == 0)
    }
}
