# The bot pages: conversations, settings, persona, knowledge and channels.

## Conversations and transcripts

conv-sync-now = Sincronizar ahora
conv-syncing = Sincronizando…
conv-intro = Se importan de las sesiones de cada bot cada 10 minutos; las conversaciones de grupo llevan su grupo de WhatsApp, así que el costo se ve por grupo.
conv-synced = { $seen ->
    [one] { $seen } sesión leída
   *[other] { $seen } sesiones leídas
}; nuevas: { $added }, actualizadas: { $updated }.
conv-cost-by-group = Costo por grupo
conv-nothing-synced = Todavía no hay nada sincronizado.
conv-col-group = Grupo
conv-col-conversations = Conversaciones
conv-col-tokens = Tokens de entrada / salida
conv-col-cost = Costo
conv-direct = Mensajes directos
conv-empty = Todavía no hay conversaciones. Agrega un bot y sincroniza.
conv-col-place = Grupo o canal
conv-col-agent = Agente
conv-col-last-message = Último mensaje
conv-col-updated = Actualizada
conv-transcript = Transcripción
conv-all = Todas las conversaciones
conv-reading = Leyendo del bot…
conv-no-messages = No hay mensajes.
conv-role = { $role ->
    [user] usuario
    [assistant] asistente
    [system] sistema
    [unknown] desconocido
   *[other] { $role }
}

## Knowledge base

knowledge-title = Base de conocimiento
knowledge-intro = Documentos con los que responde este bot. BaaS guarda su texto y lo escribe en la memoria de cada agente del bot (el MEMORY.md de OpenClaw): el agente lo lee con cada mensaje y lo busca cuando es largo.
knowledge-upload = Subir
knowledge-upload-help = Texto plano, Markdown o PDF con texto, de hasta 10 MB. Un documento con el mismo nombre que otro que ya está aquí lo reemplaza.
knowledge-resend = Enviar al bot otra vez
knowledge-resent = { $count ->
    [one] Enviado; cambió la memoria de { $count } agente.
   *[other] Enviado; cambió la memoria de { $count } agentes.
}
knowledge-room = { $documents } de { $documents_limit } documentos, { $chars } de { $chars_limit } caracteres
knowledge-empty = Todavía no hay documentos. Sube una lista de precios, unas preguntas frecuentes o una política, y el bot responde con ellos.
knowledge-col-document = Documento
knowledge-col-kind = Tipo
knowledge-col-chars = Caracteres
knowledge-col-updated = Actualizado
knowledge-kind = { $kind ->
    [text] Texto
    [markdown] Markdown
    [pdf] PDF
   *[other] { $kind }
}
knowledge-delete = Eliminar
knowledge-delete-question = ¿Eliminar { $name }? El bot deja de responder con él.
knowledge-unsupported = El gateway de { $gateway } no escribe archivos de memoria en los agentes, así que no puede tener una base de conocimiento; OpenClaw (2026.9 o posterior) sí puede.

## Persona

persona-title = Persona
persona-intro = Quién es el agente y cómo habla. OpenClaw lleva estos archivos a las instrucciones del agente en su siguiente mensaje; un guardado solo se aplica si nadie cambió el archivo desde que se cargó esta página.
persona-reading = Leyendo del bot…
persona-agent = Agente
persona-preview = Vista previa
persona-count = { $count } de { $max } caracteres que lee el agente
persona-save = Guardar
persona-saved-version = Guardado como versión { $version }.
persona-versions-of = Versiones de { $file }
persona-no-versions = Todavía no hay versiones: el primer guardado también conserva el archivo tal como estaba.
persona-version = Versión { $version }
persona-changes = Cambios
persona-restore = Restaurar
persona-agent-not-found = no se encontró el agente en este bot
persona-unsupported = El gateway de { $gateway } no ofrece archivos de persona; el de OpenClaw (2026.9 o posterior) sí.

## Notification channels (Admin Agent and operator pages)

channels-remove-question = ¿Eliminar el canal “{ $name }”? Las alertas dejan de llegarle de inmediato.
channels-test = Enviar una notificación de prueba
channels-new-secret = Nuevo secreto de firma
channels-remove = Eliminar
channels-remove-confirm = Eliminar canal
channels-kind = Tipo
channels-kind-name = { $kind ->
    [email] correo
    [webhook] webhook
    [slack] Slack
    [whatsapp] WhatsApp
   *[other] { $kind }
}
channels-kind-email = Correo electrónico
channels-kind-webhook = Webhook (firmado)
channels-kind-slack = Webhook entrante de Slack
channels-kind-whatsapp = WhatsApp (a través de un bot)
channels-name = Nombre
channels-target = Direcciones, números o URL
channels-bot-id = Id del bot (solo WhatsApp)
channels-status = { $status ->
    [sending] enviando
    [sent] enviada
    [retrying] reintentando
    [failed] falló
   *[other] { $status }
}
channels-test-result = Prueba para { $recipient }: { $status }
channels-test-result-error = Prueba para { $recipient }: { $status } ({ $error })
channels-secret = Secreto de firma (se muestra una sola vez; cópialo ahora):

## Bot settings

