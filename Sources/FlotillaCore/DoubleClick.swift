/// Tells a double click from two single ones: a second press close enough in time and place to
/// the first. Wayland gives no double-click event; every toolkit counts clicks itself. Times are
/// wl_pointer's, in milliseconds (they wrap at 2^32).
public struct DoubleClick: Sendable {
    /// GTK's and Qt's default interval.
    public static let interval: UInt32 = 400
    /// How far (logical pixels) the second press may land from the first.
    public static let distance = 4.0

    private var last: (time: UInt32, x: Double, y: Double)?

    public init() {}

    /// Records a press; true when it completes a double click (a third press starts again).
    public mutating func press(time: UInt32, x: Double, y: Double) -> Bool {
        if let last, time &- last.time <= Self.interval, abs(x - last.x) <= Self.distance, abs(y - last.y) <= Self.distance {
            self.last = nil
            return true
        }
        last = (time, x, y)
        return false
    }
}
