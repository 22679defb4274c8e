# Usage & costs, Budgets, Alerts, Audit log, Conversations and the Admin Agent pages.

## Budgets

budgets-spend-unreadable = No se pudo leer el gasto de este mes: { $error }
budgets-spent-no-budget = Gasto de { $spent } este mes. No hay un presupuesto mensual definido.
budgets-spent-of = Gasto de { $spent } de { $budget } este mes ({ $share })
budgets-plan = Plan { $plan }
budgets-plan-details = Modelos: { $models }. Modelo predeterminado: { $default }. Mensajes por mes: { $messages }. Grupos de WhatsApp: { $groups }. Bots: { $bots }. Acceso a la API: { $api }.
budgets-unlimited = ilimitado
budgets-yes = sí
budgets-no = no
budgets-operator-changes = Tu operador es quien cambia los planes.
budgets-operator-cap = Límite de gasto fijado por tu operador: { $cap } al mes. Las solicitudes se detienen cuando el espacio de trabajo lo alcanza, diga lo que diga el presupuesto de abajo; solo el operador puede cambiarlo.
budgets-monthly = Presupuesto mensual
budgets-downgrade-active = El cambio automático de modelo está activo: Sonnet atiende las solicitudes a Opus hasta que el presupuesto vuelva a tener margen o empiece el próximo mes.
budgets-timezone = Zona horaria (los meses y días del presupuesto la siguen)
budgets-monthly-field = Presupuesto mensual (USD; vacío para ninguno)
budgets-downgrade = Cambiar automáticamente de Opus a Sonnet cuando quede poco presupuesto
budgets-downgrade-share = …cuando quede menos de esta parte del presupuesto (%)
budgets-save = Guardar
budgets-agents = Agentes
budgets-agents-help = Al alcanzarse, el límite diario pausa al agente el resto de su día; el gateway responde a sus llamadas con un error claro hasta la medianoche en la zona horaria del espacio de trabajo, o hasta que un admin lo reanude.
budgets-col-agent = Agente
budgets-col-today = Hoy
budgets-col-month = Este mes
budgets-col-limits = Límites
budgets-col-state = Estado
budgets-agent-monthly = Mensual
budgets-agent-daily = Diario
budgets-none = ninguno
budgets-paused-until = Pausado hasta { $until }
budgets-unpause = Reanudar
budgets-active = Activo
budgets-unpaused = Reanudado por el resto del día
budgets-share-invalid = parte del presupuesto para el cambio de modelo: indica un porcentaje entero, como 20

## Usage & costs

usage-empty = No hay llamadas a modelos en este rango
usage-empty-help = Amplía las fechas o quita los filtros. Si este espacio de trabajo es nuevo: crea un agente y una clave virtual en Agentes y claves, y luego apunta el proveedor Clawdbot del agente a este servidor con esa clave (o aprovisiona un bot desde Bots). Para ver un panel completo en una instalación nueva, ejecuta
usage-scope-within = todo el espacio de trabajo (dentro del agente y el modelo elegidos)
usage-scope-workspace = todo el espacio de trabajo
usage-group-note = Solo “Costo por canal y grupo” está filtrado por { $name }. Las llamadas a modelos no llevan grupo, así que los indicadores y los demás gráficos son de { $scope }, no solo de este grupo.
usage-of-budget = de { $budget }
usage-crosses-on = A este ritmo superas tu presupuesto el { $day }.
usage-within-budget = A este ritmo te mantienes dentro del presupuesto este mes.
usage-per-day = { $amount }/día
usage-no-cap = sin tope mensual
usage-of-quota = de { $quota } (plan { $plan })
usage-mtd = Mes hasta hoy
usage-times-in = Horas en { $zone }
usage-projection-7d = Mes hasta hoy + { $avg } × días restantes (el promedio de 7 días; promedio de 30 días { $avg30 }).
usage-projection-today = Mes hasta hoy + { $avg } × días restantes (ritmo de hoy: todavía no hay un día completo).
usage-budget-used = Presupuesto usado
usage-messages-month = Mensajes este mes
usage-tiles-scope = Todos los grupos: las llamadas a modelos no llevan grupo
usage-cost-range = Costo del { $from } al { $to }
usage-export-csv = Exportar CSV
usage-export-json = Exportar JSON
usage-requests = Solicitudes
usage-tokens = Tokens de entrada y salida
usage-tokens-cache = más { $read } de lectura de caché, { $write } de escritura de caché
usage-filter-error = { $why }. Se muestra del { $from } al { $to }: corrige las fechas y vuelve a aplicar.
usage-from = Desde
usage-to = Hasta
usage-agent = Agente
usage-all-agents = Todos los agentes
usage-model = Modelo
usage-all-models = Todos los modelos
usage-group = Grupo
usage-all-groups = Todos los grupos
usage-apply = Aplicar
usage-filter-help = El filtro forma parte de la dirección: cópiala para compartir esta vista. Los costos por grupo vienen de las conversaciones sincronizadas de los bots; las llamadas a modelos no llevan grupo, así que el filtro de grupo solo acota el gráfico de grupos.
usage-show-table = Mostrar como tabla
usage-col-day = Día
usage-col-total = Total
usage-col-hour = Hora
usage-col-cost = Costo
usage-col-group = Canal / grupo
usage-col-class = Clase
usage-col-tokens = Tokens
usage-busiest = Hora de mayor costo: { $hour }, { $cost } ({ $share } del costo del rango)
usage-no-hourly-cost = Ningún costo en ninguna hora de este rango.
usage-class-input = Entrada
usage-class-output = Salida
usage-class-cache-write = Escritura de caché
usage-class-cache-read = Lectura de caché
usage-filtered-to = Filtrado por { $name }.
usage-daily-by-model = Costo diario por modelo
usage-by-agent = Costo por agente
usage-by-group = Costo por canal y grupo
usage-groups-empty = Todavía no hay conversaciones sincronizadas en este rango: registra un bot en Bots y sincronízalo.
usage-by-hour = Costo por hora del día ({ $zone })
usage-by-class = Costo por clase de token
usage-by-model = Costo por modelo

