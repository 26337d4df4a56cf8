import Foundation
import FlotillaCompositors
import FlotillaTestSupport
import Testing

extension Integration {
    /// The shared GPU authority, measured through the binary's own `--stats` (headless: no
    /// compositor needed; offscreen targets stand in for swapchains and are left out below).
    @Suite struct SharingTests {
        func runHeadless(_ arguments: [String], cache: String? = nil, timeout: Double = 90) throws -> (ProcessResult, StatsLines) {
            let stats = temporaryFile("sharing.jsonl")
            defer { try? FileManager.default.removeItem(atPath: stats) }
            var extra: [String: String] = [:]
            if let cache { extra["XDG_CACHE_HOME"] = cache }
            let result = try run(FlotillaBinary.path, ["--headless", "--stats", stats] + arguments,
                                 environment: FlotillaBinary.environment(extra), timeout: timeout)
            return (result, StatsLines(path: stats))
        }

        /// App-owned bytes without the offscreen targets (the swapchain's stand-in).
        func appBytes(_ line: [String: Any]?) -> Int {
            let memory = line?["memory"] as? [String: Any] ?? [:]
            let categories = memory["by_category"] as? [String: Int] ?? [:]
            return (memory["total_bytes"] as? Int ?? 0) - (categories["targets"] ?? 0) - (categories["reserve"] ?? 0)
        }

        @Test func isolatedModeBuildsEverythingPerWindowAndCostsMore() throws {
            // One scene, so every window needs the same pipelines (post needs a second set, for
            // its 16-bit texture).
            let (shared, sharedLines) = try runHeadless(["--windows", "5", "--scene", "grid", "--frames", "20"])
            let (isolated, isolatedLines) = try runHeadless(["--windows", "5", "--scene", "grid", "--frames", "20", "--isolated"])
            #expect(shared.status == 0 && isolated.status == 0, "\(shared.output)\n\(isolated.output)")
            #expect(validationProblems(in: shared.output + isolated.output) == [])
            #expect(sharedLines.last?["mode"] as? String == "shared")
            #expect(isolatedLines.last?["mode"] as? String == "isolated")
            let sharedPipelines = sharedLines.last?["pipelines_created"] as? Int ?? 0
            let isolatedPipelines = isolatedLines.last?["pipelines_created"] as? Int ?? 0
            #expect(sharedPipelines > 0 && isolatedPipelines == 5 * sharedPipelines,
                    "pipelines: shared \(sharedPipelines), isolated \(isolatedPipelines)")
            let sharedBytes = appBytes(sharedLines.last), isolatedBytes = appBytes(isolatedLines.last)
            #expect(isolatedBytes > sharedBytes, "app-owned bytes: shared \(sharedBytes), isolated \(isolatedBytes)")
            print("5 windows, grid: shared \(sharedBytes) B, isolated \(isolatedBytes) B, ratio \(Double(sharedBytes) / Double(max(isolatedBytes, 1)))")
        }

