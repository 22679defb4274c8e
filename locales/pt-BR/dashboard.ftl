# As palavras do próprio painel: a moldura do app primeiro, depois cada página.

shell-skip = Pular para o conteúdo
shell-menu = Menu
shell-workspace = Espaço de trabalho
shell-new-workspace = + Novo espaço de trabalho
shell-sections = Seções
shell-sign-out = Sair
shell-language = Idioma
shell-time-zone = Horários em { $zone }
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

## Visão geral

overview-refresh = Atualizar
overview-loading = Carregando…
overview-attention = Precisa de atenção
overview-all-clear = Nada precisa de você: nenhum incidente aberto e nenhum alerta sem confirmação.
overview-open-incidents = Incidentes abertos
overview-unacknowledged = Alertas sem confirmação
overview-incident = { $bot }: { $kind }
overview-incident-detail = { $reason } · aberto em { $when }
overview-acknowledged = confirmado
overview-spent = Gasto neste mês
overview-against-budget = { $share } de { $budget }
overview-no-budget = Sem orçamento mensal: defina um em Orçamentos
overview-crosses-on = Neste ritmo, o orçamento será ultrapassado em { $day }.
overview-over-budget = Acima do orçamento neste ritmo.
overview-within-budget = Neste ritmo, o mês termina dentro do orçamento.
overview-daily-rate = { $rate }/dia no ritmo atual.
overview-projected = Previsão para o fim do mês
overview-operator-cap = Limite de gastos do operador
overview-cap-used = { $share } usado
overview-where = Para onde vai
overview-months-follow = Os meses seguem { $zone }.
overview-bots = Bots
overview-no-bots = Nenhum bot ainda. Adicione um na página Bots e ele aparece aqui com seu estado e as verificações do Agente Admin.
overview-col-bot = Bot
overview-col-connection = Conexão
overview-col-agent = Agente Admin
overview-col-last-check = Última verificação (UTC)
overview-open-incident = incidente aberto
overview-silenced-until = silenciado até { $when }
overview-not-yet = ainda não
overview-of = { $used } de { $limit }
overview-no-cap = { $used } (sem limite)
overview-not-read = ainda não lido
overview-plan = Plano { $plan }
overview-messages = Mensagens neste mês
overview-groups-no-cap = Grupos de WhatsApp por bot (sem limite)
overview-groups-cap = Grupos de WhatsApp por bot (no máximo { $max })
overview-groups-note = Conforme salvo pela última vez pelo BaaS; um bot cujas configurações nunca foram alteradas aqui ainda não foi lido.
overview-team = Equipe
overview-members = { $count ->
    [one] { $count } membro
   *[other] { $count } membros
}
overview-pending = { $count ->
    [one] { $count } convite pendente
   *[other] { $count } convites pendentes
}
overview-created = espaço criado em { $when }
overview-open-team = Abrir equipe

bot-state-online = online
bot-state-offline = offline
bot-state-degraded = instável
bot-state-connecting = conectando
health-up = no ar
health-suspect = suspeito
health-down = fora do ar
health-unknown = desconhecido
