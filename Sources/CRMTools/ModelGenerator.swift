// ModelGenerator owns the synthetic model behind `crm-bench` and the size tests: a
// large, realistic, syntactically valid `.crm` text built deterministically (no random
// source, no clock), so benchmark figures are comparable between runs and machines.
//
// The model repeats one "business unit" of about 135 lines with numbered names, mixing
// the shapes the Samples use: an enum, an entity with many typed fields, validations and
// a lifecycle, rules with every trigger kind and nested actions, a decision table, a
// score, a team, a segment, a report and a test block. Entity names alternate between
// Chinese and ASCII; field, stage and measure names mix both, and doc comments appear
// about as often as in the Samples. Names are unique per unit, so the whole text is one
// valid model for the checker too, not only for the parser.

/// Builds a deterministic model of roughly a requested number of lines.
public enum ModelGenerator {
    /// `generate(lines:)` returns a model of at least `lines` lines (it stops after the
    /// unit that reaches the target, so it overshoots by less than one unit, ~135 lines).
    /// The same `lines` always gives the same bytes.
    public static func generate(lines target: Int) -> String {
        var out: [String] = ["# 自动生成的基准模型（crm-bench）：\(target) 行目标", ""] + prelude
        var unit = 0
        while out.count < max(1, target) {
            appendUnit(unit, to: &out)
            unit += 1
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Declarations every unit refers to: settings, users, orders, teams.
    static let prelude = [
        "settings {",
        "  timezone: \"Asia/Shanghai\",",
        "  currency: CNY,",
        "  week_start: 星期一,",
        "}",
        "",
        "entity User \"员工\" {",
        "  name: text \"姓名\" required",
        "  email: email \"工作邮箱\" required unique",
        "}",
        "",
        "entity Order \"订单\" {",
        "  customer: ref User? \"客户\"",
        "  amount: money(CNY) \"订单金额\" required",
        "}",
        "",
        "team 大客户组 { \"vip@shop.cn\" }",
        "team 电商组 { \"shop@shop.cn\" }",
        "team 销售二组 { \"sales2@shop.cn\" }",
        "",
    ]

    /// Chinese business nouns used for entity and enum names, cycled by unit number.
    static let nouns = ["线索", "客户", "商机", "订单", "合同", "工单", "报价", "回款"]
    /// ASCII entity stems, cycled by unit number.
    static let stems = ["Lead", "Customer", "Deal", "Order", "Contract", "Ticket", "Quote", "Payment"]

    /// `appendUnit(_:to:)` appends one business unit; `k` numbers every name in it.
    static func appendUnit(_ k: Int, to out: inout [String]) {
        let chinese = k % 2 == 0
        let entity = chinese ? "\(nouns[k % nouns.count])\(k)" : "\(stems[k % stems.count])\(k)"
        let channel = "渠道\(k)"
        let team = "团队\(k)"
        appendEnum(k, channel, to: &out)
        appendEntity(k, entity, channel: channel, to: &out)
        appendRules(k, entity, team: team, to: &out)
        appendTable(k, entity, channel: channel, team: team, to: &out)
        appendInsight(k, entity, team: team, to: &out)
        appendTest(k, entity, to: &out)
    }

    static func appendEnum(_ k: Int, _ name: String, to out: inout [String]) {
        out += [
            "## 第 \(k) 组的来源渠道",
            "enum \(name) \"来源渠道 \(k)\" {",
            "  官网注册,",
            "  抖音广告 \"抖音信息流\",",
            "  淘宝,",
            "  线下活动,",
            "  referral \"转介绍\",",
            "}",
            "",
        ]
    }

    static func appendEntity(_ k: Int, _ name: String, channel: String, to out: inout [String]) {
        out += [
            "## \(name)：第 \(k) 组的主实体",
            "entity \(name) \"实体 \(k)\" {",
            "  name: text \"姓名\" required",
            "  phone: phone \"手机号\" required unique",
            "  email: email? \"邮箱\" unique",
            "  客户名称: text? \"公司名称\"",
            "  source: \(channel) \"来源渠道\" required",
            "  score: int \"评分\" = \(k % 7) check score >= -100 and score <= 200 else \"评分需在 -100 到 200 之间\"",
            "  amount: money(CNY)? \"预计金额\" check amount == null or amount >= 0 CNY else \"金额不能为负\"",
            "  rate: decimal = 0.\(k % 10)5",
            "  rating: rating(5)? \"满意度\"",
            "  code: autonumber(\"C-\\{yyyy\\}-\\{seq:5\\}\") \"编号\" unique readonly",
            "  owner: ref User? \"负责人\"",
            "  last_followup_at: datetime? \"最近跟进时间\"",
            "  due_date: date? \"截止日期\"",
            "  created_at: datetime \"创建时间\" readonly = now()",
            "  tags: set<text> \"标签\"",
            "  lifecycle status \"状态\" {",
            "    stages 未联系, 已联系, 高意向 \"高意向客户\", 已转化 terminal, 无效 terminal",
            "    未联系 -> 已联系 -> 高意向 -> 已转化",
            "    已联系 -> 已转化 when score >= \(50 + k % 30)",
            "    any -> 无效",
            "    enter 已转化 requires owner, email",
            "  }",
            "  validate due_date == null or due_date >= 2026-01-01 else \"截止日期不能早于 2026 年\"",
            "}",
            "",
        ]
    }

    static func appendRules(_ k: Int, _ entity: String, team: String, to out: inout [String]) {
        out += [
            "## 新建后立即欢迎并分配",
            "rule welcome_\(k) \"欢迎 \(k)\" priority \(k % 5)",
            "  on \(entity) created",
            "  where source == 官网注册 and email != null",
            "  do {",
            "    notify email to email template 欢迎模板\(k) with { name: name, code: code }",
            "    tag \"待跟进\"",
            "    assign owner by table 分配\(k)",
            "  }",
            "",
            "rule nurture_\(k) \"\(k % 9 + 1)天未联系进入培育\"",
            "  at \(entity).created_at + \(k % 9 + 1) days",
            "  where status == 未联系 and not (tags has \"长期培育\")",
            "  do {",
            "    tag \"长期培育\"; untag \"待跟进\"",
            "  }",
            "",
            "rule followed_\(k) \"记录跟进\"",
            "  on \(entity).last_followup_at changed",
            "  do {",
            "    add 1 to score",
            "    if status == 未联系 {",
            "      move to 已联系",
            "    } else {",
            "      set due_date = due_date ?? 2026-03-31",
            "    }",
            "  }",
            "",
            "rule recycle_\(k) \"无跟进退回公海\"",
            "  on \(entity) inactive for \(k % 4 + 2) days without 跟进\(k)",
            "  where status in [已联系, 高意向] and owner != null",
            "  do {",
            "    notify dingtalk to owner template 回收提醒\(k)",
            "    assign owner to pool 公海池\(k)",
            "  }",
            "",
            "rule weekly_\(k) \"每周轮转\"",
            "  every week on 星期一 at 09:30 for \(entity)",
            "  where owner == null",
            "  do assign owner by round_robin(\(team))",
            "",
            "rule converted_\(k) \"转化生成订单\"",
            "  on \(entity) enters 已转化",
            "  do {",
            "    create Order { customer: owner, amount: amount ?? 100 CNY }",
            "    task \"跟进「{name}」的首单（第 {score * 2 + \(k)} 分）\" to owner due now() + 2 days",
            "    webhook \"erp.sync\" with { code: code, amount: amount, rate: rate * 2.5 }",
            "  }",
            "",
        ]
    }

    static func appendTable(_ k: Int, _ entity: String, channel: String, team: String, to out: inout [String]) {
        out += [
            "table 分配\(k) \"分配表 \(k)\" hit first {",
            "  input source: \(channel), score: int",
            "  output 分配团队: team",
            "  referral, >= 80 => 大客户组",
            "  淘宝, _ => 电商组",
            "  _, 0..50 => \(team)",
            "  _, _ => 销售二组",
            "}",
            "",
            "score score_\(k) \"评分 \(k)\" for \(entity).score {",
            "  +20 when source in [referral, 线下活动]",
            "  -10 when email == null",
            "}",
            "",
            "team \(team) \"销售团队 \(k)\" {",
            "  \"sales\(k)a@shop.cn\",",
            "  \"sales\(k)b@shop.cn\",",
            "}",
            "",
            "pool 公海池\(k) \"公海 \(k)\" for \(entity)",
            "",
            "entity 跟进\(k) \"跟进记录 \(k)\" {",
            "  target: ref \(entity) required",
            "  author: ref User \"跟进人\" required",
            "  content: text \"跟进内容\" required",
            "}",
            "",
            "template 欢迎模板\(k) \"欢迎邮件\" for \(entity) {",
            "  subject \"欢迎，{name}\"",
            "  body \"您好 {name}：\\n感谢注册！您的编号是 {code}。\"",
            "}",
            "",
            "template 回收提醒\(k) for \(entity) {",
            "  title \"线索已退回公海\"",
            "  body \"「{name}」（{phone}）已退回公海池。\"",
            "}",
            "",
        ]
    }

    static func appendInsight(_ k: Int, _ entity: String, team: String, to out: inout [String]) {
        out += [
            "segment 高分\(k) \"高分 \(k)\" of \(entity) where score >= 80 or (amount ?? 0 CNY) > 50000 CNY",
            "",
            "report 漏斗\(k) \"漏斗 \(k)\" of \(entity) {",
            "  where created_at >= now() - 3 months",
            "  funnel status",
            "  group by source, owner",
            "  measure 数量 = count(), 平均分 = avg(score), 转化率 = avg(if status == 已转化 then 1.0 else 0.0)",
            "  top 10 by 数量",
            "}",
            "",
        ]
    }

    static func appendTest(_ k: Int, _ entity: String, to out: inout [String]) {
        out += [
            "test \"\(entity) 欢迎与培育\" {",
            "  clock 2026-01-05T09:00",
            "  given \(entity) l { name: \"张三\(k)\", phone: \"1380000\(1000 + k % 9000)\", source: 官网注册, email: \"u\(k)@example.com\" }",
            "  expect outbox has email to \"u\(k)@example.com\" template 欢迎模板\(k)",
            "  advance \(k % 9 + 1) days",
            "  expect l.tags has \"长期培育\"",
            "  update l { last_followup_at: now() }",
            "  expect l.status == 已联系",
            "}",
            "",
        ]
    }
}
