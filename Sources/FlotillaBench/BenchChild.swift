import Dispatch
import FlotillaApp
import Subprocess
import Synchronization
import SystemPackage

/// A benchmark's child run of flotilla, through swift-subprocess: started, its output
/// discarded, waited for. The benchmarks are synchronous commands on the main thread, and
/// swift-subprocess is async: the run goes on a task while the benchmark's thread waits for it
/// (nothing the task needs runs on that thread).
enum BenchChild {
    /// Runs `executable` with `arguments` to its end: its exit status, or 128 + the signal that
    /// ended it, as a shell reports it.
    static func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let outcome = Mutex<Result<TerminationStatus, any Error>?>(nil)
        let finished = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                let result = try await Subprocess.run(.path(FilePath(executable)), arguments: Arguments(arguments),
                                                      output: .discarded, error: .discarded)
                outcome.withLock { $0 = .success(result.terminationStatus) }
            } catch {
                outcome.withLock { $0 = .failure(error) }
            }
            finished.signal()
        }
        finished.wait()
        switch try outcome.withLock({ $0 })!.get() {
        case .exited(let code): return code
        case .signaled(let signal): return 128 + signal
        }
    }
}
