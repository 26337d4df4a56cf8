import FlotillaCore
import Foundation
import Testing

/// Pending, then ready or failed once; polled without blocking, waited on only off the loop.
@Suite struct AsyncResultTests {
    @Test func pendingThenReadyOnceAndTheFirstAnswerWins() throws {
        let result = AsyncResult<Int>()
        #expect(!result.isReady)
        #expect(result.tryGet() == nil)
        result.fulfill(7)
        result.fail("too late")
        result.fulfill(8)
        #expect(result.isReady)
        #expect(try result.tryGet()?.get() == 7)
    }

    @Test func aFailureCarriesItsReason() {
        let result = AsyncResult<String>()
        result.fail("cannot write '/nowhere/x.png'")
        guard case .failure(let failure)? = result.tryGet() else {
            Issue.record("expected a failure")
            return
        }
        #expect(failure.reason == "cannot write '/nowhere/x.png'")
    }

    @Test func waitReturnsWhatAnotherThreadSetsAndTimesOutOtherwise() throws {
        let result = AsyncResult<Int>()
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(20)) { result.fulfill(42) }
        #expect(try result.wait(timeout: .seconds(5))?.get() == 42)
        let never = AsyncResult<Int>()
        #expect(never.wait(timeout: .milliseconds(30)) == nil)
    }
}
