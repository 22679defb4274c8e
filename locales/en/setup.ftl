# Agents & keys, Bots and their settings, Persona, Knowledge, Team, sign-in, invites, a new workspace, the operator pages and the shared form pieces.

## Shared form pieces

forms-saving = Saving…
forms-saved = Saved
forms-cancel = Cancel
clipboard-copy = Copy
clipboard-copied = Copied
clipboard-copied-note = Copied to the clipboard.
clipboard-refused = This browser did not allow copying: select the text and copy it.

## Amounts of money as typed: why one is refused (the example is written the typist's way)

amount-not-a-number = "{ $raw }" is not an amount; type it like { $example }
amount-ambiguous = "{ $raw }" could be read two ways: here the decimal mark is "{ $decimal }" and thousands are grouped with "{ $group }", like { $example }
amount-too-precise = "{ $raw }" has more than six decimals
amount-too-large = "{ $raw }" is more than { $max }
amount-negative = "{ $raw }" is negative
amount-field-monthly-budget = monthly budget: { $error }
amount-field-daily-limit = daily limit: { $error }

## Sign-in

login-title = Sign in
login-intro = We email you a link. No password needed; new here? The same link creates your account.
login-email = Email
login-email-placeholder = you@company.com
login-request = Email me a sign-in link
login-check-email = Check your email
login-sent-before = If
login-sent-after = can receive mail, a sign-in link is on its way. It works once and expires in 15 minutes.
login-other-address = Use another address
login-finish = Finish signing in
login-link-incomplete = Link incomplete
login-link-missing-code = This sign-in link is missing its code. Open the full link from the email, or request a new one.
login-request-new = Request a new link
login-checking = Checking the link…
login-signing-in-as = You are signing in as
login-not-yours = . If that is not your address, close this page: someone sent you their link.
login-link-unusable = This link has expired or was already used. Request a new one.
login-confirm = Sign in to BaaS
login-invalid-email = That does not look like an email address (expected name@example.com).
login-rate-limited = Too many sign-in links requested. Try again in { $seconds } seconds.
login-rate-limited-soon = Too many sign-in links requested. Try again in a few seconds.
login-link-invalid = That sign-in link is not valid. Request a new one below.
login-link-expired = That sign-in link has expired (links last 15 minutes). Request a new one below.
login-link-used = That sign-in link was already used. Request a new one below.
login-session-expired = Your session has ended. Sign in again.
login-something-wrong = Something went wrong. Please try again.

## A new workspace

onboarding-title = Create a workspace
onboarding-loading = Loading…
onboarding-signed-in-as = Signed in as
onboarding-holds = . A workspace holds your bots, agents, team and costs.
onboarding-name = Workspace name
onboarding-name-placeholder = Acme Support
onboarding-timezone = Time zone
onboarding-timezone-help = Dates, times and budget months follow it; type a city to search (you can change it later on Budgets).
zone-placeholder = Type a city, e.g. Sao Paulo
onboarding-create = Create workspace
onboarding-created = Workspace created
onboarding-or-open = Or open one of yours:

## Not found

notfound-title = Page not found
notfound-text = There is nothing at this address.
notfound-home = Go to your workspace

## Bots

