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
