// Support owns the helpers of the runtime tests: evaluate an expression text the way
// `crm eval` does (parse, check, compile, run) with a virtual clock, a zone and typed
// variables, and get back the value or the first diagnostic.
import XCTest
import CRMBase
import CRMSema
import CRMSyntax
@testable import CRMRuntime

/// The default instant of the tests' virtual clock: 2026-03-02T09:00 in Shanghai.
let testNow: Int64 = {
    ZonedCalendar(identifier: "Asia/Shanghai")?.parseDateTime("2026-03-02T09:00") ?? 0
}()

/// `evalOutcome(_:zone:now:locals:model:)` evaluates `text` and returns the outcome.
func evalOutcome(_ text: String, zone: String = "Asia/Shanghai", now: Int64 = testNow,
         locals: [String: (type: CRMType, value: Value)] = [:], model: String? = nil) -> EvalOutcome {
    let sources = SourceSet()
    var files: [FileSyntax] = []
    if let model { files = [Parser.parse(sources.add(path: "model.crm", text: model))] }
    let request = EvalRequest(expression: text, model: files, clock: VirtualClock(micros: now), timezone: zone, locals: locals)
    return StandaloneEval.run(request, sources: sources)
}

/// The value of `text`, failing the test on any diagnostic.
func value(_ text: String, zone: String = "Asia/Shanghai", locals: [String: (type: CRMType, value: Value)] = [:],
           model: String? = nil, file: StaticString = #filePath, line: UInt = #line) -> Value? {
    switch evalOutcome(text, zone: zone, locals: locals, model: model) {
    case .value(let v, _, _): return v
    case .failed(let ds):
        XCTFail("`\(text)` failed: \(ds.map { "\($0.code.id) \($0.message)" })", file: file, line: line)
        return nil
    }
}

/// The canonical text of `text`'s value in its zone.
func show(_ text: String, zone: String = "Asia/Shanghai", locals: [String: (type: CRMType, value: Value)] = [:],
          model: String? = nil, file: StaticString = #filePath, line: UInt = #line) -> String? {
    switch evalOutcome(text, zone: zone, locals: locals, model: model) {
    case .value(let v, _, let cal): return v.canonical(in: cal)
    case .failed(let ds):
        XCTFail("`\(text)` failed: \(ds.map { "\($0.code.id) \($0.message)" })", file: file, line: line)
        return nil
    }
}

/// The first diagnostic of `text`, failing the test if it evaluates.
func failure(_ text: String, zone: String = "Asia/Shanghai", locals: [String: (type: CRMType, value: Value)] = [:],
             file: StaticString = #filePath, line: UInt = #line) -> Diagnostic? {
    switch evalOutcome(text, zone: zone, locals: locals) {
    case .value(let v, _, _):
        XCTFail("`\(text)` evaluated to \(v.canonical(in: nil)), expected an error", file: file, line: line)
        return nil
    case .failed(let ds): return ds.first
    }
}

/// Asserts that `text` fails with `code` and a message containing `fragment`.
func assertFails(_ text: String, _ code: String, _ fragment: String = "", zone: String = "Asia/Shanghai",
                 locals: [String: (type: CRMType, value: Value)] = [:], file: StaticString = #filePath, line: UInt = #line) {
    guard let d = failure(text, zone: zone, locals: locals, file: file, line: line) else { return }
    XCTAssertEqual(d.code.id, code, "`\(text)`: \(d.message)", file: file, line: line)
    if !fragment.isEmpty {
        XCTAssertTrue(d.message.contains(fragment), "`\(text)`: \(d.message)", file: file, line: line)
    }
}
