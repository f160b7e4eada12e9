// CompilerTests use the compiler directly, as the interpreter will: compile once, run
// against many environments (by name and by slot), errors as values, not traps.
import XCTest
import CRMBase
import CRMSema
import CRMSyntax
@testable import CRMRuntime

final class CompilerTests: XCTestCase {
    /// A record whose fields are read by slot.
    struct SlotRecord: Environment {
        var fields: [Value]
        func value(of name: String) -> Value? { nil }
        func value(atSlot slot: Int) -> Value? { slot < fields.count ? fields[slot] : nil }
    }

    /// Parses `text` through the `settings { x: … }` wrapper and returns its expression.
    func expr(_ text: String) throws -> Expr {
        let file = SourceSet().add(path: "t.crm", text: "settings { x: \(text) }")
        let parsed = Parser.parse(file)
        guard case .settings(let inits)? = parsed.decls.first?.kind, let e = inits.first?.value else {
            throw XCTSkip("wrapper did not parse")
        }
        return e
    }

    func testCompileOnceRunManyBySlot() throws {
        let cal = try XCTUnwrap(ZonedCalendar(identifier: "Asia/Shanghai"))
        var compiler = ExpressionCompiler(names: ["score": .int, "amount": .money("CNY")], calendar: cal)
        compiler.slots = ["score": 0, "amount": 1]
        let compiled = try compiler.compile(try expr("score * 2 > 10 and amount >= 100 CNY"))
        let ctx = EvalContext(clock: VirtualClock(), calendar: cal)
        let hundred = try XCTUnwrap(ExactDecimal.parse("100"))
        ctx.environment = SlotRecord(fields: [.int(6), .money(hundred, currency: "CNY")])
        XCTAssertEqual(try compiled.evaluate(ctx), .bool(true))
        ctx.environment = SlotRecord(fields: [.int(5), .money(hundred, currency: "CNY")])
        XCTAssertEqual(try compiled.evaluate(ctx), .bool(false))
        // A field the host filled with the wrong type is an error, not a crash.
        ctx.environment = SlotRecord(fields: [.text("高"), .money(hundred, currency: "CNY")])
        XCTAssertThrowsError(try compiled.evaluate(ctx)) { error in
            XCTAssertEqual((error as? EvalError)?.code.id, "E1006")
        }
        ctx.environment = SlotRecord(fields: [])
        XCTAssertThrowsError(try compiled.evaluate(ctx))
    }

    func testUncheckedTreesFailCleanly() throws {
        let cal = try XCTUnwrap(ZonedCalendar(identifier: "UTC"))
        let compiler = ExpressionCompiler(calendar: cal)
        XCTAssertThrowsError(try compiler.compile(try expr("nobody + 1")))
        let ctx = EvalContext(clock: VirtualClock(), calendar: cal)
        for text in ["1 + \"a\"", "not 3", "if 1 then 2 else 3", "\"a\" < 1", "1 in 2", "2026-01-01 + 1", "-\"a\""] {
            let compiled = try compiler.compile(try expr(text))
            XCTAssertThrowsError(try compiled.evaluate(ctx), text)
        }
    }
}
