import Foundation
import FlotillaCompositors
import FlotillaTestSupport
import Testing

extension Integration {
    /// wp_presentation on weston: every frame asks when it reached the screen; keys are measured to
    /// the first frame that showed them; the overlay shows key→present.
    @Suite struct PresentationTests {
        @Test func framesAndKeysAreMeasuredToTheCompositorsPresentation() throws {
            let weston = try Weston(width: 1280, height: 720)
            defer { weston.stop() }
            let flotilla = try FlotillaRun(["--windows", "2", "--size", "320x240", "--keys", Array(repeating: "h", count: 12).joined(separator: " ") + " q"],
                                           in: weston, statsName: "present.jsonl")
            let result = flotilla.child.wait(timeout: 90)
            #expect(result.status == 0, "q ends with 0; output:\n\(result.output.suffix(2000))")
            #expect(validationProblems(in: result.output) == [])
            let last = try #require(flotilla.last)
            let present = try #require(last["present"] as? [String: Any])
            let frames = try #require(present["frame_to_present_ms"] as? [String: Any])
            let keys = try #require(present["key_to_present_ms"] as? [String: Any])
            func number(_ value: Any?) -> Double { value as? Double ?? (value as? Int).map(Double.init) ?? -1 }
            // Every presented frame was answered, and took some time from its paint to the light.
            #expect(number(present["presented"]) >= 20, "\(present)")
            #expect(number(frames["count"]) == number(present["presented"]))
            #expect(number(frames["p50"]) > 0)
            // The twelve h presses (the help panel on and off) each reached the screen: enough keys
            // for a median that one unlucky repaint does not move.
            #expect(number(keys["count"]) == 12, "\(keys)")
            #expect(number(keys["p50"]) > 0 && number(keys["max"]) >= number(keys["p50"]))
            // weston's headless output refreshes at 60 Hz and says so.
            let refresh = number(present["refresh_ms"])
            #expect(abs(refresh - 16.667) < 0.1, "\(present)")
            // A key reaches the screen within three refreshes. lavapipe's MAILBOX swapchain lets the
            // key's frame go at once, not at the next frame callback, and replace the frame waiting
            // in weston; weston shows it at its next repaint.
            let keyToCommit = try #require(present["key_to_commit_ms"] as? [String: Any])
            let commitToPresent = try #require(present["commit_to_present_ms"] as? [String: Any])
            #expect(number(keys["p50"]) < 3 * refresh, "\(present)")
            #expect(number(keyToCommit["count"]) == 12)
            #expect(number(keyToCommit["p50"]) < number(keys["p50"]))
            #expect(number(commitToPresent["p50"]) > 0 && number(commitToPresent["count"]) == number(frames["count"]))
            // The overlay shows the same figure (it is drawn from the same histogram).
            let overlay = (last["overlay"] as? [String: [String]])?.values.flatMap { $0 } ?? []
            #expect(overlay.contains { $0.hasPrefix("key→present  p50 ") }, "\(overlay)")
        }
    }
}
