import FlotillaCore
import Testing

@Suite struct KeyActionTests {
    @Test func onlySpawningRepeats() {
        #expect(KeyAction.newWindow.repeats && KeyAction.tenMoreWindows.repeats)
        #expect(!KeyAction.closeWindow.repeats && !KeyAction.quit.repeats && !KeyAction.newWindowNextScene.repeats)
    }
}

@Suite struct KeyRepeatTests {
    /// Instants of a hand-moved clock, in milliseconds since its start.
    func at(_ milliseconds: Int) -> ManualClock.Instant { ManualClock.Instant(offset: .milliseconds(milliseconds)) }

    @Test func firesAfterTheDelayThenAtTheRate() {
        var keyRepeat = KeyRepeat<ManualClock.Instant>()
        keyRepeat.configure(rate: 10, delayMilliseconds: 500)
        keyRepeat.press(42, action: .newWindow, at: at(0))
        #expect(keyRepeat.deadline == at(500))
        #expect(keyRepeat.fire(at: at(499)) == 0)
        #expect(keyRepeat.fire(at: at(500)) == 1)
        #expect(keyRepeat.deadline == at(600))
        #expect(keyRepeat.fire(at: at(650)) == 1)
        // A late pass sees every repeat that fell due.
        #expect(keyRepeat.fire(at: at(1000)) == 4)
        keyRepeat.release(42)
        #expect(keyRepeat.deadline == nil)
        #expect(keyRepeat.fire(at: at(5000)) == 0)
    }

    @Test func rateZeroMeansNoRepeat() {
        var keyRepeat = KeyRepeat<ManualClock.Instant>()
        keyRepeat.configure(rate: 0, delayMilliseconds: 200)
        keyRepeat.press(1, action: .newWindow, at: at(0))
        #expect(keyRepeat.deadline == nil)
        #expect(keyRepeat.fire(at: at(10_000)) == 0)
    }

    @Test func keysThatDoNotRepeatNeverFire() {
        var keyRepeat = KeyRepeat<ManualClock.Instant>()
        keyRepeat.press(1, action: .closeWindow, at: at(0))
        keyRepeat.press(2, action: nil, at: at(0))
        #expect(keyRepeat.fire(at: at(10_000)) == 0)
    }

    @Test func releasingAnotherKeyKeepsTheHeldOneRepeating() {
        var keyRepeat = KeyRepeat<ManualClock.Instant>()
        keyRepeat.configure(rate: 25, delayMilliseconds: 600)
        keyRepeat.press(7, action: .tenMoreWindows, at: at(0))
        keyRepeat.release(8)
        #expect(keyRepeat.held == .tenMoreWindows)
        #expect(keyRepeat.fire(at: at(620)) == 1)
        keyRepeat.stop()
        #expect(keyRepeat.held == nil)
    }
}

@Suite struct KeyboardFocusTests {
    @Test func enterAndLeaveTrackEachSeat() {
        var focus = KeyboardFocus()
        focus.enter(seat: 1, window: WindowID(3))
        focus.enter(seat: 2, window: WindowID(5))
        #expect(focus.window(of: 1) == WindowID(3))
        #expect(focus.anyFocused == WindowID(5))
        // A leave for another window (out of order) does not clear the seat's focus.
        focus.leave(seat: 1, window: WindowID(4))
        #expect(focus.window(of: 1) == WindowID(3))
        focus.leave(seat: 1, window: WindowID(3))
        #expect(focus.window(of: 1) == nil)
        // A leave naming a destroyed surface clears the seat's focus.
        focus.leave(seat: 2, window: nil)
        #expect(focus.anyFocused == nil)
    }

    @Test func closedWindowsAndRemovedSeatsLoseFocus() {
        var focus = KeyboardFocus()
        focus.enter(seat: 1, window: WindowID(2))
        focus.enter(seat: 2, window: WindowID(2))
        focus.enter(seat: 3, window: WindowID(9))
        focus.windowClosed(WindowID(2))
        #expect(focus.window(of: 1) == nil && focus.window(of: 2) == nil)
        focus.remove(seat: 3)
        #expect(focus.anyFocused == nil)
    }
}
