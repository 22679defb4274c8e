## Página de cobrança

nav-billing = Cobrança
billing-title = Cobrança
billing-current = Plano { $plan }
billing-per-month = { $price } por mês
billing-free = Grátis
billing-off = A cobrança não está ativada neste servidor: o operador define os planos manualmente.
billing-renews = Pago; renova em { $when }.
billing-ends = Pago até { $when }; a assinatura termina então e o espaço passa para o Starter.
billing-grace = Um pagamento falhou. O plano continua até { $when } enquanto o Stripe tenta de novo; atualize a forma de pagamento no portal de cobrança.
billing-lapsed = O período de carência terminou em { $when }: o espaço está no Starter, com os bots e grupos acima dele pausados (nada foi apagado). Pagar de novo restaura o plano na hora.
billing-ended = A assinatura terminou; o espaço está no plano grátis.
billing-no-subscription = Sem assinatura: um pagamento recusado mantém o plano por { $days } dias antes de o espaço passar para o Starter.
billing-manage = Gerenciar pagamento e faturas
billing-manage-help = Abre o portal de cobrança do Stripe: cartões, faturas, troca de plano e cancelamento.
billing-checkout-success = Pagamento recebido. Seu plano muda assim que o Stripe confirmar, em geral em segundos.
billing-checkout-cancelled = Pagamento cancelado; nada foi cobrado.
billing-usage = Uso neste mês
billing-groups-most = Grupos de WhatsApp (bot com mais grupos)
billing-plans = Planos
billing-your-plan = Seu plano
billing-upgrade = Assinar
billing-change-in-portal = Troque no portal de cobrança
billing-not-on-sale = Ainda não está à venda
billing-owners-only = Só proprietários trocam o plano
billing-unlimited = ilimitado
billing-models = Modelos: { $models }
billing-messages = { $count } mensagens por mês
billing-groups = { $count } grupos de WhatsApp por bot
billing-bots = { $count } bots
billing-api = Acesso à API
billing-credit-models = { $models } pago com créditos pré-pagos
billing-invoices = Faturas
billing-no-invoices = Nenhuma fatura ainda.
billing-invoice-number = Número
billing-invoice-date = Data
billing-invoice-amount = Valor
billing-invoice-status = Situação
billing-invoice-view = Ver
billing-invoice-open = Em aberto
billing-invoice-draft = Rascunho
billing-invoice-paid = Paga
billing-invoice-uncollectible = Incobrável
billing-invoice-void = Anulada

## Billing page: prepaid credits

credits-title = Créditos Opus
credits-help = Neste plano o { $models } é pago com créditos pré-pagos: cada pedido reserva o custo máximo possível até terminar e depois paga o custo real. Sem créditos esses pedidos são recusados, ou atendidos pelo Sonnet se o rebaixamento automático estiver ligado (Orçamentos).
credits-balance = Saldo
credits-spent-month = Gasto neste mês
credits-spent-all = Gasto no total
credits-buy = Comprar
credits-owners-only = Proprietários compram créditos
credits-history = Compras
credits-none-yet = Nenhum crédito comprado ainda.
credits-entry = Lançamento
credits-amount = Créditos
credits-paid = Pago
credits-kind-purchase = Pacote comprado
credits-kind-grant = Concedido pelo operador
credits-checkout-success = Pagamento recebido. Os créditos aparecem assim que o Stripe confirmar, em geral em segundos.

## Operator page: billing

operator-billing = Cobrança
operator-mrr = Receita recorrente mensal:
operator-plan = Plano
operator-subscriptions = Assinaturas pagas
operator-monthly = Por mês
operator-failed-payments = Pagamentos recusados
operator-no-failed-payments = Nenhum pagamento recusado.
operator-workspace = Espaço
operator-standing = Situação
operator-failing-since = Falhando desde
operator-standing-grace = Em carência
operator-standing-lapsed = Passou para o Starter
operator-plan-prices = Preços dos planos
operator-prices-help = O preço mensal de cada plano pago em reais e o Price do Stripe em que é vendido (price_…). Um plano sem Price do Stripe não está à venda.
operator-price-brl = R$ por mês
operator-stripe-price = Price do Stripe
operator-grace-days = Carência após um pagamento recusado (dias)
operator-plan-price-invalid = O preço não é um valor: { $error }
operator-grace-invalid = Informe a carência em dias inteiros, de 0 a 60.
operator-plan-by-hand = Definido manualmente: o Stripe não o altera
operator-follow-stripe = Voltar a seguir o Stripe
operator-credit-packs = Pacotes de créditos Opus
operator-credit-sales = { $count } pacotes vendidos, { $brl } no total
operator-packs-help = Espaços Business pagam o Opus com créditos pré-pagos. Cada pacote: o crédito em US$, o preço em R$ e um Stripe Price avulso (price_…).
operator-pack-credit = Crédito (US$)
operator-pack-price = Preço (R$)
operator-pack-add = Pôr à venda
operator-pack-remove = Tirar de venda
operator-pack-invalid = O campo { $field } não é um valor: { $error }

## Workspace data and accounts (LGPD)

privacy-title = Os dados do seu espaço
privacy-export-help = Baixe tudo o que este espaço guarda — membros, agentes, chaves (nunca os segredos), bots, arquivos de persona, conhecimento, conversas, uso, alertas, incidentes, o registro de auditoria e a cobrança — em um arquivo JSON.
privacy-export = Exportar todos os dados (JSON)
privacy-delete-title = Excluir este espaço
privacy-delete-help = A assinatura é cancelada, os bots são desconectados, os segredos são destruídos e os dados das pessoas são apagados. O uso é mantido apenas sem nomes, para a contabilidade. Não é possível desfazer.
privacy-type-name = Digite o nome do espaço
privacy-delete = Excluir o espaço
privacy-account-title = Sua conta
privacy-account-help = Excluir sua conta encerra suas sessões e apaga seu endereço; os espaços dos quais você é o único dono são excluídos junto. Se você é o último dono de um espaço com outros membros, torne um deles dono antes.
privacy-type-email = Digite seu endereço
privacy-account-delete = Excluir minha conta
