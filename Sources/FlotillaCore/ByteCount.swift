/// Bytes in binary units, for people: "8.0 MiB", "512 B".
public enum ByteCount {
    public static func format(_ bytes: UInt64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }

    /// A byte count as people write it: a whole number, optionally followed by a unit, K, M or G,
    /// with or without "i" and "B" and a space before it ("64M", "64MiB", "64 MB", "24 KiB").
    /// Every unit is binary: 64M, 64MB and 64MiB are all 64 MiB. nil for anything else, zero, or
    /// more than a UInt64 holds.
    public static func parse(_ text: String) -> UInt64? {
        let units: [Character: UInt64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        var rest = Substring(text.uppercased())
        let suffixed = rest.hasSuffix("B")
        if suffixed { rest = rest.dropLast() }
        let binaryMark = rest.hasSuffix("I")
        if binaryMark { rest = rest.dropLast() }
        var unit: UInt64 = 1
        if let last = rest.last, let scale = units[last] {
            unit = scale
            rest = rest.dropLast()
        } else if binaryMark {
            return nil  // "64iB": an "i" with no unit before it
        }
        if suffixed || unit > 1, rest.hasSuffix(" ") { rest = rest.dropLast() }
        guard let value = UInt64(rest), value > 0, value <= UInt64.max / unit else { return nil }
        return value * unit
    }
}
