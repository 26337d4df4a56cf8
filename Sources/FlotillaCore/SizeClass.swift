/// Buffer size classes: powers of two from 4 KiB to 4 MiB. A request is served
/// from the smallest class that holds it; larger requests are exact and counted apart.
public enum SizeClass {
    public static let smallest = 4 << 10
    public static let largest = 4 << 20

    /// The class for `bytes`, or nil when it is larger than every class.
    public static func forRequest(_ bytes: Int) -> Int? {
        guard bytes <= largest else { return nil }
        return max(smallest, roundUpToPowerOfTwo(bytes))
    }

    public static func roundUpToPowerOfTwo(_ value: Int) -> Int {
        guard value > 1 else { return 1 }
        return 1 << (Int.bitWidth - (value - 1).leadingZeroBitCount)
    }
}
