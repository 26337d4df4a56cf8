import ArgumentParser
import FlotillaCore
@testable import flotilla
import Foundation
import Testing

/// The command line is parsed once, into Flotilla's own types, and anything out of range is
/// refused before a window opens, with a message that names the option.
@Suite struct RunArgumentsTests {
    private func message(_ arguments: [String]) -> String? {
        do {
            _ = try Run.parse(arguments)
            return nil
        } catch {
            return Run.message(for: error)
        }
    }

    @Test func sizesScenesAndCountsParseIntoTheirTypes() throws {
        let run = try Run.parse(["--size", "1280x720", "--windows", "3", "--scene", "post", "--threads", "4"])
        #expect(run.size == Extent(width: 1280, height: 720))
        #expect(run.windows == 3)
        #expect(run.threads == 4)
        #expect(Extent(argument: "800x600") == Extent(width: 800, height: 600))
        #expect(Extent(argument: "800") == nil && Extent(argument: "x600") == nil && Extent(argument: "-1x5") == nil)
    }

    @Test func outOfRangeValuesAreRefusedNamingTheOption() {
        #expect(message(["--windows", "0"])?.contains("--windows must be between 1 and") == true)
        #expect(message(["--size", "16385x100"])?.contains("--size must be at most 16384x16384") == true)
        #expect(message(["--seconds", "inf"])?.contains("--seconds must be a number of seconds") == true)
        #expect(message(["--seconds", "1e300"])?.contains("--seconds must be a number of seconds") == true)
        #expect(message(["--seconds", "0"])?.contains("--seconds must be") == true)
        #expect(message(["--threads", "0"])?.contains("--threads must be between 1 and 256") == true)
        #expect(message(["--fixed-step", "1001"])?.contains("--fixed-step") == true)
        #expect(message(["--keys", "n frobnicate"])?.contains("--keys: no action for frobnicate") == true)
        #expect(message(["--stats", FileManager.default.temporaryDirectory.path])?.contains("is a directory") == true)
        #expect(message(["--size", "big"]) != nil)
        #expect(message(["--windows", "2", "--seconds", "1.5"]) == nil)
    }

    @Test func byteSizesAreBinaryAndCountListsArePositive() {
        #expect(ByteSize(argument: "64M")?.bytes == 64 << 20)
        #expect(ByteSize(argument: "2G")?.bytes == 2 << 30)
        #expect(ByteSize(argument: "4096")?.bytes == 4096)
        #expect(ByteSize(argument: "lots") == nil)
        #expect(CountList(argument: "1,10,100")?.values == [1, 10, 100])
        #expect(CountList(argument: "")?.values == [])
        #expect(CountList(argument: "1,,2") == nil)
        #expect(CountList(argument: "0") == nil)
        #expect(CountList(argument: "3,-1") == nil)
        #expect(CountList([1, 10]).defaultValueDescription == "1,10")
    }
}
