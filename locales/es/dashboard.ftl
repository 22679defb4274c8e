# Las palabras del propio panel: el marco de la aplicación primero, luego cada página.

shell-skip = Saltar al contenido
shell-menu = Menú
shell-workspace = Espacio de trabajo
shell-new-workspace = + Nuevo espacio de trabajo
shell-sections = Secciones
shell-sign-out = Cerrar sesión
shell-language = Idioma
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