## Alerts

alerts-help = Cada umbral se activa una vez por período: presupuesto al 50, 80, 95 y 100% una vez al mes, un límite diario una vez al día, un gasto proyectado por encima del presupuesto una vez al mes.
alerts-empty = No hay alertas. Define un presupuesto mensual en Presupuestos para recibir un aviso antes de que se agote.
alerts-col-severity = Gravedad
alerts-col-when = Cuándo (UTC)
alerts-col-alert = Alerta
alerts-severity = { $severity ->
    [info] info
    [warning] advertencia
    [critical] crítica
   *[other] { $severity }
}
alerts-acknowledged-by = Confirmada por { $by }
alerts-acknowledge = Confirmar

## Audit log

audit-times = Horas en UTC. Lo más reciente primero.
audit-col-when = Cuándo
audit-col-who = Quién
audit-col-area = Área
audit-col-what = Qué
audit-col-detail = Detalle
audit-col-ip = IP
audit-newest = Más recientes
audit-older = Más antiguos
audit-retention = Retención
audit-retention-days = Los registros con más de { $days } días se eliminan (se comprueba cada hora).
audit-retention-forever = Los registros se conservan para siempre.
audit-retention-field = Conservar registros durante (días, de 30 a 3650; vacío para siempre)
audit-save = Guardar

# The areas (`AuditCategory`, by its Rust name) and actions (the stored action, `_` as `-`).
audit-area-SignIn = Inicio de sesión
audit-area-Workspace = Workspace
audit-area-Team = Equipo
audit-area-AgentsAndKeys = Agentes y claves
audit-area-Bots = Bots
audit-area-Budgets = Presupuestos
audit-area-AlertsAndIncidents = Alertas e incidentes
audit-area-Notifications = Notificaciones
audit-area-ProviderPool = Pool de proveedores
audit-area-Other = Otro
audit-action-sign-in = Inició sesión
audit-action-sign-out = Cerró sesión
audit-action-sign-in-failed = Inicio de sesión fallido
audit-action-tenant-created = Workspace creado
audit-action-plan-changed = Plan cambiado
audit-action-audit-retention-changed = Retención de la auditoría cambiada
audit-action-billing-changed = Facturación cambiada
audit-action-workspace-exported = Datos del espacio exportados
audit-action-workspace-deleted = Espacio eliminado
audit-action-account-deleted = Cuenta eliminada
audit-action-invite-created = Invitación creada
audit-action-invite-accepted = Invitación aceptada
audit-action-invite-revoked = Invitación revocada
audit-action-role-changed = Rol cambiado
audit-action-member-removed = Miembro eliminado
audit-action-agent-created = Agente creado
audit-action-agent-renamed = Agente renombrado
audit-action-agent-deleted = Agente eliminado
audit-action-key-created = Clave creada
audit-action-key-revoked = Clave revocada
audit-action-bot-added = Bot agregado
audit-action-bot-removed = Bot eliminado
audit-action-bot-config-changed = Configuración del bot cambiada
audit-action-persona-changed = Persona cambiada
audit-action-knowledge-changed = Base de conocimiento cambiada
audit-action-bot-restarted = Bot reiniciado
audit-action-budget-changed = Presupuesto cambiado
audit-action-agent-paused = Agente pausado
audit-action-agent-unpaused = Agente reanudado
audit-action-downgrade-switched = Cambio automático de modelo modificado
audit-action-alert-acknowledged = Alerta confirmada
audit-action-incident-opened = Incidente abierto
audit-action-incident-escalated = Incidente escalado
audit-action-incident-resolved = Incidente resuelto
audit-action-incident-acknowledged = Incidente confirmado
audit-action-notify-changed = Notificaciones cambiadas
audit-action-silence-changed = Silencio cambiado
audit-action-pool-changed = Pool de proveedores cambiado

