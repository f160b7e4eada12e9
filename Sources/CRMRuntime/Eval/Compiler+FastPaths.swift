// Compiler+FastPaths owns specialised nodes for the condition shapes rules use most:
// a field read by slot compared with a constant — `region == East`, `source in [Web, Ads]`,
// `score >= 50`, `stale == false`, `queue == "east"`. The general node loads the field as a `Value`
// (an enum member carries its type and member names as Strings) and compares Values;
// these nodes compare the store's form instead (`StoredValue.enumMember(ordinal)`,
// `.int`, `.bool`), with no Value built and no list allocated per evaluation.
//
// Why the result is the same: for an enum slot of type T, the environment loads ordinal
// o as EnumMember(type: T, name: members(T)[o]) (the slot kind is built from the same
// symbol table: Lowering.slotKind), and Value equality compares type and name, so against
// a constant member of T it is true exactly when o is the constant's ordinal; a stored
// null loads as null, equal to no member. Any other stored form — or an environment that
// does not serve stored forms (`Environment.storedValue(atSlot:)` nil: a `changed from`
// override, a deleted record, the REPL) — runs the general node, which also reports
// the errors exactly as before.
import CRMSema
import CRMStore
import CRMSyntax

extension ExpressionCompiler {
    /// A specialised node for `op` over `ln` and `rn`, or nil if the shape is not one of
    /// the fast ones. `general` is the node to run when the fast test cannot decide.
    func fastBinary(_ op: BinaryOp, _ ln: Node, _ rn: Node, general: Node) -> Node? {
        switch op {
        case .eq, .ne:
            // Either order: `region == East` or `East == region`.
            let (field, constant) = ln.slot != nil ? (ln, rn) : (rn, ln)
            guard let slot = field.slot, let c = constant.constant, let check = storedEquality(field, c) else { return nil }
            return decided(slot, negate: op == .ne, general: general, check)
        case .lt, .le, .gt, .ge:
            // `score >= 50`: an int field against an int constant (as written, left to right).
            guard let slot = ln.slot, ln.type?.unwrapped == .int, case .int(let k)? = rn.constant else { return nil }
            let checkOp: PlainCheck.Op = op == .lt ? .intLt : op == .le ? .intLe : op == .gt ? .intGt : .intGe
            return decided(slot, negate: false, general: general, PlainCheck(op: checkOp, k: k))
        case .in, .has:
            // `source in [Referral, Event]`: an enum field in a list of constant members.
            let (item, coll) = op == .in ? (ln, rn) : (rn, ln)
            guard let slot = item.slot, case .enumeration(let type)? = item.type?.unwrapped,
                  case .list(let xs)? = coll.constant, let members = symbols.enums[type]?.members else { return nil }
            var member = [Bool](repeating: false, count: members.count)
            for x in xs {
                guard case .enumMember(let m) = x, isMember(m, of: type, members) else { return nil }
                member[m.ordinal] = true
            }
            if member.count <= 64 {
                var bits: UInt64 = 0
                for (i, m) in member.enumerated() where m { bits |= 1 << UInt64(i) }
                return decided(slot, negate: false, general: general, PlainCheck(op: .memberIn, bits: bits))
            }
            // More than 64 members: a table (no plain form, so no straight-line rule).
            let table = member
            return decided(slot, negate: false, general: general, check: nil) { stored in
                switch stored {
                case .null: return false                          // null is in no list of members
                case .enumMember(let o): return o >= 0 && Int(o) < table.count && table[Int(o)]
                default: return nil
                }
            }
        default:
            return nil
        }
    }

    /// The stored-form equality test of a field against a constant, if the pair has one.
    func storedEquality(_ field: Node, _ c: Value) -> PlainCheck? {
        switch (field.type?.unwrapped, c) {
        case (.enumeration(let type)?, .enumMember(let m)):
            guard let members = symbols.enums[type]?.members, isMember(m, of: type, members) else { return nil }
            return PlainCheck(op: .memberEq, k: Int64(m.ordinal))
        case (.int?, .int(let k)): return PlainCheck(op: .intEq, k: k)
        // Text equality is by Unicode scalars (Value's ==), i.e. by UTF-8 bytes.
        case (.text?, .text(let k)): return PlainCheck(op: .textEq, text: k)
        case (.bool?, .bool(let b)): return PlainCheck(op: .boolEq, k: b ? 1 : 0)
        default: return nil
        }
    }

