import Foundation
import FlotillaCompositors
import FlotillaTestSupport
import Testing

extension Integration {
    /// The crash defects a hostile pass found: each now ends in one clear line, or runs on.
    @Suite struct HostilePassTests {
        /// Runs the binary through `sh -c` so a test can set ulimits or redirect its output.
        func shell(_ script: String, timeout: Double = 90) throws -> ProcessResult {
            try run("/bin/sh", ["-c", script], environment: FlotillaBinary.environment(), timeout: timeout)
        }

        var binary: String { "'\(FlotillaBinary.path)'" }

        func errorLines(_ result: ProcessResult) -> [String] {
            result.stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("flotilla: error:") }
        }

        /// Validation problems apart from the layer's echo of an allocation the driver refused,
        /// which is the very condition these tests create.
        func problemsBesidesOutOfMemory(_ output: String) -> [String] {
            validationProblems(in: output).filter { !$0.hasSuffix("VK_ERROR_OUT_OF_DEVICE_MEMORY") }
        }

        /// Windows closed while their 16384x16384 frames are still on the GPU: their images are
        /// freed only once the GPU is done (before: exit 139, a use after free in lavapipe).
        @Test func closingWindowsWhoseFramesAreStillOnTheGPUFreesNothingEarly() throws {
            let result = try shell("exec \(binary) --headless --windows 3 --size 16384x16384 --seconds 2 --log-level info",
                                   timeout: 120)
            #expect(result.status == 0, "output:\n\(result.output.suffix(3000))")
            #expect(!result.timedOut)
            #expect(result.stderr.contains("its last frame is still on the GPU; released when it finishes"))
            #expect(problemsBesidesOutOfMemory(result.output) == [])
        }

        /// `--memory-budget`: windows past it are refused, one line each naming the window and the
        /// sizes, the others keep drawing; a budget too small for the host itself is one error line.
        @Test func aMemoryBudgetRefusesWindowsPastItAndTheOthersGoOn() throws {
            let stats = temporaryFile("budget.jsonl")
            defer { try? FileManager.default.removeItem(atPath: stats) }
            let result = try shell("exec \(binary) --headless --windows 2 --size 800x600 --memory-budget 48M --keys m --seconds 5 --stats '\(stats)'")
            #expect(result.status == 0, "output:\n\(result.output.suffix(3000))")
            let refused = result.stderr.split(separator: "\n").filter { $0.contains("cannot open window") }
            #expect(refused.count == 1, "one line for the press: \(refused)")
            #expect(refused.first?.contains("of the 48.0 MiB memory budget in use (--memory-budget)") == true)
            let lines = StatsLines(path: stats)
            let budget = lines.last?["budget"] as? [String: Int] ?? [:]
            #expect(budget["limit"] == 48 << 20 && (budget["used"] ?? .max) <= 48 << 20 && (budget["refusals"] ?? 0) >= 1, "\(budget)")
            let frames = lines.framesPresented(lines.last)
            #expect(frames.count > 2 && frames.count < 12, "some of the ten opened: \(frames.count) windows")
            #expect(frames.values.allSatisfy { $0 > 10 }, "every open window kept drawing: \(frames)")
            #expect(problemsBesidesOutOfMemory(result.output) == [])

            let tiny = try shell("exec \(binary) --headless --windows 1 --memory-budget 4M --frames 3")
            #expect(tiny.status == 1)
            #expect(errorLines(tiny).count == 1 && errorLines(tiny)[0].contains("memory budget"), "\(tiny.stderr)")
        }

