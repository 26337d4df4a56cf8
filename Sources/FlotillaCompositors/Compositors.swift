import Foundation

/// A private headless compositor for a test or a benchmark: its own runtime folder and socket,
/// stopped (and its folder removed) by `stop()` or when it is dropped, also when the test fails.
/// The tests and the benchmarks start their compositors through these (and only these).
public protocol TestCompositor: AnyObject {
    /// XDG_RUNTIME_DIR and WAYLAND_DISPLAY for a client of this compositor.
    var clientEnvironment: [String: String] { get }
    var pid: Int32 { get }
    func stop()
}

public enum CompositorError: Error, CustomStringConvertible {
    case missing(String)
    case didNotStart(String, log: String)

    public var description: String {
        switch self {
        case .missing(let program): "\(program) is not installed"
        case .didNotStart(let program, let log): "\(program) did not create its socket; its log:\n\(log)"
        }
    }
}

/// A fresh runtime folder (XDG_RUNTIME_DIR) of mode 0700, owned by `owner` if given.
public func makeRuntimeDirectory(owner: uid_t? = nil) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-rt-\(UUID().uuidString.prefix(8))").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false,
                                            attributes: [.posixPermissions: 0o700])
    if let owner { chown(path, owner, owner) }
    return path
}

/// weston with the headless backend and pixman: no GPU, no seat. `--idle-time=0` or it stops
/// repainting after 300 s; `--debug` lets weston-screenshooter work.
public final class Weston: TestCompositor {
    public let runtimeDirectory: String
    public let socket = "flotilla-weston"
    private let child: ChildProcess
    private var stopped = false

