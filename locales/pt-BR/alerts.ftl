# O que o Agente Admin e o motor de notificações dizem: alertas, relatos de incidentes,
# relatórios de saúde e a moldura de cada mensagem. $tone é formal, casual ou technical.

## A moldura de uma mensagem

greeting = { $tone ->
    [formal] Olá,
    [technical] {""}
   *[casual] Oi!
}
signature-default = Agente Admin do BaaS
dashboard-line = Painel: { $url }
dashboard-open = Abrir o painel
severity-label = { $severity ->
    [info] INFO
    [warning] AVISO
    [error] ERRO
    [resolved] RESOLVIDO
   *[critical] CRÍTICO
}
batch-subject = { $count } alertas: { $parts }
batch-critical = { $count ->
    [one] { $count } crítico
   *[other] { $count } críticos
}
batch-resolved = { $count ->
    [one] { $count } resolvido
   *[other] { $count } resolvidos
}
batch-other = { $count ->
    [one] { $count } outro
   *[other] { $count } outros
}
digest-line = { $count } × { $kind }
alert-kind = { $kind ->
    [budget] limite do orçamento
    [pool] pool do provedor
    [projection] projeção do orçamento
    [daily_limit] limite diário de agente
    [downgrade] rebaixamento automático
    [usage_records_dropped] registros de uso perdidos
    [unpriced_model] modelo sem preço
    [paid_key_fallback] recurso à chave paga
    [credential_refused] credencial recusada
    [subscription_refused] assinatura recusada
    [credential_exhausted] credencial sem crédito
    [bot_config_rolled_back] configuração revertida
    [bot_unhealthy_after_change] bot com problema após uma mudança
    [bot_unreachable] bot inacessível
    [channel_down] WhatsApp desconectado
    [config_invalid] configuração inválida
    [bot_errors] chamadas ao modelo falhando
    [bot_recovered] bot recuperado
    [no_traffic] sem tráfego
    [billing] cobrança
    [test] teste
   *[other] { $kind }
}

## Alertas de orçamentos, do gateway e do pool

alert-budget = { $percent }% do orçamento deste mês foi gasto: { $spent } de { $budget }
alert-pool = o pool do provedor tem { $percent }% ou menos do crédito restante
alert-credits-low = restam { $percent }% ou menos dos créditos Opus deste espaço ({ $left }); um proprietário pode comprar mais na página Cobrança
alert-credits-empty = os créditos Opus deste espaço não pagam mais os seus pedidos (restam { $left }): pedidos ao Opus são recusados, ou atendidos pelo Sonnet se o rebaixamento automático estiver ligado, até que um proprietário compre mais na página Cobrança
alert-projection = neste ritmo você ultrapassa o orçamento de { $budget } em { $day } (projeção para o fim do mês: { $projected })
alert-daily-limit = { $agent } atingiu o limite diário de { $limit }; pausado até { $until }
alert-downgrade-engaged = rebaixamento automático ativado: restam { $left } de { $budget }, menos de { $share }%; pedidos ao Opus são atendidos pelo modelo mapeado
alert-downgrade-released = rebaixamento automático desativado: restam { $left } de { $budget }
alert-usage-dropped = { $count } registros de uso foram perdidos (fila cheia ou acúmulo em disco grande demais)
alert-unpriced-model = o modelo { $model } não tem preço; cobrado pelo maior preço conhecido até que um seja definido
alert-paid-key-fallback = todas as assinaturas estão esgotadas ou falhando; atendendo por { $credential }
alert-payment-failed = um pagamento do plano { $plan } falhou; o plano continua por { $days ->
    [one] mais um dia
   *[other] mais { $days } dias
} enquanto o Stripe tenta de novo: atualize a forma de pagamento na página Cobrança
alert-plan-lapsed = o período de carência após um pagamento recusado terminou: o espaço está no plano { $plan } agora, com os bots e grupos acima dele pausados (nada foi apagado) até um pagamento ser aprovado
alert-credential-refused = { $credential } foi recusada pelo provedor (HTTP { $status })
alert-subscription-refused = { $credential } foi recusada como uso de terceiros de uma assinatura; deixada de lado por uma hora
alert-credential-exhausted = { $credential } foi recusada pelo provedor por cobrança (HTTP { $status }: sem crédito?); deixada de lado por uma hora

## Uma mudança feita pelo BaaS que o bot não aguentou

