@testable import FlotillaApp
import FlotillaCore
import Testing

@Suite struct WindowErrorTests {
    struct Refused: Error, CustomStringConvertible {
        var description: String { "vkAllocateMemory(1073741824 bytes) failed: VK_ERROR_OUT_OF_DEVICE_MEMORY" }
    }

    @Test func theLineNamesTheWindowItsSizeTheBytesAndTheReason() {
        let error = WindowError.cannotOpen(WindowID(3), size: Extent(width: 16384, height: 16384), reason: Refused())
        #expect("\(error)" == "cannot open window 3 at 16384x16384 (2048 MiB of targets): "
            + "vkAllocateMemory(1073741824 bytes) failed: VK_ERROR_OUT_OF_DEVICE_MEMORY")
    }
}
