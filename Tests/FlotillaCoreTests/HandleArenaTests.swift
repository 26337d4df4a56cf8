import FlotillaCore
import Testing

@Suite struct HandleArenaTests {
    @Test func staleHandlesNeverReachANewOccupant() {
        var arena = HandleArena<String>()
        let a = arena.insert("a")
        let b = arena.insert("b")
        #expect(arena[a] == "a")
        let removed = arena.remove(a)
        #expect(removed == "a")
        let c = arena.insert("c")
        #expect(c.index == a.index, "the freed slot is reused")
        #expect(c.generation != a.generation)
        #expect(arena[a] == nil, "the old handle is stale")
        let removedAgain = arena.remove(a)
        #expect(removedAgain == nil)
        #expect(arena[c] == "c" && arena[b] == "b")
        #expect(arena.count == 2)
    }
}
