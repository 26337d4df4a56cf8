/// Where every pointer's events go, looked up when each event arrives (as KeyboardRouter does
/// for keyboards: a seat's pointer may exist before the application sets its delegate).
final class PointerRouter {
    /// Weak: the application owns the display, not the other way round.
    weak var delegate: PointerDelegate?
}
