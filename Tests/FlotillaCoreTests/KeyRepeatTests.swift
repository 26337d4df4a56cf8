import FlotillaCore
import Testing

@Suite struct KeyRepeatTests {
    /// Instants of a hand-moved clock, in milliseconds since its start.
    func at(_ milliseconds: Int) -> ManualClock.Instant { ManualClock.Instant(offset: .milliseconds(milliseconds)) }

    @Test func firesAfterTheDelayThenAtTheRate() {
        var keyRepeat = KeyRepeat<ManualClock.Instant, TestAction>()
        keyRepeat.configure(rate: 10, delayMilliseconds: 500)
        keyRepeat.press(42, action: .spawn, at: at(0))
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
        var keyRepeat = KeyRepeat<ManualClock.Instant, TestAction>()
        keyRepeat.configure(rate: 0, delayMilliseconds: 200)
        keyRepeat.press(1, action: .spawn, at: at(0))
        #expect(keyRepeat.deadline == nil)
        #expect(keyRepeat.fire(at: at(10_000)) == 0)
    }

    @Test func keysThatDoNotRepeatNeverFire() {
        var keyRepeat = KeyRepeat<ManualClock.Instant, TestAction>()
        keyRepeat.press(1, action: .close, at: at(0))
        keyRepeat.press(2, action: nil, at: at(0))
        #expect(keyRepeat.fire(at: at(10_000)) == 0)
    }

    @Test func releasingAnotherKeyKeepsTheHeldOneRepeating() {
        var keyRepeat = KeyRepeat<ManualClock.Instant, TestAction>()
        keyRepeat.configure(rate: 25, delayMilliseconds: 600)
        keyRepeat.press(7, action: .spawn, at: at(0))
        keyRepeat.release(8)
        #expect(keyRepeat.held == .spawn)
        #expect(keyRepeat.fire(at: at(620)) == 1)
        keyRepeat.stop()
        #expect(keyRepeat.held == nil)
    }
}

/// Actions of a key table: spawning repeats, closing does not.
enum TestAction: RepeatableAction, Equatable {
    case spawn, close

    var repeats: Bool { self == .spawn }
}
