// ScenarioSupport owns the helpers of the interpreter's scenario tests: check and lower
// a model text, build an Interpreter over a MemoryStore with a virtual clock, and run
// commands written compactly.
import XCTest
import CRMBase
import CRMSema
import CRMStore
import CRMSyntax
@testable import CRMRuntime

/// A model ready to run, with its store and clock.
struct Scenario {
    let interpreter: Interpreter
    let store: MemoryStore
    let clock: VirtualClock
    var program: IRProgram { interpreter.program }

    /// `init(_:allowing:)` checks and lowers `model`, failing the test on any error
    /// except the codes in `allowing` (to reach run-time guards the checker would
    /// otherwise stop first, such as the cascade limit behind the static cycle check).
    init?(_ model: String, allowing: Set<String> = [], store: MemoryStore = MemoryStore(),
          file: StaticString = #filePath, line: UInt = #line) {
        let sources = SourceSet()
        let syntax = Parser.parse(sources.add(path: "model.crm", text: model))
        let checked = Checker.check([syntax])
        let errors = (syntax.diagnostics + checked.diagnostics).filter { $0.severity == .error && !allowing.contains($0.code.id) }
        if !errors.isEmpty {
            XCTFail("model has errors: \(errors.map { "\($0.code.id) \($0.message)" })", file: file, line: line)
            return nil
        }
        let (program, diagnostics) = Lowering.lower(checked)
        guard let program, diagnostics.isEmpty else {
            XCTFail("lowering failed: \(diagnostics.map(\.message))", file: file, line: line)
            return nil
        }
        self.store = store
        clock = VirtualClock(micros: testNow)
        do { interpreter = try Interpreter(program: program, store: store, clock: clock) } catch {
            XCTFail("store setup failed: \(error)", file: file, line: line)
            return nil
        }
    }

    /// Runs a command as 张三 with event id `id`.
    @discardableResult
    func run(_ command: RuntimeCommand, id: String) -> CommandResult {
        interpreter.execute(command, actor: "张三", eventID: id)
    }

    /// The displayed value of `record.field`.
    func field(_ record: String, _ field: String) -> String? {
        guard let id = interpreter.resolve(record) else { return nil }
        let e = program.entities[Int(id.entity)]
        guard let slot = e.fieldIndex[field] else { return nil }
        return interpreter.show(interpreter.read(id, slot))
    }
}

/// Shorthand for text inputs.
func t(_ s: String) -> FieldInput { .text(s) }
/// Shorthand for number inputs.
func n(_ s: String) -> FieldInput { .number(s) }
