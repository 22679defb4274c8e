# The operator's pages and the plans.

## The provider pool

operator-only-title = Somente operadores
operator-only-text = O pool de provedores e os preços são gerenciados por quem opera este BaaS.
operator-back = Voltar ao seu espaço de trabalho
operator-intro = As chamadas de modelo de todos os espaços de trabalho são atendidas por estas credenciais: primeiro a melhor faixa de prioridade (número menor); dentro de uma faixa, as assinaturas antes das chaves de API; e primeiro a que tiver mais folga. As mudanças chegam ao gateway em até 10 segundos.
operator-credentials = Credenciais
operator-no-credentials = Ainda não há credenciais: adicione uma chave de API da Anthropic abaixo.
operator-name = Nome
operator-name-placeholder = espaco-a
operator-kind = Tipo
operator-priority = Prioridade
operator-base-url = URL base
operator-col-remaining = Restante do limite
operator-col-limits = Limites próprios (por minuto)
operator-col-state = Estado
operator-kind-api-key = Chave de API da Anthropic
operator-kind-subscription = Assinatura do Claude
operator-kind-subscription-token = Assinatura do Claude (token OAuth)
operator-secret = Segredo
operator-add-heading = Adicionar uma credencial
operator-add = Adicionar
operator-credential-added = Credencial adicionada
operator-subscription-risk = Os termos de consumidor da Anthropic (2026) proíbem usar tokens das assinaturas Free/Pro/Max em produtos de terceiros; essas chamadas são recusadas ou cobradas como uso extra. Por isso as credenciais de assinatura são adicionadas desativadas; ative uma só se aceitar esse risco.
operator-subscription-risk-short = Os termos de consumidor da Anthropic proíbem tokens de assinatura em produtos de terceiros: as chamadas podem ser recusadas ou cobradas como uso extra.
operator-requests = Requisições
operator-tokens = Tokens
operator-save = Salvar
operator-enabled = Ativada
operator-disabled = Desativada
operator-enable = Ativar
operator-disable = Desativar
operator-reported = informado em { $when }
operator-not-reported = ainda não informado
operator-fallback-lead = Recurso às chaves pagas neste mês:
operator-fallback-detail = { $requests ->
    [0] em nenhuma requisição
    [one] em { $requests } requisição
   *[other] em { $requests } requisições
}: o que as chaves de API atenderam desde { $since } enquanto havia assinaturas no pool.
operator-no-fallback = Não há assinaturas no pool: as chaves de API atendem todas as requisições, então nada é recurso.

## Prices

operator-prices = Preços (USD por milhão de tokens)
operator-model = Modelo
operator-set-price-heading = Definir um preço
operator-cache-read-placeholder = 0,1 × entrada
operator-cache-write-placeholder = 1,25 × entrada
operator-save-price = Salvar preço

## What the pool's and prices' forms refuse

operator-priority-invalid = a prioridade deve ser um número inteiro (o menor é tentado primeiro)
operator-limit-invalid = { $field }: informe um número inteiro positivo ou deixe vazio para nenhum
operator-field-rpm = requisições por minuto
operator-field-tpm = tokens por minuto
operator-price-invalid = { $field }: informe USD por milhão de tokens, como 3 ou 0,30
operator-price-refused = { $field }: { $error }
operator-field-input = entrada
operator-field-output = saída
operator-field-cache-read = leitura de cache
operator-field-cache-write = escrita de cache
operator-model-invalid = o nome do modelo deve ter de 1 a 100 caracteres

## Plans

operator-plans = Planos
operator-plans-help = Números vazios significam ilimitado. Os modelos são famílias: haiku, sonnet, opus. O gateway impõe os modelos e as mensagens; o painel impõe os grupos e os bots.
operator-models = Modelos
operator-default-model = Padrão
operator-messages-month = Mensagens/mês
operator-groups = Grupos
operator-bots = Bots
operator-api-access = Acesso à API
operator-tenants = Espaços de trabalho
operator-set-plan = Definir plano
operator-cap-field = Limite de gastos (USD por mês; vazio para nenhum)
operator-cap-none = nenhum
operator-set-cap = Definir limite
operator-pool-alerts = Alertas do pool
operator-no-pool-alerts = Nenhum alerta do pool.
operator-acknowledged = Reconhecido
operator-count-invalid = { $field }: informe um número inteiro ou deixe vazio para ilimitado
operator-field-messages = mensagens por mês
operator-field-groups = grupos de WhatsApp
operator-field-bots = bots
operator-cap-invalid = limite de gastos: { $error }

## The operators' own notification channels

operator-channels = Canais de notificação dos operadores
operator-channels-help = Os alertas que não pertencem a nenhum espaço de trabalho (o restante do pool, credenciais recusadas, o recurso às chaves pagas, uso descartado) vêm para cá. Sem um canal de e-mail próprio, os operadores recebem por e-mail.
operator-test-email = Enviar um e-mail de teste aos operadores
operator-no-channels = Ainda não há canais próprios.
operator-add-channel = Adicionar canal
operator-channel-added = Canal adicionado
operator-channel-removed = Canal removido
operator-channel-kind-invalid = tipo: email, webhook ou slack
money-brl-equivalent = ≈ { $brl } a { $rate } por US$ (cotação do operador de { $date }; cobrado em US$)

rate-title = Reais nas páginas dos espaços de trabalho
rate-help = Os espaços de trabalho são cobrados em US$, como o provedor cobra. Com uma cotação aqui, as páginas também mostram o equivalente em reais, com esta cotação e a data dela. Deixe o campo vazio para não mostrar reais.
rate-field = Reais por US$
rate-reads = = { $rate } por US$
rate-none = Sem cotação: os reais não aparecem.
rate-current = Agora: { $rate } por US$, definida em { $date } (UTC).
rate-unset = Nenhuma cotação definida: os espaços de trabalho veem só US$.
rate-save = Salvar cotação
