import FlotillaCore
import Testing

/// A clock the test moves by hand; each paint "takes" `paintCost`.
final class FakeClock {
    var now: Duration = .zero
    func advance(_ by: Duration) { now += by }
}

@Suite struct FrameSchedulerTests {
    let one = WindowID(1), two = WindowID(2), three = WindowID(3), four = WindowID(4)

    @Test func userInputPaintsBeforeAnimationEvenWhenRequestedLater() {
        var scheduler = FrameScheduler(budget: .milliseconds(10))
        let clock = FakeClock()
        scheduler.request(one, .animation, at: clock.now)
        scheduler.request(two, .animation, at: clock.now)
        scheduler.request(three, .userInput, at: clock.now)
        var order: [WindowID] = []
        scheduler.runPass(ready: [one, two, three], now: { clock.now }) { window in
            order.append(window)
            clock.advance(.milliseconds(1))
            return true
        }
        #expect(order == [three, one, two])
        #expect(scheduler.counters.paints[.userInput] == 1 && scheduler.counters.paints[.animation] == 2)
    }

    @Test func aGPUThatIsBehindHoldsAnimationButNeverUserInput() {
        var scheduler = FrameScheduler(budget: .milliseconds(10))
        let clock = FakeClock()
        for window in [one, two, three] { scheduler.request(window, .animation, at: clock.now) }
        scheduler.request(two, .userInput, at: clock.now)
        scheduler.beginPass(ready: [one, two, three], at: clock.now, gpuBehind: true)
        var painted: [WindowID] = []
        while let window = scheduler.nextPaint(at: clock.now) {
            painted.append(window)
            scheduler.painted(window, at: clock.now)
        }
        #expect(painted == [two], "only the input paint goes to a GPU that is behind")
        #expect(scheduler.counters.throttledPasses == 1)
        #expect(scheduler.pendingPriority(of: one) == .animation, "held, not dropped")

        // Caught up: the held requests paint in the next pass.
        painted = []
        scheduler.runPass(ready: [one, three], now: { clock.now }) { window in
            painted.append(window)
            return true
        }
        #expect(painted.sorted() == [one, three])
        #expect(scheduler.counters.throttledPasses == 1)
    }

    @Test func animationStopsAtTheBudgetButUserInputAlwaysLands() {
        var scheduler = FrameScheduler(budget: .milliseconds(5))
        let clock = FakeClock()
        for window in [one, two, three, four] { scheduler.request(window, .animation, at: clock.now) }
        scheduler.request(four, .userInput, at: clock.now)
        scheduler.request(three, .userInput, at: clock.now)
        var painted: [WindowID] = []
        scheduler.runPass(ready: [one, two, three, four], now: { clock.now }) { window in
            painted.append(window)
            clock.advance(.milliseconds(3))     // each paint is slow
            return true
        }
        // Both inputs land although they alone exceed the budget; no animation fits after them.
        #expect(painted == [three, four])
        #expect(scheduler.counters.deferred[.animation] == 2)
        #expect(scheduler.pendingPriority(of: one) == .animation)
    }

    @Test func roundRobinGivesEveryAnimatingWindowItsTurn() {
        var scheduler = FrameScheduler(budget: .milliseconds(4))
        let clock = FakeClock()
        var paints: [WindowID: Int] = [:]
        let windows = [one, two, three, four]
        for _ in 0..<100 {
            for window in windows { scheduler.request(window, .animation, at: clock.now) }
            scheduler.runPass(ready: Set(windows), now: { clock.now }) { window in
                paints[window, default: 0] += 1
                clock.advance(.milliseconds(2))  // two paints fit a pass
                return true
            }
        }
        // 100 passes x 2 paints, shared evenly: nobody starves.
        #expect(paints.values.reduce(0, +) == 200)
        #expect(paints.values.allSatisfy { $0 == 50 }, "\(paints)")
    }

    @Test func windowsWithoutAFrameCallbackAreNeverPainted() {
        var scheduler = FrameScheduler()
        let clock = FakeClock()
        scheduler.request(one, .userInput, at: clock.now)
        scheduler.request(two, .animation, at: clock.now)
        var painted: [WindowID] = []
        scheduler.runPass(ready: [two], now: { clock.now }) { painted.append($0); return true }
        #expect(painted == [two])
        #expect(scheduler.pendingPriority(of: one) == .userInput, "still pending, costing nothing")
        scheduler.runPass(ready: [one], now: { clock.now }) { painted.append($0); return true }
        #expect(painted == [two, one])
    }

    @Test func backgroundNeverRunsWhileAUserInputRequestIsPending() {
        var scheduler = FrameScheduler(budget: .milliseconds(10))
        let clock = FakeClock()
        var ran: [String] = []
        scheduler.enqueueBackground("save cache", at: clock.now) { ran.append("save cache") }
        scheduler.request(one, .userInput, at: clock.now)
        // The input's window has no callback yet: its paint waits, and so does background work.
        scheduler.runPass(ready: [], now: { clock.now }) { _ in true }
        scheduler.runBackground(passStart: clock.now, now: { clock.now })
        #expect(ran.isEmpty)
        #expect(scheduler.counters.deferred[.background] == 1)
        scheduler.runPass(ready: [one], now: { clock.now }) { _ in true }
        scheduler.runBackground(passStart: clock.now, now: { clock.now })
        #expect(ran == ["save cache"])
    }

    @Test func backgroundUsesOnlyTheTimeLeft() {
        var scheduler = FrameScheduler(budget: .milliseconds(10))
        let clock = FakeClock()
        var ran = 0
        for index in 0..<5 {
            scheduler.enqueueBackground("job \(index)", at: clock.now) { ran += 1; clock.advance(.milliseconds(4)) }
        }
        let start = clock.now
        clock.advance(.milliseconds(3))            // the paints of this pass
        scheduler.runBackground(passStart: start, now: { clock.now })
        #expect(ran == 2, "3 + 4 + 4 ms: the third job would start past the 10 ms budget")
        #expect(scheduler.backgroundCount == 3)
    }

    @Test func latencyIsMeasuredFromRequestToPaintAndInputsLandInTheNextPaint() {
        var scheduler = FrameScheduler()
        let clock = FakeClock()
        scheduler.request(one, .animation, at: clock.now)
        clock.advance(.milliseconds(2))
        scheduler.request(one, .userInput, at: clock.now)     // upgrades; latency from here
        clock.advance(.milliseconds(3))
        scheduler.runPass(ready: [one], now: { clock.now }) { _ in true }
        let latency = scheduler.counters.latency[.userInput]
        #expect(latency?.count == 1)
        #expect(abs((latency?.milliseconds(atPercentile: 50) ?? 0) - 3) < 0.01)
        #expect(scheduler.counters.inputPaintsWaitedMax == 0, "served by the very next paint")
    }

    @Test func aFailedPaintKeepsTheRequest() {
        var scheduler = FrameScheduler()
        let clock = FakeClock()
        scheduler.request(one, .userInput, at: clock.now)
        scheduler.runPass(ready: [one], now: { clock.now }) { _ in false }
        #expect(scheduler.pendingPriority(of: one) == .userInput)
        #expect(scheduler.counters.deferred[.userInput] == 1)
    }

    @Test func theBudgetFollowsTheRefreshRate() {
        let sixty = FrameScheduler.budget(refreshMillihertz: 60_000)
        #expect(sixty > .microseconds(14_500) && sixty < .microseconds(14_600), "16.67 ms less an eighth")
        #expect(FrameScheduler.budget(refreshMillihertz: 144_000) < FrameScheduler.budget(refreshMillihertz: 60_000))
    }
}
