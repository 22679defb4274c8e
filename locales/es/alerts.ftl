# Lo que dicen el Agente Admin y el motor de notificaciones: alertas, informes de incidentes,
# informes de salud y el marco de cada mensaje. $tone es formal, casual o technical.

## El marco de un mensaje

greeting = { $tone ->
    [formal] Hola:
    [technical] {""}
   *[casual] ¡Hola!
}
signature-default = Agente Admin de BaaS
dashboard-line = Panel: { $url }
dashboard-open = Abrir el panel
severity-label = { $severity ->
    [info] INFO
    [warning] AVISO
    [error] ERROR
    [resolved] RESUELTO
   *[critical] CRÍTICO
}
batch-subject = { $count } alertas: { $parts }
batch-critical = { $count ->
    [one] { $count } crítica
   *[other] { $count } críticas
}
batch-resolved = { $count ->
    [one] { $count } resuelta
   *[other] { $count } resueltas
}
batch-other = { $count ->
    [one] { $count } otra
   *[other] { $count } otras
}
digest-line = { $count } × { $kind }
alert-kind = { $kind ->
    [budget] umbral del presupuesto
    [pool] pool del proveedor
    [projection] proyección del presupuesto
    [daily_limit] límite diario de agente
    [downgrade] degradación automática
    [usage_records_dropped] registros de uso perdidos
    [unpriced_model] modelo sin precio
    [paid_key_fallback] recurso a la clave de pago
    [credential_refused] credencial rechazada
    [subscription_refused] suscripción rechazada
    [credential_exhausted] credencial sin crédito
    [bot_config_rolled_back] configuración revertida
    [bot_unhealthy_after_change] bot con problemas tras un cambio
    [bot_unreachable] bot inaccesible
    [channel_down] WhatsApp desconectado
    [config_invalid] configuración inválida
    [bot_errors] llamadas al modelo fallando
    [bot_recovered] bot recuperado
    [no_traffic] sin tráfico
    [billing] facturación
    [test] prueba
   *[other] { $kind }
}

## Alertas de presupuestos, del gateway y del pool

alert-budget = Se gastó el { $percent }% del presupuesto de este mes: { $spent } de { $budget }
alert-pool = al pool del proveedor le queda el { $percent }% o menos de su crédito
alert-credits-low = queda el { $percent }% o menos de los créditos Opus de este espacio ({ $left }); un propietario puede comprar más en la página Facturación
alert-credits-empty = los créditos Opus de este espacio ya no alcanzan para sus solicitudes (quedan { $left }): las solicitudes a Opus se rechazan, o las atiende Sonnet si la reducción automática está activa, hasta que un propietario compre más en la página Facturación
alert-projection = a este ritmo superas tu presupuesto de { $budget } el { $day } (proyección a fin de mes: { $projected })
alert-daily-limit = { $agent } alcanzó su límite diario de { $limit }; en pausa hasta { $until }
alert-downgrade-engaged = degradación automática activada: quedan { $left } de { $budget }, menos del { $share }%; las peticiones a Opus las atiende el modelo asignado
alert-downgrade-released = degradación automática desactivada: quedan { $left } de { $budget }
alert-usage-dropped = se perdieron { $count } registros de uso (cola llena o demasiado acumulado en disco)
alert-unpriced-model = el modelo { $model } no tiene precio; se cobra al precio más alto conocido hasta que se fije uno
alert-paid-key-fallback = todas las suscripciones están agotadas o fallando; se atiende con { $credential }
alert-payment-failed = un pago del plan { $plan } falló; el plan sigue { $days ->
    [one] un día más
   *[other] { $days } días más
} mientras Stripe lo intenta de nuevo: actualiza el método de pago en la página Facturación
alert-plan-lapsed = el período de gracia tras un pago rechazado terminó: el espacio está ahora en el plan { $plan }, con los bots y grupos por encima de él en pausa (nada se borró) hasta que un pago se apruebe
alert-credential-refused = el proveedor rechazó { $credential } (HTTP { $status })
alert-subscription-refused = { $credential } fue rechazada como uso de terceros de una suscripción; apartada por una hora
alert-credential-exhausted = el proveedor rechazó { $credential } por facturación (HTTP { $status }: ¿sin crédito?); apartada por una hora

## Un cambio hecho por BaaS que el bot no aguantó

