import Foundation

/// A finished (or killed) child process and what it printed.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
    public let timedOut: Bool
    public let seconds: Double

    public var output: String { stdout + stderr }
}

/// Starts programs for tests with a chosen environment, output captured to files (a pipe
/// could fill up and stall the child), and a hard time limit.
public final class ChildProcess: @unchecked Sendable {
    // @unchecked: the Process is only touched by the test that made it.
    public let process = Process()
    private let stdoutURL: URL
    private let stderrURL: URL
    private let started = Date()

    public init(_ executable: String, _ arguments: [String], environment: [String: String]) throws {
        let folder = FileManager.default.temporaryDirectory
        stdoutURL = folder.appendingPathComponent("flotilla-test-\(UUID().uuidString).out")
        stderrURL = folder.appendingPathComponent("flotilla-test-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    public var isRunning: Bool { process.isRunning }
    public var pid: Int32 { process.processIdentifier }

    /// Waits for the exit, killing the child (SIGKILL) after `timeout` seconds.
    public func wait(timeout: Double) -> ProcessResult {
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                break
            }
            usleep(20_000)
        }
        process.waitUntilExit()
        let stdout = (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: stdoutURL)
        try? FileManager.default.removeItem(at: stderrURL)
        return ProcessResult(status: process.terminationStatus, stdout: stdout, stderr: stderr, timedOut: timedOut,
                             seconds: Date().timeIntervalSince(started))
    }

    /// What the child wrote to standard output so far.
    public var stdoutSoFar: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }

    /// What the child wrote to standard error so far.
    public var stderrSoFar: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    public func terminate() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Asks the child to end (SIGTERM), kills it if it has not within `grace` seconds, and reaps it.
    public func stop(grace: Double = 3) {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        if !waitUntil(timeout: grace, { !process.isRunning }) { terminate() }
        _ = wait(timeout: grace)
    }

    deinit {
        terminate()
    }
}

/// Runs a program to its end.
public func run(_ executable: String, _ arguments: [String], environment: [String: String],
                timeout: Double = 120) throws -> ProcessResult {
    try ChildProcess(executable, arguments, environment: environment).wait(timeout: timeout)
}

/// The full path of a program on PATH, or nil.
public func which(_ program: String) -> String? {
    for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let path = "\(folder)/\(program)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}

/// Polls `condition` every 50 ms until it holds or `timeout` seconds pass.
public func waitUntil(timeout: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        usleep(50_000)
    }
    return condition()
}
