# The bot pages: conversations, settings, persona, knowledge and channels.

## A bot that cannot be reached: its pages show what is known.
botreach-why-unreachable = Nada respondió en esa dirección.
botreach-why-not-allowed = Su dirección no es una dirección pública de internet.
botreach-why-token-refused = El gateway rechazó el token.
botreach-why-not-a-gateway = Lo que respondió no es un gateway de Clawdbot u OpenClaw.
botreach-why-not-paired = El gateway todavía no aprobó a BaaS.
botreach-why-no-scopes = El gateway aceptó el token, pero no deja que BaaS lo administre.
botreach-why-timeout = El gateway no respondió a tiempo.
botreach-why-too-large = El gateway envió un mensaje demasiado grande para aceptarlo.
botreach-why-busy = Hay demasiadas solicitudes esperando al gateway.
botreach-why-closed = La conexión con el gateway se cerró.
botreach-why-unhealthy = El gateway informa que no está en buen estado.
botreach-state-since = { $state } desde { $since }
botreach-last-checked = última comprobación { $when }
botreach-connecting = BaaS se está conectando al bot en { $url }.
botreach-away = El bot en { $url } no está accesible ahora.
botreach-known = Se muestra lo último que BaaS sabía, a las { $when }. Los cambios se pueden hacer cuando el bot vuelva; esta página se actualiza sola.
botreach-unknown = BaaS todavía no leyó esto del bot, así que no hay nada que mostrar hasta que vuelva; esta página se actualiza sola.
botreach-knowledge-kept = BaaS guarda los documentos: los nuevos se guardan ahora y se envían al bot cuando vuelva.
botreach-its-address = su dirección
botreach-not-sent = El bot en { $url } no está accesible ahora; tu cambio no se envió.
botreach-not-read = El bot en { $url } no está accesible ahora, y esto solo se lee del bot; inténtalo de nuevo cuando vuelva.
botreach-sync-left-out = Se dejaron fuera porque no están accesibles ahora: { $bots }.
