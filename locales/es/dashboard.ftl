# Las palabras del propio panel: el marco de la aplicación primero, luego cada página.

shell-skip = Saltar al contenido
shell-menu = Menú
shell-workspace = Espacio de trabajo
shell-new-workspace = + Nuevo espacio de trabajo
shell-sections = Secciones
shell-sign-out = Cerrar sesión
shell-language = Idioma
shell-time-zone = Horas en { $zone }
shell-loading = Cargando…
shell-no-access-title = Sin acceso
shell-no-access = No eres miembro de este espacio de trabajo, o no existe.

nav-overview = Resumen
nav-usage = Uso y costos
nav-budgets = Presupuestos
nav-alerts = Alertas
nav-admin-agent = Agente Admin
nav-agents = Agentes y claves
nav-bots = Bots
nav-conversations = Conversaciones
nav-team = Equipo
nav-audit = Registro de auditoría
nav-operator = Pool de proveedores

role-owner = Propietario
role-admin = Administrador
role-member = Miembro
role-viewer = Lector

## Resumen

overview-refresh = Actualizar
overview-loading = Cargando…
overview-attention = Requiere atención
overview-all-clear = Nada requiere tu atención: no hay incidentes abiertos ni alertas sin confirmar.
overview-open-incidents = Incidentes abiertos
overview-unacknowledged = Alertas sin confirmar
overview-incident = { $bot }: { $kind }
overview-incident-detail = { $reason } · abierto el { $when }
overview-acknowledged = confirmado
overview-spent = Gastado este mes
overview-against-budget = { $share } de { $budget }
overview-no-budget = Sin presupuesto mensual: define uno en Presupuestos
overview-crosses-on = A este ritmo, el presupuesto se supera el { $day }.
overview-over-budget = Por encima del presupuesto a este ritmo.
overview-within-budget = A este ritmo, el mes termina dentro del presupuesto.
overview-daily-rate = { $rate }/día al ritmo actual.
overview-projected = Proyección a fin de mes
overview-operator-cap = Límite de gasto del operador
overview-cap-used = { $share } usado
overview-where = A dónde va
overview-months-follow = Los meses siguen { $zone }.
overview-bots = Bots
overview-no-bots = Aún no hay bots. Agrega uno en la página Bots y aparecerá aquí con su estado y las comprobaciones del Agente Admin.
overview-col-bot = Bot
overview-col-connection = Conexión
overview-col-agent = Agente Admin
overview-col-last-check = Última comprobación (UTC)
overview-open-incident = incidente abierto
overview-silenced-until = silenciado hasta { $when }
overview-not-yet = aún no
overview-of = { $used } de { $limit }
overview-no-cap = { $used } (sin límite)
overview-not-read = aún no leído
overview-plan = Plan { $plan }
overview-messages = Mensajes este mes
overview-groups-no-cap = Grupos de WhatsApp por bot (sin límite)
overview-groups-cap = Grupos de WhatsApp por bot (como máximo { $max })
overview-groups-note = Según lo último guardado a través de BaaS; un bot cuya configuración nunca se cambió aquí aún no se ha leído.
overview-team = Equipo
overview-members = { $count ->
    [one] { $count } miembro
   *[other] { $count } miembros
}
overview-pending = { $count ->
    [one] { $count } invitación pendiente
   *[other] { $count } invitaciones pendientes
}
overview-created = espacio creado el { $when }
overview-open-team = Abrir equipo

bot-state-online = en línea
bot-state-offline = desconectado
bot-state-degraded = inestable
bot-state-connecting = conectando
health-up = activo
health-suspect = sospechoso
health-down = caído
health-unknown = desconocido
