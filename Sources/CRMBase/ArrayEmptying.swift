// ArrayEmptying: emptying a small reused buffer cheaply. The interpreter and the store
// keep per-command arrays (events, writes, fired rules, undo entries) and empty them
// after each command, keeping their buffers. `removeAll(keepingCapacity:)` goes through
// the generic `replaceSubrange`, several times the cost of popping the few elements a
// command leaves; at a million commands that shows.

extension Array {
    /// Empties the array keeping its buffer: a few elements are popped one by one, more
    /// are removed at once.
    @inlinable public mutating func emptyKeepingCapacity() {
        if count <= 8 {
            while !isEmpty { removeLast() }
        } else {
            removeAll(keepingCapacity: true)
        }
    }
}
