import FlotillaCore
import Testing

@Suite struct ByteCountTests {
    @Test func formatsInBinaryUnitsWithOneDecimal() {
        #expect(ByteCount.format(512) == "512 B")
        #expect(ByteCount.format(1024) == "1.0 KiB")
        #expect(ByteCount.format(8 << 20) == "8.0 MiB")
        #expect(ByteCount.format(1536 << 10) == "1.5 MiB")
    }

    @Test func parsesWholeNumbersAndBinarySuffixes() {
        #expect(ByteCount.parse("4096") == 4096)
        #expect(ByteCount.parse("64M") == 64 << 20)
        #expect(ByteCount.parse("2g") == 2 << 30)
        #expect(ByteCount.parse("16K") == 16 << 10)
    }

    /// "24MiB" was refused though it is how the overlay writes a size (issue 23).
    @Test func acceptsTheUnitWithOrWithoutIAndB() {
        for text in ["24M", "24MB", "24Mi", "24MiB", "24mib", "24 MiB", "24 M"] {
            #expect(ByteCount.parse(text) == 24 << 20, "\(text)")
        }
        #expect(ByteCount.parse("512B") == 512)
        #expect(ByteCount.parse("1GiB") == 1 << 30)
        #expect(ByteCount.parse("8KB") == 8 << 10)
    }

    @Test func refusesZeroNonsenseAndOverflow() {
        #expect(ByteCount.parse("0") == nil)
        #expect(ByteCount.parse("") == nil)
        #expect(ByteCount.parse("12XB") == nil)
        #expect(ByteCount.parse("12iB") == nil)
        #expect(ByteCount.parse("12i") == nil)
        #expect(ByteCount.parse("MiB") == nil)
        #expect(ByteCount.parse("12MiBB") == nil)
        #expect(ByteCount.parse(" 12M") == nil)
        #expect(ByteCount.parse("-5") == nil)
        #expect(ByteCount.parse("\(UInt64.max)G") == nil)
    }
}
