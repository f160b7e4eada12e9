// StraightCascadeTests: the straight-line cascade (Interpreter+Straight.swift) must leave
// exactly what the general cascade leaves — the same records, audit entries, timers and
// outbox, and per command the same failure, fired rules and count of rules considered.
// Each test runs one command list twice, once each way, on stores with and without
// change capture (without it, MemoryStore.createAudited takes its one-step path), and
// compares everything after every command. The commands reach every place where the
// straight way gives up (overflow, illegal move, missing requirement, unique conflict,
// the depth limit) as well as the ones it runs. The models' self-triggering rules stop
// by themselves at run time (the write changes nothing, or the sum overflows), so the
// checker's cycle report (E0801) is let through.
import XCTest
import CRMBase
import CRMStore
@testable import CRMRuntime

final class StraightCascadeTests: XCTestCase {
    let model = """
    enum Region { East, South, North }
    enum Source { Web, Ads, Referral }

    entity Lead {
      name: text required
      code: text? unique
      region: Region = North
      source: Source required
      queue: text?
      score: int = 0
      tags: set<text>
      note: text?
      memo: text?
      created_at: datetime readonly = now()
      lifecycle stage {
        stages New, Warm, Hot terminal, Lost terminal
        New -> Warm -> Hot
        New -> Hot
        any -> Lost
        enter Lost requires note
      }
    }

    rule route_east on Lead created where region == East do { set queue = "east" }
    rule route_other on Lead created where region != East do { set queue = "other" }
    rule tag_web on Lead created where source == Web do { tag "web" }
    rule score_ref on Lead created where source in [Referral, Ads] do { add 40 to score }
    rule score_region on Lead created where region in [East, South] and source != Web do { add 20 to score }
    rule claim_south on Lead created where region == South do { set code = "S" }
    rule hot on Lead.score changed where score >= 50 and stage == New do { move to Hot }
    rule warm on Lead.score changed where score >= 30 and score < 50 do { move to Warm }
    rule lose on Lead.score changed where score < 0 do { move to Lost }
    rule hot_tag on Lead enters Hot do {
      tag "hot"
      untag "web"
    }
    rule any_update on Lead updated where queue == "east" do { set memo = "east team" }
    rule huge on Lead.score changed where score > 9223372036854775000 do { add 1000 to score }
    rule reopen on Lead.memo changed where memo == "reopen" do { move to New }
    """

    /// Commands exercising each rule and each way of giving up.
    func commands() -> [RuntimeCommand] {
        func lead(_ name: String, _ region: String, _ source: String, as alias: String? = nil) -> RuntimeCommand {
            .create(entity: "Lead", fields: [("name", t(name)), ("region", t(region)), ("source", t(source))], alias: alias)
        }
        return [
            lead("a", "East", "Web", as: "a"),         // queue, tag, update rule
            lead("b", "East", "Referral", as: "b"),    // 40 + 20 → hot → tags
            lead("c", "North", "Ads", as: "c"),        // 40 → warm
            lead("d", "South", "Ads", as: "d"),        // code S, 60 → hot
            lead("e", "South", "Web"),                 // code S again: unique conflict
            .create(entity: "Lead", fields: [("region", t("East")), ("source", t("Web"))], alias: nil),   // name missing
            .create(entity: "Lead", fields: [("name", t("f")), ("region", t("Nowhere")), ("source", t("Web"))], alias: nil),
            .update(record: "c", fields: [("score", n("55"))]),                   // Warm → Hot
            .update(record: "a", fields: [("score", n("-5"))]),                   // Lost requires note: refused
            .update(record: "a", fields: [("note", t("gone")), ("score", n("-7"))]),   // two slots at once
            .update(record: "a", fields: [("score", n("-9"))]),                   // already Lost
            .update(record: "b", fields: [("score", n("9223372036854775800"))]),   // overflow
            .update(record: "b", fields: [("queue", t("east"))]),                 // no change: no event
            .update(record: "b", fields: [("name", .null)]),                      // required: refused
            .update(record: "b", fields: [("region", t("South"))]),               // updated rule only
            .update(record: "c", fields: [("memo", t("reopen"))]),                // Hot → New: illegal
            lead("g", "North", "Referral", as: "g"),   // 40 → warm
            .move(record: "g", stage: "Hot"),
            .delete(record: "g"),
            lead("h", "East", "Ads"),
        ]
    }

