// Stage checkLifecycles: every lifecycle of every entity is checked on its own. Its
// `stages` line must exist; transitions name declared stages and use `any` only on the
// left; `enter S requires f, g` names a stage and fields of the entity. Then the
// transition graph is analysed: stages unreachable from the first stage (W0503),
// non-terminal stages with no way out (W0504) and transitions out of terminal stages
// (E0505). Guards (`when`) are type-checked by checkEntities and are not evaluated here.
// Cost: linear in stages + transitions (one dictionary, one breadth-first search).
import CRMBase
import CRMSyntax

extension Checker {
    static func checkLifecycles(_ ctx: CheckContext) {
        for decl in ctx.decls {
            guard case .entity(let e) = decl.kind, let entity = ctx.symbols.entities[e.header.name.text],
                  entity.span == e.header.name.span else { continue }
            for member in e.members {
                // Only lifecycles that resolveTypes registered (a duplicate field name is not).
                guard case .lifecycle(let l) = member.kind,
                      let symbol = entity.lifecycles.first(where: { $0.span == l.header.name.span }) else { continue }
                LifecycleCheck(ctx: ctx, entity: entity, decl: l, symbol: symbol).run()
            }
        }
    }
}

/// The checks of one lifecycle, sharing its stage index.
struct LifecycleCheck {
    let ctx: CheckContext
    let entity: EntitySymbol
    let decl: LifecycleDecl
    let symbol: LifecycleSymbol
    /// Stage name → position in the `stages` line.
    let index: [String: Int]

    init(ctx: CheckContext, entity: EntitySymbol, decl: LifecycleDecl, symbol: LifecycleSymbol) {
        self.ctx = ctx
        self.entity = entity
        self.decl = decl
        self.symbol = symbol
        var index: [String: Int] = [:]
        for (i, s) in symbol.stages.enumerated() { index[s.name] = i }
        self.index = index
    }

    var stageNames: [String] { symbol.stages.map(\.name) }
    var what: String { "lifecycle `\(symbol.field)` of `\(entity.name)`" }

    func run() {
        guard !symbol.stages.isEmpty else {
            checkAnyPositions()
            reportMissingStages()
            return
        }
        var graph = LifecycleGraph(count: symbol.stages.count)
        checkTransitions(into: &graph)
        checkRequirements()
        checkReachability(graph)
        checkDeadEnds(graph)
    }

    /// `any` may only start a transition: `a -> any` has no meaning.
    func checkAnyPositions() {
        for item in decl.items {
            guard case .transition(let chain, _) = item else { continue }
            for name in chain.dropFirst() where isAny(name) { reportAnyTarget(name) }
        }
    }

    /// `any` (the length test first: most names are stages, often non-ASCII, whose
    /// full comparison is slower).
    func isAny(_ name: Name) -> Bool { name.text.utf8.count == 3 && name.text == "any" }

    func reportAnyTarget(_ name: Name) {
        ctx.report(.anyAsTarget, "`any` can only be the source of a transition, not its target", at: name.span,
                   help: "`any -> stage` allows `stage` from every stage")
    }

    /// E0501, with the stages the transitions mention (in order of appearance) as a fix.
    func reportMissingStages() {
        // A `stages` item whose names were all missing was already reported by the parser.
        if decl.items.contains(where: { if case .stages = $0 { true } else { false } }) { return }
        var mentioned: [String] = []
        for item in decl.items {
            guard case .transition(let chain, _) = item else { continue }
            for name in chain where !name.isMissing && !isAny(name) && !mentioned.contains(name.text) {
                mentioned.append(name.text)
            }
        }
        let list = mentioned.isEmpty ? "first, second, …" : mentioned.joined(separator: ", ")
        ctx.report(.lifecycleWithoutStages, "\(what) has no `stages` line", at: decl.header.name.span,
                   help: "declare the stages in pipeline order and mark the final ones: `stages \(list)`")
    }

    /// One pass over the transitions: each name is looked up once, unknown stages and
    /// misplaced `any` are reported, transitions out of terminal stages are reported
    /// (E0505; `any` does not count), and the edges go into `graph`.
    func checkTransitions(into graph: inout LifecycleGraph) {
        for item in decl.items {
            guard case .transition(let chain, _) = item else { continue }
            var previous: (name: Name, index: Int?)? = nil
            for (i, name) in chain.enumerated() {
                let anyName = isAny(name)
                if anyName && i > 0 { reportAnyTarget(name) }
                let index = name.isMissing || anyName ? nil : requireStage(name)
                if let (from, f) = previous, let to = index, !from.isMissing {
                    if isAny(from) {
                        graph.anyTargets.append(to)
                    } else if let f {
                        graph.successors[f].append(to)
                        checkTerminalExit(from, f, name)
                    }
                }
                previous = (name, index)
            }
        }
    }

