# Usage & costs, Budgets, Alerts, Audit log, Conversations and the Admin Agent pages.

## Budgets

budgets-spend-unreadable = Não foi possível ler o gasto deste mês: { $error }
budgets-spent-no-budget = Gasto de { $spent } neste mês. Nenhum orçamento mensal definido.
budgets-spent-of = Gasto de { $spent } de { $budget } neste mês ({ $share })
budgets-plan = Plano { $plan }
budgets-plan-details = Modelos: { $models }. Modelo padrão: { $default }. Mensagens por mês: { $messages }. Grupos de WhatsApp: { $groups }. Bots: { $bots }. Acesso à API: { $api }.
budgets-unlimited = ilimitado
budgets-yes = sim
budgets-no = não
budgets-operator-changes = Quem muda os planos é o seu operador.
budgets-operator-cap = Limite de gastos definido pelo seu operador: { $cap } por mês. As requisições param quando o espaço de trabalho chega a ele, seja qual for o orçamento abaixo; só o operador pode alterá-lo.
budgets-monthly = Orçamento mensal
budgets-downgrade-active = O downgrade automático está ativo: as requisições ao Opus estão sendo atendidas pelo Sonnet até o orçamento voltar a ter folga ou o próximo mês começar.
budgets-timezone = Fuso horário (os meses e os dias do orçamento seguem este fuso)
budgets-monthly-field = Orçamento mensal (USD; vazio para nenhum)
budgets-downgrade = Trocar o Opus pelo Sonnet automaticamente quando o orçamento estiver acabando
budgets-downgrade-share = …quando restar menos que esta parte do orçamento (%)
budgets-save = Salvar
budgets-agents = Agentes
budgets-agents-help = Ao ser atingido, o limite diário pausa o agente pelo resto do dia; o gateway responde às chamadas dele com um erro claro até a meia-noite no fuso horário do espaço de trabalho, ou até um admin retomá-lo.
budgets-col-agent = Agente
budgets-col-today = Hoje
budgets-col-month = Este mês
budgets-col-limits = Limites
budgets-col-state = Estado
budgets-agent-monthly = Mensal
budgets-agent-daily = Diário
budgets-none = nenhum
budgets-paused-until = Pausado até { $until }
budgets-unpause = Retomar
budgets-active = Ativo
budgets-unpaused = Retomado pelo resto do dia
budgets-share-invalid = parcela do orçamento para o downgrade: informe uma porcentagem inteira, como 20

## Usage & costs

usage-empty = Nenhuma chamada de modelo neste período
usage-empty-help = Amplie as datas ou limpe os filtros. Se este espaço de trabalho é novo: crie um agente e uma chave virtual em Agentes e chaves e aponte o provedor Clawdbot do agente para este servidor com essa chave (ou provisione um bot em Bots). Para ver um painel completo numa instalação nova, execute
usage-scope-within = o espaço de trabalho inteiro (dentro do agente e do modelo escolhidos)
usage-scope-workspace = o espaço de trabalho inteiro
usage-group-note = Só “Custo por canal e grupo” está filtrado para { $name }. As chamadas de modelo não têm grupo, então os indicadores e os outros gráficos valem para { $scope }, não só para este grupo.
usage-of-budget = de { $budget }
usage-crosses-on = Neste ritmo, você ultrapassa o orçamento em { $day }.
usage-within-budget = Neste ritmo, você fica dentro do orçamento este mês.
usage-per-day = { $amount }/dia
usage-no-cap = sem limite mensal
usage-of-quota = de { $quota } (plano { $plan })
usage-mtd = Mês até agora
usage-times-in = Horários em { $zone }
usage-projection-7d = Mês até agora + { $avg } × dias restantes (a média de 7 dias; média de 30 dias { $avg30 }).
usage-projection-today = Mês até agora + { $avg } × dias restantes (ritmo de hoje: ainda não há um dia completo).
usage-budget-used = Orçamento usado
usage-messages-month = Mensagens neste mês
usage-tiles-scope = Todos os grupos: chamadas de modelo não têm grupo
usage-cost-range = Custo de { $from } a { $to }
usage-export-csv = Exportar CSV
usage-export-json = Exportar JSON
usage-requests = Requisições
usage-tokens = Tokens de entrada e saída
usage-tokens-cache = mais { $read } de leitura de cache, { $write } de escrita de cache
usage-filter-error = { $why }. Mostrando de { $from } a { $to }: corrija as datas e aplique de novo.
usage-from = De
usage-to = Até
usage-agent = Agente
usage-all-agents = Todos os agentes
usage-model = Modelo
usage-all-models = Todos os modelos
usage-group = Grupo
usage-all-groups = Todos os grupos
usage-apply = Aplicar
usage-filter-help = O filtro faz parte do endereço: copie-o para compartilhar esta visão. Os custos por grupo vêm das conversas sincronizadas dos bots; as chamadas de modelo em si não têm grupo, então o filtro de grupo restringe só o gráfico de grupos.
usage-show-table = Mostrar como tabela
usage-col-day = Dia
usage-col-total = Total
usage-col-hour = Hora
usage-col-cost = Custo
usage-col-group = Canal / grupo
usage-col-class = Classe
usage-col-tokens = Tokens
usage-busiest = Hora de maior custo: { $hour }, { $cost } ({ $share } do custo do período)
usage-no-hourly-cost = Nenhum custo em nenhuma hora deste período.
usage-class-input = Entrada
usage-class-output = Saída
usage-class-cache-write = Escrita de cache
usage-class-cache-read = Leitura de cache
usage-filtered-to = Filtrado para { $name }.
usage-daily-by-model = Custo diário por modelo
usage-by-agent = Custo por agente
usage-by-group = Custo por canal e grupo
usage-groups-empty = Ainda não há conversas sincronizadas neste período: cadastre um bot em Bots e sincronize-o.
usage-by-hour = Custo por hora do dia ({ $zone })
usage-by-class = Custo por classe de token
usage-by-model = Custo por modelo

