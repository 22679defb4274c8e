# The bot pages: conversations, settings, persona, knowledge and channels.

## A bot that cannot be reached: its pages show what is known.
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
