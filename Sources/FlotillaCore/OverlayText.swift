public enum OverlayText {
    public static func lines(_ figures: OverlayFigures) -> [String] {
        func milliseconds(_ value: Double?, decimals: Int = 2) -> String {
            guard let value else { return "—" }
            var scale = 1
            for _ in 0..<decimals { scale *= 10 }
            let units = Int((value * Double(scale)).rounded())
            let fraction = String(units % scale)
            return "\(units / scale).\(String(repeating: "0", count: decimals - fraction.count))\(fraction) ms"
        }
        func percent(_ rate: Double) -> String { "\(Int((rate * 100).rounded()))%" }
        return [
            "\(figures.title) · \(figures.mode)",
            "this window  \(ByteCount.format(figures.windowBytes))",
            "shared       \(ByteCount.format(figures.sharedBytes))",
            "total        \(ByteCount.format(figures.totalBytes)) · \(figures.windowCount) windows",
            "swapchains   \(ByteCount.format(figures.swapchainEstimate)) (estimate, apart)",
            "allocations  \(figures.deviceAllocations) vkAllocateMemory",
            "pools        buffers \(percent(figures.bufferHitRate)) · textures \(percent(figures.textureHitRate)) hits",
            "frame        p50 \(milliseconds(figures.frameP50Milliseconds)) · p99 \(milliseconds(figures.frameP99Milliseconds))",
            "paints       input \(figures.paints.input) · anim \(figures.paints.animation) · bg \(figures.paints.background)",
            "key→present  \(figures.keyToPresentMilliseconds.map { "p50 \(milliseconds($0.p50)) · p99 \(milliseconds($0.p99))" } ?? "—")",
            "per frame    cpu \(figures.cpuMicroseconds.map { "\(Int($0.rounded())) µs" } ?? "—") · gpu \(milliseconds(figures.gpuMilliseconds, decimals: 3))",
        ] + (figures.bridge.map { ["bridge       \($0.published) published · \($0.stale) stale"] } ?? [])
          + (figures.images.map { ["images       \($0.decodes) decoded · \($0.hits) hits · \(ByteCount.format($0.bytes))"] } ?? [])
    }

    /// `lines` fitted to `columns` characters (the overlay's font is monospaced): a line too long
    /// is broken at its last " · " or space that fits, and goes on below, indented to its value
    /// column ("total        21.2 MiB" continues under "21.2"); a word longer than the room is
    /// cut. Nothing is dropped.
    public static func wrap(_ lines: [String], columns: Int) -> [String] {
        let columns = max(columns, 8)
        var wrapped: [String] = []
        for line in lines {
            var rest = Array(line)
            guard rest.count > columns else {
                wrapped.append(line)
                continue
            }
            // The value column: after the label and its run of two or more spaces.
            var indent = 2
            if let gap = rest.indices.dropLast().first(where: { rest[$0] == " " && rest[$0 + 1] == " " }) {
                indent = rest[gap...].firstIndex { $0 != " " } ?? 2
            }
            if indent > columns - 8 { indent = 2 }
            var first = true
            while !rest.isEmpty {
                // A continuation whose first word does not fit under the value column starts
                // further left rather than cut the word.
                let word = rest.firstIndex(of: " ") ?? rest.count
                let lineIndent = !first && word > columns - indent ? 2 : indent
                let room = first ? columns : columns - lineIndent
                var piece: [Character]
                if rest.count <= room {
                    piece = rest
                    rest = []
                } else {
                    // A piece ends where a separator begins, at most `room` characters in.
                    let separator = Array(" · ")
                    var cut: Int?
                    for index in stride(from: min(room, rest.count - separator.count), to: 0, by: -1)
                    where Array(rest[index..<(index + separator.count)]) == separator {
                        cut = index
                        break
                    }
                    if cut == nil { cut = rest[...room].lastIndex(of: " ").flatMap { $0 > 0 ? $0 : nil } }
                    let end = cut ?? room
                    piece = Array(rest[..<end])
                    rest = Array(rest[end...].drop { $0 == " " || $0 == "·" })
                }
                wrapped.append((first ? "" : String(repeating: " ", count: lineIndent)) + String(piece))
                first = false
            }
        }
        return wrapped
    }
}
