import CVulkan
import FlotillaCore

/// Where a window's frames go: a swapchain on a Wayland surface, or offscreen images for
/// `--headless`. Both take the same frame path (WindowGPUState.record and FramePass).
public protocol SurfaceTarget: AnyObject {
    var extent: Extent { get }
    var format: VkFormat { get }
    /// The layout a finished frame is left in (PRESENT_SRC for swapchains).
    var finalLayout: VkImageLayout { get }
    /// Whether a frame's image may be copied from (TRANSFER_SRC usage): thumbnails, screenshots.
    var canCopyFrom: Bool { get }
    /// Bytes of images the window system owns, estimated as width x height x 4 x images;
    /// reported apart from what Flotilla allocates.
    var externalBytesEstimate: UInt64 { get }
    /// A new frame replaces one the compositor has not shown yet (a MAILBOX swapchain), so a
    /// frame may be sent before the window's frame callback: a key's frame need not wait for it.
    var replacesUnshownFrames: Bool { get }

    /// Never blocks: returns `.notReady` rather than wait for an image.
    func acquire(signalling semaphore: VkSemaphore) throws -> AcquireOutcome
    /// What one vkQueuePresentKHR of a whole pass needs of this image; nil for a target the
    /// queue does not present (offscreen images).
    func presentRequest(for image: TargetImage) -> PresentRequest?
    /// The present of `image` finished with `result` (VK_SUCCESS for targets without a
    /// request): what it means for the window.
    func presented(_ image: TargetImage, result: VkResult) throws -> PresentOutcome
    /// Remakes the images at a new size; what the GPU may still use is released after it.
    func resize(to extent: Extent) throws
    /// Destroys everything now: the caller has waited for the window's last frame.
    func destroy()
}

extension SurfaceTarget {
    /// Frames are paced by the frame callback alone (FIFO swapchains, offscreen images).
    public var replacesUnshownFrames: Bool { false }
}

public enum AcquireOutcome {
    case image(TargetImage)
    /// No image free right now (the compositor holds them): skip this window this pass.
    case notReady
    /// The target no longer matches its surface: recreate it before drawing.
    case outOfDate
}

/// One swapchain image of a pass's present.
public struct PresentRequest {
    public let swapchain: VkSwapchainKHR
    public let index: UInt32
    /// Signalled by the frame's submission.
    public let wait: VkSemaphore
}

/// What became of a present.
public enum PresentOutcome: Equatable, Sendable {
    case presented
    /// Shown, but the target no longer matches the surface (VK_SUBOPTIMAL_KHR): rebuild it.
    case presentedSuboptimal
    /// Not shown (VK_ERROR_OUT_OF_DATE_KHR, or no swapchain): rebuild it, and count no frame.
    case outOfDate
}

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