    /// Whether a constant is exactly the member the environment would load for its
    /// ordinal in a slot of enum `type` (same type name, same member name).
    func isMember(_ m: EnumMember, of type: String, _ members: [String]) -> Bool {
        m.type == type && m.ordinal >= 0 && m.ordinal < members.count && members[m.ordinal] == m.name
    }

    /// A bool node that runs `check` on the slot's stored form; where the environment has
    /// no stored form or the check cannot decide (nil), it runs `general` instead.
    func decided(_ slot: Int, negate: Bool, general: Node, _ check: PlainCheck) -> Node {
        let text = check.text ?? ""
        return decided(slot, negate: negate, general: general, check: check) { check.decide($0, text: text) }
    }

    /// `decided` with the test as a closure; `check` is its plain form, if it has one.
    func decided(_ slot: Int, negate: Bool, general: Node, check: PlainCheck?,
                 _ test: @escaping (StoredValue) -> Bool?) -> Node {
        let slow = general.run
        let stored = check.map { StoredTest(parts: [StoredTest.Part(slot: slot, negate: negate, check: $0)]) }
        return Node(type: .bool, test: stored) { ctx throws(EvalError) in
            if let stored = ctx.environment.storedValue(atSlot: slot), let b = test(stored) { return .bool(b != negate) }
            return try slow(ctx)
        }
    }
}

/// A condition as a conjunction of tests on a record's stored slots, each exactly the
/// fast node's test above, as plain data: `region == East and score >= 50`. The
/// straight-line cascade runs them from flat tables (StraightTables); a test that
/// cannot decide (a stored form it does not know) sends it to the general cascade.
struct StoredTest {
    struct Part {
        let slot: Int
        let negate: Bool
        let check: PlainCheck
    }
    var parts: [Part]
}

/// A stored-slot test as plain data — the one definition of each fast test: the nodes
/// above run `decide`, and the straight-line cascade keeps the same checks in flat
/// arrays of trivial values (Interpreter+StraightTables.swift), no closure call and no
/// reference counting per rule considered.
struct PlainCheck {
    enum Op: UInt8 {
        /// Enum member ordinal `k`; null is false.
        case memberEq
        /// Enum member whose ordinal's bit is set in `bits`; null is false.
        case memberIn
        /// `.int` compared with `k`.
        case intEq, intLt, intLe, intGt, intGe
        /// `.bool` equal to `k != 0`.
        case boolEq
        /// `.text` with the same bytes as `text`; null is false.
        case textEq
    }
    var op: Op
    var k: Int64 = 0
    var bits: UInt64 = 0
    var text: String?

    /// The test's answer for a stored value, nil where it cannot decide (the node then
    /// runs the general comparison). `text` is the `textEq` constant, passed in so that
    /// a caller holding texts elsewhere (StraightTables' pool) reads it only then.
    @inline(__always) func decide(_ v: StoredValue, text: @autoclosure () -> String) -> Bool? {
        switch op {
        case .memberEq, .memberIn:
            switch v {
            case .null: return false                          // null is no member
            case .enumMember(let o):
                if op == .memberEq { return Int64(o) == k }
                return o >= 0 && o < 64 && bits & (1 << UInt64(o)) != 0
            default: return nil
            }
        case .intEq, .intLt, .intLe, .intGt, .intGe:
            guard case .int(let x) = v else { return nil }
            switch op {
            case .intEq: return x == k
            case .intLt: return x < k
            case .intLe: return x <= k
            case .intGt: return x > k
            default: return x >= k
            }
        case .boolEq:
            guard case .bool(let b) = v else { return nil }
            return b == (k != 0)
        case .textEq:
            switch v {
            case .null: return false
            case .text(let x): return x.utf8.elementsEqual(text().utf8)
            default: return nil
            }
        }
    }
}
