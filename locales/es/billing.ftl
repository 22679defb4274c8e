## Página de facturación

nav-billing = Facturación
billing-title = Facturación
billing-current = Plan { $plan }
billing-per-month = { $price } al mes
billing-free = Gratis
billing-off = La facturación no está activada en este servidor: el operador asigna los planes a mano.
billing-renews = Pagado; se renueva el { $when }.
billing-ends = Pagado hasta el { $when }; entonces la suscripción termina y el espacio pasa a Starter.
billing-grace = Un pago falló. El plan sigue hasta el { $when } mientras Stripe lo intenta de nuevo; actualiza el método de pago en el portal de facturación.
billing-lapsed = El período de gracia terminó el { $when }: el espacio está en Starter, con los bots y grupos por encima de él en pausa (nada se borró). Pagar de nuevo restaura el plan al instante.
billing-ended = La suscripción terminó; el espacio está en el plan gratuito.
billing-no-subscription = Sin suscripción: un pago rechazado mantiene el plan { $days } días antes de que el espacio pase a Starter.
billing-manage = Gestionar pago y facturas
billing-manage-help = Abre el portal de facturación de Stripe: tarjetas, facturas, cambio de plan y cancelación.
billing-checkout-success = Pago recibido. Tu plan cambia en cuanto Stripe lo confirme, normalmente en segundos.
billing-checkout-cancelled = Pago cancelado; no se cobró nada.
billing-usage = Uso este mes
billing-groups-most = Grupos de WhatsApp (bot con más grupos)
billing-plans = Planes
billing-your-plan = Tu plan
billing-upgrade = Contratar
billing-change-in-portal = Cámbialo en el portal de facturación
billing-not-on-sale = Aún no está a la venta
billing-owners-only = Solo los propietarios cambian el plan
billing-unlimited = ilimitado
billing-models = Modelos: { $models }
billing-messages = { $count } mensajes al mes
billing-groups = { $count } grupos de WhatsApp por bot
billing-bots = { $count } bots
billing-api = Acceso a la API
billing-credit-models = { $models } pagado con créditos prepagos
billing-invoices = Facturas
billing-no-invoices = Aún no hay facturas.
billing-invoice-number = Número
billing-invoice-date = Fecha
billing-invoice-amount = Importe
billing-invoice-status = Estado
billing-invoice-view = Ver
billing-invoice-open = Abierta
billing-invoice-draft = Borrador
billing-invoice-paid = Pagada
billing-invoice-uncollectible = Incobrable
billing-invoice-void = Anulada

## Billing page: prepaid credits

credits-title = Créditos Opus
credits-help = En este plan { $models } se paga con créditos prepagos: cada solicitud reserva su costo máximo posible hasta terminar y luego paga su costo real. Sin créditos esas solicitudes se rechazan, o las atiende Sonnet si la reducción automática está activa (Presupuestos).
credits-balance = Saldo
credits-spent-month = Gastado este mes
credits-spent-all = Gastado en total
credits-buy = Comprar
credits-owners-only = Los propietarios compran créditos
credits-history = Compras
credits-none-yet = Aún no se compraron créditos.
credits-entry = Movimiento
credits-amount = Créditos
credits-paid = Pagado
credits-kind-purchase = Paquete comprado
credits-kind-grant = Otorgado por el operador
credits-checkout-success = Pago recibido. Los créditos aparecen en cuanto Stripe lo confirme, normalmente en segundos.

## Operator page: billing

operator-billing = Facturación
operator-mrr = Ingreso recurrente mensual:
operator-plan = Plan
operator-subscriptions = Suscripciones pagadas
operator-monthly = Al mes
operator-failed-payments = Pagos rechazados
operator-no-failed-payments = Ningún pago rechazado.
operator-workspace = Espacio
operator-standing = Estado
operator-failing-since = Fallando desde
operator-standing-grace = En gracia
operator-standing-lapsed = Pasó a Starter
operator-plan-prices = Precios de los planes
operator-prices-help = El precio mensual de cada plan de pago en reales y el Price de Stripe con el que se vende (price_…). Un plan sin Price de Stripe no está a la venta.
operator-price-brl = R$ al mes
operator-stripe-price = Price de Stripe
operator-grace-days = Gracia tras un pago rechazado (días)
operator-plan-price-invalid = El precio no es un importe: { $error }
operator-grace-invalid = Indica la gracia en días enteros, de 0 a 60.
operator-plan-by-hand = Asignado a mano: Stripe no lo cambia
operator-follow-stripe = Volver a seguir a Stripe
operator-credit-packs = Paquetes de créditos Opus
operator-credit-sales = { $count } paquetes vendidos, { $brl } en total
operator-packs-help = Los espacios Business pagan Opus con créditos prepagos. Cada paquete: su crédito en US$, su precio en R$ y un Stripe Price de pago único (price_…).
operator-pack-credit = Crédito (US$)
operator-pack-price = Precio (R$)
operator-pack-add = Poner a la venta
operator-pack-remove = Retirar de la venta
operator-pack-invalid = El campo { $field } no es un importe: { $error }

## Workspace data and accounts (LGPD)

privacy-title = Los datos de tu espacio
privacy-export-help = Descarga todo lo que guarda este espacio — miembros, agentes, claves (nunca sus secretos), bots, archivos de persona, conocimiento, conversaciones, uso, alertas, incidentes, el registro de auditoría y la facturación — en un archivo JSON.
privacy-export = Exportar todos los datos (JSON)
privacy-delete-title = Eliminar este espacio
privacy-delete-help = Su suscripción se cancela, sus bots se desconectan, sus secretos se destruyen y los datos de sus personas se borran. El uso se conserva solo sin nombres, para la contabilidad. No se puede deshacer.
privacy-type-name = Escribe el nombre del espacio
privacy-delete = Eliminar el espacio
privacy-account-title = Tu cuenta
privacy-account-help = Eliminar tu cuenta cierra tus sesiones y borra tu dirección; los espacios de los que eres el único propietario se eliminan con ella. Si eres el último propietario de un espacio con otros miembros, haz propietario a alguno antes.
privacy-type-email = Escribe tu dirección
privacy-account-delete = Eliminar mi cuenta
