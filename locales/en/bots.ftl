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