        /// The post scene's full-resolution intermediates: one set for every window in shared mode
        /// (the same bytes at 1, 5 and 25 windows of one size), a set per frame in flight per
        /// window under --isolated, and sync validation silent while windows hand the one set on.
        @Test func oneSetOfIntermediatesServesEveryWindow() throws {
            func transients(_ lines: StatsLines) -> [String: Int] { lines.last?["transients"] as? [String: Int] ?? [:] }
            var bytes: [Int] = []
            for windows in [1, 5, 25] {
                let (result, lines) = try runHeadless(["--windows", "\(windows)", "--scene", "post", "--size", "320x200",
                                                       "--frames", "3", "--no-overlay"], timeout: 180)
                #expect(result.status == 0, "\(result.output)")
                #expect(validationProblems(in: result.output) == [])
                let figures = transients(lines)
                #expect(figures["sets"] == 1 && figures["high_water"] == 1, "\(windows) windows: \(figures)")
                #expect((figures["leases"] ?? 0) >= 3 * windows, "every frame borrowed the set")
                bytes.append(figures["bytes"] ?? 0)
            }
            // 320x200 in B10G11R11 (4 bytes: lavapipe blends and filters it), and five halving levels
            // in RGBA16F (8 bytes): 16000 + 4000 + 1000 + 260 + 70 texels; alignment on top.
            let least = 320 * 200 * 4 + (16000 + 4000 + 1000 + 260 + 70) * 8
            #expect(bytes[0] >= least && bytes[0] < least * 3 / 2, "\(bytes[0]) bytes")
            #expect(bytes == [bytes[0], bytes[0], bytes[0]], "independent of the window count: \(bytes)")

            let (isolated, isolatedLines) = try runHeadless(["--windows", "5", "--scene", "post", "--size", "320x200",
                                                             "--frames", "3", "--no-overlay", "--isolated"], timeout: 180)
            #expect(isolated.status == 0, "\(isolated.output)")
            #expect(validationProblems(in: isolated.output) == [])
            let figures = transients(isolatedLines)
            #expect(figures["sets"] == 10, "a set per frame in flight per window: \(figures)")
            #expect(figures["bytes"] == 10 * bytes[0])
        }

        /// A directory where the cache file should be: one warning, a fresh file beside it, used
        /// by the next run. A cache folder that cannot be made: one plain warning a run.
        @Test func aCacheThatCannotBeWrittenWhereItShouldIsOneWarning() throws {
            let cache = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-cachedir-\(UUID().uuidString.prefix(8))")
            defer { try? FileManager.default.removeItem(at: cache) }
            try FileManager.default.createDirectory(at: cache.appendingPathComponent("flotilla/pipeline-cache.bin"),
                                                    withIntermediateDirectories: true)
            let (first, _) = try runHeadless(["--windows", "1", "--frames", "3"], cache: cache.path)
            #expect(first.status == 0, "\(first.output)")
            let warnings = first.stderr.split(separator: "\n").filter { $0.contains("pipeline cache") && $0.contains("warning") }
            #expect(warnings.count == 1 && warnings[0].contains("is a directory"), "\(warnings)")
            #expect(FileManager.default.fileExists(atPath: cache.appendingPathComponent("flotilla/pipeline-cache-file.bin").path))
            let (second, secondLines) = try runHeadless(["--windows", "1", "--frames", "3"], cache: cache.path)
            #expect(second.status == 0)
            #expect((secondLines.last?["pipeline_cache"] as? [String: Any])?["hit"] as? Bool == true)

            // XDG_CACHE_HOME is a file: its flotilla folder cannot be made.
            let blocker = cache.appendingPathComponent("not-a-folder")
            #expect(FileManager.default.createFile(atPath: blocker.path, contents: Data("x".utf8)))
            let (third, _) = try runHeadless(["--windows", "1", "--frames", "3"], cache: blocker.path)
            #expect(third.status == 0)
            let failures = third.stderr.split(separator: "\n").filter { $0.contains("cannot save the pipeline cache") }
            #expect(failures.count == 1, "one line a run: \(failures)")
            #expect(failures.first?.contains("Not a directory") == true, "a plain reason: \(failures)")
        }

