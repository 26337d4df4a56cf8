import FlotillaCore
import Testing

/// The overlay's lines fitted to a narrow window: broken at " · " or a space, continued under
/// the value column, nothing lost.
@Suite struct OverlayTextTests {
    @Test func longLinesWrapUnderTheirValueColumnAndKeepEveryWord() {
        let lines = ["Flotilla · 2 · particles · shared",
                     "total        21.2 MiB · 3 windows",
                     "pools        buffers 0% · textures 99% hits",
                     "shared       15.9 MiB"]
        let wrapped = OverlayText.wrap(lines, columns: 24)
        #expect(wrapped.allSatisfy { $0.count <= 24 }, "\(wrapped)")
        #expect(wrapped == ["Flotilla · 2 · particles",
                            "  shared",
                            "total        21.2 MiB",
                            "             3 windows",
                            "pools        buffers 0%",
                            "             textures",
                            "             99% hits",
                            "shared       15.9 MiB"])
        let words = { (text: [String]) in text.joined(separator: " ").split { $0 == " " || $0 == "·" } }
        #expect(words(wrapped) == words(lines), "nothing dropped")
        #expect(OverlayText.wrap(lines, columns: 80) == lines, "lines that fit are left alone")
    }

    @Test func aWordTooLongForTheValueColumnStartsFurtherLeft() {
        let wrapped = OverlayText.wrap(["allocations  3 vkAllocateMemory"], columns: 20)
        #expect(wrapped == ["allocations  3", "  vkAllocateMemory"])
    }

    @Test func aWordLongerThanTheRoomIsCut() {
        let wrapped = OverlayText.wrap(["allocations  2 vkAllocateMemory"], columns: 12)
        #expect(wrapped.allSatisfy { $0.count <= 12 }, "\(wrapped)")
        #expect(wrapped.joined().filter { $0 != " " } == "allocations2vkAllocateMemory")
    }
}
