import FlotillaCore
import Testing

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
