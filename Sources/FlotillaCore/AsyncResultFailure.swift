import Glibc
import Synchronization

/// Why an AsyncResult failed.
public struct AsyncResultFailure: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}
