# As palavras das páginas em português.

language-switch = Idioma

## Início
home-title = Bem-vindo
home-heading = Inicie sessão com o seu telemóvel
home-lead = Nenhuma palavra-passe para decorar: enviamos-lhe um código de utilização única por SMS.
signed-in-as = Sessão iniciada como { $phone }
your-account = A sua conta
sign-in = Iniciar sessão
create-account = Criar uma conta

## Início de sessão e registo
text-me-a-code = Enviar-me um código
new-here = É novo por aqui?
send-code = Enviar código
already-have-account = Já tem uma conta?
enter-your-code = Introduza o seu código
we-sent-a-code = Enviámos um código para o { $phone }.
we-sent-a-new-code = Enviámos um novo código para o { $phone }.
wrong-number = Número errado?
change-it = Alterar
no-account-yet = Ainda não tem conta?
create-one = Crie uma
send-a-new-code = Enviar um novo código
start-again = Começar de novo
confirm-your-phone = Confirme o seu telemóvel
confirm-sent = Se o { $phone } puder receber SMS, enviámos-lhe um código de { $digits } dígitos. Introduza-o abaixo.
confirm-resent = Se o { $phone } puder receber SMS, enviámos-lhe um novo código de { $digits } dígitos. Introduza-o abaixo.
confirm-code-lifetime = O código é válido durante 24 horas.
confirm = Confirmar

## Campos
country = País
phone-number = Número de telemóvel
phone-hint = Vamos enviar-lhe um código de utilização única por SMS. Podem aplicar-se tarifas de mensagens e dados. Para um número de outro país, escreva + e o indicativo do país.
code-label = Código de { $digits } dígitos
code-title = O código de { $digits } dígitos da mensagem SMS
name = Nome
optional = (opcional)

## Contagens decrescentes
expiry-running = O código expira dentro de { $time }.
expiry-done = Esse código expirou. Peça um novo abaixo.
resend-running = Pode pedir um novo código dentro de { $time }.
resend-done = Já pode pedir um novo código.
didnt-get-it = Não recebeu?

## Ajuda
help-summary = Não recebeu o código?
help-wait = As mensagens SMS costumam chegar em menos de um minuto; com alguns operadores demoram alguns minutos.
help-number = Verifique o número acima. Se estiver errado, altere-o.
help-signal = Verifique se o telemóvel tem rede e pode receber SMS de números curtos (alguns tarifários e bloqueadores impedem-nos).
help-has-account = Se este número já tem uma conta, não chega nenhum código de registo: inicie sessão.
help-no-account = Se este número ainda não tem uma conta concluída, não chega nenhum código de início de sessão: crie uma primeiro.
help-again = Depois peça um novo código: substitui o anterior.

## Conta
phone = Telemóvel
not-set = Não definido
account-id = ID da conta
saved = Guardado.
name-removed = Nome removido.
name-not-saved = O seu novo nome ainda não foi guardado. Verifique-o e prima Guardar nome.
change-your-name = Alterar o seu nome
save-name = Guardar nome
sign-out = Terminar sessão
sign-out-everywhere-open = Terminar sessão em todo o lado…
sign-out-everywhere-explain = Isto termina a sua sessão em todos os dispositivos onde a tem iniciada, incluindo este.
sign-out-everywhere = Terminar sessão em todo o lado
delete-account-open = Eliminar conta…
delete-account-explain = Isto elimina a sua conta de vez, com tudo o que esta aplicação guarda dela. O seu número poderá criar uma conta nova mais tarde.
delete-account = Eliminar a minha conta
delete-account-recent = Para eliminar a sua conta, inicie sessão novamente primeiro: enviamos um código para o seu telemóvel.
sign-in-again = Iniciar sessão novamente
change-number-open = Mudar de número…
change-number-explain = Enviamos um código para o novo número. O seu número atual continua a funcionar até introduzir esse código.
change-number-recent = Para mudar de número, inicie sessão novamente primeiro: enviamos um código para o seu telemóvel.
confirm-new-number = Confirme o seu novo número
keep-current-number = Manter o meu número atual
number-changed = O seu número foi alterado. A partir de agora, inicie sessão com ele.

## Não encontrada
page-not-found = Página não encontrada
go-to-start = Ir para a página inicial

## Avisos
notice-phone-confirmed = O seu número de telemóvel está confirmado. Inicie sessão para continuar.
notice-session-ended = A sua sessão terminou. Inicie sessão novamente para continuar.
notice-signed-out = Terminou a sessão.
notice-signed-out-everywhere = Terminou a sessão em todos os dispositivos.
notice-account-deleted = A sua conta foi eliminada.

