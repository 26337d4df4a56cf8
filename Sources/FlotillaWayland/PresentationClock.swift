import Glibc

/// The clock wp_presentation stamps its `presented` events with (the compositor names it:
/// usually CLOCK_MONOTONIC). Times that are compared with those stamps, such as when a key
/// arrived, must be read from the same clock.
public struct PresentationClock: Sendable, Equatable {
    public let id: clockid_t

    public init(id: clockid_t) {
        self.id = id
    }

    /// Now, as a time since the clock's epoch.
    public func now() -> Duration {
        var time = timespec()
        clock_gettime(id, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }
}