    func testSameOutcomeEitherWay() throws {
        for captures in [false, true] {
            try compare(model, commands(), capturesChanges: captures, depthLimit: 32, allowing: ["E0801"])
        }
    }

    /// A cycle the checker reports statically, let through: the depth limit stops it
    /// (the straight way gives up, the general one reports the chain).
    func testCycleEitherWay() throws {
        let cycle = """
        entity Lead {
          name: text required
          a: int = 0
          b: int = 0
        }
        rule start on Lead created do { add 1 to a }
        rule ping on Lead.a changed do { add 1 to b }
        rule pong on Lead.b changed do { add 1 to a }
        """
        let commands: [RuntimeCommand] = [
            .create(entity: "Lead", fields: [("name", t("x"))], alias: "x"),
            .update(record: "x", fields: [("a", n("5"))]),
        ]
        for captures in [false, true] {
            try compare(cycle, commands, capturesChanges: captures, depthLimit: 8, allowing: ["E0801"])
        }
    }

    /// Timers are armed per event against the stored record; the straight way keeps
    /// them in step (and leaves record creation to the general way).
    func testTimersEitherWay() throws {
        let timed = """
        entity Lead {
          name: text required
          score: int = 0
          due: datetime?
          created_at: datetime readonly = now()
        }
        rule bump on Lead created where score == 0 do { add 5 to score }
        rule remind at Lead.due - 1 days where score >= 5 do { add 1 to score }
        rule nurture at Lead.created_at + 7 days do { add 2 to score }
        rule idle on Lead inactive for 3 days do { add 100 to score }
        rule chase on Lead inactive for 5 days without Note do { add 1000 to score }
        rule noted on Note created do { set text = "seen" }

        entity Note {
          lead: ref Lead?
          text: text?
        }
        """
        let commands: [RuntimeCommand] = [
            .create(entity: "Lead", fields: [("name", t("x")), ("due", t("2026-03-10T09:00:00+08:00"))], alias: "x"),
            .update(record: "x", fields: [("due", t("2026-03-20T09:00:00+08:00"))]),
            .update(record: "x", fields: [("score", n("0"))]),
            .create(entity: "Note", fields: [("lead", t("x"))], alias: "n1"),
            .create(entity: "Note", fields: [], alias: "n2"),
            .update(record: "n2", fields: [("lead", t("x"))]),
        ]
        for captures in [false, true] {
            try compare(timed, commands, capturesChanges: captures, depthLimit: 32)
        }
    }

    /// Records created with timers but no rule writes: stored in one step, then armed;
    /// the timers' rules run straight-line when they fire.
    func testTimersWithoutCreateRulesEitherWay() throws {
        let timed = """
        entity Lead {
          name: text required
          stale: bool = false
          score: int = 0
          created_at: datetime readonly = now()
        }
        rule go_stale at Lead.created_at + 7 days where score < 10 do { set stale = true }
        rule mark on Lead.stale changed where stale == true do { add 1 to score }
        """
        let commands: [RuntimeCommand] = [
            .create(entity: "Lead", fields: [("name", t("x"))], alias: "x"),
            .create(entity: "Lead", fields: [("name", t("y"))], alias: "y"),
            .update(record: "y", fields: [("score", n("20"))]),
            .create(entity: "Lead", fields: [("name", t("z"))], alias: "z"),
        ]
        for captures in [false, true] {
            let s = try compare(timed, commands, capturesChanges: captures, depthLimit: 32)
            // y and z from x's memoized row (with change capture the store assembles it).
            XCTAssertEqual(s.interpreter.cascadeScratch.pointee.memoized, 2)
        }
    }

