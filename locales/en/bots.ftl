# The bot pages: conversations, settings, persona, knowledge and channels.

## Conversations and transcripts

conv-sync-now = Sync now
conv-syncing = Syncing…
conv-intro = Imported from every bot's sessions every 10 minutes; group conversations carry their WhatsApp group, so cost is seen per group.
conv-synced = { $seen ->
    [one] { $seen } session seen
   *[other] { $seen } sessions seen
}: { $added } new, { $updated } updated.
conv-cost-by-group = Cost by group
conv-nothing-synced = Nothing synced yet.
conv-col-group = Group
conv-col-conversations = Conversations
conv-col-tokens = Tokens in / out
conv-col-cost = Cost
conv-direct = Direct messages
conv-empty = No conversations yet. Add a bot, then sync.
conv-col-place = Group or channel
conv-col-agent = Agent
conv-col-last-message = Last message
conv-col-updated = Updated
conv-transcript = Transcript
conv-all = All conversations
conv-reading = Reading from the bot…
conv-no-messages = No messages.
conv-role = { $role ->
    [user] user
    [assistant] assistant
    [system] system
    [unknown] unknown
   *[other] { $role }
}

## Knowledge base

knowledge-title = Knowledge base
knowledge-intro = Documents this bot answers from. BaaS keeps their text and writes it into the memory of every agent on the bot (OpenClaw's MEMORY.md): the agent reads it with every message, and searches it when it is long.
knowledge-upload = Upload
knowledge-upload-help = Plain text, Markdown or PDF with text in it, up to 10 MB. A document with the name of one already here replaces it.
knowledge-resend = Send to bot again
knowledge-resent = { $count ->
    [one] Sent; { $count } agent's memory changed.
   *[other] Sent; { $count } agents' memory changed.
}
knowledge-room = { $documents } of { $documents_limit } documents, { $chars } of { $chars_limit } characters
knowledge-empty = No documents yet. Upload a price list, an FAQ or a policy, and the bot answers from it.
knowledge-col-document = Document
knowledge-col-kind = Kind
knowledge-col-chars = Characters
knowledge-col-updated = Updated
knowledge-kind = { $kind ->
    [text] Text
    [markdown] Markdown
    [pdf] PDF
   *[other] { $kind }
}
knowledge-delete = Delete
knowledge-delete-question = Delete { $name }? The bot stops answering from it.
knowledge-unsupported = { $gateway } has no agent memory files through its gateway, so it cannot hold a knowledge base; OpenClaw (2026.9 or later) does.

## Persona

persona-title = Persona
persona-intro = Who the agent is and how it speaks. OpenClaw reads these files into the agent's instructions on its very next message; a save applies only if nobody changed the file since this page loaded.
persona-reading = Reading from the bot…
persona-agent = Agent
persona-preview = Preview
persona-count = { $count } of { $max } characters the agent reads
persona-save = Save
persona-saved-version = Saved as version { $version }.
persona-versions-of = Versions of { $file }
persona-no-versions = No versions yet: the first save keeps the file as found, too.
persona-version = Version { $version }
persona-changes = Changes
persona-restore = Restore
persona-agent-not-found = agent not found on this bot
persona-unsupported = { $gateway } has no persona files through its gateway; OpenClaw (2026.9 or later) does.

## Notification channels (Admin Agent and operator pages)

channels-remove-question = Remove channel “{ $name }”? Alerts stop going to it at once.
channels-test = Send a test notification
channels-new-secret = New signing secret
channels-remove = Remove
channels-remove-confirm = Remove channel
channels-kind = Kind
channels-kind-name = { $kind ->
    [email] email
    [webhook] webhook
    [slack] Slack
    [whatsapp] WhatsApp
   *[other] { $kind }
}
channels-kind-email = Email
channels-kind-webhook = Webhook (signed)
channels-kind-slack = Slack incoming webhook
channels-kind-whatsapp = WhatsApp (through a bot)
channels-name = Name
channels-target = Addresses, numbers or URL
channels-bot-id = Bot id (WhatsApp only)
channels-status = { $status ->
    [sending] sending
    [sent] sent
    [retrying] retrying
    [failed] failed
   *[other] { $status }
}
channels-test-result = Test to { $recipient }: { $status }
channels-test-result-error = Test to { $recipient }: { $status } ({ $error })
channels-secret = Signing secret (shown once; copy it now):

## Bot settings

botcfg-title = Bot settings
botcfg-all-bots = All bots
botcfg-intro = Every save is checked against the bot's own configuration schema before it is sent, applied only if nobody changed the configuration since this page loaded, and kept as a version you can roll back to.
botcfg-saved-version = Saved as version { $version }.
botcfg-provisioned = Agents now use BaaS (version { $version }).
botcfg-agent-created = Agent created (version { $version }).
botcfg-rolled-back = Rolled back; saved as version { $version }.
botcfg-reading = Reading the bot's configuration…
botcfg-provision-heading = Model calls through BaaS
botcfg-provision-help = Gives every agent of this bot its own virtual key and a model provider pointing at this BaaS, so each call is counted for the right agent. Agents missing here are created.
botcfg-provision = Point agents at BaaS
botcfg-groups = WhatsApp groups
botcfg-col-group = Group
botcfg-col-mention = Answers only when mentioned
botcfg-col-agent = Agent (and so its model)
botcfg-group-policy = Group policy
botcfg-group-members = Members answered under "Only listed" (E.164, separated by commas)
botcfg-save-members = Save members
botcfg-dms = Direct messages
botcfg-dm-policy = DM policy
botcfg-allowed-numbers = Allowed numbers (E.164, separated by commas)
botcfg-save-numbers = Save numbers
botcfg-agents = Agents
botcfg-persona-help-before = Persona files (SOUL.md and the others) live in each agent's workspace on the bot's machine. On OpenClaw edit them on the
botcfg-persona-help-after = page; Clawdbot 2026.1.24's gateway has no method to write them, so there edit them on its machine.
botcfg-global-patterns = Mention patterns for every agent (regular expressions, one per line)
botcfg-save-patterns = Save patterns
botcfg-skills = Skills
botcfg-no-skills = The bot reports no skills.
botcfg-col-skill = Skill
botcfg-col-on = On
botcfg-col-what = What it does
botcfg-versions = Versions
botcfg-no-versions = No change made through BaaS yet. The first save also keeps the configuration as found.
botcfg-col-version = Version
botcfg-col-when = When
botcfg-col-by = By
botcfg-col-change = Change
botcfg-policy = { $policy ->
    [allowlist] Only listed
    [open] Everyone
    [disabled] Nobody
    [pairing] Pairing code
   *[other] Unknown
}
botcfg-every-group = Every group (default)
botcfg-mention-not-set = (not set: Clawdbot's default)
botcfg-default-routing = Default routing
botcfg-diff = Diff
botcfg-restore = Restore
botcfg-through-baas = through BaaS
botcfg-not-through-baas = not through BaaS yet
botcfg-name = Name
botcfg-emoji = Emoji
botcfg-avatar = Avatar (URL or path)
botcfg-save-identity = Save identity
botcfg-model = Model
botcfg-default-model = (Clawdbot's default)
botcfg-agent-patterns = Mention patterns for this agent (one per line)
botcfg-persona-files = Persona files:
botcfg-copy-as = Copy as (new id)
botcfg-duplicate = Duplicate
botcfg-delete-agent-question = Delete agent { $agent }? Its group routes go too.
botcfg-delete = Delete
botcfg-delete-agent = Delete agent…
botcfg-new-agent = New agent
botcfg-id = Id
botcfg-template = Template
botcfg-template-name = { $template ->
    [sales] Sales
    [support] Support
    [hr] HR
   *[other] { $template }
}
botcfg-create-agent = Create agent
botcfg-persona-for = Persona for its SOUL.md (copy it there; the gateway cannot write workspace files):
botcfg-bot-not-found = bot not found
botcfg-unknown-model = "{ $model }" is not a model in the price table
botcfg-unknown-setting = unknown setting "{ $setting }"
botcfg-bad-template = the template must be sales, support or hr
botcfg-persona-not-written = the agent was added, but its persona could not be written ({ $error }); write it on the Persona page

## A bot that cannot be reached: its pages show what is known, new addresses are tried first.
botreach-why-unreachable = Nothing answered at that address.
botreach-why-not-allowed = Its address is not a public internet address.
botreach-why-token-refused = The gateway refused the token.
botreach-why-not-a-gateway = What answered is not a Clawdbot or OpenClaw gateway.
botreach-why-not-paired = The gateway has not approved BaaS yet.
botreach-why-no-scopes = The gateway accepted the token but does not let BaaS manage it.
botreach-why-timeout = The gateway did not answer in time.
botreach-why-too-large = The gateway sent a message too large to accept.
botreach-why-busy = Too many requests are waiting for the gateway.
botreach-why-closed = The connection to the gateway closed.
botreach-why-unhealthy = The gateway reports itself unhealthy.
botreach-state-since = { $state } since { $since }
botreach-last-checked = last checked { $when }
botreach-connecting = BaaS is connecting to the bot at { $url }.
botreach-away = The bot at { $url } is not reachable right now.
botreach-known = Showing what BaaS last knew, as of { $when }. Changes can be made once the bot is back; this page updates by itself.
botreach-unknown = BaaS has not read this from the bot yet, so there is nothing to show until it is back; this page updates by itself.
botreach-knowledge-kept = The documents are kept by BaaS: new ones are stored now and sent to the bot once it is back.
botreach-its-address = its address
botreach-not-sent = The bot at { $url } is not reachable right now; your change was not sent.
botreach-not-read = The bot at { $url } is not reachable right now, and this is read from the bot only; try again once it is back.
botreach-sync-left-out = Left out because they cannot be reached now: { $bots }.
botreach-test-unreachable = Nothing answered at { $url }: check the address and that the gateway is running.
botreach-test-token = The gateway at { $url } refused the token: copy it again from the gateway's configuration.
botreach-test-not-gateway = What answered at { $url } is not a Clawdbot or OpenClaw gateway.
botreach-test-timeout = The gateway at { $url } did not answer within { $seconds } seconds.
botreach-test-other = The gateway at { $url } could not be used: { $why }
botreach-test-not-added = The bot was not added.
botreach-test-not-saved = The change was not saved.
botreach-skip-test = Save without testing
botreach-skip-test-hint = BaaS tries the address and token before it saves the bot. Tick this to save a bot that is not reachable yet.
botreach-edit = Edit
botreach-edit-save = Save address and token
botreach-edit-cancel = Cancel
botreach-edit-saved = Saved: BaaS connects to the bot again with the new address and token.
botreach-edit-nothing = The address and token are the ones the bot already has.
botreach-token-keep = leave empty to keep the current token
audit-action-bot-connection-changed = Bot address or token changed
botreach-persona-not-written = The agent was added, but its persona could not be written ({ $why }); write it on the Persona page.
