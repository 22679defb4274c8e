# Agents & keys, Bots and their settings, Persona, Knowledge, Team, sign-in, invites, a new workspace, the operator pages and the shared form pieces.

## Shared form pieces

forms-saving = Salvando…
forms-saved = Salvo
forms-cancel = Cancelar
clipboard-copy = Copiar
clipboard-copied = Copiado
clipboard-copied-note = Copiado para a área de transferência.
clipboard-refused = Este navegador não permitiu copiar: selecione o texto e copie-o.

## Amounts of money as typed: why one is refused (the example is written the typist's way)

amount-not-a-number = “{ $raw }” não é um valor; digite-o como { $example }
amount-ambiguous = “{ $raw }” pode ser lido de duas formas: aqui o separador decimal é “{ $decimal }” e o de milhares é “{ $group }”, como em { $example }
amount-too-precise = “{ $raw }” tem mais de seis casas decimais
amount-too-large = “{ $raw }” é mais que { $max }
amount-negative = “{ $raw }” é negativo
amount-field-monthly-budget = orçamento mensal: { $error }
amount-field-daily-limit = limite diário: { $error }

## Sign-in

login-title = Entrar
login-intro = Enviamos um link para o seu e-mail. Sem senha; é novo por aqui? O mesmo link cria sua conta.
login-email = E-mail
login-email-placeholder = voce@empresa.com
login-request = Enviar link de acesso por e-mail
login-check-email = Confira seu e-mail
login-sent-before = Se
login-sent-after = puder receber e-mails, um link de acesso está a caminho. Ele funciona uma única vez e expira em 15 minutos.
login-other-address = Usar outro endereço
login-finish = Concluir o acesso
login-link-incomplete = Link incompleto
login-link-missing-code = Falta o código neste link de acesso. Abra o link completo do e-mail ou peça um novo.
login-request-new = Pedir um novo link
login-checking = Verificando o link…
login-signing-in-as = Você está entrando como
login-not-yours = . Se esse não é o seu endereço, feche esta página: alguém enviou o link dela para você.
login-link-unusable = Este link expirou ou já foi usado. Peça um novo.
login-confirm = Entrar no BaaS
login-invalid-email = Isso não parece um endereço de e-mail (esperado: nome@exemplo.com).
login-rate-limited = Muitos links de acesso pedidos. Tente novamente em { $seconds } segundos.
login-rate-limited-soon = Muitos links de acesso pedidos. Tente novamente em alguns segundos.
login-link-invalid = Esse link de acesso não é válido. Peça um novo abaixo.
login-link-expired = Esse link de acesso expirou (os links valem por 15 minutos). Peça um novo abaixo.
login-link-used = Esse link de acesso já foi usado. Peça um novo abaixo.
login-session-expired = Sua sessão terminou. Entre novamente.
login-something-wrong = Algo deu errado. Tente novamente.

## A new workspace

onboarding-title = Criar um espaço de trabalho
onboarding-loading = Carregando…
onboarding-signed-in-as = Conectado como
onboarding-holds = . Um espaço de trabalho reúne seus bots, agentes, equipe e custos.
onboarding-name = Nome do espaço de trabalho
onboarding-name-placeholder = Suporte Acme
onboarding-timezone = Fuso horário
onboarding-timezone-help = Datas, horários e os meses do orçamento seguem este fuso; digite uma cidade para buscar (dá para mudar depois em Orçamentos).
zone-placeholder = Digite uma cidade, ex.: Sao Paulo
onboarding-create = Criar espaço de trabalho
onboarding-created = Espaço de trabalho criado
onboarding-or-open = Ou abra um dos seus:

## Not found

notfound-title = Página não encontrada
notfound-text = Não há nada neste endereço.
notfound-home = Ir para o seu espaço de trabalho

## Bots