        /// FLOTILLA_FAULT fails one request for device memory: the one a new window makes first (the
        /// number learned from a run without the fault). That window is refused with one line, the
        /// two open ones keep presenting, and the program ends normally.
        @Test func anInjectedAllocationFailureRefusesOneNewWindow() throws {
            let arguments = "--headless --windows 2 --scene particles --no-overlay"
            let learn = temporaryFile("fault-learn.jsonl"), stats = temporaryFile("fault.jsonl")
            defer {
                try? FileManager.default.removeItem(atPath: learn)
                try? FileManager.default.removeItem(atPath: stats)
            }
            let first = try shell("exec \(binary) \(arguments) --seconds 2 --stats '\(learn)'")
            #expect(first.status == 0)
            let requests = try #require((StatsLines(path: learn).last?["budget"] as? [String: Any])?["requests"] as? Int)
            let result = try shell("FLOTILLA_FAULT=out-of-device-memory@allocation=\(requests + 1) exec \(binary) \(arguments) --keys n --seconds 4 --stats '\(stats)'")
            #expect(result.status == 0, "output:\n\(result.output.suffix(3000))")
            let refused = result.stderr.split(separator: "\n").filter { $0.contains("cannot open window 3 at 800x600") }
            #expect(refused.count == 1 && refused[0].contains("VK_ERROR_OUT_OF_DEVICE_MEMORY"), "\(result.stderr.suffix(2000))")
            let lines = StatsLines(path: stats)
            #expect((lines.last?["budget"] as? [String: Any])?["refusals"] as? Int == 1)
            let frames = lines.framesPresented(lines.last)
            #expect(frames.keys.sorted() == ["1", "2"] && frames.values.allSatisfy { $0 > 60 }, "\(frames)")
            #expect(problemsBesidesOutOfMemory(result.output) == [])
        }

        /// Past 90% of the driver's budget (VK_EXT_memory_budget; here a budget the fault makes
        /// the driver report, lavapipe having none): one warning naming the heap and the figures,
        /// idle pool memory given back, and the windows go on. Under 90%: nothing.
        @Test func theDriversBudgetPastNinetyPercentWarnsOnceAndGivesIdleMemoryBack() throws {
            let stats = temporaryFile("driver-budget.jsonl")
            defer { try? FileManager.default.removeItem(atPath: stats) }
            let arguments = "--headless --windows 2 --scene post --size 640x400 --seconds 3 --log-level info --stats '\(stats)'"
            let tight = try shell("FLOTILLA_FAULT=driver-budget@bytes=16M exec \(binary) \(arguments)")
            #expect(tight.status == 0, "output:\n\(tight.output.suffix(3000))")
            let warnings = tight.stderr.split(separator: "\n").filter { $0.contains("of the driver's budget (") }
            #expect(warnings.count == 1 && warnings[0].contains("of 16.0 MiB); releasing idle pool memory"), "\(warnings)")
            #expect(tight.stderr.contains("idle pool items and empty blocks released"))
            let last = StatsLines(path: stats).last
            #expect((last?["budget"] as? [String: Any])?["driver_budget_warnings"] as? Int == 1)
            #expect(StatsLines(path: stats).framesPresented(last).values.allSatisfy { $0 > 20 }, "the windows go on")
            #expect(validationProblems(in: tight.output) == [])

            let roomy = try shell("FLOTILLA_FAULT=driver-budget@bytes=4G exec \(binary) \(arguments)")
            #expect(roomy.status == 0)
            #expect(!roomy.stderr.contains("of the driver's budget ("))
            #expect((StatsLines(path: stats).last?["budget"] as? [String: Any])?["driver_budget_warnings"] as? Int == 0)
        }