    public init(width: Int = 1600, height: Int = 900) throws {
        guard let weston = which("weston") else { throw CompositorError.missing("weston") }
        runtimeDirectory = try makeRuntimeDirectory()
        child = try ChildProcess(weston, ["--backend=headless-backend.so", "--use-pixman", "--idle-time=0",
                                          "--socket=\(socket)", "--width=\(width)", "--height=\(height)", "--debug"],
                                 environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                                               "XDG_RUNTIME_DIR": runtimeDirectory])
        let socketPath = "\(runtimeDirectory)/\(socket)"
        guard waitUntil(timeout: 15, { FileManager.default.fileExists(atPath: socketPath) }) else {
            let log = child.stderrSoFar
            stop()
            throw CompositorError.didNotStart("weston", log: log)
        }
        // The desktop shell client starts after the socket; give it a moment to be ready.
        usleep(500_000)
    }

    public var clientEnvironment: [String: String] {
        ["XDG_RUNTIME_DIR": runtimeDirectory, "WAYLAND_DISPLAY": socket]
    }

    public var pid: Int32 { child.pid }

    /// A PNG of the whole output, from weston-screenshooter.
    public func screenshot(into folder: URL) throws -> URL {
        guard let shooter = which("weston-screenshooter") else { throw CompositorError.missing("weston-screenshooter") }
        let before = Set((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: shooter)
        process.currentDirectoryURL = folder
        process.environment = clientEnvironment.merging(["PATH": ProcessInfo.processInfo.environment["PATH"] ?? ""]) { $1 }
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let after = Set((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        guard let name = after.subtracting(before).first(where: { $0.hasSuffix(".png") }) else {
            throw CompositorError.didNotStart("weston-screenshooter", log: "no PNG written")
        }
        return folder.appendingPathComponent(name)
    }

    /// Ends weston at once (SIGKILL), as a crashing compositor would.
    public func crash() {
        child.terminate()
    }

    public func stop() {
        guard !stopped else { return }
        stopped = true
        child.stop()
        try? FileManager.default.removeItem(atPath: runtimeDirectory)
    }

    deinit {
        stop()
    }
}

/// sway with the headless wlroots backend, run as the unprivileged user 65534 (wlroots
/// compositors refuse root) in a runtime folder that user owns. Clients (root) connect through
/// the socket's absolute path. Its seat gets a keyboard only while `wtype` runs.
public final class Sway: TestCompositor {
    public let runtimeDirectory: String
    private let child: ChildProcess
    private let configPath: String
    public private(set) var socketPath = ""
    public private(set) var ipcSocketPath = ""
    private var stopped = false
    static let user: uid_t = 65534

    public init(width: Int = 1280, height: Int = 720, scale: Double = 1) throws {
        guard let sway = which("sway") else { throw CompositorError.missing("sway") }
        guard let setpriv = which("setpriv") else { throw CompositorError.missing("setpriv") }
        runtimeDirectory = try makeRuntimeDirectory(owner: Self.user)
        configPath = "\(runtimeDirectory).conf"
        try "output HEADLESS-1 resolution \(width)x\(height) scale \(scale)\ndefault_border normal\n"
            .write(toFile: configPath, atomically: true, encoding: .utf8)
        chmod(configPath, 0o644)
        child = try ChildProcess(setpriv, ["--reuid=\(Self.user)", "--regid=\(Self.user)", "--clear-groups",
                                           sway, "-c", configPath],
                                 environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                                               "XDG_RUNTIME_DIR": runtimeDirectory,
                                               "WLR_BACKENDS": "headless", "WLR_RENDERER": "pixman",
                                               "WLR_LIBINPUT_NO_DEVICES": "1"])
        let found = waitUntil(timeout: 15) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: runtimeDirectory)) ?? []
            guard let wayland = names.first(where: { $0.hasPrefix("wayland-") && !$0.hasSuffix(".lock") }),
                  let ipc = names.first(where: { $0.hasPrefix("sway-ipc.") }) else { return false }
            socketPath = "\(runtimeDirectory)/\(wayland)"
            ipcSocketPath = "\(runtimeDirectory)/\(ipc)"
            return true
        }
        guard found else {
            let log = child.stderrSoFar
            stop()
            throw CompositorError.didNotStart("sway", log: log)
        }
        usleep(300_000)
    }

    public var clientEnvironment: [String: String] {
        // An absolute WAYLAND_DISPLAY needs no XDG_RUNTIME_DIR of the client's own, but Mesa
        // and others expect one to exist: give the root client a private one.
        ["WAYLAND_DISPLAY": socketPath, "XDG_RUNTIME_DIR": runtimeDirectory]
    }

    public var pid: Int32 { child.pid }

    /// What sway's own tools (swaymsg, wtype, grim) need to reach it.
    public var toolEnvironment: [String: String] {
        ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
         "XDG_RUNTIME_DIR": runtimeDirectory, "WAYLAND_DISPLAY": (socketPath as NSString).lastPathComponent,
         "SWAYSOCK": ipcSocketPath]
    }

    /// Runs `swaymsg` with the given arguments.
    @discardableResult
    public func message(_ arguments: [String]) throws -> ProcessResult {
        guard let swaymsg = which("swaymsg") else { throw CompositorError.missing("swaymsg") }
        return try run(swaymsg, arguments, environment: toolEnvironment, timeout: 10)
    }

    /// Types into the focused window with `wtype` (keys 400 ms apart, or the second is lost).
    @discardableResult
    public func type(_ arguments: [String]) throws -> ProcessResult {
        guard let wtype = which("wtype") else { throw CompositorError.missing("wtype") }
        return try run(wtype, arguments, environment: toolEnvironment, timeout: 30)
    }

    /// Starts `wtype` and returns at once: its virtual keyboard exists from now until it has
    /// typed everything (`-s MS` sleeps keep it alive), as a real seat's keyboard does.
    public func startTyping(_ arguments: [String]) throws -> ChildProcess {
        guard let wtype = which("wtype") else { throw CompositorError.missing("wtype") }
        return try ChildProcess(wtype, arguments, environment: toolEnvironment)
    }

    /// A PNG of the output, from grim.
    public func screenshot(to url: URL) throws -> ProcessResult {
        guard let grim = which("grim") else { throw CompositorError.missing("grim") }
        return try run(grim, [url.path], environment: toolEnvironment, timeout: 20)
    }

    public func stop() {
        guard !stopped else { return }
        stopped = true
        child.stop()
        try? FileManager.default.removeItem(atPath: runtimeDirectory)
        try? FileManager.default.removeItem(atPath: configPath)
    }

    deinit {
        stop()
    }
}
