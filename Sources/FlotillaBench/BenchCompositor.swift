import FlotillaApp
import FlotillaCompositors
import Foundation

/// The compositor a benchmark runs Flotilla in. sway: the user's own (SWAYSOCK and
/// WAYLAND_DISPLAY set), or a private headless one; weston: a private headless one (no seat:
/// keys are scripted with `--keys`). The private ones are the tests' (FlotillaCompositors).
final class BenchCompositor {
    enum Kind: String, CaseIterable, Sendable { case sway, weston }

    let kind: Kind
    /// WAYLAND_DISPLAY and XDG_RUNTIME_DIR (and SWAYSOCK) for the benchmark's clients.
    let environment: [String: String]
    /// What the session's tools (wtype) need.
    private let toolEnvironment: [String: String]
    /// nil for the user's own sway.
    private let owned: TestCompositor?

    var isPrivate: Bool { owned != nil }

    init(_ kind: Kind) throws {
        self.kind = kind
        let inherited = ProcessInfo.processInfo.environment
        let path = ["PATH": inherited["PATH"] ?? "/usr/bin:/bin"]
        switch kind {
        case .sway:
            if let sock = inherited["SWAYSOCK"], let display = inherited["WAYLAND_DISPLAY"] {
                environment = ["SWAYSOCK": sock, "WAYLAND_DISPLAY": display, "XDG_RUNTIME_DIR": inherited["XDG_RUNTIME_DIR"] ?? ""]
                toolEnvironment = environment.merging(path) { $1 }
                owned = nil
            } else {
                let sway = try Sway(width: 1920, height: 1080)
                environment = sway.clientEnvironment.merging(["SWAYSOCK": sway.ipcSocketPath]) { $1 }
                toolEnvironment = sway.toolEnvironment
                owned = sway
            }
        case .weston:
            let weston = try Weston(width: 1920, height: 1080)
            environment = weston.clientEnvironment
            toolEnvironment = environment.merging(path) { $1 }
            owned = weston
        }
    }

    /// Runs a tool of the session (wtype) to its end; its exit status.
    @discardableResult
    func run(_ program: String, _ arguments: [String]) throws -> Int32 {
        guard let path = which(program) else { throw CompositorError.missing(program) }
        return try FlotillaCompositors.run(path, arguments, environment: toolEnvironment, timeout: 60).status
    }

    func stop() {
        owned?.stop()
    }
}
