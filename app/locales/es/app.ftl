# Las palabras de las páginas en español.

language-switch = Idioma

## Inicio
home-title = Te damos la bienvenida
home-heading = Inicia sesión con tu teléfono
home-lead = Sin contraseñas que recordar: te enviamos un código de un solo uso por SMS.
signed-in-as = Has iniciado sesión como { $phone }
your-account = Tu cuenta
sign-in = Iniciar sesión
create-account = Crear una cuenta

## Inicio de sesión y registro
text-me-a-code = Envíame un código
new-here = ¿Eres nuevo?
send-code = Enviar código
already-have-account = ¿Ya tienes una cuenta?
enter-your-code = Escribe tu código
we-sent-a-code = Enviamos un código al { $phone }.
we-sent-a-new-code = Enviamos un código nuevo al { $phone }.
wrong-number = ¿Número equivocado?
change-it = Cámbialo
no-account-yet = ¿Aún no tienes cuenta?
create-one = Crea una
send-a-new-code = Enviar un código nuevo
start-again = Empezar de nuevo
confirm-your-phone = Confirma tu teléfono
confirm-sent = Si el { $phone } puede recibir SMS, le hemos enviado un código de { $digits } dígitos. Escríbelo abajo.
confirm-resent = Si el { $phone } puede recibir SMS, le hemos enviado un código nuevo de { $digits } dígitos. Escríbelo abajo.
confirm-code-lifetime = El código vale durante 24 horas.
confirm = Confirmar

## Campos
country = País
phone-number = Número de teléfono
phone-hint = Te enviaremos un código de un solo uso por SMS. Pueden aplicarse tarifas de mensajes y datos. Para un número de otro país, escribe + y su prefijo.
code-label = Código de { $digits } dígitos
code-title = El código de { $digits } dígitos del SMS
name = Nombre
optional = (opcional)

## Cuentas atrás
expiry-running = El código caduca en { $time }.
expiry-done = Ese código ha caducado. Pide uno nuevo abajo.
resend-running = Puedes pedir un código nuevo en { $time }.
resend-done = Ya puedes pedir un código nuevo.
didnt-get-it = ¿No te ha llegado?

## Ayuda
help-summary = ¿No te ha llegado el código?
help-wait = Los SMS suelen llegar en menos de un minuto; con algunos operadores tardan unos minutos.
help-number = Revisa el número de arriba. Si no es correcto, cámbialo.
help-signal = Comprueba que el teléfono tiene cobertura y puede recibir SMS de números cortos (algunas tarifas y bloqueadores los impiden).
help-has-account = Si este número ya tiene una cuenta, no llega ningún código de registro: inicia sesión.
help-no-account = Si este número aún no tiene una cuenta terminada, no llega ningún código de inicio de sesión: crea una primero.
help-again = Después pide un código nuevo: sustituye al anterior.

## Cuenta
phone = Teléfono
not-set = Sin indicar
account-id = ID de la cuenta
saved = Guardado.
name-removed = Nombre eliminado.
name-not-saved = Tu nuevo nombre aún no está guardado. Revísalo y pulsa Guardar nombre.
change-your-name = Cambia tu nombre
save-name = Guardar nombre
sign-out = Cerrar sesión
sign-out-everywhere-open = Cerrar sesión en todas partes…
sign-out-everywhere-explain = Esto cierra tu sesión en todos los dispositivos donde la tengas iniciada, también en este.
sign-out-everywhere = Cerrar sesión en todas partes
delete-account-open = Eliminar la cuenta…
delete-account-explain = Esto elimina tu cuenta para siempre, con todo lo que esta aplicación guarda de ella. Tu número podrá crear una cuenta nueva más adelante.
delete-account = Eliminar mi cuenta
delete-account-recent = Para eliminar tu cuenta, primero vuelve a iniciar sesión: te enviaremos un código al teléfono.
sign-in-again = Volver a iniciar sesión
change-number-open = Cambiar número…
change-number-explain = Te enviaremos un código al número nuevo. Tu número actual sigue funcionando hasta que lo introduzcas.
change-number-recent = Para cambiar tu número, primero vuelve a iniciar sesión: te enviaremos un código al teléfono.
confirm-new-number = Confirma tu número nuevo
keep-current-number = Mantener mi número actual
number-changed = Tu número ha cambiado. A partir de ahora, inicia sesión con él.

## No encontrada
page-not-found = Página no encontrada
go-to-start = Ir a la página de inicio

## Avisos
notice-phone-confirmed = Tu número de teléfono está confirmado. Inicia sesión para continuar.
notice-session-ended = Tu sesión ha terminado. Vuelve a iniciar sesión para continuar.
notice-signed-out = Has cerrado la sesión.
notice-signed-out-everywhere = Has cerrado la sesión en todos los dispositivos.
notice-account-deleted = Tu cuenta se ha eliminado.

