# Agents & keys, Bots and their settings, Persona, Knowledge, Team, sign-in, invites, a new workspace, the operator pages and the shared form pieces.

## Shared form pieces

forms-saving = Salvando…
forms-saved = Salvo
forms-cancel = Cancelar
clipboard-copy = Copiar
clipboard-copied = Copiado
clipboard-copied-note = Copiado para a área de transferência.
clipboard-refused = Este navegador não permitiu copiar: selecione o texto e copie-o.

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
onboarding-create = Criar espaço de trabalho
onboarding-created = Espaço de trabalho criado
onboarding-or-open = Ou abra um dos seus:

## Not found

notfound-title = Página não encontrada
notfound-text = Não há nada neste endereço.
notfound-home = Ir para o seu espaço de trabalho
