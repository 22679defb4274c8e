# The bot pages: conversations, settings, persona, knowledge and channels.

## Conversations and transcripts

conv-sync-now = Sincronizar ahora
conv-syncing = Sincronizando…
conv-intro = Se importan de las sesiones de cada bot cada 10 minutos; las conversaciones de grupo llevan su grupo de WhatsApp, así que el costo se ve por grupo.
conv-synced = { $seen ->
    [one] { $seen } sesión leída
   *[other] { $seen } sesiones leídas
}; nuevas: { $added }, actualizadas: { $updated }.
conv-cost-by-group = Costo por grupo
conv-nothing-synced = Todavía no hay nada sincronizado.
conv-col-group = Grupo
conv-col-conversations = Conversaciones
conv-col-tokens = Tokens de entrada / salida
conv-col-cost = Costo
conv-direct = Mensajes directos
conv-empty = Todavía no hay conversaciones. Agrega un bot y sincroniza.
conv-col-place = Grupo o canal
conv-col-agent = Agente
conv-col-last-message = Último mensaje
conv-col-updated = Actualizada
conv-transcript = Transcripción
conv-all = Todas las conversaciones
conv-reading = Leyendo del bot…
conv-no-messages = No hay mensajes.
conv-role = { $role ->
    [user] usuario
    [assistant] asistente
    [system] sistema
    [unknown] desconocido
   *[other] { $role }
}
