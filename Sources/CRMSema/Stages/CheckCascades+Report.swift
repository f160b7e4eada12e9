// Cycles in the rule graph built by CheckCascades.swift (conflicting writes are in
// CheckCascades+Conflicts.swift).
//
// Cycles: the strongly connected components of the graph (Tarjan's algorithm, iterative
// so deep chains cannot overflow the stack; linear in rules + edges). Each component
// with a loop is reported once (E0801), at its earliest-declared rule, with the shortest
// cycle through that rule (a breadth-first search inside the component) spelled out and
// the component's other rules listed. Enumerating every elementary cycle could be
// exponential; one report per component names every rule involved.
import CRMBase
import CRMSyntax

/// An edge: rule `source` fires rule `target` through write `write` of `source`.
struct CascadeEdge {
    var target: Int
    var write: Int
}

struct CascadeGraph {
    let rules: [CascadeRule]
    /// Outgoing edges of each rule, one per target (the first write that fires it).
    var edges: [[CascadeEdge]]

    init(rules: [CascadeRule]) {
        self.rules = rules
        let listeners = ListenerIndex(rules)
        edges = rules.map { rule in
            var seen: Set<Int> = []
            var out: [CascadeEdge] = []
            for (w, write) in rule.writes.enumerated() {
                for t in listeners.fired(by: write, rules) where seen.insert(t).inserted {
                    out.append(CascadeEdge(target: t, write: w))
                }
            }
            return out
        }
    }

    /// Strongly connected components that contain a cycle, each sorted, in order of their
    /// earliest rule.
    func cyclicComponents() -> [[Int]] {
        var tarjan = Tarjan(count: rules.count)
        for v in rules.indices where tarjan.index[v] == nil { tarjan.visit(v, edges) }
        let cyclic = tarjan.components.filter { c in
            c.count > 1 || edges[c[0]].contains { $0.target == c[0] }
        }
        return cyclic.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }

    /// The shortest cycle from `start` back to it inside `component`, as rule indexes
    /// with `start` first (not repeated at the end).
    func shortestCycle(from start: Int, in component: Set<Int>) -> [Int] {
        var parent: [Int: Int] = [:]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let v = queue[head]
            head += 1
            for e in edges[v] where component.contains(e.target) {
                if e.target == start {
                    var path = [v]
                    while let p = parent[path[0]] { path.insert(p, at: 0) }
                    return path
                }
                if parent[e.target] == nil && e.target != start {
                    parent[e.target] = v
                    queue.append(e.target)
                }
            }
        }
        return [start]
    }

    func edge(_ a: Int, _ b: Int) -> CascadeEdge? { edges[a].first { $0.target == b } }

    func reportCycles(_ ctx: CheckContext) {
        for component in cyclicComponents() {
            let cycle = shortestCycle(from: component[0], in: Set(component))
            report(ctx, cycle, others: component.filter { !cycle.contains($0) })
        }
    }

    /// The trigger of rule `i` as written (`on Customer.level changed to 钻石`).
    func trigger(_ ctx: CheckContext, _ i: Int) -> String {
        Checker.sourceText(ctx, rules[i].trigger.span) ?? "on " + (rules[i].listen?.description ?? "?")
    }

    func report(_ ctx: CheckContext, _ cycle: [Int], others: [Int]) {
        let chain = (cycle + [cycle[0]]).map { rules[$0].name }.joined(separator: " → ")
        var notes: [String] = []
        var labels: [Label] = []
        for (k, a) in cycle.enumerated() {
            let b = cycle[(k + 1) % cycle.count]
            guard let e = edge(a, b) else { continue }
            let write = rules[a].writes[e.write]
            notes.append("`\(rules[a].name)` \(write.description), which fires `\(rules[b].name)` (\(trigger(ctx, b)))")
            labels.append(Label(write.span, "\(write.description), which fires `\(rules[b].name)`"))
            if k > 0 { labels.append(Label(rules[a].span, trigger(ctx, a))) }
        }
        if !others.isEmpty {
            notes.append("also in this loop of rules: " + others.map { "`\(rules[$0].name)`" }.joined(separator: ", "))
        }
        notes.append("`where` and `if` conditions are not evaluated; at run time such a cascade stops at the depth limit and the event is rolled back")
        let first = rules[cycle[0]]
        ctx.report(.ruleCycle, "rules trigger each other in a cycle: \(chain)", at: first.span,
                   label: trigger(ctx, cycle[0]), secondary: labels, notes: notes,
                   help: "break the cycle: let one rule write a field that no rule of the cycle listens to, or change its trigger")
    }
}

