/// What can go wrong with the compositor, worded for the one-line error the user sees.
public enum WaylandError: Error, CustomStringConvertible {
    case runtimeDirectoryMissing
    case cannotConnect(display: String, reason: String)
    case missingGlobal(String)
    case connectionLost(reason: String)
    case noAnswer(display: String, after: Duration)

    public var description: String {
        switch self {
        case .runtimeDirectoryMissing:
            "XDG_RUNTIME_DIR is not set, so the Wayland socket cannot be found (set it, or give WAYLAND_DISPLAY as an absolute path)"
        case .cannotConnect(let display, let reason):
            "cannot connect to the Wayland compositor '\(display)': \(reason) (is a compositor running? or use --headless)"
        case .missingGlobal(let name):
            "the compositor does not offer \(name), which Flotilla needs"
        case .connectionLost(let reason):
            "lost the connection to the Wayland compositor: \(reason)"
        case .noAnswer(let display, let after):
            "the Wayland compositor '\(display)' accepted the connection but did not answer within \(Int((after / .seconds(1)).rounded())) s (is it a compositor? or use --headless)"
        }
    }
}
