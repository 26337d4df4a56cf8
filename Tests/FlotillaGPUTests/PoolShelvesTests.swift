import FlotillaCore
@testable import FlotillaGPU
import Foundation
import Testing

/// The pools' shared bookkeeping, without a GPU: the pool owns every item, lent ones too; a
/// returned item waits for its serial before anyone gets it again (items without a key are
/// destroyed then, never earlier); idle items are destroyed after the grace; statistics add up.
@Suite struct PoolShelvesTests {
    /// A stand-in for a GpuBuffer: one owner, and its destruction recorded.
    struct Item: ~Copyable {
        let id: Int
        let bytes: UInt64
    }

    final class Destroyed { var ids: [Int] = [] }

    /// The id of the idle item `take` hands out, if any.
    private func taken(_ shelves: inout PoolShelves<Int, Item>, _ key: Int?) -> Int? {
        switch shelves.take(key) {
        case .some(let item): item.id
        case .none: nil
        }
    }

    private func shelves(_ destroyed: Destroyed) -> PoolShelves<Int, Item> {
        PoolShelves(size: { $0.bytes }, destroy: { destroyed.ids.append($0.id) })
    }

    @Test func aReturnedItemIsReusedOnlyAfterItsSerialAsAHit() {
        let destroyed = Destroyed()
        var shelves = shelves(destroyed)
        let owner = MemoryOwner.window(WindowID(1))
        #expect(taken(&shelves, 256) == nil, "nothing idle: a miss")
        let ticket = shelves.lend(Item(id: 1, bytes: 256), key: 256, to: owner)
        #expect(shelves.liveCheckouts == 1)
        #expect(shelves.statistics.checkedOutByOwner[owner] == 256)
        #expect(shelves.withLent(ticket) { $0.id } == 1)
        shelves.giveBack(ticket, from: owner, after: 5, dropped: false)
        #expect(shelves.statistics.checkedOutByOwner[owner] == nil && shelves.statistics.pendingBytes == 256)
        shelves.reclaim(completed: 4)
        #expect(taken(&shelves, 256) == nil, "the GPU has not finished serial 5")
        shelves.reclaim(completed: 5)
        #expect(shelves.statistics.idleBytes == 256)
        let reused = taken(&shelves, 256)
        #expect(reused == 1)
        #expect(shelves.statistics.hits == 1 && shelves.statistics.misses == 2)
        #expect(destroyed.ids.isEmpty)
    }

    @Test func anItemWithoutAKeyIsDestroyedOnceItsSerialPasses() {
        let destroyed = Destroyed()
        var shelves = shelves(destroyed)
        #expect(taken(&shelves, nil) == nil)
        #expect(shelves.statistics.exact == 1)
        let ticket = shelves.lend(Item(id: 9, bytes: 1 << 20), key: nil, to: .shared)
        shelves.giveBack(ticket, from: .shared, after: 3, dropped: true)
        #expect(shelves.statistics.dropped == 1)
        shelves.reclaim(completed: 2)
        #expect(destroyed.ids.isEmpty, "never before the GPU is done")
        shelves.reclaim(completed: 3)
        #expect(destroyed.ids == [9])
        #expect(shelves.statistics.pendingBytes == 0 && shelves.statistics.idleBytes == 0)
    }

    @Test func idleItemsGoAfterTheGraceAndTeardownDestroysTheRest() {
        let destroyed = Destroyed()
        var shelves = shelves(destroyed)
        for id in 1...3 {
            let ticket = shelves.lend(Item(id: id, bytes: 64), key: 64, to: .shared)
            shelves.giveBack(ticket, from: .shared, after: UInt64(id), dropped: false)
        }
        shelves.reclaim(completed: 2)
        shelves.trim(now: .now + .seconds(10), grace: .seconds(3))
        #expect(destroyed.ids.sorted() == [1, 2], "idle past the grace")
        shelves.destroyAll()
        #expect(destroyed.ids.sorted() == [1, 2, 3], "the pending one too, at teardown")
        #expect(shelves.statistics.idleBytes == 0 && shelves.statistics.pendingBytes == 0)
    }
}