        @Test func thePipelineCacheRoundTripsAndACorruptFileIsRewritten() throws {
            let cache = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-cache-\(UUID().uuidString.prefix(8))")
            defer { try? FileManager.default.removeItem(at: cache) }
            func hit(_ lines: StatsLines) -> Bool? { (lines.last?["pipeline_cache"] as? [String: Any])?["hit"] as? Bool }
            let file = cache.appendingPathComponent("flotilla/pipeline-cache.bin")

            let (first, firstLines) = try runHeadless(["--windows", "1", "--frames", "3"], cache: cache.path)
            #expect(first.status == 0)
            #expect(hit(firstLines) == false, "nothing cached yet")
            #expect(FileManager.default.fileExists(atPath: file.path), "saved at exit")
            let (second, secondLines) = try runHeadless(["--windows", "1", "--frames", "3"], cache: cache.path)
            #expect(second.status == 0)
            #expect(hit(secondLines) == true, "the second run loads it")

            try Data((0..<300).map { UInt8(truncatingIfNeeded: $0 &* 37) }).write(to: file)
            let (third, thirdLines) = try runHeadless(["--windows", "1", "--frames", "3"], cache: cache.path)
            #expect(third.status == 0, "a corrupt cache is no reason to fail: \(third.output)")
            #expect(hit(thirdLines) == false)
            let warnings = third.stderr.split(separator: "\n").filter { $0.contains("ignoring the pipeline cache") }
            #expect(warnings.count == 1, "one warning: \(third.stderr)")
            let rewritten = try Data(contentsOf: file)
            #expect(rewritten.prefix(8) == Data("FLOTPC01".utf8), "rewritten at exit")
            let (_, fourthLines) = try runHeadless(["--windows", "1", "--frames", "3"], cache: cache.path)
            #expect(hit(fourthLines) == true)
            #expect(validationProblems(in: first.output + second.output + third.output) == [])
        }

        @Test func twentyWindowsOpenedAndClosedLeaveTheLedgerWhereItWas() throws {
            // 1 window, m m -> 21, twenty closes -> 1; the pools' idle items expire after 3 s. Six
            // spaces first (pause and resume window 1) give it two seconds to settle, and a stats
            // line, before the first m.
            let keys = (Array(repeating: "space", count: 6) + ["m", "m"] + Array(repeating: "w", count: 20)).joined(separator: " ")
            let (result, lines) = try runHeadless(["--windows", "1", "--scene", "mix", "--size", "320x240",
                                                   "--keys", keys, "--seconds", "16"], timeout: 60)
            #expect(result.status == 0, "output:\n\(result.output)")
            #expect(validationProblems(in: result.output) == [])
            func memory(_ line: [String: Any]) -> [String: Any] { line["memory"] as? [String: Any] ?? [:] }
            for line in lines.lines {
                #expect(memory(line)["total_bytes"] as? Int == memory(line)["device_bytes"] as? Int,
                        "ledger total equals the bytes from vkAllocateMemory at every line")
            }
            let counts = lines.lines.compactMap { $0["windows"] as? Int }
            #expect(counts.max() == 21 && counts.last == 1, "window counts: \(counts)")
            // Where it was: the last line before the first m, window 1 settled (its overlay text,
            // in a buffer of its own, has grown to its figures' length by then).
            let firstSpawn = try #require(lines.lines.firstIndex { ($0["windows"] as? Int ?? 0) > 1 })
            let baseline = try #require(lines.lines[..<firstSpawn].last { ($0["frame"] as? Int ?? 0) > 0 })
            let end = try #require(lines.last)
            // Held bytes that are neither block reserve, nor the ring (which keeps its high-water
            // mark by design), nor `other` (staging buffers of one-shot uploads, gone once the
            // upload is done), nor the pools' idle items (waiting 3 s for reuse, then trimmed)
            // return to where they were with one window.
            func sharedHeld(_ line: [String: Any]) -> Int {
                let categories = memory(line)["by_category"] as? [String: Int] ?? [:]
                let windowBytes = (memory(line)["window_bytes"] as? [String: Int] ?? [:]).values.reduce(0, +)
                let idle = ["buffer_pool", "texture_pool"].reduce(0) { $0 + ((line[$1] as? [String: Any])?["idle_bytes"] as? Int ?? 0) }
                return (memory(line)["shared_bytes"] as? Int ?? 0) + windowBytes - (categories["reserve"] ?? 0) - (categories["ring"] ?? 0)
                    - (categories["other"] ?? 0) - idle
            }
            #expect(sharedHeld(end) == sharedHeld(baseline), "baseline \(sharedHeld(baseline)), end \(sharedHeld(end))")
            let windowBytes = memory(end)["window_bytes"] as? [String: Int] ?? [:]
            #expect(windowBytes.keys.sorted() == ["1"], "only window 1 holds memory: \(windowBytes)")
        }
    }
}
