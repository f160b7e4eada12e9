// Environment owns what an expression reads while it runs: variables and fields (by a
// protocol, so the interpreter can serve record slots and the REPL its bindings), the
// injected clock, and the model's time zone.
import CRMStore

/// The values of names an expression refers to.
public protocol Environment {
    /// The value of a variable or field of the current record; nil if unknown.
    func value(of name: String) -> Value?
    /// A field of a record value (`owner.email`); nil if unknown. Default: none.
    func field(_ name: String, of record: Value) -> Value?
    /// The value in a numbered slot (a record's field by `FieldSymbol.slot`), for names
    /// the compiler was given slots for: no string hashing per read. Default: none.
    func value(atSlot slot: Int) -> Value?
    /// The store's form of a slot, for the compiler's fast comparisons
    /// (Compiler+FastPaths.swift); nil where the environment has none to give (it then
    /// answers by `value(atSlot:)`). Must agree with `value(atSlot:)`. Default: none.
    func storedValue(atSlot slot: Int) -> StoredValue?
}

extension Environment {
    public func field(_ name: String, of record: Value) -> Value? { nil }
    public func value(atSlot slot: Int) -> Value? { nil }
    public func storedValue(atSlot slot: Int) -> StoredValue? { nil }
}

/// An environment backed by a dictionary (tests, `crm eval`, the REPL).
public struct DictionaryEnvironment: Environment {
    public var values: [String: Value]
    public init(_ values: [String: Value] = [:]) { self.values = values }
    public func value(of name: String) -> Value? { values[name] }
}

/// An environment backed by a closure.
public struct ClosureEnvironment: Environment {
    let lookup: (String) -> Value?
    public init(_ lookup: @escaping (String) -> Value?) { self.lookup = lookup }
    public func value(of name: String) -> Value? { lookup(name) }
}

/// Everything one evaluation reads. A class, so the compiled closures share it by
/// reference instead of copying it at every node.
public final class EvalContext {
    public var environment: any Environment
    public var clock: any Clock
    public var calendar: ZonedCalendar

    public init(environment: any Environment = DictionaryEnvironment(), clock: any Clock, calendar: ZonedCalendar) {
        self.environment = environment
        self.clock = clock
        self.calendar = calendar
    }
}