bots-title = Bots
bots-refresh = Atualizar
bots-intro = Cada bot é uma instalação do Clawdbot ou do OpenClaw. O BaaS mantém uma conexão com o gateway dele, verifica sua saúde a cada 15 segundos e se reconecta sozinho.
bots-empty = Ainda não há bots. Adicione um com o endereço do gateway (por exemplo ws://host:18789) e o token do gateway.
bots-col-name = Nome
bots-col-gateway = Gateway
bots-col-state = Estado
bots-col-last-seen = Visto por último
bots-col-version = Versão
bots-name = Nome
bots-gateway-address = Endereço do gateway
bots-gateway-token = Token do gateway
bots-add = Adicionar bot
bots-added = Bot adicionado: ele aparece online assim que o BaaS o alcançar.
bots-removed = Bot removido: as chaves dele não funcionam mais.
bots-remove-question = Remover o bot “{ $name }”? O BaaS deixa de monitorá-lo e revoga as chaves que deu ao bot, então as chamadas de modelo do bot pelo BaaS param na hora.
bots-never = nunca
bots-paused-by-plan = pausado pelo plano
bots-paused-by-plan-help = Acima do limite de bots do plano: seus pedidos são recusados até o plano permitir de novo. Nada foi apagado.
bots-remove = Remover
bots-remove-confirm = Remover bot

## Agents

agents-title = Agentes e chaves
agents-intro = Um agente aqui é um agente do seu bot. O bot chama o gateway com a chave virtual do agente, então cada chamada de modelo é contada, limitada e cobrada do agente certo.
agents-heading = Agentes
agents-empty = Ainda não há agentes. Adicione um abaixo com o id que ele tem na configuração do seu bot.
agents-col-name = Nome
agents-col-agent-id = Id do agente no bot
agents-col-created = Criado em
agents-deleted = Agente excluído; as chaves dele não funcionam mais.
agents-add-heading = Adicionar um agente
agents-name = Nome
agents-agent-id = Id do agente no Clawdbot
agents-agent-id-title = Letras, dígitos, - e _
agents-help-id = O id do agente é o nome que este agente tem na configuração do seu bot: o
agents-help-list = da entrada dele em
agents-help-entries = (Clawdbot) ou a chave dele em
agents-help-main = (OpenClaw). Um bot com um único agente o chama de
agents-help-chars = . Apenas letras, dígitos, - e _.
agents-add = Adicionar agente
agents-added = Agente adicionado
agents-delete-question = Excluir o agente “{ $name }”? As chaves dele são revogadas na hora e os bots que as usam param de funcionar; o uso dele continua nos seus relatórios.
agents-new-name = Novo nome
agents-save-name = Salvar nome
agents-rename = Renomear
agents-delete = Excluir
agents-delete-confirm = Excluir agente

## Virtual keys (on the agents page)

keys-heading = Chaves virtuais
keys-loading = Carregando…
keys-empty = Ainda não há chaves.
keys-col-key = Chave
keys-col-name = Nome
keys-col-agent = Agente
keys-col-last-used = Último uso
keys-col-state = Estado
keys-create-heading = Criar uma chave
keys-agent = Agente
keys-name = Nome da chave
keys-create = Criar chave
keys-created = Chave criada: copie-a abaixo
keys-revoked = Chave revogada: ela não funciona mais.
keys-deleted-agent = (agente excluído)
keys-revoke-question = Revogar a chave “{ $name }”? Os bots que a usam param de funcionar na hora.
keys-never = nunca
keys-active = Ativa
keys-revoked-state = Revogada
keys-revoke = Revogar
keys-revoke-confirm = Revogar chave
keys-copy-now = Copie esta chave agora: ela é mostrada uma única vez.
keys-key = Chave
keys-base-url = URL base do gateway
keys-sends-to = O bot envia as chamadas de modelo deste agente para
keys-paste = (a API Messages da Anthropic) com a chave como sua chave de API. Cole a parte do seu bot no arquivo de configuração dele; ela adiciona um provedor de modelos que aponta para o BaaS e define nele o modelo do agente.

## Team

team-loading = Carregando…
team-title = Equipe
team-members = Membros
team-col-email = E-mail
team-col-role = Função
team-col-joined = Entrou em
team-col-state = Estado
team-col-expires = Expira em
team-invite-heading = Convidar alguém
team-email = E-mail
team-email-placeholder = nome@empresa.com
team-role = Função
team-create-invite = Criar link de convite
team-invite-created = Convite criado
team-invites = Convites
team-no-invites = Ainda não há convites.
team-invite-revoked = Convite revogado: o link dele não funciona mais.
team-invite-emailed = Enviamos este link por e-mail para { $email }. Você também pode enviá-lo por conta própria:
team-invite-not-emailed = Não foi possível enviar o e-mail para { $email }: envie este link você mesmo.
team-invite-once = ele é mostrado uma única vez, funciona uma vez, só para esse endereço, e expira em 7 dias.
team-invite-link = Link de convite
team-make-owner-question = Tornar { $email } proprietário? Um proprietário pode fazer tudo neste espaço de trabalho, inclusive alterar ou remover os outros proprietários (você também); só um proprietário pode retirar essa função.
team-unmake-owner-question = Tornar { $email } { $role ->
    [admin] administrador
    [member] membro
   *[viewer] leitor
} em vez de proprietário? Essa pessoa perde na hora os poderes de proprietário.
team-remove-question = Remover { $email } deste espaço de trabalho? Essa pessoa perde o acesso na hora; um convite a traz de volta.
team-you = você
team-save-role = Salvar função
team-make-owner = Tornar proprietário
team-change-role = Alterar função
team-role-saved = Função salva
team-remove = Remover
team-remove-confirm = Remover membro
team-revoke-question = Revogar o convite para { $email }? O link dele para de funcionar na hora.
team-revoke = Revogar
team-revoke-confirm = Revogar convite
team-state-pending = Pendente
team-state-accepted = Aceito
team-state-revoked = Revogado
team-state-expired = Expirado

## Accepting an invite

invite-title = Convite
invite-loading = Carregando…
invite-not-valid = Convite inválido
invite-ask-again = Peça um novo link a quem convidou você.
invite-join = Entrar em
invite-invited-as = Convidado como
invite-for = para
invite-used = Este convite já foi usado.
invite-revoked = Este convite foi revogado.
invite-expired = Este convite expirou.
invite-valid-until = Válido até
invite-accept = Aceitar e entrar
invite-joined = Você entrou
invite-signed-in-as = Você está conectado como
invite-sign-out-then = . Saia e entre como
invite-to-accept = para aceitar.
invite-sign-in-to-accept = Entrar para aceitar
