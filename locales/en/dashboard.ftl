# The dashboard's own words: the app shell first, then each page.

shell-skip = Skip to content
shell-menu = Menu
shell-workspace = Workspace
shell-new-workspace = + New workspace
shell-sections = Sections
shell-sign-out = Sign out
shell-language = Language
shell-time-zone = Times in { $zone }
shell-loading = Loading…
shell-no-access-title = No access
shell-no-access = You are not a member of this workspace, or it does not exist.

nav-overview = Overview
nav-usage = Usage & costs
nav-budgets = Budgets
nav-alerts = Alerts
nav-admin-agent = Admin Agent
nav-agents = Agents & keys
nav-bots = Bots
nav-conversations = Conversations
nav-team = Team
nav-audit = Audit log
nav-operator = Provider pool

role-owner = Owner
role-admin = Admin
role-member = Member
role-viewer = Viewer

## Overview

overview-refresh = Refresh
overview-loading = Loading…
overview-attention = Needs attention
overview-all-clear = Nothing needs you: no open incidents and no unacknowledged alerts.
overview-open-incidents = Open incidents
overview-unacknowledged = Unacknowledged alerts
overview-incident = { $bot }: { $kind }
overview-incident-detail = { $reason } · opened { $when }
overview-acknowledged = acknowledged
overview-spent = Spent this month
overview-against-budget = { $share } of { $budget }
overview-no-budget = No monthly budget: set one under Budgets
overview-crosses-on = At this pace the budget is crossed on { $day }.
overview-over-budget = Over budget at this pace.
overview-within-budget = At this pace the month ends within budget.
overview-daily-rate = { $rate }/day at the current pace.
overview-projected = Projected month end
overview-operator-cap = Operator's spending cap
overview-cap-used = { $share } used
overview-where = Where it goes
overview-months-follow = Months follow { $zone }.
overview-bots = Bots
overview-no-bots = No bots yet. Add one on the Bots page and it shows here with its state and the Admin Agent's checks.
overview-col-bot = Bot
overview-col-connection = Connection
overview-col-agent = Admin Agent
overview-col-last-check = Last check (UTC)
overview-open-incident = open incident
overview-silenced-until = silenced until { $when }
overview-not-yet = not yet
overview-of = { $used } of { $limit }
overview-no-cap = { $used } (no cap)
overview-not-read = not read yet
overview-plan = { $plan } plan
overview-messages = Messages this month
overview-groups-no-cap = WhatsApp groups per bot (no cap)
overview-groups-cap = WhatsApp groups per bot (at most { $max })
overview-groups-note = As last saved through BaaS; a bot whose settings were never changed here is not read yet.
overview-team = Team
overview-members = { $count ->
    [one] { $count } member
   *[other] { $count } members
}
overview-pending = { $count ->
    [one] { $count } pending invite
   *[other] { $count } pending invites
}
overview-created = workspace created { $when }
overview-open-team = Open team

bot-state-online = online
bot-state-offline = offline
bot-state-degraded = degraded
bot-state-connecting = connecting
health-up = up
health-suspect = suspect
health-down = down
health-unknown = unknown
