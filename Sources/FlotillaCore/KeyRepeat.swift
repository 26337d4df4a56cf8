/// Key repeat as wl_keyboard.repeat_info describes it: after `delay` the held key fires, then
/// `rate` times a second until released. Pure: the caller passes instants of its clock
/// (ContinuousClock in the app, one moved by hand in tests).
public struct KeyRepeat<Instant: InstantProtocol & Sendable, Action: RepeatableAction>: Sendable
where Instant.Duration == Duration {
    /// Keys per second; 0 disables repeat (the protocol's meaning).
    public private(set) var rate: Int32 = 25
    public private(set) var delay: Duration = .milliseconds(600)
    public private(set) var held: Action?
    private var key: UInt32 = 0
    private var nextFire: Instant?

    public init() {}

    public mutating func configure(rate: Int32, delayMilliseconds: Int32) {
        self.rate = max(rate, 0)
        delay = .milliseconds(Int(max(delayMilliseconds, 0)))
        if self.rate == 0 { stop() }
    }

    /// A key went down: it repeats only if its action does and repeat is on.
    public mutating func press(_ key: UInt32, action: Action?, at now: Instant) {
        guard let action, action.repeats, rate > 0 else {
            stop()
            return
        }
        self.key = key
        held = action
        nextFire = now.advanced(by: delay)
    }

    /// A key went up: stops the repeat if it was the held key.
    public mutating func release(_ key: UInt32) {
        if key == self.key { stop() }
    }

    /// Keyboard focus left, or the keymap changed.
    public mutating func stop() {
        held = nil
        nextFire = nil
    }

    /// When the next repeat is due, for the event loop's timeout.
    public var deadline: Instant? { nextFire }

    /// How many repeats are due by `now`; advances past them.
    public mutating func fire(at now: Instant) -> Int {
        guard var next = nextFire, held != nil, rate > 0 else { return 0 }
        let interval = Duration.nanoseconds(1_000_000_000 / Int64(rate))
        var count = 0
        while next <= now {
            count += 1
            next = next.advanced(by: interval)
        }
        nextFire = next
        return count
    }
}

/// What a key does, as far as repeating goes.
public protocol RepeatableAction: Sendable {
    /// Whether holding the key repeats it (with wl_keyboard.repeat_info's delay and rate).
    var repeats: Bool { get }
}
