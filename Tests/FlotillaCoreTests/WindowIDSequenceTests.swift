import FlotillaCore
import Testing

@Suite struct WindowIDSequenceTests {
    @Test func idsCountUpFromOneAndAreNeverReused() {
        var sequence = WindowIDSequence()
        let ids = (0..<4).map { _ in sequence.make() }
        #expect(ids.map(\.rawValue) == [1, 2, 3, 4])
        #expect(ids[2].description == "3")
    }
}
