# The dashboard's own words: the app shell first, then each page.

shell-skip = Skip to content
shell-menu = Menu
shell-workspace = Workspace
shell-new-workspace = + New workspace
shell-sections = Sections
shell-sign-out = Sign out
shell-language = Language
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
