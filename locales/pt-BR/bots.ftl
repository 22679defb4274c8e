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
