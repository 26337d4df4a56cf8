import Foundation
import Synchronization

/// How a run ends from outside: SIGINT and SIGTERM end it cleanly (windows closed, exit 0), from
/// the program's first instruction on, and within a second whatever the loop thread is doing.
///
/// The handler only does what a signal handler may (POSIX's async-signal-safe list): it sets a
/// flag and writes one byte into a pipe. The loop polls the pipe's other end with the
/// compositor's socket, so it wakes at once. A watchdog thread reads the pipe too: if the loop
/// has not begun its shutdown a second after the signal (blocked somewhere no flag is seen: a
/// driver's present, a system call that restarts), the watchdog says so on standard error and
/// exits 0 itself. Once the shutdown has begun it gets `shutdownAllowance` to finish.
public enum Signals {
    nonisolated(unsafe) private static var interrupted: sig_atomic_t = 0
    /// The self-pipe: [read end, write end], both non-blocking and close-on-exec.
    nonisolated(unsafe) private static var wakePipe: (Int32, Int32) = (-1, -1)
    private static let shutdownBegun = Atomic<Bool>(false)

    /// From a signal to the loop's shutdown at most.
    public static let loopAllowance = Duration.seconds(1)
    /// From the shutdown's start to the exit at most (the GPU's last frames may take a while).
    public static let shutdownAllowance = Duration.seconds(15)

    /// Installs the handlers (once; later calls change nothing). SIGPIPE is ignored: a stats
    /// reader that went away is a failed write (EPIPE) to report, not a reason to die
    /// (libwayland sends with MSG_NOSIGNAL already).
    public static func install() {
        guard wakePipe.0 < 0 else { return }
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        wakePipe = (ends[0], ends[1])
        _ = interrupted  // initialized before a handler can read it
        let handler: @convention(c) (Int32) -> Void = { _ in
            let saved = errno
            Signals.interrupted = 1
            var byte: UInt8 = 1
            _ = write(Signals.wakePipe.1, &byte, 1)
            errno = saved
        }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        // SA_RESTART: libraries on other threads (the driver's) need not expect EINTR; poll(2)
        // returns it anyway, and whatever else is blocked is the watchdog's to end.
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, nil)
        sigaction(SIGTERM, &action, nil)
        signal(SIGPIPE, SIG_IGN)
        // A parent may have left them blocked (the mask survives exec): unblock, or they would
        // stay pending for ever and the program could only be killed.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        sigprocmask(SIG_UNBLOCK, &set, nil)
        let watchdog = Thread { watch() }
        watchdog.name = "flotilla.signals"
        watchdog.start()
    }

    public static var wasInterrupted: Bool { interrupted != 0 }

    /// The descriptor that becomes readable when a signal came (for the loop's poll).
    static var wakeDescriptor: Int32 { wakePipe.0 }

    /// The loop calls this when it stops, so the watchdog gives the shutdown its own allowance.
    public static func shutdownBeginning() {
        shutdownBegun.store(true, ordering: .releasing)
    }

    private static func watch() {
        var descriptor = pollfd(fd: wakePipe.0, events: Int16(POLLIN), revents: 0)
        while !wasInterrupted {
            _ = poll(&descriptor, 1, -1)
        }
        let signalled = ContinuousClock.now
        while ContinuousClock.now - signalled < loopAllowance {
            if shutdownBegun.load(ordering: .acquiring) { break }
            usleep(10_000)
        }
        if !shutdownBegun.load(ordering: .acquiring) {
            complain("flotilla: warning: the loop did not stop within \(loopAllowance) of the signal (a call into the driver or the system is blocked); exiting without closing the windows\n")
            _exit(0)
        }
        usleep(UInt32(shutdownAllowance / .microseconds(1)))
        complain("flotilla: warning: closing the windows took more than \(shutdownAllowance) after the signal; exiting now\n")
        _exit(0)
    }

    /// One line on standard error, only if it can be written at once: a stalled or closed stderr
    /// must not hold the exit.
    private static func complain(_ line: String) {
        var descriptor = pollfd(fd: STDERR_FILENO, events: Int16(POLLOUT), revents: 0)
        guard poll(&descriptor, 1, 0) == 1, descriptor.revents & Int16(POLLOUT) != 0 else { return }
        var bytes = Array(line.utf8)
        _ = write(STDERR_FILENO, &bytes, bytes.count)
    }
}
