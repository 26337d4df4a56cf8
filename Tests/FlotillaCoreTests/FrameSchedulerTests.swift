import FlotillaCore
import Testing

@Suite struct FrameSchedulerTests {
    let one = WindowID(1), two = WindowID(2), three = WindowID(3), four = WindowID(4)

    @Test func userInputPaintsBeforeAnimationEvenWhenRequestedLater() {
        let clock = ManualClock()
        let scheduler = FrameScheduler(clock: clock, budget: .milliseconds(10))
        scheduler.request(one, .animation)
        scheduler.request(two, .animation)
        scheduler.request(three, .userInput)
        var order: [WindowID] = []
        scheduler.pass(ready: [one, two, three]) { window in
            order.append(window)
            clock.advance(.milliseconds(1))
            return true
        }
        #expect(order == [three, one, two])
        #expect(scheduler.counters.paints[.userInput] == 1 && scheduler.counters.paints[.animation] == 2)
    }

    @Test func aGPUThatIsBehindHoldsAnimationButNeverUserInput() {
        let clock = ManualClock()
        let scheduler = FrameScheduler(clock: clock, budget: .milliseconds(10))
        for window in [one, two, three] { scheduler.request(window, .animation) }
        scheduler.request(two, .userInput)
        var painted: [WindowID] = []
        scheduler.pass(ready: [one, two, three], gpuBehind: true) { window in
            painted.append(window)
            return true
        }
        #expect(painted == [two], "only the input paint goes to a GPU that is behind")
        #expect(scheduler.counters.throttledPasses == 1)
        #expect(scheduler.pendingPriority(of: one) == .animation, "held, not dropped")

        // Caught up: the held requests paint in the next pass.
        painted = []
        scheduler.pass(ready: [one, three]) { window in
            painted.append(window)
            return true
        }
        #expect(painted.sorted() == [one, three])
        #expect(scheduler.counters.throttledPasses == 1)
    }

    @Test func animationStopsAtTheBudgetButUserInputAlwaysLands() {
        let clock = ManualClock()
        let scheduler = FrameScheduler(clock: clock, budget: .milliseconds(5))
        for window in [one, two, three, four] { scheduler.request(window, .animation) }
        scheduler.request(four, .userInput)
        scheduler.request(three, .userInput)
        var painted: [WindowID] = []
        scheduler.pass(ready: [one, two, three, four]) { window in
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
        let clock = ManualClock()
        let scheduler = FrameScheduler(clock: clock, budget: .milliseconds(4))
        var paints: [WindowID: Int] = [:]
        let windows = [one, two, three, four]
        for _ in 0..<100 {
            for window in windows { scheduler.request(window, .animation) }
            scheduler.pass(ready: Set(windows)) { window in
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
        let clock = ManualClock()
        let scheduler = FrameScheduler(clock: clock)
        scheduler.request(one, .userInput)
        scheduler.request(two, .animation)
        var painted: [WindowID] = []
        scheduler.pass(ready: [two]) { painted.append($0); return true }
        #expect(painted == [two])
        #expect(scheduler.pendingPriority(of: one) == .userInput, "still pending, costing nothing")
        scheduler.pass(ready: [one]) { painted.append($0); return true }
        #expect(painted == [two, one])
    }

    @Test func backgroundNeverRunsWhileAUserInputRequestIsPending() {
        let clock = ManualClock()
        let scheduler = FrameScheduler(clock: clock, budget: .milliseconds(10))
        var ran: [String] = []
        scheduler.enqueueBackground("save cache") { ran.append("save cache") }
        scheduler.request(one, .userInput)
        // The input's window has no callback yet: its paint waits, and so does background work.
        scheduler.pass(ready: []) { _ in true }
        #expect(ran.isEmpty)
        #expect(scheduler.counters.deferred[.background] == 1)
        scheduler.pass(ready: [one]) { _ in true }
        #expect(ran == ["save cache"])
    }

    @Test func backgroundUsesOnlyTheTimeLeft() {
        let clock = ManualClock()
        let scheduler = FrameScheduler(clock: clock, budget: .milliseconds(10))
        var ran = 0
        for index in 0..<5 {
            scheduler.enqueueBackground("job \(index)") { ran += 1; clock.advance(.milliseconds(4)) }
        }
        scheduler.request(one, .animation)
        scheduler.pass(ready: [one]) { _ in
            clock.advance(.milliseconds(3))        // the paints of this pass
            return true
        }
        #expect(ran == 2, "3 + 4 + 4 ms: the third job would start past the 10 ms budget")
        #expect(scheduler.backgroundCount == 3)
    }

    @Test func latencyIsMeasuredFromRequestToPaintAndInputsLandInTheNextPaint() {
        let clock = ManualClock()
        let scheduler = FrameScheduler(clock: clock)
        scheduler.request(one, .animation)
        clock.advance(.milliseconds(2))
        scheduler.request(one, .userInput)     // upgrades; latency from here
        clock.advance(.milliseconds(3))
        scheduler.pass(ready: [one]) { _ in true }
        let latency = scheduler.counters.latency[.userInput]
        #expect(latency?.count == 1)
        #expect(abs((latency?.milliseconds(atPercentile: 50) ?? 0) - 3) < 0.01)
        #expect(scheduler.counters.inputPaintsWaitedMax == 0, "served by the very next paint")
    }

    @Test func aFailedPaintKeepsTheRequest() {
        let clock = ManualClock()
        let scheduler = FrameScheduler(clock: clock)
        scheduler.request(one, .userInput)
        scheduler.pass(ready: [one]) { _ in false }
        #expect(scheduler.pendingPriority(of: one) == .userInput)
        #expect(scheduler.counters.deferred[.userInput] == 1)
    }

    @Test func aFrameRecordedButNotPresentedKeepsItsRequest() {
        let clock = ManualClock()
        let scheduler = FrameScheduler(clock: clock)
        scheduler.request(one, .userInput)
        scheduler.request(two, .animation)
        let settled = scheduler.runPass(ready: [one, two], record: { _ in true },
                                        submit: { recorded in recorded.map { ($0, $0 == two) } })
        #expect(!settled, "a ready window still has a request")
        #expect(scheduler.pendingPriority(of: one) == .userInput)
        #expect(scheduler.pendingPriority(of: two) == nil)
        #expect(scheduler.counters.paints[.animation] == 1 && scheduler.counters.paints[.userInput] == nil)
    }

    @Test func aPaintOrJobMayRequestPaintsOfTheSchedulerThatRunsIt() {
        let clock = ManualClock()
        let scheduler = FrameScheduler(clock: clock)
        scheduler.request(one, .animation)
        scheduler.enqueueBackground("spawn") { scheduler.request(three, .userInput) }
        scheduler.pass(ready: [one]) { _ in
            scheduler.request(two, .animation)
            return true
        }
        #expect(scheduler.pendingPriority(of: two) == .animation && scheduler.pendingPriority(of: three) == .userInput)
        #expect(scheduler.counters.requests[.userInput] == 1 && scheduler.counters.paints[.background] == 1)
    }

    @Test func theBudgetFollowsTheRefreshRate() {
        let sixty = FrameSchedulerBudget.forRefresh(millihertz: 60_000)
        #expect(sixty > .microseconds(14_500) && sixty < .microseconds(14_600), "16.67 ms less an eighth")
        #expect(FrameSchedulerBudget.forRefresh(millihertz: 144_000) < FrameSchedulerBudget.forRefresh(millihertz: 60_000))
    }
}
