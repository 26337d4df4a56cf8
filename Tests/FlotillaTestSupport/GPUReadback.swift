import CVulkan
import FlotillaCore
import FlotillaGPU

/// Pixels of an image copied back to the CPU. This one waits for its own copy (and only for
/// it): it serves tests, never the frame path (which reads copies with CopiedPixels, polled).
public struct Readback {
    public let extent: Extent
    /// Tightly packed 4-byte pixels in the image's format (B8G8R8A8 for Flotilla's targets).
    public let bytes: [UInt8]

    public func pixel(x: Int, y: Int) -> (UInt8, UInt8, UInt8, UInt8) {
        let index = (y * extent.width + x) * 4
        return (bytes[index], bytes[index + 1], bytes[index + 2], bytes[index + 3])
    }
}

extension GpuHost {
    /// Copies `image` (left in TRANSFER_SRC_OPTIMAL by the frame path) into a host-visible
    /// buffer and returns its bytes once the copy has finished.
    public func read(_ image: ImageRef) throws -> Readback {
        let bytes = try readBack(byteCount: image.extent.pixelCount * 4, what: "an image") { commandBuffer, staging in
            var region = VkBufferImageCopy()
            region.imageSubresource = VkImageSubresourceLayers(aspectMask: VkImageAspectFlags(VK_IMAGE_ASPECT_COLOR_BIT.rawValue),
                                                               mipLevel: 0, baseArrayLayer: 0, layerCount: 1)
            region.imageExtent = VkExtent3D(width: UInt32(image.extent.width), height: UInt32(image.extent.height), depth: 1)
            vkCmdCopyImageToBuffer(commandBuffer, image.image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, staging, 1, &region)
        }
        return Readback(extent: image.extent, bytes: bytes)
    }

    /// The first `bytes` bytes of a device-local buffer that earlier submissions wrote from a
    /// shader (the particles' state), once they are done. For tests and tools, like `read(_:)`.
    public func read(_ buffer: BufferRef, bytes byteCount: Int) throws -> [UInt8] {
        try readBack(byteCount: byteCount, what: "a buffer") { commandBuffer, staging in
            Barriers.memory(commandBuffer, srcStage: VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, srcAccess: VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT,
                            dstStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT, dstAccess: VK_ACCESS_2_TRANSFER_READ_BIT)
            var region = VkBufferCopy(srcOffset: 0, dstOffset: 0, size: UInt64(byteCount))
            vkCmdCopyBuffer(commandBuffer, buffer.buffer, staging, 1, &region)
        }
    }

    /// One submission that copies into a host-visible staging buffer (`copy`), waited for; the
    /// staging buffer's bytes.
    private func readBack(byteCount: Int, what: String,
                          copy: (VkCommandBuffer, VkBuffer) -> Void) throws -> [UInt8] {
        let staging = try makeBuffer(size: UInt64(byteCount), usage: VkBufferUsageFlags(VK_BUFFER_USAGE_TRANSFER_DST_BIT.rawValue),
                                     hostVisible: true, owner: .shared, category: .other)
        let target = staging.buffer
        let serial: UInt64
        do {
            serial = try submitOneShot { commandBuffer in
                copy(commandBuffer, target)
                Barriers.memory(commandBuffer, srcStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT, srcAccess: VK_ACCESS_2_TRANSFER_WRITE_BIT,
                                dstStage: VK_PIPELINE_STAGE_2_HOST_BIT, dstAccess: VK_ACCESS_2_HOST_READ_BIT)
            }
        } catch {
            staging.release(after: lastSubmittedSerial)
            throw error
        }
        let finished: Bool
        do {
            finished = try wait(for: serial, timeout: 10_000_000_000)
        } catch {
            staging.release(after: serial)
            throw error
        }
        let bytes = finished ? Array(UnsafeRawBufferPointer(start: staging.allocation.mapped, count: byteCount)) : nil
        staging.release(after: serial)
        guard let bytes else { throw VulkanError(operation: "reading \(what) back", result: VK_TIMEOUT) }
        return bytes
    }
}

extension WindowGPUState {
    /// One window's frame in a pass of its own, for tests; the app paints every window of a
    /// scheduler pass into one FramePass instead (AppWindow.paint).
    public func renderFrame(clearColor: (Float, Float, Float), prepare: (FrameContext) throws -> Void = { _ in },
                            record: (DrawContext) throws -> Void, beforePresent: @escaping () -> Void = {}) throws -> FrameOutcome {
        let pass = FramePass(host: host)
        let outcome = try self.record(into: pass, clearColor: clearColor, prepare: prepare, record: record,
                                      beforePresent: beforePresent)
        guard outcome == .recorded else {
            _ = try pass.submitAndPresent()
            return outcome
        }
        return try pass.submitAndPresent()[0].outcome
    }
}
