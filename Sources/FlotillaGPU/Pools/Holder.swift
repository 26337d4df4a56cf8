/// A place for one noncopyable value in a collection that needs copyable elements (an array of
/// a frame's checkouts): the value leaves it only through `take()`.
final class Holder<Value: ~Copyable> {
    var value: Value?

    init(_ value: consuming Value) {
        self.value = consume value
    }
}
