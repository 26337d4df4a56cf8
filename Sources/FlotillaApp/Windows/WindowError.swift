import FlotillaCore
import FlotillaGPU
import FlotillaWayland
import Logging

/// Why a window could not be opened: which one, at what size, and the GPU's reason.
struct WindowError: Error, CustomStringConvertible {
    let window: WindowID
    let size: Extent
    let reason: Error

    static func cannotOpen(_ window: WindowID, size: Extent, reason: Error) -> WindowError {
        WindowError(window: window, size: size, reason: reason)
    }

    var description: String {
        // Two images of 4 bytes a pixel: what a window's target asks for.
        let mebibytes = Double(size.width) * Double(size.height) * 4 * 2 / 1_048_576
        return "cannot open window \(window.rawValue) at \(size) (\(Int(mebibytes.rounded())) MiB of targets): \(reason)"
    }
}