config-unhealthy = el bot { $bot } no volvió sano en { $seconds } s tras la versión { $version } de la configuración
alert-config-rolled-back = { $what }; la versión { $previous } se restauró automáticamente (ahora versión { $now })
alert-config-restore-failed = { $what }; restaurar la versión { $previous } falló: { $error }
alert-config-unreachable = { $what } y no se puede alcanzar para revertirlo
alert-config-unreachable-restore = { $what } y no se puede alcanzar para revertirlo; restaura la versión { $previous } desde su página cuando vuelva

## Lo que encontró una comprobación de salud

probe-healthy = sano
probe-not-connected = el gateway no está conectado
probe-connection = { $error }
probe-health-failed = el gateway no respondió a la comprobación de salud: { $error }
probe-channel-down = WhatsApp (cuenta { $account }) está vinculado pero no conectado
probe-channel-down-error = WhatsApp (cuenta { $account }) está vinculado pero no conectado: { $error }
probe-config-invalid = el gateway informa que su configuración no es válida
probe-config-invalid-issues = el gateway informa que su configuración no es válida ({ $issues })
probe-errors = fallaron { $failed } de las últimas { $calls } llamadas al modelo de sus agentes

## Incidentes

alert-bot-unreachable = No se puede alcanzar el bot { $bot }
    .detail = { $reason }. { $tried }
alert-channel-down = Bot { $bot }: WhatsApp está desconectado
    .detail = { $reason }. { $tried }
alert-config-invalid = Bot { $bot }: su configuración no es válida
    .detail = { $reason }. { $tried }
alert-bot-errors = Bot { $bot }: la mayoría de sus llamadas al modelo fallan
    .detail = { $reason }. { $tried }
escalation-nothing-tried = { $tone ->
    [technical] No hay acción automática posible mientras esté inaccesible; revisa el host.
    [formal] No se puede hacer nada automáticamente mientras esté inaccesible; le rogamos revisar la máquina donde se ejecuta.
   *[other] No se puede hacer nada automáticamente mientras no responda; revisa la máquina donde se ejecuta.
}
escalation-tried = { $tone ->
    [technical] Intentado: { $actions }. Se requiere intervención manual.
    [formal] Se intentó: { $actions }. Le rogamos revisarlo.
   *[other] Intenté: { $actions }. Échale un vistazo, por favor.
}
escalation-restarts = { $count ->
    [one] lo reinicié una vez
   *[other] lo reinicié { $count } veces
}
escalation-restored = restauré la versión { $version } de la configuración
escalation-restarts-refused = { $count ->
    [one] el gateway rechazó un reinicio
   *[other] el gateway rechazó { $count } reinicios
}
escalation-restore-failed = no pude restaurar la versión { $version } de la configuración
escalation-and = { $first } y { $second }
alert-still-unresolved = Sigue sin resolverse tras { $minutes } minutos: bot { $bot }
    .detail = { $reason }
alert-bot-recovered = El bot { $bot } vuelve a estar sano
    .detail = { $minutes ->
        [one] Incidente { $incident } resuelto tras { $minutes } minuto.
       *[other] Incidente { $incident } resuelto tras { $minutes } minutos.
    }
alert-no-traffic = El bot { $bot } lleva { $hours } horas sin tráfico
    .detail = Sus agentes no hicieron llamadas al modelo a través de BaaS desde { $since }, aunque suelen hacerlo. Comprueba que su WhatsApp esté vinculado y que la gente pueda escribirle.
alert-test = Notificación de prueba para "{ $channel }"
    .detail = { $who } pidió esta prueba; si llegó, el canal funciona.

## Informes de salud

report-daily-subject = Informe diario de salud — { $workspace } — { $day }
report-weekly-subject = Informe semanal de salud — { $workspace } — semana del { $day }
report-bot = { $incidents ->
    [0] { $bot }: disponibilidad { $uptime }, ningún incidente
    [one] { $bot }: disponibilidad { $uptime }, { $incidents } incidente
   *[other] { $bot }: disponibilidad { $uptime }, { $incidents } incidentes
}
report-no-checks = sin comprobaciones
report-no-bots = Aún no hay bots.
report-spend-day = Gasto de ayer: { $spend }
report-spend-week = Gasto de esta semana: { $spend } (la semana anterior: { $before })
report-month-budget = En lo que va del mes: { $spent } de un presupuesto de { $budget }; proyección del mes: { $projected }{ $over ->
    [yes] {" "}— por encima del presupuesto
   *[no] {""}
}
report-month-no-budget = En lo que va del mes: { $spent }; proyección del mes: { $projected } (sin presupuesto)
