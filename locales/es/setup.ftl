# Agents & keys, Bots and their settings, Persona, Knowledge, Team, sign-in, invites, a new workspace, the operator pages and the shared form pieces.

## Shared form pieces

forms-saving = Guardando…
forms-saved = Guardado
forms-cancel = Cancelar
clipboard-copy = Copiar
clipboard-copied = Copiado
clipboard-copied-note = Copiado al portapapeles.
clipboard-refused = Este navegador no permitió copiar: selecciona el texto y cópialo.

## Amounts of money as typed: why one is refused (the example is written the typist's way)

amount-not-a-number = “{ $raw }” no es un monto; escríbelo como { $example }
amount-ambiguous = “{ $raw }” se puede leer de dos maneras: aquí el separador decimal es “{ $decimal }” y el de miles es “{ $group }”, como en { $example }
amount-too-precise = “{ $raw }” tiene más de seis decimales
amount-too-large = “{ $raw }” supera { $max }
amount-negative = “{ $raw }” es negativo
amount-field-monthly-budget = presupuesto mensual: { $error }
amount-field-daily-limit = límite diario: { $error }

## Sign-in

login-title = Iniciar sesión
login-intro = Te enviamos un enlace por correo. No necesitas contraseña; ¿eres nuevo? El mismo enlace crea tu cuenta.
login-email = Correo electrónico
login-email-placeholder = tu@empresa.com
login-request = Envíame un enlace de acceso
login-check-email = Revisa tu correo
login-sent-before = Si
login-sent-after = puede recibir correo, un enlace de acceso va en camino. Funciona una sola vez y vence en 15 minutos.
login-other-address = Usar otra dirección
login-finish = Terminar de iniciar sesión
login-link-incomplete = Enlace incompleto
login-link-missing-code = A este enlace de acceso le falta su código. Abre el enlace completo del correo o solicita uno nuevo.
login-request-new = Solicitar un enlace nuevo
login-checking = Comprobando el enlace…
login-signing-in-as = Estás iniciando sesión como
login-not-yours = . Si esa no es tu dirección, cierra esta página: alguien te envió su enlace.
login-link-unusable = Este enlace venció o ya se usó. Solicita uno nuevo.
login-confirm = Iniciar sesión en BaaS
login-invalid-email = Eso no parece una dirección de correo (se espera nombre@ejemplo.com).
login-rate-limited = Se solicitaron demasiados enlaces de acceso. Inténtalo de nuevo en { $seconds } segundos.
login-rate-limited-soon = Se solicitaron demasiados enlaces de acceso. Inténtalo de nuevo en unos segundos.
login-link-invalid = Ese enlace de acceso no es válido. Solicita uno nuevo abajo.
login-link-expired = Ese enlace de acceso venció (los enlaces duran 15 minutos). Solicita uno nuevo abajo.
login-link-used = Ese enlace de acceso ya se usó. Solicita uno nuevo abajo.
login-session-expired = Tu sesión terminó. Vuelve a iniciar sesión.
login-something-wrong = Algo salió mal. Inténtalo de nuevo.

## A new workspace

onboarding-title = Crear un espacio de trabajo
onboarding-loading = Cargando…
onboarding-signed-in-as = Sesión iniciada como
onboarding-holds = . Un espacio de trabajo reúne tus bots, agentes, equipo y costos.
onboarding-name = Nombre del espacio de trabajo
onboarding-name-placeholder = Soporte Acme
onboarding-timezone = Zona horaria
onboarding-timezone-help = Las fechas, las horas y los meses del presupuesto la siguen; escriba una ciudad para buscar (puede cambiarla después en Presupuestos).
zone-placeholder = Escriba una ciudad, p. ej. Bogota
onboarding-create = Crear espacio de trabajo
onboarding-created = Espacio de trabajo creado
onboarding-or-open = O abre uno de los tuyos:

## Not found

notfound-title = Página no encontrada
notfound-text = No hay nada en esta dirección.
notfound-home = Ir a tu espacio de trabajo

## Bots

