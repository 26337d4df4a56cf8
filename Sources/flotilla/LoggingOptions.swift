import ArgumentParser
import FlotillaApp
import FlotillaCore
import FlotillaWayland
import Foundation
import Logging

struct LoggingOptions: ParsableArguments {
    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .notice

    func bootstrap() -> Logger {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            // Through a thread of its own: a standard error nobody reads never blocks the loop.
            var handler = StreamLogHandler(label: label, stream: QueuedStandardError())
            handler.logLevel = level
            return handler
        }
        return Logger(label: "flotilla")
    }
}
