import FlotillaCore
import Logging
import SystemPackage

enum StatsError: Error, CustomStringConvertible {
    case cannotOpen(String, Errno)

    var description: String {
        switch self {
        case .cannotOpen(let path, let errno): "cannot write the stats file '\(path)': \(errno)"
        }
    }
}
