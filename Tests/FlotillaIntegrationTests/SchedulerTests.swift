import Foundation
import FlotillaCompositors
import FlotillaTestSupport
import Testing

extension Integration {
    /// The frame scheduler on a real compositor (headless weston, paced by frame callbacks).
    @Suite struct SchedulerTests {
        @Test func scriptedKeysLandInTheVeryNextPaintWithTenWindows() throws {
            let weston = try Weston(width: 1600, height: 900)
            defer { weston.stop() }
            let stats = temporaryFile("scheduler.jsonl")
            defer { try? FileManager.default.removeItem(atPath: stats) }
            let result = try run(FlotillaBinary.path, ["--windows", "10", "--size", "240x180", "--scene", "mix",
                                                       "--keys", "space space 1 2 3 space space", "--seconds", "7",
                                                       "--stats", stats],
                                 environment: FlotillaBinary.environment(weston.clientEnvironment), timeout: 60)
            #expect(result.status == 0, "output:\n\(result.output)")
            #expect(validationProblems(in: result.output) == [])
            let scheduler = try #require(StatsLines(path: stats).last?["scheduler"] as? [String: Any])
            let paints = scheduler["paints"] as? [String: Int] ?? [:]
            let requests = scheduler["requests"] as? [String: Int] ?? [:]
            // 10 new windows and 7 keys, each a UserInput request for a window; every one painted.
            #expect((requests["user_input"] ?? 0) >= 17)
            #expect((paints["user_input"] ?? 0) >= 17, "paints: \(paints)")
            // Counted in frames: no window painted a frame between a key and the frame showing it.
            #expect(scheduler["input_paints_waited_max"] as? Int == 0)
            #expect((paints["animation"] ?? 0) > 10 * 30, "ten windows keep animating: \(paints)")
            #expect((paints["background"] ?? 0) >= 1, "stats lines and the cache save ran as Background jobs")
        }
    }
}
