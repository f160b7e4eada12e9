// Value+JSON owns the JSON spelling of values for `crm eval --format json`: ints, bools
// and null as JSON scalars; text as a JSON string; lists as arrays; everything exact or
// calendar-bound as its canonical string (decimals `"0.3"`, money `"123.45 CNY"`, dates
// `"2026-03-02"`, datetimes RFC 3339 with the zone's offset, durations `"1 month"`), so no
// consumer ever parses a decimal into a binary float by accident.
import CRMBase

extension Value {
    /// Compact JSON text of the value; datetimes are written in `calendar`'s zone.
    public func jsonText(in calendar: ZonedCalendar) -> String {
        switch self {
        case .int(let n): return String(n)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .text(let s): return JSONWriter.quote(s)
        case .datetime(let t): return JSONWriter.quote(calendar.formatRFC3339(instant: t))
        case .list(let xs): return "[" + xs.map { $0.jsonText(in: calendar) }.joined(separator: ", ") + "]"
        default: return JSONWriter.quote(canonical(in: calendar))
        }
    }

    /// The value as `crm eval` prints it for people: canonical, with text quoted so that
    /// `"42"` and `42` differ.
    public func display(in calendar: ZonedCalendar) -> String {
        if case .text(let s) = self { return Value.quoted(s) }
        return canonical(in: calendar)
    }
}
