import FlotillaCore
import Testing

@Suite struct FramePriorityTests {
    @Test func userInputOutranksAnimationOutranksBackground() {
        #expect(FramePriority.background < .animation && FramePriority.animation < .userInput)
        #expect(FramePriority.allCases.max() == .userInput)
        #expect(FramePriority.allCases.map(\.key) == ["background", "animation", "user_input"])
    }
}
