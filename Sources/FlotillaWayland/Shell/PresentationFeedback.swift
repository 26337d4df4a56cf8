import CWayland
import CWaylandProtocols

/// One wp_presentation_feedback: asked for before a frame's commit, it answers once, with the
/// time the frame turned into light (`presented`) or that it never will (`discarded`), and is
/// destroyed then. Its window keeps it alive until that answer or until the window goes.
final class PresentationFeedback {
    /// What `presented` tells about one frame.
    struct Presented {
        /// On the compositor's presentation clock (`Globals.presentationClock`).
        let time: Duration
        /// The output's refresh period; zero if the compositor does not know it.
        let refresh: Duration
        /// The output's refresh counter (zero where the output has none).
        let sequence: UInt64
        let flags: UInt32
    }

    let proxy: OpaquePointer
    /// The caller's name for the frame (its number).
    let token: UInt64
    weak var window: Window?

    init(presentation: OpaquePointer, surface: OpaquePointer, token: UInt64, window: Window) {
        proxy = wp_presentation_feedback(presentation, surface)
        self.token = token
        self.window = window
        wp_presentation_feedback_add_listener(proxy, Self.listener, Unmanaged.passUnretained(self).toOpaque())
    }

    func destroy() {
        wp_presentation_feedback_destroy(proxy)
    }

    nonisolated(unsafe) static let listener: UnsafeMutablePointer<wp_presentation_feedback_listener> = {
        func feedback(_ data: UnsafeMutableRawPointer?) -> PresentationFeedback {
            Unmanaged<PresentationFeedback>.fromOpaque(data!).takeUnretainedValue()
        }
        let listener = UnsafeMutablePointer<wp_presentation_feedback_listener>.allocate(capacity: 1)
        listener.initialize(to: wp_presentation_feedback_listener(
            sync_output: { _, _, _ in
                // Which output the frame was timed on: Flotilla only needs the time.
            },
            presented: { data, _, secondsHigh, secondsLow, nanoseconds, refresh, sequenceHigh, sequenceLow, flags in
                let seconds = UInt64(secondsHigh) << 32 | UInt64(secondsLow)
                let presented = Presented(time: .seconds(Int64(clamping: seconds)) + .nanoseconds(Int64(nanoseconds)),
                                          refresh: .nanoseconds(Int64(refresh)),
                                          sequence: UInt64(sequenceHigh) << 32 | UInt64(sequenceLow), flags: flags)
                let feedback = feedback(data)
                feedback.window?.feedbackAnswered(feedback, presented: presented)
            },
            discarded: { data, _ in
                let feedback = feedback(data)
                feedback.window?.feedbackAnswered(feedback, presented: nil)
            }))
        return listener
    }()
}
