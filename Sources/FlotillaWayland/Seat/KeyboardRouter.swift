/// Where every keyboard's events go, looked up when each event arrives. Globals, its seats and
/// their keyboards share one router, so a keyboard made before the application set its
/// delegate (a real seat's keyboard exists before the client starts, and Display's second
/// roundtrip creates it) delivers to the delegate set later, and one made after does too.
final class KeyboardRouter {
    /// Weak: the application owns the display, not the other way round.
    weak var delegate: KeyboardDelegate?
}
