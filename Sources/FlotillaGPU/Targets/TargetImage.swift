import CVulkan
import FlotillaCore

/// One image of a target, ready to be drawn into.
public struct TargetImage {
    public let index: Int
    public let image: VkImage
    public let view: VkImageView
    /// Signalled by the frame's submission and waited by present (swapchains only).
    let renderFinished: VkSemaphore?
    /// Whether the submission must wait for the acquire semaphore (swapchains only).
    let waitsForAcquire: Bool
}
