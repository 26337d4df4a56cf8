/// A place for one noncopyable value in a collection that needs copyable elements (a pool's
/// shelves): the value is read through `borrow` and leaves only through `take()`, once.
final class Holder<Value: ~Copyable> {
    private var value: Value?

    init(_ value: consuming Value) {
        self.value = consume value
    }

    func borrow<R>(_ body: (borrowing Value) -> R) -> R {
        switch value {
        case .some(let held): return body(held)
        case .none: preconditionFailure("Holder read after its value was taken")
        }
    }

    func take() -> Value {
        guard let taken = value.take() else { preconditionFailure("Holder's value taken twice") }
        return taken
    }
}
