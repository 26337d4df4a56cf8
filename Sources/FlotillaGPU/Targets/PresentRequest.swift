import CVulkan
import FlotillaCore

/// One swapchain image of a pass's present.
public struct PresentRequest {
    public let swapchain: VkSwapchainKHR
    public let index: UInt32
    /// Signalled by the frame's submission.
    public let wait: VkSemaphore
}
