// Tests of the machine-readable renderers: JSON (exact document and escaping), SARIF
// (required keys, parsed with JSONSerialization) and GitHub annotations (escaping).

import CRMBase
import Foundation
import XCTest

final class MachineRendererTests: XCTestCase {
    func testJSONWriterEscaping() {
        XCTAssertEqual(JSONWriter.quote("plain"), "\"plain\"")
        XCTAssertEqual(JSONWriter.quote("say \"hi\" \\ now"), #""say \"hi\" \\ now""#)
        XCTAssertEqual(JSONWriter.quote("a\nb\r\tc"), #""a\u000Ab\u000D\u0009c""#)
        XCTAssertEqual(JSONWriter.quote("\u{0}\u{1B}\u{7F}"), #""\u0000\u001B\u007F""#)
        XCTAssertEqual(JSONWriter.quote("客户名称 😀 /"), "\"客户名称 😀 /\"")
        XCTAssertEqual(JSONWriter.quote("\u{2028}"), #""\u2028""#)
        XCTAssertEqual(JSONWriter.document(.array([])), "[]\n")
        XCTAssertEqual(JSONWriter.document(.object([("a", .array([.int(1), .null, .bool(true)])), ("b", .object([]))])),
                       "{\n  \"a\": [\n    1,\n    null,\n    true\n  ],\n  \"b\": {}\n}\n")
    }

    func testJSONDocument() {
        let set = SourceSet()
        let f = set.add(path: "Samples/客户.crm", text: "name： text\n")
        let d = Diagnostic(.fullWidthPunctuation, "full-width `：`", at: span(f, "："), label: "use `:`",
                           secondary: [Label(span(f, "name"), "field \"name\"")],
                           notes: ["tab\there", "line\nbreak\u{1}"],
                           fixIts: [FixIt(span: span(f, "："), replacement: ":")])
        let out = JSONRenderer().render([d], sources: set, fileCount: 1)
        XCTAssertEqual(out, #"""
            {
              "version": 1,
              "diagnostics": [
                {
                  "code": "E0102",
                  "name": "full-width-punctuation",
                  "severity": "error",
                  "message": "full-width `：`",
                  "file": "Samples/客户.crm",
                  "line": 1,
                  "column": 5,
                  "byteColumn": 5,
                  "endLine": 1,
                  "endColumn": 6,
                  "endByteColumn": 8,
                  "label": "use `:`",
                  "secondary": [
                    {
                      "file": "Samples/客户.crm",
                      "line": 1,
                      "column": 1,
                      "endLine": 1,
                      "endColumn": 5,
                      "label": "field \"name\""
                    }
                  ],
                  "notes": [
                    "tab\u0009here",
                    "line\u000Abreak\u0001"
                  ],
                  "help": null,
                  "fixIts": [
                    {
                      "file": "Samples/客户.crm",
                      "line": 1,
                      "column": 5,
                      "endLine": 1,
                      "endColumn": 6,
                      "replacement": ":"
                    }
                  ]
                }
              ],
              "summary": {
                "errors": 1,
                "warnings": 0,
                "files": 1
              }
            }

            """#)
    }

    func testJSONParsesAndRoundTrips() throws {
        let set = SourceSet()
        let f = set.add(path: "a.crm", text: "x\n")
        let tricky = "quote \" backslash \\ newline \n cr \r nul \u{0} 客户 😀"
        let ds = [
            Diagnostic(.fileUnreadable, "cannot read", at: .none, help: tricky),
            Diagnostic(.expectedToken, tricky, at: span(f, "x"), severity: .warning),
        ]
        let out = JSONRenderer().render(ds, sources: set, fileCount: 2)
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        XCTAssertEqual(root["version"] as? Int, 1)
        let diags = try XCTUnwrap(root["diagnostics"] as? [[String: Any]])
        XCTAssertEqual(diags.count, 2)
        XCTAssertTrue(diags[0]["file"] is NSNull)
        XCTAssertTrue(diags[0]["line"] is NSNull)
        XCTAssertEqual(diags[0]["help"] as? String, tricky)
        XCTAssertEqual(diags[1]["message"] as? String, tricky)
        XCTAssertEqual(diags[1]["severity"] as? String, "warning")
        let summary = try XCTUnwrap(root["summary"] as? [String: Int])
        XCTAssertEqual(summary, ["errors": 1, "warnings": 1, "files": 2])
    }

    func testSARIF() throws {
        let set = SourceSet()
        let a = set.add(path: "Samples/leads.crm", text: "entity Lead {\n  客户名称： text\n}\n")
        let b = set.add(path: "Samples/客户 数据.crm", text: "entity Lead {}\n")
        let ds = [
            Diagnostic(.fullWidthPunctuation, "full-width `：`", at: span(a, "："), help: "use `:`",
                       fixIts: [FixIt(span: span(a, "："), replacement: ":")]),
            Diagnostic(.expectedDeclaration, "duplicate", at: span(b, "Lead"),
                       secondary: [Label(span(a, "Lead"), "first here")]),
            Diagnostic(.fullWidthPunctuation, "again", at: span(a, "}"), severity: .note),
            Diagnostic(.fileUnreadable, "cannot read", at: .none, severity: .warning),
        ]
        let out = SARIFRenderer(toolVersion: "0.1.0").render(ds, sources: set)
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        XCTAssertEqual(root["$schema"] as? String, "https://json.schemastore.org/sarif-2.1.0.json")
        XCTAssertEqual(root["version"] as? String, "2.1.0")
        let runs = try XCTUnwrap(root["runs"] as? [[String: Any]])
        XCTAssertEqual(runs.count, 1)
        let run = runs[0]
        XCTAssertEqual(run["columnKind"] as? String, "unicodeCodePoints")
        let driver = try XCTUnwrap((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        XCTAssertEqual(driver["name"] as? String, "crm")
        XCTAssertEqual(driver["version"] as? String, "0.1.0")
        XCTAssertNotNil(driver["informationUri"] as? String)
        let rules = try XCTUnwrap(driver["rules"] as? [[String: Any]])
        XCTAssertEqual(rules.map { $0["id"] as? String }, ["E0001", "E0102", "E0202"])
        XCTAssertEqual(rules[1]["name"] as? String, "full-width-punctuation")
        XCTAssertEqual((rules[1]["shortDescription"] as? [String: String])?["text"],
                       DiagnosticCode.fullWidthPunctuation.summary)
        XCTAssertEqual((rules[1]["fullDescription"] as? [String: String])?["text"],
                       DiagnosticCode.fullWidthPunctuation.explanation)
        XCTAssertEqual((rules[1]["defaultConfiguration"] as? [String: String])?["level"], "error")

        let results = try XCTUnwrap(run["results"] as? [[String: Any]])
        XCTAssertEqual(results.count, 4)
        XCTAssertEqual(results.map { $0["ruleId"] as? String }, ["E0102", "E0202", "E0102", "E0001"])
        XCTAssertEqual(results.map { $0["ruleIndex"] as? Int }, [1, 2, 1, 0])
        XCTAssertEqual(results.map { $0["level"] as? String }, ["error", "error", "note", "warning"])
        XCTAssertEqual((results[0]["message"] as? [String: String])?["text"], "full-width `：`\nhelp: use `:`")

        let loc0 = try XCTUnwrap((results[0]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        XCTAssertEqual((loc0["artifactLocation"] as? [String: String])?["uri"], "Samples/leads.crm")
        XCTAssertEqual(loc0["region"] as? [String: Int],
                       ["startLine": 2, "startColumn": 7, "endLine": 2, "endColumn": 8])
        XCTAssertNotNil(results[0]["fixes"] as? [[String: Any]])

        let loc1 = try XCTUnwrap((results[1]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        XCTAssertEqual((loc1["artifactLocation"] as? [String: String])?["uri"],
                       "Samples/%E5%AE%A2%E6%88%B7%20%E6%95%B0%E6%8D%AE.crm")
        let related = try XCTUnwrap(results[1]["relatedLocations"] as? [[String: Any]])
        XCTAssertEqual(related.count, 1)
        XCTAssertEqual((related[0]["message"] as? [String: String])?["text"], "first here")
        let relatedLoc = try XCTUnwrap(related[0]["physicalLocation"] as? [String: Any])
        XCTAssertEqual((relatedLoc["artifactLocation"] as? [String: String])?["uri"], "Samples/leads.crm")
        XCTAssertEqual(relatedLoc["region"] as? [String: Int],
                       ["startLine": 1, "startColumn": 8, "endLine": 1, "endColumn": 12])
        XCTAssertEqual((results[3]["locations"] as? [Any])?.count, 0)
    }

    func testGitHub() {
        let set = SourceSet()
        let f = set.add(path: "Samples/leads.crm", text: "entity Lead {\n  客户名称 text required\n}\n")
        let g = set.add(path: "odd:dir,x/100%.crm", text: "x")
        let ds = [
            Diagnostic(.expectedToken, "expected `:` after field name", at: span(f, "text"),
                       help: "write `客户名称: text`"),
            Diagnostic(.expectedToken, "50% done\r\nnext: a,b", at: span(g, "x"), severity: .warning),
            Diagnostic(.expectedToken, "fyi", at: span(f, "entity"), severity: .note),
            Diagnostic(.fileUnreadable, "cannot read `a,b:c`", at: .none),
        ]
        XCTAssertEqual(GitHubRenderer().render(ds, sources: set), """
            ::error file=Samples/leads.crm,line=2,col=8,endLine=2,endColumn=12,title=E0201 expected-token::expected `:` after field name%0Ahelp: write `客户名称: text`
            ::warning file=odd%3Adir%2Cx/100%25.crm,line=1,col=1,endLine=1,endColumn=2,title=E0201 expected-token::50%25 done%0D%0Anext: a,b
            ::notice file=Samples/leads.crm,line=1,col=1,endLine=1,endColumn=7,title=E0201 expected-token::fyi
            ::error title=E0001 file-unreadable::cannot read `a,b:c`

            """)
        XCTAssertEqual(GitHubRenderer.escapeProperty("a:b,c%d\ne\r"), "a%3Ab%2Cc%25d%0Ae%0D")
        XCTAssertEqual(GitHubRenderer.escapeData("a:b,c%d\ne\r"), "a:b,c%25d%0Ae%0D")
        XCTAssertEqual(GitHubRenderer().render([], sources: set), "")
    }
}
