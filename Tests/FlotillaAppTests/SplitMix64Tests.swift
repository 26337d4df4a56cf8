@testable import FlotillaApp
import Testing

@Suite struct SplitMix64Tests {
    @Test func theSameSeedGivesTheSameSequence() {
        var first = SplitMix64(seed: 0)
        var second = SplitMix64(seed: 0)
        // SplitMix64's published first output for seed 0.
        #expect(first.next() == 0xE220_A839_7B1D_CDAF)
        #expect(second.next() == 0xE220_A839_7B1D_CDAF)
        #expect((0..<100).map { _ in first.next() } == (0..<100).map { _ in second.next() })
        var other = SplitMix64(seed: 1)
        #expect(other.next() != 0xE220_A839_7B1D_CDAF)
    }

    @Test func unitValuesStayInZeroToOne() {
        var generator = SplitMix64(seed: 42)
        let values = (0..<10_000).map { _ in generator.nextUnit() }
        #expect(values.allSatisfy { $0 >= 0 && $0 < 1 })
        let mean = values.reduce(0, +) / Float(values.count)
        #expect(abs(mean - 0.5) < 0.02)
    }
}
