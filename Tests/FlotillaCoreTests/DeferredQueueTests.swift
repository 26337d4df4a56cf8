import FlotillaCore
import Testing

@Suite struct DeferredQueueTests {
    @Test func releasesRunOnlyOnceTheirSerialCompletes() {
        var queue = DeferredQueue()
        var released: [String] = []
        queue.enqueue(after: 1) { released.append("a") }
        queue.enqueue(after: 3) { released.append("b") }
        queue.enqueue(after: 3) { released.append("c") }
        queue.enqueue(after: 5) { released.append("d") }

        // DeferredQueue is ~Copyable: read its values out before #expect looks at them.
        let none = queue.collect(completed: 0)
        let first = queue.collect(completed: 2)
        #expect(none == 0 && first == 1)
        #expect(released == ["a"])
        let next = queue.collect(completed: 4)
        let left = queue.count
        #expect(next == 2 && left == 1)
        #expect(released == ["a", "b", "c"])
        queue.drainAll()
        let empty = queue.isEmpty
        #expect(released == ["a", "b", "c", "d"])
        #expect(empty)
    }
}
