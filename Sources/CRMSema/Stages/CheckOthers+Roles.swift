// Roles and permissions: `extends` names a role and never loops back (E0611); each
// permission's accesses are known words (E0610) and its targets name entities and
// fields (or `*`). `create`, `delete` and `approve` apply to whole records only.
import CRMBase
import CRMSyntax

extension DeclChecker {
    static let accesses = ["read", "write", "create", "delete", "approve"]
    /// Accesses that make sense for a whole record but not for one field.
    static let recordAccesses: Set<String> = ["create", "delete", "approve"]

    /// `role R [extends P] { allow|deny accesses targets … }`.
    mutating func checkRole(_ r: RoleDecl) {
        if let parent = r.extends, !parent.isMissing {
            requireRole(parent)
            checkRoleCycle(r)
        }
        for p in r.permissions { checkPermission(p) }
    }

    /// Follows `extends` from `r`; if the chain comes back to `r`, reports it once at
    /// `r`'s `extends` with the whole circle.
    func checkRoleCycle(_ r: RoleDecl) {
        guard let parent = r.extends else { return }
        let start = r.header.name.text
        var chain = [start]
        var current: String? = parent.text
        while let c = current, let role = symbols.roles[c] {
            chain.append(c)
            if c == start {
                ctx.report(.cyclicRole, "role `\(start)` extends itself: \(chain.map { "`\($0)`" }.joined(separator: " → "))",
                           at: parent.span, help: "remove `extends` from one role of the circle")
                return
            }
            if chain.dropLast().contains(c) { return }   // a circle that `r` only leads into
            current = role.extends?.text
        }
    }

    func checkPermission(_ p: RoleDecl.Permission) {
        for a in p.access where !a.isMissing && !Self.accesses.contains(a.text) {
            ctx.report(.invalidPermission, "unknown access `\(a.text)`", at: a.span,
                       help: Checker.suggestion(a.text, Self.accesses) ?? "accesses: \(Self.accesses.joined(separator: ", "))")
        }
        let recordOnly = p.access.first { Self.recordAccesses.contains($0.text) }
        for target in p.targets {
            guard !target.entity.isMissing else { continue }
            guard let e = symbols.entities[target.entity.text] else {
                _ = Checker.unknownEntity(ctx, target.entity)
                continue
            }
            guard let f = target.field, !f.isMissing else { continue }
            if f.text != "*" { _ = field(f, of: e) }
            if let a = recordOnly {
                ctx.report(.invalidPermission, "`\(a.text)` applies to whole records, not to `\(e.name).\(f.text)`",
                           at: f.span, help: "write the entity alone: `\(a.text) \(e.name)`")
            }
        }
    }
}
