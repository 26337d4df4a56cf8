import Foundation

/// The process's own memory as the kernel accounts it.
enum ProcessMemory {
    /// Proportional set size (shared pages divided among their users), from
    /// /proc/self/smaps_rollup; nil where that file does not exist.
    static func proportionalSetSize() -> UInt64? {
        guard let text = try? String(contentsOfFile: "/proc/self/smaps_rollup", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("Pss:") {
            let kilobytes = line.split(separator: " ").dropFirst().first.flatMap { UInt64($0) }
            return kilobytes.map { $0 * 1024 }
        }
        return nil
    }
}
