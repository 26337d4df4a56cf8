import FlotillaGPU
import Foundation
import Logging

/// Every GPU test makes its host with the Khronos validation layer and synchronization
/// validation on (through the host's configuration, not the environment, which other tests'
/// threads read at the same time), so a test that passes with validation messages is
/// impossible: each checks `validationMessageCount` at its end.
func makeTestHost() throws -> GpuHost {
    try GpuHost(.init(presentsToWayland: false, logger: Logger(label: "flotilla-test"), validation: true))
}
