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

    func memory(_ line: [String: Any]?) -> [String: Any] {
        (line?["memory"] as? [String: Any]) ?? [:]
    }
}

func temporaryFile(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-\(UUID().uuidString.prefix(8))-\(name)").path
}