## Admin Agent: the voice preview

voice-preview = Vista previa

## Admin Agent: what it records, said in each reader's language

# The steps of an incident's timeline.
incident-step-confirmed = { $count ->
    [one] { $count } comprobación fallida
   *[other] { $count } comprobaciones fallidas seguidas
}
incident-step-restart = reinicio { $attempt } de { $max } solicitado ({ $status })
incident-step-restart-refused = reinicio { $attempt } de { $max } rechazado: { $error }
incident-step-restored = se restauró la versión { $version } de la configuración (la última con la que el bot funcionó bien) como versión { $now }
incident-step-restore-failed = no se pudo restaurar la versión { $version } de la configuración: { $error }
incident-step-escalated = se alertó al dueño (crítico)
incident-step-resolved = funciona bien de nuevo
incident-step-acknowledged = reconocido

# An incident's alert sent again while it stays unresolved.
alert-kind-repeated = { $kind } (repetida)

# The period in sentences, for those who do not see the charts. $period is day (24 hours), week
# (7 days) or month (30 days); $unit is hour or day; $at an hour (14:00) or a day (2026-12-03).
health-summary-no-checks = { $period ->
    [day] No hubo comprobaciones en las últimas 24 horas.
    [month] No hubo comprobaciones en los últimos 30 días.
   *[week] No hubo comprobaciones en los últimos 7 días.
}
health-summary-checks = { $period ->
    [day] En las últimas 24 horas
    [month] En los últimos 30 días
   *[week] En los últimos 7 días
}: { $checks ->
    [one] { $checks } comprobación
   *[other] { $checks } comprobaciones
}, { $healthy } saludables; { $down ->
    [one] { $down } no logró
   *[other] { $down } no lograron
} alcanzar el bot y { $degraded ->
    [one] { $degraded } lo encontró
   *[other] { $degraded } lo encontraron
} inestable.
health-summary-worst = { $unit ->
    [hour] Más fallas en una hora: { $failed } de { $checks } a las { $at }.
   *[day] Más fallas en un día: { $failed } de { $checks } el { $at }.
}
health-summary-slowest = { $unit ->
    [hour] Hora más lenta (tiempo de respuesta p95): { $ms } ms a las { $at }.
   *[day] Día más lento (tiempo de respuesta p95): { $ms } ms el { $at }.
}
health-summary-alerts = { $raised ->
    [one] Se generó { $raised } alerta: { $kind }.
   *[other] Se generaron { $raised } alertas; la más frecuente: { $kind } ({ $count }).
}
health-summary-no-alerts = No se generaron alertas.

# A notification's subject, as the notification log shows it in each reader's language.
notify-subject-one = [{ $label }] { $line }
notify-list = { $first }, { $rest }
notify-as-written = { $text }
notify-default-recipients = { $who ->
    [operators] operadores
   *[workspace] dueños y admins del espacio de trabajo
}

## Admin Agent: the page

