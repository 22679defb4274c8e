# Agents & keys, Bots and their settings, Persona, Knowledge, Team, sign-in, invites, a new workspace, the operator pages and the shared form pieces.

## Shared form pieces

forms-saving = Guardando…
forms-saved = Guardado
forms-cancel = Cancelar
clipboard-copy = Copiar
clipboard-copied = Copiado
clipboard-copied-note = Copiado al portapapeles.
clipboard-refused = Este navegador no permitió copiar: selecciona el texto y cópialo.

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
onboarding-create = Crear espacio de trabajo
onboarding-created = Espacio de trabajo creado
onboarding-or-open = O abre uno de los tuyos:

## Not found

notfound-title = Página no encontrada
notfound-text = No hay nada en esta dirección.
notfound-home = Ir a tu espacio de trabajo
