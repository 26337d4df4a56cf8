import CVulkan
import FlotillaCore

/// A copy out of a window's finished frame, recorded after its pass and before the image goes
/// to the compositor: a thumbnail for the TextureBridge, or the pixels for a screenshot.
public enum FrameCopy: Sendable {
    /// Scaled down (linear blit) into `image`, which is then left for sampling by later
    /// submissions on the queue (any window's).
    case thumbnail(image: VulkanHandle, extent: Extent)
    /// Copied into a host-visible buffer of width x height x 4 bytes, for the CPU once the
    /// frame's serial is complete.
    case pixels(buffer: VulkanHandle)
}