    /// A firing reads only the slots the cascade can look at (Interpreter+Straight.swift,
    /// `storedCascadeSlots`): those of the timer rules too, though no event rule reads
    /// them. Leads with scores on either side of the condition, created in an order that
    /// leaves the other kind's values in the cascade's buffer when each one fires.
    func testTimerRuleSlotsAreReadWhenItFires() throws {
        let timed = """
        entity Lead {
          name: text required
          score: int = 0
          stale: bool = false
          owner: text?
          created_at: datetime readonly = now()
        }
        rule go_stale at Lead.created_at + 7 days where score < 10 do { set stale = true }
        """
        var commands: [RuntimeCommand] = []
        for (i, score) in ["0", "20", "5", "30", "40", "1"].enumerated() {
            commands.append(.create(entity: "Lead", fields: [("name", t("l\(i)")), ("score", n(score)), ("owner", t("o\(i)"))],
                                    alias: "l\(i)"))
        }
        for captures in [false, true] {
            let s = try compare(timed, commands, capturesChanges: captures, depthLimit: 32)
            let stale = s.interpreter.store.records(of: EntityID(0)).map { s.interpreter.store.value($0, slot: 2) }
            XCTAssertEqual(stale, [.bool(true), .bool(false), .bool(true), .bool(false), .bool(false), .bool(true)])
        }
    }

    /// Creations memoized by their involved values (OutcomeCache.swift) leave what the
    /// general way leaves: many leads with repeated region/source, given scores, stages
    /// and queues (a text: not memoized), some refused (unique conflict, missing name),
    /// and a depth limit lowered half-way, below what the memoized `hot` chains need
    /// (created → score changed → enters Hot is depth 3), then raised again.
    func testMemoizedCreationsEitherWay() throws {
        var random = SeededRandom(seed: 44)
        let regions = ["East", "South", "North"], sources = ["Web", "Ads", "Referral"]
        var commands: [RuntimeCommand] = []
        for i in 0 ..< 240 {
            var fields: [(String, FieldInput)] = [("region", t(regions[random.below(3)])), ("source", t(sources[random.below(3)]))]
            if random.below(10) > 0 { fields.append(("name", t("lead \(i)"))) }
            switch random.below(8) {
            case 0: fields.append(("score", n(String(random.below(60) - 5))))
            case 1: fields.append(("stage", t(["New", "Warm"][random.below(2)])))
            case 2: fields.append(("queue", t("given")))
            case 3: fields.append(("tags", .list([t("vip")])))
            default: break
            }
            commands.append(.create(entity: "Lead", fields: fields, alias: nil))
        }
        for captures in [false, true] {
            let s = try compare(model, commands, capturesChanges: captures, depthLimit: 32, allowing: ["E0801"],
                                before: { i, interpreter in
                                    if i == 120 { interpreter.depthLimit = 2 }
                                    if i == 180 { interpreter.depthLimit = 32 }
                                })
            let cache = try XCTUnwrap(s.interpreter.outcomeCaches[0])
            XCTAssertGreaterThan(cache.count, 5, "outcomes were memoized")
            XCTAssertLessThan(cache.count, 120, "and used again")
            // Most creations give only texts and member names: the quick way (createMemoized) made them.
            XCTAssertGreaterThan(s.interpreter.cascadeScratch.pointee.memoized, 60, "made from the memo's rows")
        }
    }

    /// The straight way actually runs here (or the comparison above proves little).
    func testStraightWayRuns() throws {
        let s = try XCTUnwrap(Scenario(model, allowing: ["E0801"], store: MemoryStore(capturesChanges: false)))
        s.interpreter.tracing = false
        let notStraight = s.program.rules.filter { s.interpreter.straight.rules[$0.index] == nil }.map(\.name)
        XCTAssertEqual(notStraight, [])
        XCTAssertTrue(s.interpreter.straightEntities[0])
        let r = s.run(.create(entity: "Lead", fields: [("name", t("b")), ("region", t("East")), ("source", t("Referral"))], alias: "b"), id: "e1")
        XCTAssertEqual(s.field("b", "stage"), "Hot")
        XCTAssertEqual(Array(r.fired.prefix(4)), ["route_east", "score_ref", "score_region", "any_update"])
        XCTAssertEqual(s.interpreter.cascadeScratch.pointee.fired.map { s.program.rules[$0].name }, r.fired,
                       "the straight way ran these rules")
        XCTAssertFalse(s.interpreter.cascadeInUse)
        // A give-up: the straight way cannot move Warm → New; the general way reports it.
        s.run(.create(entity: "Lead", fields: [("name", t("c")), ("region", t("North")), ("source", t("Referral"))], alias: "c"), id: "e2")
        XCTAssertEqual(s.field("c", "stage"), "Warm")
        let refused = s.run(.update(record: "c", fields: [("memo", t("reopen"))]), id: "e3")
        XCTAssertEqual(refused.failure?.chain, ["reopen"])
        XCTAssertTrue(refused.failure?.message.contains("cannot move from Warm to New") ?? false, refused.failure?.text ?? "")
        XCTAssertEqual(s.field("c", "memo"), "null", "rolled back")
    }

