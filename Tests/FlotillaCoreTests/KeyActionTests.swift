import FlotillaCore
import Testing

@Suite struct KeyActionTests {
    @Test func onlySpawningRepeats() {
        #expect(KeyAction.newWindow.repeats && KeyAction.tenMoreWindows.repeats)
        #expect(!KeyAction.closeWindow.repeats && !KeyAction.quit.repeats && !KeyAction.newWindowNextScene.repeats)
    }
}
