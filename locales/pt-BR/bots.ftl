# The bot pages: conversations, settings, persona, knowledge and channels.

## Conversations and transcripts

conv-sync-now = Sincronizar agora
conv-syncing = Sincronizando…
conv-intro = Importadas das sessões de cada bot a cada 10 minutos; as conversas em grupo trazem o grupo do WhatsApp, então dá para ver o custo por grupo.
conv-synced = { $seen ->
    [one] { $seen } sessão lida
   *[other] { $seen } sessões lidas
}; novas: { $added }, atualizadas: { $updated }.
conv-cost-by-group = Custo por grupo
conv-nothing-synced = Nada sincronizado ainda.
conv-col-group = Grupo
conv-col-conversations = Conversas
conv-col-tokens = Tokens de entrada / saída
conv-col-cost = Custo
conv-direct = Mensagens diretas
conv-empty = Ainda não há conversas. Adicione um bot e sincronize.
conv-col-place = Grupo ou canal
conv-col-agent = Agente
conv-col-last-message = Última mensagem
conv-col-updated = Atualizada em
conv-transcript = Transcrição
conv-all = Todas as conversas
conv-reading = Lendo do bot…
conv-no-messages = Nenhuma mensagem.
conv-role = { $role ->
    [user] usuário
    [assistant] assistente
    [system] sistema
    [unknown] desconhecido
   *[other] { $role }
}

## Knowledge base

knowledge-title = Base de conhecimento
knowledge-intro = Documentos que este bot usa para responder. O BaaS guarda o texto deles e o grava na memória de cada agente do bot (o MEMORY.md do OpenClaw): o agente o lê a cada mensagem e faz buscas nele quando é longo.
knowledge-upload = Enviar
knowledge-upload-help = Texto simples, Markdown ou PDF com texto, até 10 MB. Um documento com o mesmo nome de outro que já está aqui o substitui.
knowledge-resend = Enviar ao bot de novo
knowledge-resent = { $count ->
    [one] Enviado; a memória de { $count } agente mudou.
   *[other] Enviado; a memória de { $count } agentes mudou.
}
knowledge-room = { $documents } de { $documents_limit } documentos, { $chars } de { $chars_limit } caracteres
knowledge-empty = Ainda não há documentos. Envie uma tabela de preços, um FAQ ou uma política, e o bot responde com base neles.
knowledge-col-document = Documento
knowledge-col-kind = Tipo
knowledge-col-chars = Caracteres
knowledge-col-updated = Atualizado em
knowledge-kind = { $kind ->
    [text] Texto
    [markdown] Markdown
    [pdf] PDF
   *[other] { $kind }
}
knowledge-delete = Excluir
knowledge-delete-question = Excluir { $name }? O bot deixa de responder com base nele.
knowledge-unsupported = O gateway do { $gateway } não grava arquivos de memória nos agentes, então ele não pode ter uma base de conhecimento; o OpenClaw (2026.9 ou posterior) pode.

## Persona

persona-title = Persona
persona-intro = Quem o agente é e como ele fala. O OpenClaw coloca estes arquivos nas instruções do agente já na próxima mensagem; um salvamento só vale se ninguém alterou o arquivo desde que esta página foi carregada.
persona-reading = Lendo do bot…
persona-agent = Agente
persona-preview = Prévia
persona-count = { $count } de { $max } caracteres que o agente lê
persona-save = Salvar
persona-saved-version = Salvo como versão { $version }.
persona-versions-of = Versões de { $file }
persona-no-versions = Ainda não há versões: o primeiro salvamento também guarda o arquivo como estava.
persona-version = Versão { $version }
persona-changes = Alterações
persona-restore = Restaurar
persona-agent-not-found = agente não encontrado neste bot
persona-unsupported = O gateway do { $gateway } não oferece arquivos de persona; o do OpenClaw (2026.9 ou posterior) oferece.

## Notification channels (Admin Agent and operator pages)

