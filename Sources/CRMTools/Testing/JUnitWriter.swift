// JUnitWriter owns the JUnit XML of `crm test --junit FILE`, the format CI systems
// (GitHub Actions reporters, GitLab, Jenkins) read: one <testsuite> per .crm file, one
// <testcase> per test with its file and line, and for a failing test one <failure> per
// failed expectation (type = the diagnostic code, message = its one line, body = the
// rendered diagnostic without colour). No timings are written, so the output is
// deterministic and can be compared byte for byte.
import CRMBase

enum JUnitWriter {
    static func xml(_ results: [TestResult], model: TestModel) -> String {
        var files: [String] = []
        var byFile: [String: [TestResult]] = [:]
        for r in results {
            if byFile[r.test.file] == nil { files.append(r.test.file) }
            byFile[r.test.file, default: []].append(r)
        }
        let failed = results.filter { !$0.passed }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"crm test\" tests=\"\(results.count)\" failures=\"\(failed)\" errors=\"0\">\n"
        for f in files {
            let rs = byFile[f] ?? []
            out += "  <testsuite name=\(attr(f)) tests=\"\(rs.count)\" failures=\"\(rs.filter { !$0.passed }.count)\" errors=\"0\">\n"
            for r in rs {
                let head = "    <testcase name=\(attr(r.test.name)) classname=\(attr(f)) file=\(attr(f)) line=\"\(r.test.line)\""
                if r.passed { out += head + "/>\n"; continue }
                out += head + ">\n"
                let renderer = HumanRenderer(color: false)
                for d in r.failures {
                    out += "      <failure type=\(attr(d.code.id)) message=\(attr(d.message))>"
                    out += escape(renderer.render(d, sources: model.sources)) + "</failure>\n"
                }
                out += "    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    static func attr(_ s: String) -> String { "\"" + escape(s) + "\"" }

    /// XML text: markup characters as entities; characters XML 1.0 cannot carry dropped.
    static func escape(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out.unicodeScalars.append(u)
            default:
                if u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
