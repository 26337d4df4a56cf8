import FlotillaCore
import Testing

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