channels-remove-question = Remover o canal “{ $name }”? Os alertas deixam de ir para ele na hora.
channels-test = Enviar uma notificação de teste
channels-new-secret = Novo segredo de assinatura
channels-remove = Remover
channels-remove-confirm = Remover canal
channels-kind = Tipo
channels-kind-name = { $kind ->
    [email] e-mail
    [webhook] webhook
    [slack] Slack
    [whatsapp] WhatsApp
   *[other] { $kind }
}
channels-kind-email = E-mail
channels-kind-webhook = Webhook (assinado)
channels-kind-slack = Webhook de entrada do Slack
channels-kind-whatsapp = WhatsApp (por um bot)
channels-name = Nome
channels-target = Endereços, números ou URL
channels-bot-id = Id do bot (só WhatsApp)
channels-status = { $status ->
    [sending] enviando
    [sent] enviada
    [retrying] tentando de novo
    [failed] falhou
   *[other] { $status }
}
channels-test-result = Teste para { $recipient }: { $status }
channels-test-result-error = Teste para { $recipient }: { $status } ({ $error })
channels-secret = Segredo de assinatura (mostrado uma única vez; copie-o agora):

## Bot settings

botcfg-title = Configurações do bot
botcfg-all-bots = Todos os bots
botcfg-intro = Cada salvamento é verificado contra o próprio esquema de configuração do bot antes de ser enviado, só é aplicado se ninguém alterou a configuração desde que esta página foi carregada e fica guardado como uma versão à qual você pode voltar.
botcfg-saved-version = Salvo como versão { $version }.
botcfg-provisioned = Os agentes agora usam o BaaS (versão { $version }).
botcfg-agent-created = Agente criado (versão { $version }).
botcfg-rolled-back = Revertido; salvo como versão { $version }.
botcfg-reading = Lendo a configuração do bot…
botcfg-provision-heading = Chamadas de modelo pelo BaaS
botcfg-provision-help = Dá a cada agente deste bot a própria chave virtual e um provedor de modelos apontando para este BaaS, para que cada chamada seja contada para o agente certo. Os agentes que faltarem aqui são criados.
botcfg-provision = Apontar os agentes para o BaaS
botcfg-groups = Grupos do WhatsApp
botcfg-col-group = Grupo
botcfg-col-mention = Responde só quando mencionado
botcfg-col-agent = Agente (e, portanto, o modelo dele)
botcfg-group-policy = Política de grupos
botcfg-group-members = Membros atendidos em "Só os da lista" (E.164, separados por vírgulas)
botcfg-save-members = Salvar membros
botcfg-dms = Mensagens diretas
botcfg-dm-policy = Política de mensagens diretas
botcfg-allowed-numbers = Números permitidos (E.164, separados por vírgulas)
botcfg-save-numbers = Salvar números
botcfg-agents = Agentes
botcfg-persona-help-before = Os arquivos de persona (SOUL.md e os demais) ficam no workspace de cada agente, na máquina do bot. No OpenClaw, edite-os na página
botcfg-persona-help-after = deste bot; no Clawdbot 2026.1.24, o gateway não tem um método para gravá-los, então edite-os na máquina dele.
botcfg-global-patterns = Padrões de menção para todos os agentes (expressões regulares, uma por linha)
botcfg-save-patterns = Salvar padrões
botcfg-skills = Skills
botcfg-no-skills = O bot não informa nenhuma skill.
botcfg-col-skill = Skill
botcfg-col-on = Ativa
botcfg-col-what = O que faz
botcfg-versions = Versões
botcfg-no-versions = Nenhuma alteração feita pelo BaaS ainda. O primeiro salvamento também guarda a configuração como estava.
botcfg-col-version = Versão
botcfg-col-when = Quando
botcfg-col-by = Por
botcfg-col-change = Alteração
botcfg-policy = { $policy ->
    [allowlist] Só os da lista
    [open] Todos
    [disabled] Ninguém
    [pairing] Código de pareamento
   *[other] Desconhecida
}
botcfg-every-group = Todos os grupos (padrão)
botcfg-mention-not-set = (não definido: padrão do Clawdbot)
botcfg-default-routing = Roteamento padrão
botcfg-diff = Diferenças
botcfg-restore = Restaurar
botcfg-through-baas = pelo BaaS
botcfg-not-through-baas = ainda não passa pelo BaaS
botcfg-name = Nome
botcfg-emoji = Emoji
botcfg-avatar = Avatar (URL ou caminho)
botcfg-save-identity = Salvar identidade
botcfg-model = Modelo
botcfg-default-model = (padrão do Clawdbot)
botcfg-agent-patterns = Padrões de menção deste agente (um por linha)
botcfg-persona-files = Arquivos de persona:
botcfg-copy-as = Copiar como (novo id)
botcfg-duplicate = Duplicar
botcfg-delete-agent-question = Excluir o agente { $agent }? As rotas de grupo dele também são removidas.
botcfg-delete = Excluir
botcfg-delete-agent = Excluir agente…
botcfg-new-agent = Novo agente
botcfg-id = Id
botcfg-template = Modelo de agente
botcfg-template-name = { $template ->
    [sales] Vendas
    [support] Suporte
    [hr] RH
   *[other] { $template }
}
botcfg-create-agent = Criar agente
botcfg-persona-for = Persona para o SOUL.md dele (copie-a para lá; o gateway não consegue gravar arquivos do workspace):
botcfg-bot-not-found = bot não encontrado
botcfg-unknown-model = "{ $model }" não é um modelo da tabela de preços
botcfg-unknown-setting = configuração desconhecida "{ $setting }"
botcfg-bad-template = o modelo de agente deve ser vendas, suporte ou RH
botcfg-persona-not-written = o agente foi adicionado, mas a persona dele não pôde ser gravada ({ $error }); grave-a na página Persona

