import FlotillaCompositors
import Foundation

/// flotilla-test-compositor (Tests/TestCompositor): a minimal compositor that offers
/// wp_fractional_scale_v1 and wp_viewporter, which Debian 12's weston and sway lack. It sends
/// `scales` (in 120ths) one after another, each once `frames` commits have matched it, then
/// closes the toplevels; it prints every commit, which `commits` parses. With `pointer`, it also
/// offers a seat with a pointer and plays that script on the first window before closing (see
/// Tests/TestCompositor/main.c for the steps).
public final class ScaleCompositor: TestCompositor {
    /// One commit that brought a buffer, as the compositor saw it.
    public struct Commit: Equatable, Sendable {
        public let buffer: (width: Int, height: Int)
        public let viewport: (width: Int, height: Int)
        public let bufferScale: Int
        public let preferredScale: Int

        public static func == (lhs: Commit, rhs: Commit) -> Bool {
            lhs.buffer == rhs.buffer && lhs.viewport == rhs.viewport && lhs.bufferScale == rhs.bufferScale
                && lhs.preferredScale == rhs.preferredScale
        }
    }

    public let runtimeDirectory: String
    public let socket = "flotilla-scale"
    private let child: ChildProcess
    private var result: ProcessResult?

    public init(size: (width: Int, height: Int), scales: [Int], frames: Int, dump: URL? = nil, pointer: String? = nil) throws {
        let program = URL(fileURLWithPath: FlotillaBinary.path).deletingLastPathComponent()
            .appendingPathComponent("flotilla-test-compositor").path
        guard FileManager.default.isExecutableFile(atPath: program) else { throw CompositorError.missing(program) }
        runtimeDirectory = try makeRuntimeDirectory()
        var arguments = ["--socket", socket, "--size", "\(size.width)x\(size.height)",
                         "--scales", scales.map(String.init).joined(separator: ","), "--frames", String(frames),
                         "--timeout", "150"]
        if let dump { arguments += ["--dump", dump.path] }
        if let pointer { arguments += ["--pointer", pointer] }
        child = try ChildProcess(program, arguments, environment: ["XDG_RUNTIME_DIR": runtimeDirectory])
        guard waitUntil(timeout: 15, { child.stdoutSoFar.contains("ready\n") }) else {
            let log = child.stderrSoFar
            stop()
            throw CompositorError.didNotStart("flotilla-test-compositor", log: log)
        }
    }

    public var clientEnvironment: [String: String] {
        ["XDG_RUNTIME_DIR": runtimeDirectory, "WAYLAND_DISPLAY": socket]
    }

    public var pid: Int32 { child.pid }
    public var output: String { result?.stdout ?? child.stdoutSoFar }

    /// Every commit with a buffer, in order.
    public var commits: [Commit] {
        output.split(separator: "\n").compactMap { line -> Commit? in
            guard line.hasPrefix("commit ") else { return nil }
            var fields: [String: String] = [:]
            for pair in line.split(separator: " ").dropFirst() {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
            }
            func extent(_ name: String) -> (Int, Int)? {
                let parts = fields[name]?.split(separator: "x").compactMap { Int($0) } ?? []
                return parts.count == 2 ? (parts[0], parts[1]) : nil
            }
            guard let buffer = extent("buffer"), let viewport = extent("viewport"),
                  let bufferScale = fields["buffer_scale"].flatMap({ Int($0) }),
                  let preferred = fields["preferred"].flatMap({ Int($0) }) else { return nil }
            return Commit(buffer: buffer, viewport: viewport, bufferScale: bufferScale, preferredScale: preferred)
        }
    }

    /// Waits for the compositor to end by itself (it does once its client has gone).
    public func waitForExit(timeout: Double) -> ProcessResult {
        if let result { return result }
        let finished = child.wait(timeout: timeout)
        result = finished
        return finished
    }

    public func stop() {
        if result == nil {
            if child.isRunning { kill(child.pid, SIGTERM) }
            result = child.wait(timeout: 3)
        }
        try? FileManager.default.removeItem(atPath: runtimeDirectory)
    }

    deinit {
        stop()
    }
}
