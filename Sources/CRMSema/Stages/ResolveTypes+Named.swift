// Built-in and enum type names with their arguments: money(CNY), rating(5),
// autonumber("C-{yyyy}-{seq:5}").
import CRMBase
import CRMSyntax

extension Checker {
    /// Built-in types without arguments. A static table: built per call, it was 5% of
    /// check time on the benchmark.
    static let simpleTypes: [String: CRMType] = [
        "text": .text, "int": .int, "bool": .bool, "date": .date,
        "datetime": .datetime, "time": .time, "duration": .duration, "email": .email,
        "phone": .phone, "url": .url, "team": .team,
    ]

    static func resolveNamed(_ ctx: CheckContext, _ name: Name, _ args: [TypeRef.Arg], _ span: Span) -> CRMType {
        if name.isMissing { return .error }
        if let t = simpleTypes[name.text] {
            if !args.isEmpty { ctx.report(.invalidTypeArguments, "`\(name.text)` takes no arguments", at: span) }
            return t
        }
        switch name.text {
        case "decimal":
            // decimal(P, S): precision and scale, kept for rounding rules; plain `decimal` is fine.
            if args.isEmpty { return .decimal }
            if args.count == 2, case .int(let p) = args[0], case .int(let s) = args[1],
               let pv = Int(p), let sv = Int(s), pv >= 1, pv <= 38, sv >= 0, sv <= pv { return .decimal }
            ctx.report(.invalidTypeArguments, "`decimal` takes a precision and a scale, as in `decimal(12, 2)`", at: span)
            return .error
        case "money":
            if args.count == 1, case .name(let cur) = args[0], isCurrencyCode(cur.text) { return .money(cur.text) }
            ctx.report(.invalidTypeArguments, "`money` needs one currency code, as in `money(CNY)`", at: span)
            return .error
        case "rating":
            if args.isEmpty { return .rating(5) }
            if args.count == 1, case .int(let n) = args[0], let v = Int(n), (1...10).contains(v) { return .rating(v) }
            ctx.report(.invalidTypeArguments, "`rating` takes a maximum from 1 to 10, as in `rating(5)`", at: span)
            return .error
        case "autonumber":
            guard args.count == 1, case .string(let s) = args[0], let pattern = s.plainValue else {
                ctx.report(.invalidTypeArguments, "`autonumber` needs a pattern, as in `autonumber(\"C-{yyyy}-{seq:5}\")`", at: span)
                return .error
            }
            if let problem = AutonumberPattern.problem(pattern) {
                ctx.report(.invalidAutonumber, "invalid auto-number pattern: \(problem)", at: span,
                           help: "use {yyyy} {yy} {MM} {dd} and exactly one {seq:N}")
            }
            return .autonumber
        default: break
        }
        if ctx.symbols.enums[name.text] != nil {
            if !args.isEmpty { ctx.report(.invalidTypeArguments, "an enum type takes no arguments", at: span) }
            return .enumeration(name.text)
        }
        if ctx.symbols.entities[name.text] != nil {
            ctx.report(.unknownType, "`\(name.text)` is an entity, not a field type", at: name.span,
                       help: "write `ref \(name.text)` to refer to one record")
            return .error
        }
        let candidates = builtinTypeNames + ctx.symbols.enums.keys.sorted()
        ctx.report(.unknownType, "unknown type `\(name.text)`", at: name.span, help: suggestion(name.text, candidates))
        return .error
    }

    static func isCurrencyCode(_ s: String) -> Bool {
        s.utf8.count == 3 && s.utf8.allSatisfy { $0 >= 0x41 && $0 <= 0x5A }
    }

    /// "did you mean `x`?" for the closest candidate, or nil.
    static func suggestion(_ name: String, _ candidates: [String]) -> String? {
        Suggest.closest(to: name, among: candidates).map { "did you mean `\($0)`?" }
    }
}

/// Validation of auto-number patterns: `{yyyy}`, `{yy}`, `{MM}` (or `{mm}`), `{dd}` and
/// one `{seq:N}`. Braces in a type argument are literal, not interpolation.
public enum AutonumberPattern {
    /// `problem(_:)` describes what is wrong with `pattern`, or nil if it is valid.
    public static func problem(_ pattern: String) -> String? {
        var seqCount = 0
        var rest = Substring(pattern)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { return "`{` without `}`" }
            let token = rest[rest.index(after: open)..<close]
            switch token {
            case "yyyy", "yy", "MM", "mm", "dd": break
            default:
                guard token.hasPrefix("seq:"), let n = Int(token.dropFirst(4)), (1...12).contains(n) else {
                    return "unknown placeholder `{\(token)}`"
                }
                seqCount += 1
            }
            rest = rest[rest.index(after: close)...]
        }
        if seqCount != 1 { return seqCount == 0 ? "no `{seq:N}` placeholder" : "more than one `{seq:N}`" }
        return nil
    }
}
