/// `FLOTILLA_FAULT=device-lost@frame=N` or `device-lost@seconds=S` (for tests and demos): the
/// host treats its first submission once N passes were submitted, or S seconds passed since it
/// was made, as a lost device's. With `,repeat` a host rebuilt after the loss is lost the same
/// way again (to see the cap on losses in a row); without it, only the first host is.
public struct DeviceLossFault: Sendable, Equatable, CustomStringConvertible {
    public enum Trigger: Sendable, Equatable {
        case afterSubmits(Int)
        case afterSeconds(Double)
    }

    public let trigger: Trigger
    public let repeats: Bool

    /// A century of seconds: a later loss never comes, and `Duration.seconds(_:)` traps on a
    /// Double past its range (2e20 reached `_Int128`'s limit), so more is refused as malformed.
    public static let longestDelay = 100 * 365.25 * 86_400.0

    public init(trigger: Trigger, repeats: Bool) {
        self.trigger = trigger
        self.repeats = repeats
    }

    /// Parses what follows "device-lost@": "frame=N" or "seconds=S", then optionally ",repeat".
    public init?(parsing text: Substring) {
        var text = text
        repeats = text.hasSuffix(",repeat")
        if repeats { text = text.dropLast(",repeat".count) }
        if text.hasPrefix("frame="), let count = Int(text.dropFirst("frame=".count)), count >= 0 {
            trigger = .afterSubmits(count)
        } else if text.hasPrefix("seconds="), let seconds = Double(text.dropFirst("seconds=".count)),
                  seconds.isFinite, (0...Self.longestDelay).contains(seconds) {
            trigger = .afterSeconds(seconds)
        } else {
            return nil
        }
    }

    public var description: String {
        let point = switch trigger {
        case .afterSubmits(let count): "frame=\(count)"
        case .afterSeconds(let seconds): "seconds=\(seconds)"
        }
        return "device-lost@\(point)\(repeats ? ",repeat" : "")"
    }
}