## Esperas
wait = { $seconds ->
    [0] un segundo
    [1] un segundo
   *[other] { $seconds } segundos
  }
wait-minutes = { $minutes ->
    [1] un minuto
   *[other] { $minutes } minutos
  }

## Errores
error-phone-missing = Escribe tu número de teléfono.
error-phone-not-a-number = Eso no parece un número de teléfono. Revísalo y vuelve a intentarlo.
error-phone-not-valid-for-country = Ese número no es válido en el país que elegiste. Para un número de otro país, escribe + y su prefijo.
error-phone-not-valid-for-code = Ese número no es válido para el prefijo que escribiste. Revísalo y vuelve a intentarlo.
error-phone-too-short = Ese número es demasiado corto. Revísalo, con todos sus dígitos.
error-phone-too-long = Ese número tiene demasiados dígitos. Revísalo y vuelve a intentarlo.
error-phone-refused = Ese número no es un número de teléfono válido.
error-phone-check-digits = Ese número no parece correcto. Revisa sus dígitos y vuelve a intentarlo.
error-phone-other-country = Parece un número de otro país ({ $country }). Elígelo arriba, o escribe + y su prefijo de país.
error-code-missing = Escribe el código del SMS.
error-code-wrong-length = A ese código le sobran o le faltan dígitos. Revisa el SMS.
error-code-not-digits = Usa solo dígitos para el código.
error-name-missing = Escribe un nombre.
error-name-too-long = Tu nombre puede tener como máximo { $max } caracteres.
error-name-control = Tu nombre no puede contener caracteres de control.
error-wrong-code = Ese código no es correcto. { $left ->
    [0] Pide un código nuevo.
    [one] Te queda { $left } intento.
   *[other] Te quedan { $left } intentos.
  }
error-code-mismatch = Ese código no es correcto. Revisa el último SMS que te enviamos.
error-code-expired = Ese código ha caducado. Pide uno nuevo.
error-too-many-attempts = Demasiados códigos incorrectos. Pide un código nuevo para volver a intentarlo.
error-rate-limited = Demasiadas solicitudes. Vuelve a intentarlo en { $wait }.
error-resend-too-soon = El código que enviamos aún está en camino. Puedes pedir uno nuevo en { $wait }.
error-wait-over = Ya puedes volver a intentarlo.
error-texts-paused = Ahora mismo no podemos enviar SMS a números como este. Vuelve a intentarlo en { $wait }.
error-proof-needed = Un paso más antes de enviar el SMS: espera { $wait } y vuelve a pulsar el botón.
error-no-flow = Tu sesión ha caducado. Empieza de nuevo.
error-not-signed-in = Inicia sesión para continuar.
error-sign-in-again = Por tu seguridad, vuelve a iniciar sesión para hacer esto.
error-same-number = Ese ya es tu número.
error-another-number-since = Desde que se abrió esta página se pidió un código para otro número (quizá en otra pestaña). Ahora la página muestra ese número: introduce su código o empieza de nuevo.
error-number-not-available = Ese número no se puede usar en esta cuenta. Elige otro.
error-cannot-deliver = No podemos enviar mensajes a ese número. Solo los enviamos a móviles de los países de la lista; si el tuyo lo es, revísalo.
error-unavailable = El inicio de sesión no está disponible ahora mismo. Vuelve a intentarlo en un minuto.
error-unavailable-title = El inicio de sesión no está disponible ahora mismo
error-bad-request = Algo falló en esa solicitud. Recarga la página y vuelve a intentarlo.
error-not-found = No hay ninguna página en esta dirección.
proof-checking = Comprobando este navegador antes de enviar el SMS…

## Países
country-US = Estados Unidos
country-CA = Canadá
country-GB = Reino Unido
country-IE = Irlanda
country-AU = Australia
country-NZ = Nueva Zelanda
country-IN = India
country-DE = Alemania
country-FR = Francia
country-ES = España
country-IT = Italia
country-NL = Países Bajos
country-BE = Bélgica
country-CH = Suiza
country-AT = Austria
country-SE = Suecia
country-NO = Noruega
country-DK = Dinamarca
country-FI = Finlandia
country-PL = Polonia
country-PT = Portugal
country-BR = Brasil
country-MX = México
country-AR = Argentina
country-JP = Japón
country-KR = Corea del Sur
country-SG = Singapur
country-ZA = Sudáfrica
country-NG = Nigeria
country-KE = Kenia
title-error = Error: { $page }
link-help = Ayuda
link-terms = Condiciones
link-privacy = Privacidad
country-hint = Solo enviamos SMS a móviles de estos países.
