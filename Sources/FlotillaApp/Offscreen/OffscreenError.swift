import CVulkan
import FlotillaCore
import FlotillaGPU
import Logging

enum OffscreenError: Error, CustomStringConvertible {
    case notRecorded

    var description: String { "its frame could not be recorded (no free image)" }
}