bots-title = Bots
bots-refresh = Actualizar
bots-intro = Cada bot es una instalación de Clawdbot u OpenClaw. BaaS mantiene una conexión con su gateway, revisa su estado cada 15 segundos y se reconecta solo.
bots-empty = Aún no hay bots. Agrega uno con la dirección de su gateway (por ejemplo ws://host:18789) y el token del gateway.
bots-col-name = Nombre
bots-col-gateway = Gateway
bots-col-state = Estado
bots-col-last-seen = Visto por última vez
bots-col-version = Versión
bots-name = Nombre
bots-gateway-address = Dirección del gateway
bots-gateway-token = Token del gateway
bots-add = Agregar bot
bots-added = Bot agregado: aparece en línea en cuanto BaaS lo alcance.
bots-removed = Bot eliminado: sus claves ya no funcionan.
bots-remove-question = ¿Eliminar el bot “{ $name }”? BaaS deja de vigilarlo y revoca las claves que le dio, así que las llamadas a modelos del bot a través de BaaS se detienen de inmediato.
bots-never = nunca
bots-paused-by-plan = pausado por el plan
bots-paused-by-plan-help = Por encima del límite de bots del plan: sus solicitudes se rechazan hasta que el plan lo permita de nuevo. No se borró nada.
bots-remove = Eliminar
bots-remove-confirm = Eliminar bot

## Agents

agents-title = Agentes y claves
agents-intro = Un agente aquí es un agente de tu bot. El bot llama al gateway con la clave virtual del agente, así cada llamada a un modelo se cuenta, se limita y se cobra al agente correcto.
agents-heading = Agentes
agents-empty = Aún no hay agentes. Agrega uno abajo con el id que tiene en la configuración de tu bot.
agents-col-name = Nombre
agents-col-agent-id = Id del agente en el bot
agents-col-created = Creado
agents-deleted = Agente eliminado; sus claves ya no funcionan.
agents-add-heading = Agregar un agente
agents-name = Nombre
agents-agent-id = Id del agente en Clawdbot
agents-agent-id-title = Letras, dígitos, - y _
agents-help-id = El id del agente es el nombre que tiene este agente en la configuración de tu bot: el
agents-help-list = de su entrada en
agents-help-entries = (Clawdbot) o su clave en
agents-help-main = (OpenClaw). Un bot con un solo agente lo llama
agents-help-chars = . Solo letras, dígitos, - y _.
agents-add = Agregar agente
agents-added = Agente agregado
agents-delete-question = ¿Eliminar el agente “{ $name }”? Sus claves se revocan de inmediato y los bots que las usan dejan de funcionar; su uso se mantiene en tus informes.
agents-new-name = Nuevo nombre
agents-save-name = Guardar nombre
agents-rename = Renombrar
agents-delete = Eliminar
agents-delete-confirm = Eliminar agente

## Virtual keys (on the agents page)

keys-heading = Claves virtuales
keys-loading = Cargando…
keys-empty = Aún no hay claves.
keys-col-key = Clave
keys-col-name = Nombre
keys-col-agent = Agente
keys-col-last-used = Último uso
keys-col-state = Estado
keys-create-heading = Crear una clave
keys-agent = Agente
keys-name = Nombre de la clave
keys-create = Crear clave
keys-created = Clave creada: cópiala abajo
keys-revoked = Clave revocada: ya no funciona.
keys-deleted-agent = (agente eliminado)
keys-revoke-question = ¿Revocar la clave “{ $name }”? Los bots que la usan dejan de funcionar de inmediato.
keys-never = nunca
keys-active = Activa
keys-revoked-state = Revocada
keys-revoke = Revocar
keys-revoke-confirm = Revocar clave
keys-copy-now = Copia esta clave ahora: se muestra una sola vez.
keys-key = Clave
keys-base-url = URL base del gateway
keys-sends-to = El bot envía las llamadas a modelos de este agente a
keys-paste = (la API Messages de Anthropic) con la clave como su clave de API. Pega la parte de tu bot en su archivo de configuración; agrega un proveedor de modelos que apunta a BaaS y define en él el modelo del agente.

## Team

team-loading = Cargando…
team-title = Equipo
team-members = Miembros
team-col-email = Correo electrónico
team-col-role = Rol
team-col-joined = Se unió
team-col-state = Estado
team-col-expires = Vence
team-invite-heading = Invitar a alguien
team-email = Correo electrónico
team-email-placeholder = nombre@empresa.com
team-role = Rol
team-create-invite = Crear enlace de invitación
team-invite-created = Invitación creada
team-invites = Invitaciones
team-no-invites = Aún no hay invitaciones.
team-invite-revoked = Invitación revocada: su enlace ya no funciona.
team-invite-emailed = Enviamos este enlace por correo a { $email }. También puedes enviarlo tú:
team-invite-not-emailed = No se pudo enviar el correo a { $email }: envíale este enlace tú mismo.
team-invite-once = se muestra una sola vez, funciona una vez, solo para esa dirección, y vence en 7 días.
team-invite-link = Enlace de invitación
team-make-owner-question = ¿Hacer propietario a { $email }? Un propietario puede hacer todo en este espacio de trabajo, incluso cambiar o quitar a los demás propietarios (a ti también); solo un propietario puede quitarle ese rol.
team-unmake-owner-question = ¿Hacer { $role ->
    [admin] administrador
    [member] miembro
   *[viewer] lector
} a { $email } en lugar de propietario? Pierde de inmediato los poderes de propietario.
team-remove-question = ¿Quitar a { $email } de este espacio de trabajo? Pierde el acceso de inmediato; una invitación lo trae de vuelta.
team-you = tú
team-save-role = Guardar rol
team-make-owner = Hacer propietario
team-change-role = Cambiar rol
team-role-saved = Rol guardado
team-remove = Quitar
team-remove-confirm = Quitar miembro
team-revoke-question = ¿Revocar la invitación para { $email }? Su enlace deja de funcionar de inmediato.
team-revoke = Revocar
team-revoke-confirm = Revocar invitación
team-state-pending = Pendiente
team-state-accepted = Aceptada
team-state-revoked = Revocada
team-state-expired = Vencida

## Accepting an invite

invite-title = Invitación
invite-loading = Cargando…
invite-not-valid = Invitación no válida
invite-ask-again = Pide un enlace nuevo a la persona que te invitó.
invite-join = Unirse a
invite-invited-as = Invitado como
invite-for = para
invite-used = Esta invitación ya se usó.
invite-revoked = Esta invitación fue revocada.
invite-expired = Esta invitación venció.
invite-valid-until = Válida hasta
invite-accept = Aceptar y unirme
invite-joined = Te uniste
invite-signed-in-as = Iniciaste sesión como
invite-sign-out-then = . Cierra sesión y luego inicia sesión como
invite-to-accept = para aceptar.
invite-sign-in-to-accept = Iniciar sesión para aceptar
