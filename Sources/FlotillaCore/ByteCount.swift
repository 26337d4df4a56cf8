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

    /// A byte count as people write it: a whole number, or with K, M or G (binary: 64M is
    /// 64 MiB); nil for anything else, zero, or more than a UInt64 holds.
    public static func parse(_ text: String) -> UInt64? {
        let units: [Character: UInt64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        var digits = Substring(text.uppercased())
        var unit: UInt64 = 1
        if let last = digits.last, let scale = units[last] {
            unit = scale
            digits = digits.dropLast()
        }
        guard let value = UInt64(digits), value > 0, value <= UInt64.max / unit else { return nil }
        return value * unit
    }
}
