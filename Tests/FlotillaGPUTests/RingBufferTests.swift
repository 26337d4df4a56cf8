import CVulkan
import FlotillaCore
@testable import FlotillaGPU
import Testing

/// The ring hands out slices in order; a slice's space is reused only after the submission its
/// release named has finished, never while it is held, and a full ring grows without moving a
/// held slice. Serials here are numbers the test completes by hand: nothing is submitted.
@Suite(.serialized) struct RingBufferTests {
    @Test func heldAndUnfinishedSlicesKeepTheirSpaceAndTheRingGrowsPastThem() throws {
        let host = try makeTestHost()
        let ring = host.shared.ring
        #expect(ring.capacity == 0, "made on first use")
        try ring.allocate(16).release(after: 1)
        ring.reclaim(completed: 1)
        let capacity = ring.capacity
        let first = try ring.allocate(capacity / 2)
        let second = try ring.allocate(capacity / 4)
        #expect(first.offset == 0 && second.offset == capacity / 2)
        // Held slices are kept whatever the GPU finished.
        ring.reclaim(completed: .max)
        #expect(ring.bytesInFlight == capacity / 2 + capacity / 4)
        first.release(after: 5)
        second.release(after: 6)
        ring.reclaim(completed: 5)
        #expect(ring.bytesInFlight == capacity / 4, "the first slice's submission finished, the second's not")
        // Half the ring does not fit after the second slice nor before it: the ring grows.
        let third = try ring.allocate(capacity / 2 + 16)
        #expect(ring.capacity == capacity * 2 && ring.growCount == 1)
        #expect(third.offset == 0)
        third.release(after: 7)
        ring.reclaim(completed: 7)
        #expect(ring.bytesInFlight == 0)
        // The old buffer is still charged: it goes once its last slice's submission (6) is done.
        #expect(host.memory.ledger.bytes(of: .shared, in: .ring) == capacity * 3)
        host.memory.collect(completed: 7)
        #expect(host.memory.ledger.bytes(of: .shared, in: .ring) == capacity * 2)
        #expect(ring.droppedSlices == 0)
        #expect(host.validationMessageCount == 0)
    }

    @Test func slicesOfOneSubmissionJoinIntoOneSpan() throws {
        let host = try makeTestHost()
        let ring = host.shared.ring
        for _ in 0..<1000 { try ring.allocate(100).release(after: 3) }
        #expect(ring.spanCount == 1, "a thousand windows' slices of one pass: one span")
        let held = try ring.allocate(100)
        try ring.allocate(100).release(after: 3)
        #expect(ring.spanCount == 3, "a held slice keeps the runs on either side apart")
        held.release(after: 4)
        ring.reclaim(completed: 3)
        #expect(ring.spanCount == 2 && ring.bytesInFlight == 200, "reclaimed in order: the first run only")
        ring.reclaim(completed: 4)
        #expect(ring.spanCount == 0 && ring.bytesInFlight == 0)
    }

    @Test func aSliceDroppedWithoutAReleaseIsCountedAndFreedAfterTheNextSubmission() throws {
        let host = try makeTestHost()
        let ring = host.shared.ring
        do {
            let forgotten = try ring.allocate(64)
            #expect(forgotten.size == 64)
        }
        #expect(ring.droppedSlices == 1)
        ring.reclaim(completed: host.clock.next - 1)
        #expect(ring.bytesInFlight == 64, "the submission being recorded may still read it")
        ring.reclaim(completed: host.clock.next)
        #expect(ring.bytesInFlight == 0)
    }

    @Test func anIsolatedWindowsRingIsChargedToItAndGoesWithItsSet() throws {
        let host = try makeTestHost()
        let window = MemoryOwner.window(WindowID(4))
        let isolated = try host.makeIsolatedResources(for: window)
        try isolated.ring.allocate(64).release(after: 0)
        #expect(host.memory.ledger.bytes(of: window, in: .ring) == isolated.ring.capacity)
        isolated.destroy()
        host.memory.collect(completed: host.lastSubmittedSerial)
        #expect(host.memory.ledger.bytes(of: window, in: .ring) == 0)
        #expect(host.validationMessageCount == 0)
    }
}
