/// Which window each seat's keyboard is in (wl_keyboard enter/leave), so actions go to the
/// window the user typed into. Seats are told apart by a number the seat code chooses.
public struct KeyboardFocus: Sendable {
    private var focused: [Int: WindowID] = [:]

    public init() {}

    public mutating func enter(seat: Int, window: WindowID) {
        focused[seat] = window
    }

    /// wl_keyboard.leave (its surface may already be gone: then any focus of the seat ends).
    public mutating func leave(seat: Int, window: WindowID?) {
        if window == nil || focused[seat] == window { focused[seat] = nil }
    }

    /// The seat (or its keyboard) went away.
    public mutating func remove(seat: Int) {
        focused[seat] = nil
    }

    /// A window closed: no seat's focus may point at it any more.
    public mutating func windowClosed(_ window: WindowID) {
        focused = focused.filter { $0.value != window }
    }

    public func window(of seat: Int) -> WindowID? {
        focused[seat]
    }

    /// The window the most recent focus went to, for actions with no seat (`--keys`).
    public var anyFocused: WindowID? { focused.values.max() }
}
