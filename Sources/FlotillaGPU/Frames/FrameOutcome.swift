import CVulkan
import FlotillaCore

public enum FrameOutcome: Equatable {
    case presented
    /// Recorded into a FramePass, which will submit and present it.
    case recorded
    /// The slot's previous frame is still on the GPU, or no image is free: try next pass.
    case notReady
    /// The target had to be rebuilt at its size; nothing was drawn.
    case rebuilt
}
