import Foundation
import FlotillaTestSupport
import Testing

extension Integration {
    /// What a hostile user did to the landed build and it did not hold (issue 23): a stats reader
    /// that stalls, a standard error that cannot be written, memory that runs out after start-up,
    /// a disk that fills under a screenshot. Each test failed before its fix.
    @Suite struct HostileUserTests {
        var binary: String { "'\(FlotillaBinary.path)'" }

        func shell(_ script: String, timeout: Double = 90) throws -> ProcessResult {
            try run("/bin/sh", ["-c", script], environment: FlotillaBinary.environment(), timeout: timeout)
        }

        /// `--stats -` into a pipe nobody reads: the windows keep presenting while it is full, and
        /// SIGTERM still ends the run at once with status 0. Before: the loop blocked in write(2)
        /// once the pipe filled, every window froze and only SIGKILL ended it.
        @Test func aStalledStatsReaderFreezesNothingAndSIGTERMStillEndsTheRun() throws {
            let process = Process()
            let output = Pipe()
            let errors = temporaryFile("stalled.err")
            _ = FileManager.default.createFile(atPath: errors, contents: nil)
            defer { try? FileManager.default.removeItem(atPath: errors) }
            // The smallest pipe the kernel makes (one page): a stats line or two fill it.
            let reader = output.fileHandleForReading.fileDescriptor
            _ = fcntl(reader, 1031 /* F_SETPIPE_SZ */, 4096)
            process.executableURL = URL(fileURLWithPath: FlotillaBinary.path)
            process.arguments = ["--headless", "--windows", "3", "--size", "160x120", "--seconds", "120", "--stats", "-"]
            process.environment = FlotillaBinary.environment()
            process.standardOutput = output
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
            process.standardInput = FileHandle.nullDevice
            try process.run()
            defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

            // Not read for 6 s: the pipe fills within the first two lines.
            sleep(6)
            let flags = fcntl(reader, F_GETFL)
            _ = fcntl(reader, F_SETFL, flags | O_NONBLOCK)
            var text = ""
            func drain() {
                var buffer = [UInt8](repeating: 0, count: 65536)
                while case let count = read(reader, &buffer, buffer.count), count > 0 {
                    text += String(decoding: buffer.prefix(count), as: UTF8.self)
                }
            }
            // Reading again: what waited comes out, then fresh lines that show the stall's frames.
            let caughtUp = waitUntil(timeout: 20) {
                drain()
                return (StatsLines(text: text).last?["time_s"] as? Double ?? 0) >= 7
            }
            #expect(caughtUp, "no line after the stall: \(text.suffix(500))")
            // The lines made while nobody read (queued, written after): a frozen loop made none.
            let lines = StatsLines(text: text)
            func time(_ line: [String: Any]) -> Double { line["time_s"] as? Double ?? 0 }
            let stalled = lines.lines.last { time($0) < 6 } ?? [:]
            #expect(time(stalled) >= 4, "no line from the stall's last seconds: \(lines.lines.map { time($0) })")
            let during = lines.framesPresented(stalled)
            #expect(during.count == 3)
            for (window, frames) in during {
                // lavapipe draws these windows at 60 a second; 10 a second is far from a frozen
                // loop (the build before drew 1 frame in the first 5.9 s).
                #expect(Double(frames) >= 10 * time(stalled), "window \(window) drew \(frames) frames in \(time(stalled)) s")
            }

            // Stalled again, then SIGTERM: the run ends, cleanly, without waiting for the reader.
            sleep(3)
            let signalled = Date()
            kill(process.processIdentifier, SIGTERM)
            let ended = waitUntil(timeout: 20) { !process.isRunning }
            let took = Date().timeIntervalSince(signalled)
            #expect(ended, "still running 20 s after SIGTERM")
            process.waitUntilExit()
            let stderr = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            #expect(process.terminationStatus == 0, "stderr: \(stderr)")
            // The signal ends the run within a second (Signals.loopAllowance); the rest is its
            // teardown. The bound is loose for a loaded machine; the old build never ended at all.
            #expect(took < 5, "SIGTERM took \(took) s")
            #expect(stderr.contains("is not keeping up") || stderr.contains("not written"), "stderr: \(stderr)")
        }

        /// A fatal error with standard error closed, full, or a broken pipe: exit 1, never a crash
        /// (before: SIGILL, status 132, from Foundation's FileHandle.write).
        @Test(arguments: ["2>&-", "2>/dev/full", "2>&1 | true"])
        func aFatalErrorWithAnUnwritableStandardErrorExitsOne(redirect: String) throws {
            // bash's pipefail reports the status of flotilla, not of `true`, for the pipe.
            let status = try run("/bin/bash", ["-c", "set -o pipefail; '\(FlotillaBinary.path)' --headless --memory-budget 1 --frames 3 \(redirect); echo status=$?"],
                                 environment: FlotillaBinary.environment(), timeout: 90)
            #expect(status.stdout.contains("status=1"), "\(redirect): \(status.output)")
        }

        /// `flotilla info >/dev/full` wrote nothing and exited 0.
        @Test func aReportThatCannotBeWrittenIsAnError() throws {
            let result = try shell("\(binary) info >/dev/full")
            #expect(result.status == 1, "\(result.output)")
            #expect(result.stderr.contains("flotilla: error: cannot write to standard output"), "\(result.stderr)")
        }
    }
}
