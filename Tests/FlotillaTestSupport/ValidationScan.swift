/// Lines of a run's output that report a Vulkan validation problem: errors, warnings and
/// synchronization hazards, from the layer's own printing or from Flotilla's messenger.
/// The INFO lines lavapipe and the loader print (device sorting, the MESA device-select layer,
/// the shader validation cache) are not problems and do not match.
public func validationProblems(in output: String) -> [String] {
    let markers = ["Validation Error", "Validation Warning", "vulkan validation", "SYNC-HAZARD", "VUID-",
                   "UNASSIGNED-"]
    return output.split(separator: "\n").map(String.init).filter { line in
        markers.contains { line.contains($0) }
    }
}