config-unhealthy = o bot { $bot } não voltou saudável em { $seconds } s após a versão { $version } da configuração
alert-config-rolled-back = { $what }; a versão { $previous } foi restaurada automaticamente (agora versão { $now })
alert-config-restore-failed = { $what }; restaurar a versão { $previous } falhou: { $error }
alert-config-unreachable = { $what } e não pode ser alcançado para reverter
alert-config-unreachable-restore = { $what } e não pode ser alcançado para reverter; restaure a versão { $previous } na página dele quando voltar

## O que uma verificação de saúde encontrou

probe-healthy = saudável
probe-not-connected = o gateway não está conectado
probe-connection = { $error }
probe-health-failed = o gateway não respondeu à verificação de saúde: { $error }
probe-channel-down = o WhatsApp (conta { $account }) está vinculado mas não conectado
probe-channel-down-error = o WhatsApp (conta { $account }) está vinculado mas não conectado: { $error }
probe-config-invalid = o gateway informa que a configuração é inválida
probe-config-invalid-issues = o gateway informa que a configuração é inválida ({ $issues })
probe-errors = { $failed } das últimas { $calls } chamadas ao modelo dos agentes falharam

## Incidentes

alert-bot-unreachable = O bot { $bot } está inacessível
    .detail = { $reason }. { $tried }
alert-channel-down = Bot { $bot }: o WhatsApp está desconectado
    .detail = { $reason }. { $tried }
alert-config-invalid = Bot { $bot }: a configuração é inválida
    .detail = { $reason }. { $tried }
alert-bot-errors = Bot { $bot }: a maioria das chamadas ao modelo falha
    .detail = { $reason }. { $tried }
escalation-nothing-tried = { $tone ->
    [technical] Nenhuma ação automática possível enquanto inacessível; verifique o host.
    [formal] Nada pode ser feito automaticamente enquanto ele estiver inacessível; por gentileza, verifique a máquina em que ele roda.
   *[other] Não dá para fazer nada automaticamente enquanto ele estiver fora do ar; dá uma olhada na máquina em que ele roda.
}
escalation-tried = { $tone ->
    [technical] Tentativas: { $actions }. Intervenção manual necessária.
    [formal] Tentamos: { $actions }. Por gentileza, verifique.
   *[other] Já tentei: { $actions }. Dá uma olhada, por favor.
}
escalation-restarts = { $count ->
    [one] reiniciei uma vez
   *[other] reiniciei { $count } vezes
}
escalation-restored = restaurei a versão { $version } da configuração
escalation-restarts-refused = { $count ->
    [one] o gateway recusou um reinício
   *[other] o gateway recusou { $count } reinícios
}
escalation-restore-failed = não consegui restaurar a versão { $version } da configuração
escalation-and = { $first } e { $second }
alert-still-unresolved = Ainda sem solução após { $minutes } minutos: bot { $bot }
    .detail = { $reason }
alert-bot-recovered = O bot { $bot } está saudável de novo
    .detail = { $minutes ->
        [one] Incidente { $incident } resolvido após { $minutes } minuto.
       *[other] Incidente { $incident } resolvido após { $minutes } minutos.
    }
alert-no-traffic = O bot { $bot } está sem tráfego há { $hours } horas
    .detail = Os agentes dele não fizeram chamadas ao modelo pelo BaaS desde { $since }, embora costumem fazer. Verifique se o WhatsApp está vinculado e se as pessoas conseguem falar com ele.
alert-test = Notificação de teste para "{ $channel }"
    .detail = { $who } pediu este teste; se ele chegou, o canal funciona.

## Relatórios de saúde

report-daily-subject = Relatório diário de saúde — { $workspace } — { $day }
report-weekly-subject = Relatório semanal de saúde — { $workspace } — semana de { $day }
report-bot = { $incidents ->
    [0] { $bot }: disponibilidade { $uptime }, nenhum incidente
    [one] { $bot }: disponibilidade { $uptime }, { $incidents } incidente
   *[other] { $bot }: disponibilidade { $uptime }, { $incidents } incidentes
}
report-no-checks = sem verificações
report-no-bots = Nenhum bot ainda.
report-spend-day = Gasto de ontem: { $spend }
report-spend-week = Gasto desta semana: { $spend } (na semana anterior: { $before })
report-month-budget = No mês até agora: { $spent } de um orçamento de { $budget }; projeção para o mês: { $projected }{ $over ->
    [yes] {" "}— acima do orçamento
   *[no] {""}
}
report-month-no-budget = No mês até agora: { $spent }; projeção para o mês: { $projected } (sem orçamento definido)
