// Model settings: `timezone` (an IANA zone name such as "Asia/Shanghai", or "UTC"),
// `currency` (a three-letter code written bare) and `week_start` (a weekday). Keys are
// unique across all `settings` blocks of the model.
import CRMBase
import CRMSyntax

extension DeclChecker {
    static let settingKeys = ["timezone", "currency", "week_start"]

    mutating func checkSettings(_ inits: [FieldInit]) {
        var seen: [String: Span] = [:]
        for i in inits where !i.name.isMissing {
            if let first = seen[i.name.text] {
                ctx.report(.duplicateMember, "setting `\(i.name.text)` is already given", at: i.name.span,
                           secondary: [Label(first, "first given here")])
                continue
            }
            seen[i.name.text] = i.name.span
            checkSetting(i.name, i.value)
        }
    }

    func checkSetting(_ key: Name, _ value: Expr) {
        switch key.text {
        case "timezone":
            if case .string(let s) = value.kind, let zone = s.plainValue, Self.isTimeZoneName(zone) { return }
            ctx.report(.invalidSetting, "`timezone` must name an IANA time zone", at: value.span,
                       help: "for example `timezone: \"Asia/Shanghai\"` or `timezone: \"UTC\"`")
        case "currency":
            if case .name(let code) = value.kind, Checker.isCurrencyCode(code) { return }
            ctx.report(.invalidSetting, "`currency` must be a three-letter currency code", at: value.span,
                       help: Self.currencyHelp(value))
        case "week_start":
            if case .name(let day) = value.kind, TypeChecker.weekdays.contains(day) { return }
            var help = "use 星期一 … 星期日 or monday … sunday"
            if case .name(let day) = value.kind { help = Self.weekdayHelp(day) }
            ctx.report(.invalidSetting, "`week_start` must be a weekday", at: value.span, help: help)
        default:
            ctx.report(.unknownSetting, "there is no setting `\(key.text)`", at: key.span,
                       help: Checker.suggestion(key.text, Self.settingKeys) ?? "settings: \(Self.settingKeys.joined(separator: ", "))")
        }
    }

    /// The fix for a currency written in quotes, in lower case, or as RMB.
    static func currencyHelp(_ value: Expr) -> String {
        var written: String? = nil
        if case .string(let s) = value.kind { written = s.plainValue }
        if case .name(let n) = value.kind { written = n }
        guard let w = written else { return "a three-letter code written bare, such as `currency: CNY`" }
        let upper = w.uppercased()
        if upper == "RMB" { return "the ISO code of the renminbi is `CNY`: `currency: CNY`" }
        if Checker.isCurrencyCode(upper) { return "write the code bare and in capitals: `currency: \(upper)`" }
        return "a three-letter code written bare, such as `currency: CNY`"
    }

    /// "UTC", or "Area/City[/…]" with ASCII letters, digits, `_`, `+` and `-`, the area
    /// capitalised ("Asia/Shanghai", "America/Argentina/Buenos_Aires", "Etc/GMT-8").
    static func isTimeZoneName(_ s: String) -> Bool {
        if s == "UTC" { return true }
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2, let first = parts[0].unicodeScalars.first, first >= "A" && first <= "Z" else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.unicodeScalars.allSatisfy { c in
                (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_" || c == "+" || c == "-"
            }
        }
    }
}
