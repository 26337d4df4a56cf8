import CVulkan
import FlotillaCore

public enum AcquireOutcome {
    case image(TargetImage)
    /// No image free right now (the compositor holds them): skip this window this pass.
    case notReady
    /// The target no longer matches its surface: recreate it before drawing.
    case outOfDate
}
