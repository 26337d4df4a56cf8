import CFreeType
import FlotillaCore

public enum FontError: Error, CustomStringConvertible {
    case noFont(searched: [String])
    case freeType(String, Int32)

    public var description: String {
        switch self {
        case .noFont(let searched):
            "no monospace font found (looked for \(searched.joined(separator: ", "))); run from the repository, or set FLOTILLA_FONT"
        case .freeType(let call, let code): "\(call) failed with FreeType error \(code)"
        }
    }
}
