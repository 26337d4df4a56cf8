import Glibc
import Synchronization

/// The result of work that finishes later, elsewhere (a GPU readback encoded on another thread,
/// an offscreen job): pending, then ready or failed, once. The loop polls it (`isReady`,
/// `tryGet`) and never blocks on it; `wait` is for tests and exit paths.
public final class AsyncResult<Value: Sendable>: Sendable {
    public enum State: Sendable {
        case pending
        case ready(Value)
        case failed(String)
    }

    private let state = Mutex<State>(.pending)

    public init() {}

    public var isReady: Bool {
        state.withLock { if case .pending = $0 { false } else { true } }
    }

    /// The value or the failure once there is one; nil while pending.
    public func tryGet() -> Result<Value, AsyncResultFailure>? {
        state.withLock { state in
            switch state {
            case .pending: nil
            case .ready(let value): .success(value)
            case .failed(let reason): .failure(AsyncResultFailure(reason: reason))
            }
        }
    }

    /// Sets the value; a result already settled stays as it was (the first answer wins).
    public func fulfill(_ value: Value) { settle(.ready(value)) }
    public func fail(_ reason: String) { settle(.failed(reason)) }

    private func settle(_ new: State) {
        state.withLock { state in
            if case .pending = state { state = new }
        }
    }

    /// Blocks until settled or `timeout` passes (then nil). Not for the loop thread.
    public func wait(timeout: Duration) -> Result<Value, AsyncResultFailure>? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while clock.now < deadline {
            if let result = tryGet() { return result }
            // A millisecond between looks: waits are for tests and exit, never hot paths.
            var pause = timespec(tv_sec: 0, tv_nsec: 1_000_000)
            nanosleep(&pause, nil)
        }
        return tryGet()
    }
}

/// Why an AsyncResult failed.
public struct AsyncResultFailure: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}
