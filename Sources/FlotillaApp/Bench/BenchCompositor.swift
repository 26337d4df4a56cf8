import Foundation

/// The compositor a benchmark runs Flotilla in. sway: the user's own (SWAYSOCK and
/// WAYLAND_DISPLAY set), or a private headless one; wlroots refuses to run as root, so as root the
/// private sway runs as the unprivileged user 65534 (setpriv), in a runtime folder that user owns,
/// and clients reach it through the socket's absolute path. weston: a private headless one (no
/// seat: keys are scripted with `--keys`).
final class BenchCompositor {
    enum Kind: String, CaseIterable, Sendable { case sway, weston }

    enum Failure: Error, CustomStringConvertible {
        case missing(String)
        case didNotStart(String)

        var description: String {
            switch self {
            case .missing(let program): "\(program) is not installed (scripts/deps.sh installs it)"
            case .didNotStart(let log): "the private headless compositor did not start: \(log)"
            }
        }
    }

    /// WAYLAND_DISPLAY, XDG_RUNTIME_DIR and SWAYSOCK for clients and tools of this sway.
    let environment: [String: String]
    let kind: Kind
    let isPrivate: Bool
    private var child: Process?
    private var folder: String?

    static let unprivilegedUser: uid_t = 65534

    init(_ kind: Kind) throws {
        self.kind = kind
        let inherited = ProcessInfo.processInfo.environment
        if kind == .sway, let sock = inherited["SWAYSOCK"], let display = inherited["WAYLAND_DISPLAY"] {
            environment = ["SWAYSOCK": sock, "WAYLAND_DISPLAY": display, "XDG_RUNTIME_DIR": inherited["XDG_RUNTIME_DIR"] ?? ""]
            isPrivate = false
            return
        }
        guard let program = Self.which(kind.rawValue) else { throw Failure.missing(kind.rawValue) }
        let root = getuid() == 0 && kind == .sway
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-\(kind)-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        self.folder = folder
        let config = "\(folder)/config"
        try "output HEADLESS-1 resolution 1920x1080\n".write(toFile: config, atomically: true, encoding: .utf8)
        if root {
            chmod(config, 0o644)
            chown(folder, Self.unprivilegedUser, Self.unprivilegedUser)
        }
        let process = Process()
        switch kind {
        case .sway where root:
            guard let setpriv = Self.which("setpriv") else { throw Failure.missing("setpriv") }
            process.executableURL = URL(fileURLWithPath: setpriv)
            process.arguments = ["--reuid=\(Self.unprivilegedUser)", "--regid=\(Self.unprivilegedUser)", "--clear-groups",
                                 program, "-c", config]
        case .sway:
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = ["-c", config]
        case .weston:
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = ["--backend=headless-backend.so", "--use-pixman", "--idle-time=0", "--socket=wayland-bench",
                                 "--width=1920", "--height=1080"]
        }
        process.environment = ["PATH": inherited["PATH"] ?? "/usr/bin:/bin", "XDG_RUNTIME_DIR": folder,
                               "WLR_BACKENDS": "headless", "WLR_RENDERER": "pixman", "WLR_LIBINPUT_NO_DEVICES": "1"]
        let log = URL(fileURLWithPath: "\(folder)/\(kind).log")
        try Data().write(to: log)
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = process.standardOutput
        try process.run()
        child = process
        isPrivate = true
        var found: [String: String]?
        for _ in 0..<150 where found == nil {
            usleep(100_000)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            guard let wayland = names.first(where: { $0.hasPrefix("wayland-") && !$0.hasSuffix(".lock") }) else { continue }
            if kind == .weston {
                found = ["WAYLAND_DISPLAY": "\(folder)/\(wayland)", "XDG_RUNTIME_DIR": folder]
            } else if let ipc = names.first(where: { $0.hasPrefix("sway-ipc.") }) {
                found = ["WAYLAND_DISPLAY": "\(folder)/\(wayland)", "SWAYSOCK": "\(folder)/\(ipc)", "XDG_RUNTIME_DIR": folder]
            }
        }
        guard let found else {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            process.terminate()
            process.waitUntilExit()
            try? FileManager.default.removeItem(atPath: folder)
            throw Failure.didNotStart(String(text.suffix(500)))
        }
        environment = found
        // weston's desktop shell starts after the socket.
        usleep(kind == .weston ? 800_000 : 300_000)
    }

    /// Runs a tool of the session (wtype, swaymsg) to its end.
    @discardableResult
    func run(_ program: String, _ arguments: [String]) throws -> Int32 {
        guard let path = Self.which(program) else { throw Failure.missing(program) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var environment = self.environment
        // Tools take the socket's name relative to their XDG_RUNTIME_DIR.
        environment["WAYLAND_DISPLAY"] = (environment["WAYLAND_DISPLAY"]! as NSString).lastPathComponent
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    func stop() {
        if let child, child.isRunning {
            child.terminate()
            child.waitUntilExit()
        }
        child = nil
        if let folder { try? FileManager.default.removeItem(atPath: folder) }
        folder = nil
    }

    deinit {
        stop()
    }

    static func which(_ program: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/\(program)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