        /// 8 windows of 2 GiB each under a 6 GB address-space limit: window 3 cannot be made.
        @Test func outOfMemoryAtStartIsOneLineNamingTheWindowAndTheSize() throws {
            let result = try shell("ulimit -v 6000000; exec \(binary) --headless --windows 8 --size 16384x16384 --frames 2")
            #expect(result.status == 1, "output:\n\(result.output.suffix(3000))")
            let lines = errorLines(result)
            #expect(lines.count == 1, "\(lines)")
            #expect(lines.first?.contains("cannot open window") == true && lines.first?.contains("bytes") == true,
                    "\(lines)")
            #expect(!result.output.contains("Precondition failed") && !result.output.contains("Program crashed"))
        }

        /// The same limit hit by a key (n) while two windows run: the new window is refused with
        /// a log line, the two go on presenting, the program ends normally.
        @Test func runningWindowsSurviveANewWindowsFailure() throws {
            let stats = temporaryFile("oom.jsonl")
            defer { try? FileManager.default.removeItem(atPath: stats) }
            let result = try shell("ulimit -v 6000000; exec \(binary) --headless --windows 2 --size 16384x16384 --scene grid"
                                   + " --keys n --seconds 6 --stats '\(stats)'", timeout: 120)
            #expect(result.status == 0, "output:\n\(result.output.suffix(3000))")
            #expect(result.stderr.contains("newWindow failed: cannot open window 3 at 16384x16384"), "\(result.stderr.suffix(2000))")
            let last = StatsLines(path: stats).last
            #expect(last?["windows"] as? Int == 2)
            #expect(StatsLines(path: stats).framesPresented(last).values.allSatisfy { $0 >= 2 })
            #expect(errorLines(result).isEmpty)
        }

        @Test(arguments: ["inf", "1e300", "nan", "-1"])
        func secondsThatNoDurationHoldsAreRefused(seconds: String) throws {
            let result = try shell("exec \(binary) --headless --seconds=\(seconds)")
            #expect(result.status == 64)
            #expect(result.stderr.contains("--seconds must be a number of seconds greater than 0"), "\(result.stderr)")
            #expect(!result.output.contains("Program crashed"))
        }

        /// A full disk (/dev/full says ENOSPC to every write), for a file and for standard output.
        @Test(arguments: ["--stats /dev/full", "--stats - > /dev/full"])
        func aStatsWriteFailureWarnsOnceAndTheWindowsGoOn(arguments: String) throws {
            let result = try shell("exec \(binary) --headless --windows 2 --frames 40 \(arguments)")
            #expect(result.status == 0, "output:\n\(result.output.suffix(3000))")
            let warnings = result.stderr.split(separator: "\n").filter { $0.contains("cannot write the stats") }
            #expect(warnings.count == 1, "\(warnings)")
            #expect(warnings.first?.contains("No space left on device") == true)
            #expect(validationProblems(in: result.output) == [])
        }

        @Test func statsGoIntoAFIFOAndThroughASymlinkInPlace() throws {
            let folder = temporaryFile("stats-targets")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let fifo = "\(folder)/fifo", target = "\(folder)/target.jsonl", link = "\(folder)/link.jsonl"
            #expect(mkfifo(fifo, 0o644) == 0)
            try "old contents\n".write(toFile: target, atomically: true, encoding: .utf8)
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
            let reader = try ChildProcess("/bin/cat", [fifo], environment: [:])
            defer { reader.terminate() }

            for path in [fifo, link] {
                let result = try shell("exec \(binary) --headless --windows 1 --frames 20 --stats '\(path)'")
                #expect(result.status == 0, "output:\n\(result.output.suffix(2000))")
            }
            let fromFIFO = reader.wait(timeout: 10)
            #expect(StatsLines(text: fromFIFO.stdout).lines.count >= 1, "the FIFO's reader got the lines")
            #expect(isFIFO(fifo), "the FIFO is still a FIFO")
            let linkType = try FileManager.default.attributesOfItem(atPath: link)[.type] as? FileAttributeType
            #expect(linkType == .typeSymbolicLink, "the link is still a link")
            let written = try String(contentsOfFile: target, encoding: .utf8)
            #expect(!written.contains("old contents") && StatsLines(text: written).lines.count >= 1,
                    "the link's target holds the lines")
        }

        func isFIFO(_ path: String) -> Bool {
            var info = stat()
            return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO
        }

        @Test func aDirectoryAsTheStatsFileIsRefused() throws {
            let folder = temporaryFile("stats-dir")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let result = try shell("exec \(binary) --headless --frames 2 --stats '\(folder)'")
            #expect(result.status == 64)
            #expect(result.stderr.contains("is a directory"), "\(result.stderr)")
        }
    }
}
