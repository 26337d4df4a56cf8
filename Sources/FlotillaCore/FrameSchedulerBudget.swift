/// The time a scheduler pass may spend painting Animation requests: the output's frame interval
/// minus an eighth, the margin for the compositor and the rest of the loop.
public enum FrameSchedulerBudget {
    public static func forRefresh(millihertz: Int?) -> Duration {
        let hertz = Double(millihertz ?? 60_000) / 1000
        let interval = Duration.microseconds(Int64(1_000_000 / max(hertz, 1)))
        return interval - interval / 8
    }
}