admin-agent-intro = El Agente Admin revisa cada bot (gateway, WhatsApp, configuración y la tasa de error de sus llamadas al modelo), reinicia el que tenga problemas, restaura su última configuración buena cuando un cambio lo rompió y solo te avisa cuando tienes que actuar.
admin-agent-no-bots = Todavía no hay bots. Agrega uno en la página Bots y se revisará desde entonces.
admin-agent-col-uptime = Disponibilidad
admin-agent-col-response = Respuesta p50 / p95
admin-agent-col-failed = Llamadas fallidas
# A bot's health window: the last day, or the last 7 or 30 days.
admin-agent-window = { $days ->
    [1] 24 h
   *[other] { $days } días
}
admin-agent-ms = { $ms } ms
admin-agent-failed-of = { $failed } de { $calls } ({ $share })
admin-agent-no-calls = sin llamadas
admin-agent-last-check = Última comprobación
admin-agent-incident = Incidente
admin-agent-incident-open = abierto
admin-agent-silenced-until = Silenciado hasta
admin-agent-end-silence = Terminar el silencio
admin-agent-silence-hour = Silenciar por una hora
admin-agent-incidents = Incidentes
admin-agent-no-incidents = No hay incidentes.
admin-agent-opened = abierto el { $when }
admin-agent-resolved = resuelto el { $when }
# One step of an incident's timeline: when, what kind of step, what happened, and who.
admin-agent-step = { $at } — { $kind }: { $detail } ({ $actor })
admin-agent-step-kind = { $kind ->
    [detected] detectado
    [confirmed] confirmado
    [restart] reinicio
    [restart_refused] reinicio rechazado
    [restore] restauración
    [restore_failed] restauración fallida
    [escalated] escalado
    [acknowledged] reconocido
    [resolved] resuelto
   *[other] { $kind }
}
admin-agent-log = Registro de notificaciones
admin-agent-log-empty = Aún no se ha enviado nada.
admin-agent-col-channel = Canal
admin-agent-col-to = Para
admin-agent-col-message = Mensaje
admin-agent-col-status = Estado
admin-agent-col-attempts = Intentos
admin-agent-channel-kind = { $kind ->
    [email] Correo
    [webhook] Webhook
    [slack] Slack
    [whatsapp] WhatsApp
   *[other] { $kind }
}
admin-agent-delivery-status = { $status ->
    [sending] enviando
    [sent] enviada
    [retrying] reintentando
    [failed] fallida
   *[other] { $status }
}
admin-agent-channels = Canales
admin-agent-channels-help = Si no tiene un canal de correo propio, los dueños y admins del espacio de trabajo reciben un correo.
admin-agent-test-admins = Enviar un correo de prueba a los dueños y admins
admin-agent-no-channels = Todavía no hay canales propios.
admin-agent-add-channel = Agregar canal
admin-agent-channel-added = Canal agregado
admin-agent-channel-removed = Canal eliminado
admin-agent-settings = Enrutamiento, horas de silencio y voz
# $severity is the severity as messages label it (INFO, WARNING, ERROR, CRITICAL).
admin-agent-route = { $severity } va a
# The kinds are what is typed in the fields above: keep them as they are.
admin-agent-kinds-help = Tipos: email, webhook, slack, whatsapp. El panel siempre muestra todas las alertas.
admin-agent-quiet-from = Horas de silencio desde las
admin-agent-quiet-to = hasta las
admin-agent-repeat = Repetir las alertas críticas sin resolver cada (minutos)
admin-agent-tone = Tono
admin-agent-tone-option = { $tone ->
    [formal] formal
    [casual] informal
    [technical] técnico
   *[other] { $tone }
}
admin-agent-emoji = Emoji
admin-agent-greeting = Saludo
admin-agent-signature = Firma

## Admin Agent: the health history

health-history-title = Historial de salud
health-history-csv = Descargar estas comprobaciones en CSV ({ $from } a { $to })
health-history-empty = Se guarda cada comprobación de un bot; en cuanto el Agente Admin revise uno, su historial aparece aquí.
health-history-period = Período
health-history-last = { $period ->
    [day] Últimas 24 horas
    [month] Últimos 30 días
   *[week] Últimos 7 días
}
health-history-all-bots = Todos los bots
health-history-show = Mostrar
# What a check found.
health-history-outcome = { $outcome ->
    [healthy] Saludable
    [unreachable] Inaccesible
    [channel_down] WhatsApp desconectado
    [config_invalid] Configuración inválida
    [errors] Llamadas al modelo fallando
   *[other] Inestable (tipo no registrado)
}
health-history-healthy = Saludable
health-history-degraded = Inestable
health-history-down = Caído
health-history-p95 = Tiempo de respuesta p95
# Units after a number on the charts' axes and tooltips.
health-history-unit-checks = comprobaciones
health-history-unit-alerts = alertas
health-history-checks-per = { $unit ->
    [hour] Comprobaciones por hora ({ $zone })
   *[day] Comprobaciones por día ({ $zone })
}
health-history-as-table = { $unit ->
    [hour] Las comprobaciones por hora en una tabla
   *[day] Las comprobaciones por día en una tabla
}
health-history-found-title = Lo que encontraron las comprobaciones
health-history-col-found = Resultado
health-history-col-checks = Comprobaciones
health-history-col-share = Proporción
health-history-alerts-title = Alertas por tipo
health-history-no-alerts = No se generaron alertas en este período.
health-history-col-raised = Generadas

## Charts

charts-no-data = Sin datos
