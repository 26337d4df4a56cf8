import Foundation

/// Where the `flotilla` executable under test is, and the environment it runs in.
public enum FlotillaBinary {
    /// `FLOTILLA_BINARY` if set; else the `flotilla` beside the test bundle (SwiftPM builds it
    /// because the integration tests depend on it).
    public static var path: String {
        if let explicit = ProcessInfo.processInfo.environment["FLOTILLA_BINARY"] { return explicit }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("flotilla").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent(".build/debug/flotilla").path
    }

    /// The Khronos layer's synchronization validation, off by default in the layer: without it
    /// no SYNC-HAZARD can ever be reported.
    public static let synchronizationValidation = (
        name: "VK_LAYER_ENABLES", value: "VK_VALIDATION_FEATURE_ENABLE_SYNCHRONIZATION_VALIDATION_EXT")

    /// A clean environment: PATH and HOME from ours, the Khronos validation layer on with
    /// synchronization validation, nothing
    /// of any Wayland session the tests themselves run in.
    public static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        var environment: [String: String] = [
            "PATH": inherited["PATH"] ?? "/usr/bin:/bin",
            "HOME": inherited["HOME"] ?? "/tmp",
            "VK_INSTANCE_LAYERS": "VK_LAYER_KHRONOS_validation",
            synchronizationValidation.name: synchronizationValidation.value,
            // Two JIT threads per draw keep two cores from thrashing when tests run side by side.
            "LP_NUM_THREADS": "2",
        ]
        for key in ["VK_DRIVER_FILES", "VK_ICD_FILENAMES", "XDG_CACHE_HOME"] { environment[key] = inherited[key] }
        environment.merge(extra) { $1 }
        return environment
    }
}
