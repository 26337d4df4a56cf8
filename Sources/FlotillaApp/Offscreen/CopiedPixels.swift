import CVulkan
import FlotillaCore
import FlotillaGPU

/// A host-visible buffer that a frame's end copies its image into (a screenshot, an offscreen
/// job's result). It owns the buffer until the pixels are read, then releases it after the
/// frame that wrote it; `serial` is that frame (before it is submitted: the next submission,
/// the latest it can be). As a frame hook, it adds that copy to its window's frame.
final class CopiedPixels: FrameHook {
    var serial: UInt64
    /// The buffer's handle, for the frame's copy.
    let buffer: VkBuffer
    private var owned: GpuBuffer?

    init(_ owned: consuming GpuBuffer, serial: UInt64) {
        self.serial = serial
        buffer = owned.buffer
        self.owned = .some(owned)
    }

    /// The pixels (B8G8R8A8, every target's format); complete once the GPU has finished `serial`.
    var mapped: UnsafeMutableRawPointer? {
        switch owned {
        case .some(let held): held.allocation.mapped
        case .none: nil
        }
    }

    /// The buffer goes after the frame that writes it; a second call does nothing.
    func release() {
        owned.take()?.release(after: serial)
    }

    func prepare(_ frame: FrameContext, window: AppWindow) throws {
        frame.epilogue.add(.pixels(buffer: VulkanHandle(buffer)))
    }
}