## A bot that cannot be reached: its pages show what is known, new addresses are tried first.
botreach-why-unreachable = Nada respondeu nesse endereço.
botreach-why-not-allowed = O endereço não é um endereço público da internet.
botreach-why-token-refused = O gateway recusou o token.
botreach-why-not-a-gateway = O que respondeu não é um gateway Clawdbot ou OpenClaw.
botreach-why-not-paired = O gateway ainda não aprovou o BaaS.
botreach-why-no-scopes = O gateway aceitou o token, mas não deixa o BaaS gerenciá-lo.
botreach-why-timeout = O gateway não respondeu a tempo.
botreach-why-too-large = O gateway enviou uma mensagem grande demais para ser aceita.
botreach-why-busy = Há pedidos demais esperando pelo gateway.
botreach-why-closed = A conexão com o gateway foi fechada.
botreach-why-unhealthy = O gateway informa que não está saudável.
botreach-state-since = { $state } desde { $since }
botreach-last-checked = última verificação { $when }
botreach-connecting = O BaaS está se conectando ao bot em { $url }.
botreach-away = O bot em { $url } não está acessível agora.
botreach-known = Mostrando o que o BaaS sabia por último, em { $when }. As alterações podem ser feitas quando o bot voltar; esta página se atualiza sozinha.
botreach-unknown = O BaaS ainda não leu isto do bot, então não há nada para mostrar até ele voltar; esta página se atualiza sozinha.
botreach-knowledge-kept = Os documentos ficam guardados no BaaS: os novos são guardados agora e enviados ao bot quando ele voltar.
botreach-its-address = seu endereço
botreach-not-sent = O bot em { $url } não está acessível agora; sua alteração não foi enviada.
botreach-not-read = O bot em { $url } não está acessível agora, e isto só pode ser lido do bot; tente de novo quando ele voltar.
botreach-sync-left-out = Deixados de fora porque não estão acessíveis agora: { $bots }.
botreach-test-unreachable = Nada respondeu em { $url }: confira o endereço e se o gateway está rodando.
botreach-test-token = O gateway em { $url } recusou o token: copie-o de novo da configuração do gateway.
botreach-test-not-gateway = O que respondeu em { $url } não é um gateway Clawdbot ou OpenClaw.
botreach-test-timeout = O gateway em { $url } não respondeu em { $seconds } segundos.
botreach-test-other = O gateway em { $url } não pôde ser usado: { $why }
botreach-test-not-added = O bot não foi adicionado.
botreach-test-not-saved = A alteração não foi salva.
botreach-skip-test = Salvar sem testar
botreach-skip-test-hint = O BaaS testa o endereço e o token antes de salvar o bot. Marque isto para salvar um bot que ainda não está acessível.
botreach-edit = Editar
botreach-edit-save = Salvar endereço e token
botreach-edit-cancel = Cancelar
botreach-edit-saved = Salvo: o BaaS se conecta de novo ao bot com o novo endereço e token.
botreach-edit-nothing = O endereço e o token são os que o bot já tem.
botreach-token-keep = deixe vazio para manter o token atual
audit-action-bot-connection-changed = Endereço ou token do bot alterado
botreach-persona-not-written = O agente foi adicionado, mas sua persona não pôde ser escrita ({ $why }); escreva-a na página Persona.