botcfg-title = Configuración del bot
botcfg-all-bots = Todos los bots
botcfg-intro = Cada guardado se valida con el esquema de configuración del propio bot antes de enviarse, solo se aplica si nadie cambió la configuración desde que se cargó esta página y queda como una versión a la que puedes volver.
botcfg-saved-version = Guardado como versión { $version }.
botcfg-provisioned = Los agentes ahora usan BaaS (versión { $version }).
botcfg-agent-created = Agente creado (versión { $version }).
botcfg-rolled-back = Revertido; guardado como versión { $version }.
botcfg-reading = Leyendo la configuración del bot…
botcfg-provision-heading = Llamadas a modelos a través de BaaS
botcfg-provision-help = Da a cada agente de este bot su propia clave virtual y un proveedor de modelos que apunta a este BaaS, para que cada llamada se cuente al agente correcto. Los agentes que falten aquí se crean.
botcfg-provision = Apuntar los agentes a BaaS
botcfg-groups = Grupos de WhatsApp
botcfg-col-group = Grupo
botcfg-col-mention = Responde solo cuando lo mencionan
botcfg-col-agent = Agente (y por lo tanto su modelo)
botcfg-group-policy = Política de grupos
botcfg-group-members = Miembros atendidos con "Solo los de la lista" (E.164, separados por comas)
botcfg-save-members = Guardar miembros
botcfg-dms = Mensajes directos
botcfg-dm-policy = Política de mensajes directos
botcfg-allowed-numbers = Números permitidos (E.164, separados por comas)
botcfg-save-numbers = Guardar números
botcfg-agents = Agentes
botcfg-persona-help-before = Los archivos de persona (SOUL.md y los demás) están en el workspace de cada agente, en la máquina del bot. En OpenClaw, edítalos en la página
botcfg-persona-help-after = de este bot; en Clawdbot 2026.1.24 el gateway no tiene un método para escribirlos, así que edítalos en su máquina.
botcfg-global-patterns = Patrones de mención para todos los agentes (expresiones regulares, una por línea)
botcfg-save-patterns = Guardar patrones
botcfg-skills = Skills
botcfg-no-skills = El bot no informa ninguna skill.
botcfg-col-skill = Skill
botcfg-col-on = Activa
botcfg-col-what = Qué hace
botcfg-versions = Versiones
botcfg-no-versions = Todavía no se hizo ningún cambio a través de BaaS. El primer guardado también conserva la configuración tal como estaba.
botcfg-col-version = Versión
botcfg-col-when = Cuándo
botcfg-col-by = Por
botcfg-col-change = Cambio
botcfg-policy = { $policy ->
    [allowlist] Solo los de la lista
    [open] Todos
    [disabled] Nadie
    [pairing] Código de emparejamiento
   *[other] Desconocida
}
botcfg-every-group = Todos los grupos (predeterminado)
botcfg-mention-not-set = (sin definir: el predeterminado de Clawdbot)
botcfg-default-routing = Enrutamiento predeterminado
botcfg-diff = Diferencias
botcfg-restore = Restaurar
botcfg-through-baas = a través de BaaS
botcfg-not-through-baas = todavía no pasa por BaaS
botcfg-name = Nombre
botcfg-emoji = Emoji
botcfg-avatar = Avatar (URL o ruta)
botcfg-save-identity = Guardar identidad
botcfg-model = Modelo
botcfg-default-model = (predeterminado de Clawdbot)
botcfg-agent-patterns = Patrones de mención de este agente (uno por línea)
botcfg-persona-files = Archivos de persona:
botcfg-copy-as = Copiar como (nuevo id)
botcfg-duplicate = Duplicar
botcfg-delete-agent-question = ¿Eliminar el agente { $agent }? Sus rutas de grupo también se eliminan.
botcfg-delete = Eliminar
botcfg-delete-agent = Eliminar agente…
botcfg-new-agent = Nuevo agente
botcfg-id = Id
botcfg-template = Plantilla
botcfg-template-name = { $template ->
    [sales] Ventas
    [support] Soporte
    [hr] RR. HH.
   *[other] { $template }
}
botcfg-create-agent = Crear agente
botcfg-persona-for = Persona para su SOUL.md (cópiala ahí; el gateway no puede escribir archivos del workspace):
botcfg-bot-not-found = no se encontró el bot
botcfg-unknown-model = "{ $model }" no es un modelo de la tabla de precios
botcfg-unknown-setting = ajuste desconocido "{ $setting }"
botcfg-bad-template = la plantilla debe ser ventas, soporte o RR. HH.
botcfg-persona-not-written = el agente se agregó, pero no se pudo escribir su persona ({ $error }); escríbela en la página Persona

## A bot that cannot be reached: its pages show what is known, new addresses are tried first.
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
botreach-test-unreachable = Nada respondió en { $url }: revisa la dirección y que el gateway esté en marcha.
botreach-test-token = El gateway en { $url } rechazó el token: cópialo de nuevo de la configuración del gateway.
botreach-test-not-gateway = Lo que respondió en { $url } no es un gateway de Clawdbot u OpenClaw.
botreach-test-timeout = El gateway en { $url } no respondió en { $seconds } segundos.
botreach-test-other = El gateway en { $url } no se pudo usar: { $why }
botreach-test-not-added = El bot no se agregó.
botreach-test-not-saved = El cambio no se guardó.
botreach-skip-test = Guardar sin probar
botreach-skip-test-hint = BaaS prueba la dirección y el token antes de guardar el bot. Marca esto para guardar un bot que todavía no está accesible.
botreach-edit = Editar
botreach-edit-save = Guardar dirección y token
botreach-edit-cancel = Cancelar
botreach-edit-saved = Guardado: BaaS se conecta de nuevo al bot con la nueva dirección y el nuevo token.
botreach-edit-nothing = La dirección y el token son los que el bot ya tiene.
botreach-token-keep = déjalo vacío para conservar el token actual
audit-action-bot-connection-changed = Dirección o token del bot cambiado
botreach-persona-not-written = El agente se agregó, pero su persona no se pudo escribir ({ $why }); escríbela en la página Persona.