## Alerts

alerts-help = Cada limite é disparado uma vez por período: orçamento em 50, 80, 95 e 100% uma vez por mês, limite diário uma vez por dia, gasto projetado acima do orçamento uma vez por mês.
alerts-empty = Nenhum alerta. Defina um orçamento mensal em Orçamentos para ser avisado antes que ele acabe.
alerts-col-severity = Gravidade
alerts-col-when = Quando (UTC)
alerts-col-alert = Alerta
alerts-severity = { $severity ->
    [info] info
    [warning] aviso
    [critical] crítico
   *[other] { $severity }
}
alerts-acknowledged-by = Reconhecido por { $by }
alerts-acknowledge = Reconhecer

## Audit log

audit-times = Horários em UTC. Mais recentes primeiro.
audit-col-when = Quando
audit-col-who = Quem
audit-col-area = Área
audit-col-what = O quê
audit-col-detail = Detalhe
audit-col-ip = IP
audit-newest = Mais recentes
audit-older = Mais antigos
audit-retention = Retenção
audit-retention-days = Registros com mais de { $days } dias são excluídos (verificado a cada hora).
audit-retention-forever = Os registros são mantidos para sempre.
audit-retention-field = Manter registros por (dias, de 30 a 3650; vazio para sempre)
audit-save = Salvar

# The areas (`AuditCategory`, by its Rust name) and actions (the stored action, `_` as `-`).
audit-area-SignIn = Acesso
audit-area-Workspace = Workspace
audit-area-Team = Equipe
audit-area-AgentsAndKeys = Agentes e chaves
audit-area-Bots = Bots
audit-area-Budgets = Orçamentos
audit-area-AlertsAndIncidents = Alertas e incidentes
audit-area-Notifications = Notificações
audit-area-ProviderPool = Pool de provedores
audit-area-Other = Outro
audit-action-sign-in = Entrou
audit-action-sign-out = Saiu
audit-action-sign-in-failed = Falha ao entrar
audit-action-tenant-created = Workspace criado
audit-action-plan-changed = Plano alterado
audit-action-audit-retention-changed = Retenção da auditoria alterada
audit-action-billing-changed = Cobrança alterada
audit-action-workspace-exported = Dados do espaço exportados
audit-action-workspace-deleted = Espaço excluído
audit-action-account-deleted = Conta excluída
audit-action-invite-created = Convite criado
audit-action-invite-accepted = Convite aceito
audit-action-invite-revoked = Convite revogado
audit-action-role-changed = Papel alterado
audit-action-member-removed = Membro removido
audit-action-agent-created = Agente criado
audit-action-agent-renamed = Agente renomeado
audit-action-agent-deleted = Agente excluído
audit-action-key-created = Chave criada
audit-action-key-revoked = Chave revogada
audit-action-bot-added = Bot adicionado
audit-action-bot-removed = Bot removido
audit-action-bot-config-changed = Configurações do bot alteradas
audit-action-persona-changed = Persona alterada
audit-action-knowledge-changed = Base de conhecimento alterada
audit-action-bot-restarted = Bot reiniciado
audit-action-budget-changed = Orçamento alterado
audit-action-agent-paused = Agente pausado
audit-action-agent-unpaused = Agente retomado
audit-action-downgrade-switched = Downgrade automático alterado
audit-action-alert-acknowledged = Alerta reconhecido
audit-action-incident-opened = Incidente aberto
audit-action-incident-escalated = Incidente escalado
audit-action-incident-resolved = Incidente resolvido
audit-action-incident-acknowledged = Incidente reconhecido
audit-action-notify-changed = Notificações alteradas
audit-action-silence-changed = Silêncio alterado
audit-action-pool-changed = Pool de provedores alterado