## Esperas
wait = { $seconds ->
    [0] um segundo
    [1] um segundo
   *[other] { $seconds } segundos
  }
wait-minutes = { $minutes ->
    [1] um minuto
   *[other] { $minutes } minutos
  }

## Erros
error-phone-missing = Introduza o seu número de telemóvel.
error-phone-not-a-number = Isso não parece um número de telefone. Verifique-o e tente novamente.
error-phone-not-valid-for-country = Esse número não é válido para o país escolhido. Para um número de outro país, escreva + e o indicativo do país.
error-phone-not-valid-for-code = Esse número não é válido para o indicativo que escreveu. Verifique-o e tente novamente.
error-phone-too-short = Esse número é demasiado curto. Verifique-o, com todos os dígitos.
error-phone-too-long = Esse número tem dígitos a mais. Verifique-o e tente novamente.
error-phone-refused = Esse número não é um número de telefone válido.
error-phone-check-digits = Esse número não parece correto. Verifique os dígitos e tente novamente.
error-phone-other-country = Parece um número de outro país ({ $country }). Escolha-o acima, ou escreva + e o indicativo do país.
error-code-missing = Introduza o código da mensagem SMS.
error-code-wrong-length = Esse código tem dígitos a mais ou a menos. Verifique a mensagem SMS.
error-code-not-digits = Use apenas dígitos no código.
error-name-missing = Introduza um nome.
error-name-too-long = O seu nome pode ter no máximo { $max } caracteres.
error-name-control = O seu nome não pode conter caracteres de controlo.
error-wrong-code = Esse código não está correto. { $left ->
    [0] Peça um novo código.
    [one] Resta { $left } tentativa.
   *[other] Restam { $left } tentativas.
  }
error-code-mismatch = Esse código não está correto. Verifique a última mensagem SMS que lhe enviámos.
error-code-expired = Esse código expirou. Peça um novo.
error-too-many-attempts = Demasiados códigos errados. Peça um novo código para tentar novamente.
error-rate-limited = Demasiados pedidos. Tente novamente dentro de { $wait }.
error-resend-too-soon = O código que enviámos ainda está a caminho. Pode pedir um novo dentro de { $wait }.
error-wait-over = Já pode tentar novamente.
error-texts-paused = Neste momento não podemos enviar SMS para números como este. Tente novamente dentro de { $wait }.
error-proof-needed = Mais um passo antes de enviarmos a SMS: aguarde { $wait } e prima o botão novamente.
error-no-flow = A sua sessão expirou. Comece de novo.
error-not-signed-in = Inicie sessão para continuar.
error-sign-in-again = Por segurança, inicie sessão novamente para fazer isso.
error-same-number = Esse já é o seu número.
error-another-number-since = Desde que esta página abriu foi pedido um código para outro número (talvez noutro separador). A página mostra agora esse número: introduza o código dele ou recomece.
error-number-not-available = Esse número não pode ser usado nesta conta. Escolha outro.
error-cannot-deliver = Não podemos enviar SMS para esse número. Só enviamos para telemóveis dos países da lista; se o seu for um, verifique-o.
error-unavailable = O início de sessão não está disponível neste momento. Tente novamente dentro de um minuto.
error-unavailable-title = O início de sessão não está disponível neste momento
error-bad-request = Algo correu mal com esse pedido. Recarregue a página e tente novamente.
error-not-found = Não existe nenhuma página neste endereço.
proof-checking = A verificar este navegador antes de enviarmos a SMS…

## Países
country-US = Estados Unidos
country-CA = Canadá
country-GB = Reino Unido
country-IE = Irlanda
country-AU = Austrália
country-NZ = Nova Zelândia
country-IN = Índia
country-DE = Alemanha
country-FR = França
country-ES = Espanha
country-IT = Itália
country-NL = Países Baixos
country-BE = Bélgica
country-CH = Suíça
country-AT = Áustria
country-SE = Suécia
country-NO = Noruega
country-DK = Dinamarca
country-FI = Finlândia
country-PL = Polónia
country-PT = Portugal
country-BR = Brasil
country-MX = México
country-AR = Argentina
country-JP = Japão
country-KR = Coreia do Sul
country-SG = Singapura
country-ZA = África do Sul
country-NG = Nigéria
country-KE = Quénia
title-error = Erro: { $page }
link-help = Ajuda
link-terms = Termos
link-privacy = Privacidade
country-hint = Só enviamos SMS para telemóveis destes países.
