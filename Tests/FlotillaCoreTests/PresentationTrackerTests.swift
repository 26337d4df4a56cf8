import FlotillaCore
import Testing

/// Frames sent and the compositor's word on when they were shown.
@Suite struct PresentationTrackerTests {
    let refresh = Duration.microseconds(16_667)

    @Test func aFrameMeasuresFromItsPaintAndAKeyFromItsArrival() throws {
        var tracker = PresentationTracker()
        tracker.send(token: 1, paintBegan: .milliseconds(100), committed: .milliseconds(103), keyArrived: .milliseconds(96),
                     continuous: true)
        let answer = tracker.presented(token: 1, at: .milliseconds(120), refresh: refresh)
        let shown = try #require(answer)
        #expect(shown.frameToPresent == .milliseconds(20))
        #expect(shown.keyToPresent == .milliseconds(24))
        #expect(shown.keyToCommit == .milliseconds(7))
        #expect(shown.commitToPresent == .milliseconds(17))
        #expect(shown.missedRefreshes == 0)
        #expect(tracker.waiting == 0)
        // An answer for a frame never sent (or answered twice) is ignored.
        let again = tracker.presented(token: 1, at: .milliseconds(130), refresh: refresh)
        #expect(again == nil)
    }

    @Test func gapsBetweenConsecutiveAnimatedFramesAreMissedRefreshes() throws {
        var tracker = PresentationTracker()
        for token in UInt64(1)...3 {
            tracker.send(token: token, paintBegan: .zero, keyArrived: nil, continuous: true)
        }
        _ = tracker.presented(token: 1, at: .milliseconds(1000), refresh: refresh)
        // The next refresh: nothing missed.
        let nextRefresh = tracker.presented(token: 2, at: .milliseconds(1000) + refresh, refresh: refresh)?.missedRefreshes
        #expect(nextRefresh == 0)
        // Three refreshes later: two were missed.
        let threeLater = tracker.presented(token: 3, at: .milliseconds(1000) + refresh * 4, refresh: refresh)?.missedRefreshes
        #expect(threeLater == 2)
    }

    @Test func pausedFramesUnknownRefreshAndDiscardedFramesMissNothing() throws {
        var tracker = PresentationTracker()
        tracker.send(token: 1, paintBegan: .zero, keyArrived: nil, continuous: true)
        tracker.send(token: 2, paintBegan: .zero, keyArrived: nil, continuous: false)
        tracker.send(token: 3, paintBegan: .zero, keyArrived: nil, continuous: true)
        tracker.send(token: 4, paintBegan: .zero, keyArrived: .milliseconds(1), continuous: true)
        _ = tracker.presented(token: 1, at: .seconds(1), refresh: refresh)
        // Painted for a key after a pause, not for the last frame callback.
        let afterPause = tracker.presented(token: 2, at: .seconds(5), refresh: refresh)?.missedRefreshes
        #expect(afterPause == 0)
        // A compositor that does not know its refresh.
        let unknownRefresh = tracker.presented(token: 3, at: .seconds(6), refresh: .zero)?.missedRefreshes
        #expect(unknownRefresh == 0)
        tracker.discarded(token: 4)
        #expect(tracker.discarded == 1)
        #expect(tracker.waiting == 0)
    }

    @Test func aCompositorThatNeverAnswersDoesNotGrowIt() {
        var tracker = PresentationTracker()
        for token in UInt64(1)...1000 {
            tracker.send(token: token, paintBegan: .zero, keyArrived: nil, continuous: true)
        }
        #expect(tracker.waiting <= 65)
    }

    @Test func aKeyWhoseFrameWasReplacedIsMeasuredToTheFrameThatShowedIt() throws {
        var tracker = PresentationTracker()
        // The key's frame (sent at once, 2 ms after the key) is replaced by the next animation
        // frame before a repaint: that frame is the first to show the key.
        tracker.send(token: 1, paintBegan: .milliseconds(10), committed: .milliseconds(12),
                     keyArrived: .milliseconds(10), continuous: false)
        tracker.send(token: 2, paintBegan: .milliseconds(20), committed: .milliseconds(22), keyArrived: nil, continuous: true)
        tracker.discarded(token: 1)
        let answer = tracker.presented(token: 2, at: .milliseconds(40), refresh: refresh)
        let shown = try #require(answer)
        #expect(shown.keyToPresent == .milliseconds(30))
        #expect(shown.keyToCommit == .milliseconds(2), "Flotilla's part ended with the first commit")
        // Discarded before the next frame was sent: the next frame sent carries the key.
        tracker.send(token: 3, paintBegan: .milliseconds(50), committed: .milliseconds(51), keyArrived: .milliseconds(49),
                     continuous: false)
        tracker.discarded(token: 3)
        tracker.send(token: 4, paintBegan: .milliseconds(60), keyArrived: nil, continuous: true)
        #expect(tracker.presented(token: 4, at: .milliseconds(80), refresh: refresh)?.keyToPresent == .milliseconds(31))
        // A frame with a key of its own keeps the earlier key.
        tracker.send(token: 5, paintBegan: .milliseconds(90), keyArrived: .milliseconds(89), continuous: false)
        tracker.send(token: 6, paintBegan: .milliseconds(95), keyArrived: .milliseconds(94), continuous: false)
        tracker.discarded(token: 5)
        #expect(tracker.presented(token: 6, at: .milliseconds(110), refresh: refresh)?.keyToPresent == .milliseconds(21))
    }
}
