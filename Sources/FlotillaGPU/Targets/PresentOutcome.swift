import CVulkan
import FlotillaCore

/// What became of a present.
public enum PresentOutcome: Equatable, Sendable {
    case presented
    /// Shown, but the target no longer matches the surface (VK_SUBOPTIMAL_KHR): rebuild it.
    case presentedSuboptimal
    /// Not shown (VK_ERROR_OUT_OF_DATE_KHR, or no swapchain): rebuild it, and count no frame.
    case outOfDate
}