## Admin Agent: the voice preview

voice-preview = Prévia

## Admin Agent: what it records, said in each reader's language

# The steps of an incident's timeline.
incident-step-confirmed = { $count ->
    [one] { $count } verificação com falha
   *[other] { $count } verificações seguidas com falha
}
incident-step-restart = reinício { $attempt } de { $max } solicitado ({ $status })
incident-step-restart-refused = reinício { $attempt } de { $max } recusado: { $error }
incident-step-restored = versão { $version } da configuração (a última em que o bot funcionou bem) restaurada como versão { $now }
incident-step-restore-failed = não foi possível restaurar a versão { $version } da configuração: { $error }
incident-step-escalated = o dono foi alertado (crítico)
incident-step-resolved = saudável de novo
incident-step-acknowledged = reconhecido

# An incident's alert sent again while it stays unresolved.
alert-kind-repeated = { $kind } (repetido)

# The period in sentences, for those who do not see the charts. $period is day (24 hours), week
# (7 days) or month (30 days); $unit is hour or day; $at an hour (14:00) or a day (2026-12-03).
health-summary-no-checks = { $period ->
    [day] Nenhuma verificação nas últimas 24 horas.
    [month] Nenhuma verificação nos últimos 30 dias.
   *[week] Nenhuma verificação nos últimos 7 dias.
}
health-summary-checks = { $period ->
    [day] Nas últimas 24 horas
    [month] Nos últimos 30 dias
   *[week] Nos últimos 7 dias
}: { $checks ->
    [one] { $checks } verificação
   *[other] { $checks } verificações
}, { $healthy } saudáveis; { $down ->
    [one] { $down } não conseguiu
   *[other] { $down } não conseguiram
} alcançar o bot e { $degraded ->
    [one] { $degraded } o encontrou
   *[other] { $degraded } o encontraram
} instável.
health-summary-worst = { $unit ->
    [hour] Mais falhas numa hora: { $failed } de { $checks } às { $at }.
   *[day] Mais falhas num dia: { $failed } de { $checks } em { $at }.
}
health-summary-slowest = { $unit ->
    [hour] Hora mais lenta (tempo de resposta p95): { $ms } ms às { $at }.
   *[day] Dia mais lento (tempo de resposta p95): { $ms } ms em { $at }.
}
health-summary-alerts = { $raised ->
    [one] { $raised } alerta foi disparado: { $kind }.
   *[other] { $raised } alertas foram disparados; o mais frequente: { $kind } ({ $count }).
}
health-summary-no-alerts = Nenhum alerta foi disparado.

# A notification's subject, as the notification log shows it in each reader's language.
notify-subject-one = [{ $label }] { $line }
notify-list = { $first }, { $rest }
notify-as-written = { $text }
notify-default-recipients = { $who ->
    [operators] operadores
   *[workspace] donos e admins do espaço de trabalho
}

## Admin Agent: the page