    // MARK: Comparing

    /// `before(i, interpreter)` runs on both interpreters before command `i`.
    @discardableResult
    func compare(_ model: String, _ commands: [RuntimeCommand], capturesChanges: Bool, depthLimit: Int,
                 allowing: Set<String> = [], before: (Int, Interpreter) -> Void = { _, _ in },
                 file: StaticString = #filePath, line: UInt = #line) throws -> Scenario {
        let straight = try XCTUnwrap(Scenario(model, allowing: allowing, store: MemoryStore(capturesChanges: capturesChanges)))
        let general = try XCTUnwrap(Scenario(model, allowing: allowing, store: MemoryStore(capturesChanges: capturesChanges)))
        for s in [straight, general] {
            s.interpreter.tracing = false
            s.interpreter.depthLimit = depthLimit
        }
        general.interpreter.usesStraightCascade = false
        for (i, command) in commands.enumerated() {
            before(i, straight.interpreter)
            before(i, general.interpreter)
            let a = straight.run(command, id: "e\(i)"), b = general.run(command, id: "e\(i)")
            let what = "command \(i) (captures \(capturesChanges)): \(command)"
            XCTAssertEqual(a.failure?.text, b.failure?.text, what, file: file, line: line)
            XCTAssertEqual(a.fired, b.fired, what, file: file, line: line)
            XCTAssertEqual(a.considered, b.considered, what, file: file, line: line)
            XCTAssertEqual(a.record, b.record, what, file: file, line: line)
            XCTAssertEqual(a.messages, b.messages, what, file: file, line: line)
            assertSameState(straight, general, what, file: file, line: line)
            for s in [straight, general] { s.clock.set(micros: s.clock.nowMicros() + 3_600_000_000) }
        }
        XCTAssertEqual(straight.interpreter.firedCounts, general.interpreter.firedCounts, file: file, line: line)
        // Timers fire the same way too.
        let target = straight.clock.nowMicros() + 30 * 86_400_000_000
        let fa = straight.interpreter.advance(to: target), fb = general.interpreter.advance(to: target)
        XCTAssertEqual(fa.map(\.rule), fb.map(\.rule), file: file, line: line)
        XCTAssertEqual(fa.map { $0.result.failure?.text }, fb.map { $0.result.failure?.text }, file: file, line: line)
        assertSameState(straight, general, "after advancing", file: file, line: line)
        return straight
    }

    func assertSameState(_ a: Scenario, _ b: Scenario, _ what: String, file: StaticString, line: UInt) {
        for e in a.program.entities.indices {
            let ids = a.store.records(of: EntityID(e))
            XCTAssertEqual(ids, b.store.records(of: EntityID(e)), what, file: file, line: line)
            for id in ids { XCTAssertEqual(a.store.read(id), b.store.read(id), "\(what): \(id)", file: file, line: line) }
        }
        XCTAssertEqual(a.store.auditEntries(), b.store.auditEntries(), what, file: file, line: line)
        XCTAssertEqual(a.store.auditCount, b.store.auditCount, what, file: file, line: line)
        XCTAssertEqual(a.store.dueTimers(upTo: .max), b.store.dueTimers(upTo: .max), what, file: file, line: line)
        XCTAssertEqual(a.store.pendingMessages(), b.store.pendingMessages(), what, file: file, line: line)
    }
}
