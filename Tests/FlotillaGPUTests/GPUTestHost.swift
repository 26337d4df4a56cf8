import FlotillaGPU
import FlotillaTestSupport
import Foundation
import Logging

/// Every GPU test makes its host with the Khronos validation layer on, so a test that passes
/// with validation messages is impossible: each checks `validationMessageCount` at its end.
func makeTestHost() throws -> GpuHost {
    setenv("VK_INSTANCE_LAYERS", "VK_LAYER_KHRONOS_validation", 1)
    setenv(FlotillaBinary.synchronizationValidation.name, FlotillaBinary.synchronizationValidation.value, 1)
    setenv("LP_NUM_THREADS", "2", 1)
    return try GpuHost(.init(presentsToWayland: false, logger: Logger(label: "flotilla-test")))
}