admin-agent-intro = O Agente Admin verifica cada bot (gateway, WhatsApp, configuração e a taxa de erro das chamadas ao modelo), reinicia o que estiver com problema, restaura a última configuração boa quando uma mudança o quebrou e só avisa você quando for preciso agir.
admin-agent-no-bots = Nenhum bot ainda. Adicione um na página Bots e ele passa a ser verificado a partir daí.
admin-agent-col-uptime = Disponibilidade
admin-agent-col-response = Resposta p50 / p95
admin-agent-col-failed = Chamadas com falha
# A bot's health window: the last day, or the last 7 or 30 days.
admin-agent-window = { $days ->
    [1] 24 h
   *[other] { $days } dias
}
admin-agent-ms = { $ms } ms
admin-agent-failed-of = { $failed } de { $calls } ({ $share })
admin-agent-no-calls = nenhuma chamada
admin-agent-last-check = Última verificação
admin-agent-incident = Incidente
admin-agent-incident-open = aberto
admin-agent-silenced-until = Silenciado até
admin-agent-end-silence = Encerrar silêncio
admin-agent-silence-hour = Silenciar por uma hora
admin-agent-incidents = Incidentes
admin-agent-no-incidents = Nenhum incidente.
admin-agent-opened = aberto em { $when }
admin-agent-resolved = resolvido em { $when }
# One step of an incident's timeline: when, what kind of step, what happened, and who.
admin-agent-step = { $at } — { $kind }: { $detail } ({ $actor })
admin-agent-step-kind = { $kind ->
    [detected] detectado
    [confirmed] confirmado
    [restart] reinício
    [restart_refused] reinício recusado
    [restore] restauração
    [restore_failed] restauração falhou
    [escalated] escalado
    [acknowledged] reconhecido
    [resolved] resolvido
   *[other] { $kind }
}
admin-agent-log = Registro de notificações
admin-agent-log-empty = Nada enviado ainda.
admin-agent-col-channel = Canal
admin-agent-col-to = Para
admin-agent-col-message = Mensagem
admin-agent-col-status = Situação
admin-agent-col-attempts = Tentativas
admin-agent-channel-kind = { $kind ->
    [email] E-mail
    [webhook] Webhook
    [slack] Slack
    [whatsapp] WhatsApp
   *[other] { $kind }
}
admin-agent-delivery-status = { $status ->
    [sending] enviando
    [sent] enviada
    [retrying] tentando de novo
    [failed] falhou
   *[other] { $status }
}
admin-agent-channels = Canais
admin-agent-channels-help = Sem um canal de e-mail próprio, os donos e admins do espaço de trabalho recebem por e-mail.
admin-agent-test-admins = Enviar um e-mail de teste aos donos e admins
admin-agent-no-channels = Nenhum canal próprio ainda.
admin-agent-add-channel = Adicionar canal
admin-agent-channel-added = Canal adicionado
admin-agent-channel-removed = Canal removido
admin-agent-settings = Encaminhamento, horário de silêncio e voz
# $severity is the severity as messages label it (INFO, WARNING, ERROR, CRITICAL).
admin-agent-route = { $severity } vai para
# The kinds are what is typed in the fields above: keep them as they are.
admin-agent-kinds-help = Tipos: email, webhook, slack, whatsapp. O painel sempre mostra todos os alertas.
admin-agent-quiet-from = Horário de silêncio das
admin-agent-quiet-to = às
admin-agent-repeat = Repetir alertas críticos não resolvidos a cada (minutos)
admin-agent-tone = Tom
admin-agent-tone-option = { $tone ->
    [formal] formal
    [casual] descontraído
    [technical] técnico
   *[other] { $tone }
}
admin-agent-emoji = Emoji
admin-agent-greeting = Saudação
admin-agent-signature = Assinatura

## Admin Agent: the health history

health-history-title = Histórico de saúde
health-history-csv = Baixar estas verificações em CSV ({ $from } a { $to })
health-history-empty = Toda verificação de um bot fica guardada; assim que o Agente Admin verificar um, o histórico aparece aqui.
health-history-period = Período
health-history-last = { $period ->
    [day] Últimas 24 horas
    [month] Últimos 30 dias
   *[week] Últimos 7 dias
}
health-history-all-bots = Todos os bots
health-history-show = Mostrar
# What a check found.
health-history-outcome = { $outcome ->
    [healthy] Saudável
    [unreachable] Inacessível
    [channel_down] WhatsApp desconectado
    [config_invalid] Configuração inválida
    [errors] Chamadas ao modelo falhando
   *[other] Instável (tipo não registrado)
}
health-history-healthy = Saudável
health-history-degraded = Instável
health-history-down = Fora do ar
health-history-p95 = Tempo de resposta p95
# Units after a number on the charts' axes and tooltips.
health-history-unit-checks = verificações
health-history-unit-alerts = alertas
health-history-checks-per = { $unit ->
    [hour] Verificações por hora ({ $zone })
   *[day] Verificações por dia ({ $zone })
}
health-history-as-table = { $unit ->
    [hour] As verificações por hora em tabela
   *[day] As verificações por dia em tabela
}
health-history-found-title = O que as verificações encontraram
health-history-col-found = Resultado
health-history-col-checks = Verificações
health-history-col-share = Parcela
health-history-alerts-title = Alertas por tipo
health-history-no-alerts = Nenhum alerta foi disparado neste período.
health-history-col-raised = Disparados

## Charts

charts-no-data = Sem dados
