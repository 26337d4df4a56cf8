import Foundation
import FlotillaCompositors
import FlotillaTestSupport
import Testing

extension Integration {
    /// VK_ERROR_DEVICE_LOST (injected: FLOTILLA_FAULT=device-lost@...): the host is rebuilt,
    /// every window draws again from its scene's CPU state, and losses in a row are capped.
    @Suite struct DeviceLossTests {
        func errorLines(_ result: ProcessResult) -> [String] {
            result.stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("flotilla: error:") }
        }

        /// Lost at frame 60 with three windows (grid, particles, post).
        @Test func aLostDeviceIsRebuiltAndEveryWindowGoesOnHeadless() throws {
            let stats = temporaryFile("lost.jsonl")
            defer { try? FileManager.default.removeItem(atPath: stats) }
            let result = try run(FlotillaBinary.path,
                                 ["--headless", "--windows", "3", "--scene", "mix", "--size", "320x240", "--frames", "120",
                                  "--stats", stats, "--log-level", "info"],
                                 environment: FlotillaBinary.environment(["FLOTILLA_FAULT": "device-lost@frame=60"]),
                                 timeout: 120)
            #expect(result.status == 0, "output:\n\(result.output.suffix(3000))")
            #expect(validationProblems(in: result.output) == [])
            // One loss, one rebuild, the lost device destroyed, and nothing else went wrong.
            #expect(result.stderr.components(separatedBy: "the GPU device was lost").count - 1 == 1)
            #expect(result.stderr.contains("the lost device and its instance are destroyed"))
            #expect(result.stderr.contains("host rebuilt (1 since start): 3 window(s) drawing again"))
            #expect(errorLines(result) == [])
            let lines = StatsLines(path: stats)
            let last = try #require(lines.last)
            #expect(last["host_rebuilds"] as? Int == 1)
            #expect(last["validation_messages"] as? Int == 0)
            #expect(StatsLines.droppedOwners(last) == 0, "every owner of GPU memory released, none dropped")
            // --frames 120 counts across the rebuild: every window reached it, so each presented
            // about 60 frames after the loss.
            let frames = lines.framesPresented(last)
            #expect(frames.count == 3 && frames.values.allSatisfy { $0 >= 120 }, "\(frames)")
            // The new host accounts its memory as the first did: ledger = what vkAllocateMemory gave.
            let memory = lines.memory(last)
            #expect(memory["total_bytes"] as? Int == memory["device_bytes"] as? Int, "\(memory)")
        }

        @Test func swapchainWindowsAreMadeAgainAndKeepPresentingInWeston() throws {
            let weston = try Weston(width: 1280, height: 720)
            defer { weston.stop() }
            let flotilla = try FlotillaRun(["--windows", "2", "--size", "320x240", "--scene", "grid", "--seconds", "6",
                                            "--log-level", "info"],
                                           in: weston, statsName: "lost-weston.jsonl",
                                           environment: ["FLOTILLA_FAULT": "device-lost@seconds=2"])
            let result = flotilla.child.wait(timeout: 60)
            #expect(result.status == 0, "output:\n\(result.output.suffix(3000))")
            #expect(validationProblems(in: result.output) == [])
            #expect(result.stderr.contains("host rebuilt (1 since start): 2 window(s) drawing again"))
            let lines = flotilla.stats.lines
            // The first line after the rebuild, and the last: both windows presented many frames
            // on their new swapchains in between.
            let after = try #require(lines.first { $0["host_rebuilds"] as? Int == 1 })
            let last = try #require(lines.last)
            #expect(last["host_rebuilds"] as? Int == 1)
            let before = flotilla.stats.framesPresented(after), end = flotilla.stats.framesPresented(last)
            #expect(end.count == 2 && end.allSatisfy { $0.value >= (before[$0.key] ?? 0) + 20 }, "\(before) -> \(end)")
            #expect(last["validation_messages"] as? Int == 0)
            #expect(StatsLines.droppedOwners(last) == 0, "every owner of GPU memory released, none dropped")
        }

        @Test func lossesInARowWithNoFrameBetweenEndInOneErrorLine() throws {
            let result = try run(FlotillaBinary.path, ["--headless", "--windows", "2", "--seconds", "30"],
                                 environment: FlotillaBinary.environment(["FLOTILLA_FAULT": "device-lost@frame=0,repeat"]),
                                 timeout: 60)
            #expect(result.status == 1)
            #expect(errorLines(result).count == 1, "\(result.stderr.suffix(2000))")
            #expect(errorLines(result).first?.contains("the GPU device was lost 3 times in a row with no frame shown between") == true)
            #expect(result.stderr.contains("host rebuilt (2 since start)"))
            #expect(!result.stderr.contains("host rebuilt (3 since start)"))
            #expect(validationProblems(in: result.output) == [])
        }
    }
}