bots-title = Bots
bots-refresh = Refresh
bots-intro = Each bot is a Clawdbot or OpenClaw install. BaaS keeps a connection to its gateway, checks its health every 15 seconds and reconnects by itself.
bots-empty = No bots yet. Add one with its gateway address (for example ws://host:18789) and the gateway's token.
bots-col-name = Name
bots-col-gateway = Gateway
bots-col-state = State
bots-col-last-seen = Last seen
bots-col-version = Version
bots-name = Name
bots-gateway-address = Gateway address
bots-gateway-token = Gateway token
bots-add = Add bot
bots-added = Bot added: it shows online once BaaS reaches it.
bots-removed = Bot removed: its keys no longer work.
bots-remove-question = Remove bot “{ $name }”? BaaS stops watching it and revokes the keys it gave the bot, so the bot's model calls through BaaS stop at once.
bots-never = never
bots-paused-by-plan = paused by the plan
bots-paused-by-plan-help = Above the plan's bot cap: its requests are refused until the plan allows it again. Nothing was deleted.
bots-remove = Remove
bots-remove-confirm = Remove bot

## Agents

agents-title = Agents & keys
agents-intro = An agent here is one agent of your bot. The bot calls the gateway with the agent's virtual key, so every model call is counted, limited and billed to the right agent.
agents-heading = Agents
agents-empty = No agents yet. Add one below with the id it has in your bot's configuration.
agents-col-name = Name
agents-col-agent-id = Agent id in the bot
agents-col-created = Created
agents-deleted = Agent deleted; its keys no longer work.
agents-add-heading = Add an agent
agents-name = Name
agents-agent-id = Clawdbot agent id
agents-agent-id-title = Letters, digits, - and _
agents-help-id = The agent id is the name this agent has inside your bot's configuration: the
agents-help-list = of its entry under
agents-help-entries = (Clawdbot) or its key under
agents-help-main = (OpenClaw). A bot with a single agent calls it
agents-help-chars = . Letters, digits, - and _ only.
agents-add = Add agent
agents-added = Agent added
agents-delete-question = Delete agent “{ $name }”? Its keys are revoked at once and bots using them stop working; its usage stays in your reports.
agents-new-name = New name
agents-save-name = Save name
agents-rename = Rename
agents-delete = Delete
agents-delete-confirm = Delete agent

## Virtual keys (on the agents page)

keys-heading = Virtual keys
keys-loading = Loading…
keys-empty = No keys yet.
keys-col-key = Key
keys-col-name = Name
keys-col-agent = Agent
keys-col-last-used = Last used
keys-col-state = State
keys-create-heading = Create a key
keys-agent = Agent
keys-name = Key name
keys-create = Create key
keys-created = Key created: copy it below
keys-revoked = Key revoked: it no longer works.
keys-deleted-agent = (deleted agent)
keys-revoke-question = Revoke key “{ $name }”? Bots using it stop working at once.
keys-never = never
keys-active = Active
keys-revoked-state = Revoked
keys-revoke = Revoke
keys-revoke-confirm = Revoke key
keys-copy-now = Copy this key now: it is shown only once.
keys-key = Key
keys-base-url = Gateway base URL
keys-sends-to = The bot sends this agent's model calls to
keys-paste = (the Anthropic Messages API) with the key as its API key. Paste the part for your bot into its configuration file; it adds a model provider pointing at BaaS and sets the agent's model on it.

## Team

team-loading = Loading…
team-title = Team
team-members = Members
team-col-email = Email
team-col-role = Role
team-col-joined = Joined
team-col-state = State
team-col-expires = Expires
team-invite-heading = Invite someone
team-email = Email
team-email-placeholder = name@company.com
team-role = Role
team-create-invite = Create invite link
team-invite-created = Invite created
team-invites = Invites
team-no-invites = No invites yet.
team-invite-revoked = Invite revoked: its link no longer works.
team-invite-emailed = We emailed this link to { $email }. You can also send it yourself:
team-invite-not-emailed = The email to { $email } could not be sent: send them this link yourself.
team-invite-once = it is shown only once, works once, only for that address, and expires in 7 days.
team-invite-link = Invite link
team-make-owner-question = Make { $email } an owner? An owner can do everything in this workspace, including changing or removing the other owners (you too); only an owner can take the role back.
team-unmake-owner-question = Make { $email } { $role ->
    [admin] an admin
    [member] a member
   *[viewer] a viewer
} instead of an owner? They lose the owner's powers at once.
team-remove-question = Remove { $email } from this workspace? They lose access at once; an invite brings them back.
team-you = you
team-save-role = Save role
team-make-owner = Make owner
team-change-role = Change role
team-role-saved = Role saved
team-remove = Remove
team-remove-confirm = Remove member
team-revoke-question = Revoke the invite for { $email }? Its link stops working at once.
team-revoke = Revoke
team-revoke-confirm = Revoke invite
team-state-pending = Pending
team-state-accepted = Accepted
team-state-revoked = Revoked
team-state-expired = Expired

## Accepting an invite

invite-title = Invitation
invite-loading = Loading…
invite-not-valid = Invite not valid
invite-ask-again = Ask the person who invited you for a new link.
invite-join = Join
invite-invited-as = Invited as
invite-for = for
invite-used = This invite has already been used.
invite-revoked = This invite has been revoked.
invite-expired = This invite has expired.
invite-valid-until = Valid until
invite-accept = Accept and join
invite-joined = Joined
invite-signed-in-as = You are signed in as
invite-sign-out-then = . Sign out, then sign in as
invite-to-accept = to accept.
invite-sign-in-to-accept = Sign in to accept
