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

@Suite struct DirtyFlagTests {
    @Test func manyChangesInAFrameUploadOnce() {
        var flag = DirtyFlag()
        let first = flag.takeUpload(frame: 1)
        let again = flag.takeUpload(frame: 1)
        #expect(first && !again, "new data starts dirty, and uploads once")
        flag.mark(frame: 2)
        flag.mark(frame: 2)
        flag.mark(frame: 2)
        #expect(flag.isDirty)
        let second = flag.takeUpload(frame: 2)
        let secondAgain = flag.takeUpload(frame: 2)
        let third = flag.takeUpload(frame: 3)
        #expect(second && !secondAgain, "asked twice in one frame: one upload")
        #expect(!third, "nothing changed")
    }

    @Test func aChangeAfterTheUploadOfAFrameWaitsForTheNextFrame() {
        var flag = DirtyFlag()
        _ = flag.takeUpload(frame: 5)
        flag.mark(frame: 5)
        let sameFrame = flag.takeUpload(frame: 5)
        let nextFrame = flag.takeUpload(frame: 6)
        #expect(!sameFrame && nextFrame)
    }
}

@Suite struct UpdateRangesTests {
    @Test func overlappingTouchingAndNearRangesMerge() {
        var ranges = UpdateRanges(mergeGap: 16)
        ranges.insert(100..<200)
        ranges.insert(150..<250)
        ranges.insert(250..<260)
        ranges.insert(270..<300)
        ranges.insert(1000..<1100)
        ranges.insert(0..<10)
        #expect(ranges.ranges == [0..<10, 100..<300, 1000..<1100])
        #expect(ranges.byteCount == 310)
        ranges.insert(5..<1005)
        #expect(ranges.ranges == [0..<1100])
        let taken = ranges.take()
        #expect(taken == [0..<1100])
        #expect(ranges.isEmpty)
    }

    @Test func withoutAGapDistantRangesStayApart() {
        var ranges = UpdateRanges()
        ranges.insert(10..<20)
        ranges.insert(21..<30)
        ranges.insert(20..<21)
        ranges.insert(40..<40)
        #expect(ranges.ranges == [10..<30])
    }
}

@Suite struct SizeClassTests {
    @Test(arguments: [(1, 4096), (4096, 4096), (4097, 8192), (60_000, 65_536), (4 << 20, 4 << 20)])
    func requestsRoundUpToAClass(bytes: Int, expected: Int) {
        #expect(SizeClass.forRequest(bytes) == expected)
    }

    @Test func largerThanEveryClassIsExact() {
        #expect(SizeClass.forRequest((4 << 20) + 1) == nil)
    }

    @Test func textureBucketsArePowersOfTwoPerSide() {
        let bucket = TextureBucket(format: 50, usage: 6, fitting: Extent(width: 400, height: 300))
        #expect(bucket.extent == Extent(width: 512, height: 512))
        #expect(TextureBucket(format: 50, usage: 6, fitting: Extent(width: 3, height: 1025)).extent == Extent(width: 16, height: 2048))
        #expect(bucket != TextureBucket(format: 44, usage: 6, fitting: Extent(width: 400, height: 300)))
        #expect(bucket == TextureBucket(format: 50, usage: 6, fitting: Extent(width: 512, height: 260)))
    }
}
