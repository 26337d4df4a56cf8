import Foundation

/// The `--stats` lines of a run, parsed.
struct StatsLines {
    let lines: [[String: Any]]

    init(path: String) {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        self.init(text: text)
    }

    init(text: String) {
        lines = text.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }

    var last: [String: Any]? { lines.last }

    func framesPresented(_ line: [String: Any]?) -> [String: Int] {
        (line?["frames_presented"] as? [String: Any])?.compactMapValues { $0 as? Int } ?? [:]
    }

    func sizes(_ line: [String: Any]?) -> [String: String] {
        (line?["sizes"] as? [String: String]) ?? [:]
    }

    /// Owners of GPU memory (allocations, ring slices, pool checkouts) let go of without a
    /// release naming their last submission: each is a bug; nil when the line has no count.
    static func droppedOwners(_ line: [String: Any]?) -> Int? {
        guard let lifetimes = line?["lifetimes"] as? [String: Any] else { return nil }
        return ["dropped_allocations", "dropped_ring_slices", "dropped_checkouts"]
            .reduce(0) { $0 + ((lifetimes[$1] as? Int) ?? 0) }
    }

    func memory(_ line: [String: Any]?) -> [String: Any] {
        (line?["memory"] as? [String: Any]) ?? [:]
    }
}

func temporaryFile(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-\(UUID().uuidString.prefix(8))-\(name)").path
}
