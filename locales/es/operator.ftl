# The operator's pages and the plans.

## The provider pool

operator-only-title = Solo operadores
operator-only-text = El pool de proveedores y los precios los administran quienes operan este BaaS.
operator-back = Volver a tu espacio de trabajo
operator-intro = Las llamadas a modelos de todos los espacios de trabajo se atienden con estas credenciales: primero el mejor nivel de prioridad (número más bajo); dentro de un nivel, las suscripciones antes que las claves de API; y primero la que tenga más margen. Los cambios llegan al gateway en 10 segundos como máximo.
operator-credentials = Credenciales
operator-no-credentials = Aún no hay credenciales: agrega una clave de API de Anthropic abajo.
operator-name = Nombre
operator-name-placeholder = espacio-a
operator-kind = Tipo
operator-priority = Prioridad
operator-base-url = URL base
operator-col-remaining = Restante de su límite
operator-col-limits = Límites propios (por minuto)
operator-col-state = Estado
operator-kind-api-key = Clave de API de Anthropic
operator-kind-subscription = Suscripción de Claude
operator-kind-subscription-token = Suscripción de Claude (token OAuth)
operator-secret = Secreto
operator-add-heading = Agregar una credencial
operator-add = Agregar
operator-credential-added = Credencial agregada
operator-subscription-risk = Los términos de consumo de Anthropic (2026) prohíben usar tokens de las suscripciones Free/Pro/Max en productos de terceros; esas llamadas se rechazan o se cobran como uso adicional. Por eso las credenciales de suscripción se agregan desactivadas; activa una solo si aceptas ese riesgo.
operator-subscription-risk-short = Los términos de consumo de Anthropic prohíben los tokens de suscripción en productos de terceros: las llamadas pueden rechazarse o cobrarse como uso adicional.
operator-requests = Solicitudes
operator-tokens = Tokens
operator-save = Guardar
operator-enabled = Activada
operator-disabled = Desactivada
operator-enable = Activar
operator-disable = Desactivar
operator-reported = informado el { $when }
operator-not-reported = aún no informado
operator-fallback-lead = Recurso a las claves de pago este mes:
operator-fallback-detail = { $requests ->
    [one] en { $requests } solicitud
   *[other] en { $requests } solicitudes
}: lo que atendieron las claves de API desde el { $since } mientras había suscripciones en el pool.
operator-no-fallback = No hay suscripciones en el pool: las claves de API atienden todas las solicitudes, así que nada es un recurso.

## Prices

operator-prices = Precios (USD por millón de tokens)
operator-model = Modelo
operator-set-price-heading = Definir un precio
operator-cache-read-placeholder = 0,1 × entrada
operator-cache-write-placeholder = 1,25 × entrada
operator-save-price = Guardar precio

## What the pool's and prices' forms refuse

operator-priority-invalid = la prioridad debe ser un número entero (el menor se prueba primero)
operator-limit-invalid = { $field }: indica un número entero positivo o déjalo vacío para ninguno
operator-field-rpm = solicitudes por minuto
operator-field-tpm = tokens por minuto
operator-price-invalid = { $field }: indica USD por millón de tokens, como 3 o 0,30
operator-price-refused = { $field }: { $error }
operator-field-input = entrada
operator-field-output = salida
operator-field-cache-read = lectura de caché
operator-field-cache-write = escritura de caché
operator-model-invalid = el nombre del modelo debe tener de 1 a 100 caracteres

## Plans

operator-plans = Planes
operator-plans-help = Los números vacíos significan ilimitado. Los modelos son familias: haiku, sonnet, opus. El gateway aplica los modelos y los mensajes; el panel aplica los grupos y los bots.
operator-models = Modelos
operator-default-model = Predeterminado
operator-messages-month = Mensajes/mes
operator-groups = Grupos
operator-bots = Bots
operator-api-access = Acceso a la API
operator-tenants = Espacios de trabajo
operator-set-plan = Definir plan
operator-cap-field = Límite de gasto (USD al mes; vacío para ninguno)
operator-cap-none = ninguno
operator-set-cap = Definir límite
operator-pool-alerts = Alertas del pool
operator-no-pool-alerts = No hay alertas del pool.
operator-acknowledged = Confirmada
operator-count-invalid = { $field }: indica un número entero o déjalo vacío para ilimitado
operator-field-messages = mensajes por mes
operator-field-groups = grupos de WhatsApp
operator-field-bots = bots
operator-cap-invalid = límite de gasto: { $error }

## The operators' own notification channels

operator-channels = Canales de notificación de los operadores
operator-channels-help = Aquí llegan las alertas que no pertenecen a ningún espacio de trabajo (lo que le queda al pool, credenciales rechazadas, el recurso a las claves de pago, uso descartado). Sin un canal de correo propio, los operadores reciben correo.
operator-test-email = Enviar un correo de prueba a los operadores
operator-no-channels = Aún no hay canales propios.
operator-add-channel = Agregar canal
operator-channel-added = Canal agregado
operator-channel-removed = Canal eliminado
operator-channel-kind-invalid = tipo: email, webhook o slack
money-brl-equivalent = ≈ { $brl } a { $rate } por US$ (tipo de cambio del operador del { $date }; se cobra en US$)

rate-title = Reales en las páginas de los espacios de trabajo
rate-help = A los espacios de trabajo se les cobra en US$, como cobra el proveedor. Con un tipo de cambio aquí, sus páginas muestran también el equivalente en reales, con este tipo de cambio y su fecha. Deje el campo vacío para no mostrar reales.
rate-field = Reales por US$
rate-reads = = { $rate } por US$
rate-none = Sin tipo de cambio: no se muestran reales.
rate-current = Ahora: { $rate } por US$, fijado el { $date } (UTC).
rate-unset = Ningún tipo de cambio: los espacios de trabajo ven solo US$.
rate-save = Guardar tipo de cambio