/// The rules listening to each kind of write, so a write finds its rules in one lookup.
struct ListenerIndex {
    var created: [EntityRef: [Int]] = [:]
    var updated: [EntityRef: [Int]] = [:]
    var changed: [FieldRef: [Int]] = [:]
    /// `enters` rules by lifecycle field, with their stage.
    var enters: [FieldRef: [(stage: String, rule: Int)]] = [:]

    init(_ rules: [CascadeRule]) {
        for (i, r) in rules.enumerated() {
            switch r.listen {
            case .created(let e)?: created[e, default: []].append(i)
            case .updated(let e)?: updated[e, default: []].append(i)
            case .changed(let f)?: changed[f, default: []].append(i)
            case .enters(let f, let s)?: enters[f, default: []].append((s, i))
            case nil: break
            }
        }
    }

    /// The rules a write fires, in declaration order.
    func fired(by write: CascadeWrite, _ rules: [CascadeRule]) -> [Int] {
        switch write.target {
        case .create(let e): return created[e] ?? []
        case .field(let f):
            var out = updated[f.entity] ?? []
            out += (changed[f] ?? []).filter { i in
                // A known value that differs from `to y`, or equals `from x` (a change from
                // x cannot end in x), cannot fire the rule.
                guard let v = write.constant else { return true }
                return (rules[i].toValue.map { $0 == v } ?? true) && rules[i].fromValue != v
            }
            for (stage, rule) in enters[f] ?? [] where write.constant.map({ $0 == stage }) ?? true { out.append(rule) }
            // Usually zero or one rule: sort and drop repeats in place, without a Set.
            guard out.count > 1 else { return out }
            out.sort()
            var unique: [Int] = [out[0]]
            for r in out.dropFirst() where r != unique[unique.count - 1] { unique.append(r) }
            return unique
        }
    }
}

/// Tarjan's strongly connected components without recursion.
struct Tarjan {
    var index: [Int?]
    var low: [Int]
    var onStack: [Bool]
    var stack: [Int] = []
    var counter = 0
    var components: [[Int]] = []

    init(count: Int) {
        index = Array(repeating: nil, count: count)
        low = Array(repeating: 0, count: count)
        onStack = Array(repeating: false, count: count)
    }

    mutating func visit(_ root: Int, _ edges: [[CascadeEdge]]) {
        // Each frame is (node, position of the next edge to follow).
        var frames: [(v: Int, next: Int)] = [(root, 0)]
        open(root)
        while let (v, next) = frames.last {
            if next < edges[v].count {
                frames[frames.count - 1].next += 1
                let w = edges[v][next].target
                if index[w] == nil {
                    open(w)
                    frames.append((w, 0))
                } else if onStack[w], let iw = index[w] {
                    low[v] = min(low[v], iw)
                }
                continue
            }
            frames.removeLast()
            if let parent = frames.last { low[parent.v] = min(low[parent.v], low[v]) }
            if low[v] == index[v] { close(v) }
        }
    }

    mutating func open(_ v: Int) {
        index[v] = counter
        low[v] = counter
        counter += 1
        stack.append(v)
        onStack[v] = true
    }

    mutating func close(_ v: Int) {
        var component: [Int] = []
        while let w = stack.popLast() {
            onStack[w] = false
            component.append(w)
            if w == v { break }
        }
        components.append(component)
    }
}
