// Interpreter+StraightTables owns the straight-line cascade's rules in the form it runs
// them (Interpreter+Straight.swift): flat arrays of trivial values — per rule a range of
// checks and a range of actions, constants and texts in pools — so that considering a
// rule copies no reference-counted value and calls no closure. Built once per
// interpreter from the IR; a rule gets a row only if every part of it has this form
// (its condition a conjunction of the compiler's stored-slot tests with a plain form,
// its actions constant writes to its own record), else it is nil and the general
// cascade runs it.
import CRMBase
import CRMStore

struct StraightTables {
    struct Rule {
        var checkStart: Int32
        var checkCount: Int32
        /// `enters S` triggers: the slot (−1: none) and stage to test after the change.
        var entersSlot: Int32
        var entersStage: Int32
        var actionStart: Int32
        var actionCount: Int32
    }

    /// One conjunct of a condition: PlainCheck's test of one slot, possibly negated.
    struct Check {
        var slot: Int32
        var negate: Bool
        var op: PlainCheck.Op
        var k: Int64
        var bits: UInt64

        /// PlainCheck's answer, the `textEq` constant read from the pool.
        @inline(__always) func decide(_ v: StoredValue, texts: [String]) -> Bool? {
            PlainCheck(op: op, k: k, bits: bits, text: nil)
                .decide(v, text: k >= 0 && k < Int64(texts.count) ? texts[Int(k)] : "")
        }
    }

    struct Action {
        enum Kind: UInt8 {
            /// `set`: `constants[k]`.
            case set
            /// `add k` to an int slot.
            case addInt
            /// `tag` / `untag` `constants[k]` (a text) in the tags slot.
            case tag, untag
            /// `move to` stage `k`: `bits` has bit i if a guard-free transition comes from
            /// stage i, bit 63 for "no stage"; `requires[requireStart…]` must be non-null.
            case move
        }
        var kind: Kind
        var slot: Int32
        var k: Int64 = 0
        var bits: UInt64 = 0
        var requireStart: Int32 = 0
        var requireCount: Int32 = 0
    }

    static let noStageBit: UInt64 = 1 << 63

    /// Per rule (by index), its row, or nil if the general cascade must run it.
    var rules: [Rule?] = []
    var checks: [Check] = []
    var actions: [Action] = []
    var constants: [StoredValue] = []
    var texts: [String] = []
    var requires: [Int32] = []

    init(_ program: IRProgram) {
        rules = program.rules.map { add($0, program) }
    }

    /// Appends a rule's checks and actions and returns its row; on a part without a
    /// straight form, drops what it appended and returns nil.
    private mutating func add(_ rule: IRRule, _ program: IRProgram) -> Rule? {
        let marks = (checks.count, actions.count, constants.count, texts.count, requires.count)
        func undo() -> Rule? {
            checks.removeSubrange(marks.0...)
            actions.removeSubrange(marks.1...)
            constants.removeSubrange(marks.2...)
            texts.removeSubrange(marks.3...)
            requires.removeSubrange(marks.4...)
            return nil
        }
        var entersSlot: Int32 = -1, entersStage: Int32 = 0
        switch rule.trigger {
        case .created, .updated, .deleted: break
        case .changed(_, nil, nil): break
        case .enters(let slot, let stage):
            guard let s = Int32(exactly: slot), let t = Int32(exactly: stage) else { return nil }
            (entersSlot, entersStage) = (s, t)
        case .timed(.at), .timed(.inactive): break   // run by `runStraightTimedRule`
        default: return nil
        }
        guard rule.entity >= 0, rule.entity < program.entities.count else { return nil }
        let e = program.entities[rule.entity]
        if let c = rule.condition {
            guard let test = c.compiled.storedTest else { return nil }
            for part in test.parts {
                let plain = part.check
                guard let slot = Int32(exactly: part.slot) else { return undo() }
                var k = plain.k
                if plain.op == .textEq {
                    guard let text = plain.text else { return undo() }
                    k = Int64(texts.count)
                    texts.append(text)
                }
                checks.append(Check(slot: slot, negate: part.negate, op: plain.op, k: k, bits: plain.bits))
            }
        }
        for a in rule.actions {
            guard let action = action(a, e, program) else { return undo() }
            actions.append(action)
        }
        return Rule(checkStart: Int32(marks.0), checkCount: Int32(checks.count - marks.0),
                    entersSlot: entersSlot, entersStage: entersStage,
                    actionStart: Int32(marks.1), actionCount: Int32(actions.count - marks.1))
    }

    private mutating func action(_ a: IRAction, _ e: IREntity, _ program: IRProgram) -> Action? {
        switch a {
        case .set(let slot, let x):
            guard slot >= 0, slot < e.fields.count, let c = x.compiled.constant, !c.isRecordOrList else { return nil }
            constants.append(ValueStorage.store(c, entityIDs: program.entityIndex))
            return Action(kind: .set, slot: Int32(slot), k: Int64(constants.count - 1))
        case .add(let slot, let x):
            guard slot >= 0, slot < e.fields.count, case .int = e.fields[slot].type.unwrapped,
                  case .int(let k)? = x.compiled.constant else { return nil }
            return Action(kind: .addInt, slot: Int32(slot), k: k)
        case .tag(let x), .untag(let x):
            guard let slot = e.tagsSlot, case .text(let t)? = x.compiled.constant else { return nil }
            constants.append(.text(t))
            if case .tag = a { return Action(kind: .tag, slot: Int32(slot), k: Int64(constants.count - 1)) }
            return Action(kind: .untag, slot: Int32(slot), k: Int64(constants.count - 1))
        case .move(let slot, let stage):
            guard let l = e.lifecycle(slot: slot), stage >= 0, stage < l.stages.count, l.stages.count < 63 else { return nil }
            var allowed: UInt64 = 0
            for t in l.transitions where t.to == stage {
                // A guarded transition needs an evaluation: leave the rule to the general cascade.
                if t.guardExpr != nil { return nil }
                if let from = t.from {
                    guard from >= 0, from < l.stages.count else { return nil }
                    allowed |= 1 << UInt64(from)
                } else {
                    allowed = ~0   // `any`: from every stage and from none
                }
            }
            let required = l.requirements[stage] ?? []
            let start = requires.count
            requires.append(contentsOf: required.map { Int32(truncatingIfNeeded: $0) })
            return Action(kind: .move, slot: Int32(slot), k: Int64(stage), bits: allowed,
                          requireStart: Int32(start), requireCount: Int32(required.count))
        default:
            return nil
        }
    }
}
