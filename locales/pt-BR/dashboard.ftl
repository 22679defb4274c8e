# As palavras do próprio painel: a moldura do app primeiro, depois cada página.

shell-skip = Pular para o conteúdo
shell-menu = Menu
shell-workspace = Espaço de trabalho
shell-new-workspace = + Novo espaço de trabalho
shell-sections = Seções
shell-sign-out = Sair
shell-language = Idioma
shell-loading = Carregando…
shell-no-access-title = Sem acesso
shell-no-access = Você não é membro deste espaço de trabalho, ou ele não existe.

nav-overview = Visão geral
nav-usage = Uso e custos
nav-budgets = Orçamentos
nav-alerts = Alertas
nav-admin-agent = Agente Admin
nav-agents = Agentes e chaves
nav-bots = Bots
nav-conversations = Conversas
nav-team = Equipe
nav-audit = Registro de auditoria
nav-operator = Pool de provedores

role-owner = Proprietário
role-admin = Administrador
role-member = Membro
role-viewer = Leitor
