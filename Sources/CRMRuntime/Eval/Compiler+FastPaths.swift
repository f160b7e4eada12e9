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
            guard let slot = field.slot, let c = constant.constant, let (test, plain) = storedEquality(field, c) else { return nil }
            return decided(slot, negate: op == .ne, general: general, plain: plain, test)
        case .lt, .le, .gt, .ge:
            // `score >= 50`: an int field against an int constant (as written, left to right).
            guard let slot = ln.slot, ln.type?.unwrapped == .int, case .int(let k)? = rn.constant else { return nil }
            let plainOp: PlainCheck.Op = op == .lt ? .intLt : op == .le ? .intLe : op == .gt ? .intGt : .intGe
            return decided(slot, negate: false, general: general, plain: PlainCheck(op: plainOp, k: k)) { stored in
                guard case .int(let x) = stored else { return nil }
                switch op {
                case .lt: return x < k
                case .le: return x <= k
                case .gt: return x > k
                default: return x >= k
                }
            }
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
            let table = member
            var bits: UInt64 = 0
            for (i, m) in member.enumerated() where m && i < 64 { bits |= 1 << UInt64(i) }
            let plain = member.count <= 64 ? PlainCheck(op: .memberIn, bits: bits) : nil
            return decided(slot, negate: false, general: general, plain: plain) { stored in
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
    func storedEquality(_ field: Node, _ c: Value) -> ((StoredValue) -> Bool?, PlainCheck)? {
        switch (field.type?.unwrapped, c) {
        case (.enumeration(let type)?, .enumMember(let m)):
            guard let members = symbols.enums[type]?.members, isMember(m, of: type, members) else { return nil }
            let ordinal = Int32(m.ordinal)
            return ({ stored in
                switch stored {
                case .null: return false
                case .enumMember(let o): return o == ordinal
                default: return nil
                }
            }, PlainCheck(op: .memberEq, k: Int64(ordinal)))
        case (.int?, .int(let k)):
            return ({ stored in if case .int(let x) = stored { x == k } else { nil } }, PlainCheck(op: .intEq, k: k))
        case (.text?, .text(let k)):
            // Text equality is by Unicode scalars (Value's ==), i.e. by UTF-8 bytes.
            return ({ stored in
                switch stored {
                case .null: return false
                case .text(let x): return x.utf8.elementsEqual(k.utf8)
                default: return nil
                }
            }, PlainCheck(op: .textEq, text: k))
        case (.bool?, .bool(let b)):
            return ({ stored in if case .bool(let x) = stored { x == b } else { nil } }, PlainCheck(op: .boolEq, k: b ? 1 : 0))
        default:
            return nil
        }
    }

    /// Whether a constant is exactly the member the environment would load for its
    /// ordinal in a slot of enum `type` (same type name, same member name).
    func isMember(_ m: EnumMember, of type: String, _ members: [String]) -> Bool {
        m.type == type && m.ordinal >= 0 && m.ordinal < members.count && members[m.ordinal] == m.name
    }

    /// A bool node that runs `test` on the slot's stored form; where the environment has
    /// no stored form or `test` cannot decide (nil), it runs `general` instead.
    func decided(_ slot: Int, negate: Bool, general: Node, plain: PlainCheck?,
                 _ test: @escaping (StoredValue) -> Bool?) -> Node {
        let slow = general.run
        let part = StoredTest.Part(slot: slot, negate: negate, test: test, plain: plain)
        return Node(type: .bool, test: StoredTest(parts: [part])) { ctx throws(EvalError) in
            if let stored = ctx.environment.storedValue(atSlot: slot), let b = test(stored) { return .bool(b != negate) }
            return try slow(ctx)
        }
    }
}

/// A condition as a conjunction of tests on a record's stored slots, each exactly the
/// fast node's test above: `region == East and score >= 50`. A part that cannot decide
/// (nil: a stored form the test does not know) means the caller must run the closures.
/// The straight-line cascade runs the parts' plain forms (StraightTables).
struct StoredTest {
    struct Part {
        let slot: Int
        let negate: Bool
        let test: (StoredValue) -> Bool?
        /// The same test as plain data, where it has that form.
        let plain: PlainCheck?
    }
    var parts: [Part]
}

/// A stored-slot test as plain data: exactly what the matching closure above does, in a
/// form the straight-line cascade keeps in flat arrays of trivial values
/// (Interpreter+Straight.swift, `StraightCheck.decide`) — no closure call and no
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
}
