# The bot pages: conversations, settings, persona, knowledge and channels.
