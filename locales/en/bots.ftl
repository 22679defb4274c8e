# The bot pages: conversations, settings, persona, knowledge and channels.

## A bot that cannot be reached: its pages show what is known.
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