    /// E0505: an explicit transition out of a terminal stage.
    func checkTerminalExit(_ from: Name, _ f: Int, _ to: Name) {
        guard symbol.stages[f].terminal else { return }
        ctx.report(.terminalStageExit, "stage `\(from.text)` is terminal, so the transition `\(from.text) -> \(to.text)` can never be taken",
                   at: from.span.to(to.span), secondary: [Label(symbol.stages[f].span, "declared `terminal` here")],
                   help: "remove `terminal` from `\(from.text)`, or remove the transition")
    }

    /// The position of a stage, reporting E0311 (with a suggestion) if there is none.
    @discardableResult
    func requireStage(_ name: Name) -> Int? {
        if let i = index[name.text] { return i }
        ctx.report(.unknownStage, "\(what) has no stage `\(name.text)`", at: name.span,
                   help: Checker.suggestion(name.text, stageNames) ?? "declare it in the `stages` line")
        return nil
    }

    /// `enter S requires f, g`: S is a stage, f and g are fields of the entity.
    func checkRequirements() {
        for item in decl.items {
            guard case .enter(let stage, let fields) = item else { continue }
            if !stage.isMissing { requireStage(stage) }
            for f in fields where !f.isMissing && entity.field(f.text) == nil {
                ctx.report(.unknownField, "`\(entity.name)` has no field `\(f.text)`", at: f.span,
                           help: Checker.suggestion(f.text, entity.fields.map(\.name)))
            }
        }
    }

    /// W0503: stages that no transition path from the first stage enters.
    func checkReachability(_ graph: LifecycleGraph) {
        let reachable = graph.reachableFromFirst()
        for (i, stage) in symbol.stages.enumerated() where !reachable[i] {
            // Suggest the pipeline predecessor: the order of the `stages` line is the
            // intended flow, so "previous -> this" is the likeliest missing transition.
            let fix = i > 0 ? "add a transition into it, such as `\(symbol.stages[i - 1].name) -> \(stage.name)`" : nil
            ctx.report(.unreachableStage, "stage `\(stage.name)` cannot be reached from the first stage `\(symbol.stages[0].name)`",
                       at: stage.span, help: fix)
        }
    }

    /// W0504: non-terminal stages that a record can never leave.
    func checkDeadEnds(_ graph: LifecycleGraph) {
        for (i, stage) in symbol.stages.enumerated() where !stage.terminal && !graph.hasExit(i) {
            let next = i + 1 < symbol.stages.count ? symbol.stages[i + 1].name : nil
            let transition = next.map { " or add a transition such as `\(stage.name) -> \($0)`" } ?? " or add a transition out of it"
            ctx.report(.deadEndStage, "stage `\(stage.name)` is not terminal, but no transition leads out of it", at: stage.span,
                       help: "mark it `terminal`\(transition)")
        }
    }
}

/// The transition graph of one lifecycle over stage positions; unknown stages are left out.
struct LifecycleGraph {
    /// Explicit successors of each stage.
    var successors: [[Int]]
    /// Stages that `any -> x` allows from everywhere.
    var anyTargets: [Int] = []

    init(count: Int) { successors = Array(repeating: [], count: count) }

    /// Breadth-first search from stage 0; `any` targets are reachable from any stage,
    /// so from the first one too.
    func reachableFromFirst() -> [Bool] {
        var seen = Array(repeating: false, count: successors.count)
        guard !seen.isEmpty else { return seen }
        var queue = [0] + anyTargets
        for s in queue { seen[s] = true }
        var head = 0
        while head < queue.count {
            let s = queue[head]
            head += 1
            for t in successors[s] where !seen[t] {
                seen[t] = true
                queue.append(t)
            }
        }
        return seen
    }

    /// Whether some transition leads from `stage` to a different stage.
    func hasExit(_ stage: Int) -> Bool {
        successors[stage].contains { $0 != stage } || anyTargets.contains { $0 != stage }
    }
}
