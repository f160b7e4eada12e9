// The models of crm-bench's runtime figures (issue 4, "Speed and memory"), as source
// text. They must check with no diagnostics at all (warnings included); RuntimeBench
// checks them at startup and exits with status 1 if they do not.
//
// leadRouting: a Lead entity with 8 region routing rules, 6 source-tagging rules,
// 3 scoring rules and one threshold rule (`hot_lead`) that moves the stage when the
// score reaches 50. Every created lead runs all 17 `created` rules; scoring leads
// cascade into `hot_lead` through `Lead.score changed`.
//
// timers: a Lead entity with one timer rule, `at Lead.created_at + 7 days`, so each
// created lead schedules exactly one timer.
enum LeadRoutingModel {
    static let regions = ["East", "South", "North", "West", "Central", "Northeast", "Northwest", "Overseas"]
    static let sources = ["Web", "Ads", "Shop", "Event", "Social", "Referral"]

    static let leadRouting = """
    settings {
      timezone: "Asia/Shanghai",
    }

    enum Region { East, South, North, West, Central, Northeast, Northwest, Overseas }

    enum Source { Web, Ads, Shop, Event, Social, Referral }

    entity Lead {
      name: text required
      region: Region = Overseas
      source: Source required
      queue: text?
      score: int = 0
      tags: set<text>
      created_at: datetime readonly = now()
      lifecycle stage {
        stages New, Warm, Hot terminal
        New -> Warm -> Hot
        New -> Hot
      }
    }

    rule route_east on Lead created where region == East do { set queue = "east" }
    rule route_south on Lead created where region == South do { set queue = "south" }
    rule route_north on Lead created where region == North do { set queue = "north" }
    rule route_west on Lead created where region == West do { set queue = "west" }
    rule route_central on Lead created where region == Central do { set queue = "central" }
    rule route_northeast on Lead created where region == Northeast do { set queue = "northeast" }
    rule route_northwest on Lead created where region == Northwest do { set queue = "northwest" }
    rule route_overseas on Lead created where region == Overseas do { set queue = "overseas" }

    rule tag_web on Lead created where source == Web do { tag "web" }
    rule tag_ads on Lead created where source == Ads do { tag "ads" }
    rule tag_shop on Lead created where source == Shop do { tag "shop" }
    rule tag_event on Lead created where source == Event do { tag "event" }
    rule tag_social on Lead created where source == Social do { tag "social" }
    rule tag_referral on Lead created where source == Referral do { tag "referral" }

    rule score_referral on Lead created where source in [Referral, Event] do { add 40 to score }
    rule score_region on Lead created where region in [East, South, North] do { add 20 to score }
    rule score_ads on Lead created where source == Ads do { add 10 to score }

    rule hot_lead on Lead.score changed where score >= 50 and stage == New do { move to Hot }

    """

    static let timers = """
    settings {
      timezone: "Asia/Shanghai",
    }

    entity Lead {
      name: text required
      stale: bool = false
      created_at: datetime readonly = now()
    }

    rule go_stale at Lead.created_at + 7 days do { set stale = true }

    """
}
