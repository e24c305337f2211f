# Die Wörter der Seiten auf Deutsch.

language-switch = Sprache

## Start
home-title = Willkommen
home-heading = Mit Ihrem Telefon anmelden
home-lead = Kein Passwort zum Merken: Wir schicken Ihnen einen Einmalcode per SMS.
signed-in-as = Angemeldet als { $phone }
your-account = Ihr Konto
sign-in = Anmelden
create-account = Konto erstellen

## Anmeldung und Registrierung
text-me-a-code = Code per SMS senden
new-here = Neu hier?
send-code = Code senden
already-have-account = Sie haben schon ein Konto?
enter-your-code = Code eingeben
we-sent-a-code = Wir haben einen Code an { $phone } gesendet.
we-sent-a-new-code = Wir haben einen neuen Code an { $phone } gesendet.
wrong-number = Falsche Nummer?
change-it = Ändern
no-account-yet = Noch kein Konto?
create-one = Jetzt erstellen
send-a-new-code = Neuen Code senden
start-again = Neu beginnen
confirm-your-phone = Telefon bestätigen
confirm-sent = Wenn { $phone } SMS empfangen kann, haben wir einen { $digits }-stelligen Code dorthin gesendet. Geben Sie ihn unten ein.
confirm-resent = Wenn { $phone } SMS empfangen kann, haben wir einen neuen { $digits }-stelligen Code dorthin gesendet. Geben Sie ihn unten ein.
confirm-code-lifetime = Der Code gilt 24 Stunden.
confirm = Bestätigen

## Felder
country = Land
phone-number = Telefonnummer
phone-hint = Wir schicken Ihnen einen Einmalcode per SMS. Es können Gebühren für Nachrichten und Daten anfallen. Für eine Nummer aus einem anderen Land geben Sie + und die Landesvorwahl ein.
code-label = { $digits }-stelliger Code
code-title = Der { $digits }-stellige Code aus der SMS
name = Name
optional = (optional)

## Countdowns
expiry-running = Der Code läuft in { $time } ab.
expiry-done = Dieser Code ist abgelaufen. Fordern Sie unten einen neuen an.
resend-running = Sie können in { $time } einen neuen Code anfordern.
resend-done = Sie können jetzt einen neuen Code anfordern.
didnt-get-it = Nichts bekommen?

## Hilfe
help-summary = Keinen Code erhalten?
help-wait = SMS kommen meist innerhalb einer Minute an; bei manchen Anbietern dauert es einige Minuten.
help-number = Prüfen Sie die Nummer oben. Wenn sie falsch ist, ändern Sie sie.
help-signal = Prüfen Sie, ob das Telefon Empfang hat und SMS von Kurzwahlnummern empfangen kann (manche Tarife und Blocker verhindern das).
help-has-account = Wenn diese Nummer schon ein Konto hat, kommt kein Registrierungscode: Melden Sie sich stattdessen an.
help-no-account = Wenn diese Nummer noch kein fertiges Konto hat, kommt kein Anmeldecode: Erstellen Sie zuerst eines.
help-again = Fordern Sie dann einen neuen Code an: Er ersetzt den alten.

## Konto
phone = Telefon
not-set = Nicht angegeben
account-id = Konto-ID
saved = Gespeichert.
name-removed = Name entfernt.
name-not-saved = Ihr neuer Name ist noch nicht gespeichert. Prüfen Sie ihn und drücken Sie auf Namen speichern.
change-your-name = Namen ändern
save-name = Namen speichern
sign-out = Abmelden
sign-out-everywhere-open = Überall abmelden…
sign-out-everywhere-explain = Damit werden Sie auf allen Geräten abgemeldet, auf denen Sie angemeldet sind, auch auf diesem.
sign-out-everywhere = Überall abmelden
delete-account-open = Konto löschen…
delete-account-explain = Damit wird Ihr Konto endgültig gelöscht, mit allem, was diese App dazu speichert. Ihre Nummer kann später ein neues Konto anlegen.
delete-account = Mein Konto löschen
delete-account-recent = Um Ihr Konto zu löschen, melden Sie sich zuerst erneut an: Wir senden einen Code an Ihr Telefon.
sign-in-again = Erneut anmelden
change-number-open = Nummer ändern…
change-number-explain = Wir senden einen Code an Ihre neue Nummer. Ihre bisherige Nummer gilt weiter, bis Sie diesen Code eingeben.
change-number-recent = Um Ihre Nummer zu ändern, melden Sie sich zuerst erneut an: Wir senden einen Code an Ihr Telefon.
confirm-new-number = Neue Nummer bestätigen
keep-current-number = Bisherige Nummer behalten
number-changed = Ihre Nummer ist geändert. Melden Sie sich ab jetzt mit ihr an.

## Nicht gefunden
page-not-found = Seite nicht gefunden
go-to-start = Zur Startseite

## Hinweise
notice-phone-confirmed = Ihre Telefonnummer ist bestätigt. Melden Sie sich an, um fortzufahren.
notice-session-ended = Ihre Sitzung ist beendet. Melden Sie sich erneut an, um fortzufahren.
notice-signed-out = Sie sind abgemeldet.
notice-signed-out-everywhere = Sie sind auf allen Geräten abgemeldet.
notice-account-deleted = Ihr Konto ist gelöscht.

## Wartezeiten (nach „in“)
wait = { $seconds ->
    [0] einer Sekunde
    [1] einer Sekunde
   *[other] { $seconds } Sekunden
  }
wait-minutes = { $minutes ->
    [1] einer Minute
   *[other] { $minutes } Minuten
  }

## Fehler
error-phone-missing = Geben Sie Ihre Telefonnummer ein.
error-phone-not-a-number = Das sieht nicht wie eine Telefonnummer aus. Prüfen Sie sie und versuchen Sie es erneut.
error-phone-not-valid-for-country = Diese Nummer ist für das gewählte Land nicht gültig. Für die Nummer eines anderen Landes geben Sie + und die Landesvorwahl ein.
error-phone-not-valid-for-code = Diese Nummer ist für die eingegebene Landesvorwahl nicht gültig. Prüfen Sie sie und versuchen Sie es erneut.
error-phone-too-short = Diese Nummer ist zu kurz. Prüfen Sie sie mit allen Ziffern.
error-phone-too-long = Diese Nummer hat zu viele Ziffern. Prüfen Sie sie und versuchen Sie es erneut.
error-phone-refused = Diese Nummer ist keine gültige Telefonnummer.
error-phone-check-digits = Diese Nummer scheint nicht zu stimmen. Prüfen Sie die Ziffern und versuchen Sie es erneut.
error-phone-other-country = Das sieht nach einer Nummer aus einem anderen Land aus ({ $country }). Wählen Sie es oben aus oder geben Sie + und die Landesvorwahl ein.
error-code-missing = Geben Sie den Code aus der SMS ein.
error-code-wrong-length = Dieser Code hat zu wenige oder zu viele Ziffern. Prüfen Sie die SMS.
error-code-not-digits = Der Code besteht nur aus Ziffern.
error-name-missing = Geben Sie einen Namen ein.
error-name-too-long = Ihr Name darf höchstens { $max } Zeichen haben.
error-name-control = Ihr Name darf keine Steuerzeichen enthalten.
error-wrong-code = Dieser Code stimmt nicht. { $left ->
    [0] Fordern Sie einen neuen Code an.
    [one] Noch { $left } Versuch.
   *[other] Noch { $left } Versuche.
  }
error-code-mismatch = Dieser Code stimmt nicht. Prüfen Sie die letzte SMS, die wir Ihnen geschickt haben.
error-code-expired = Dieser Code ist abgelaufen. Fordern Sie einen neuen an.
error-too-many-attempts = Zu viele falsche Codes. Fordern Sie einen neuen Code an, um es erneut zu versuchen.
error-rate-limited = Zu viele Anfragen. Versuchen Sie es in { $wait } erneut.
error-resend-too-soon = Der gesendete Code ist noch unterwegs. Sie können in { $wait } einen neuen anfordern.
error-wait-over = Sie können es jetzt erneut versuchen.
error-texts-paused = Wir können gerade keine SMS an Nummern wie diese senden. Versuchen Sie es in { $wait } erneut.
error-proof-needed = Noch ein Schritt, bevor wir eine SMS senden: Drücken Sie in { $wait } erneut auf die Schaltfläche.
error-no-flow = Ihre Sitzung ist abgelaufen. Beginnen Sie von vorn.
error-not-signed-in = Melden Sie sich an, um fortzufahren.
error-sign-in-again = Zu Ihrer Sicherheit: Melden Sie sich erneut an, um das zu tun.
error-same-number = Das ist bereits Ihre Nummer.
error-another-number-since = Seit diese Seite geöffnet wurde, wurde ein Code für eine andere Nummer angefordert (vielleicht in einem anderen Tab). Die Seite zeigt jetzt diese Nummer: Geben Sie deren Code ein oder beginnen Sie neu.
error-number-not-available = Diese Nummer kann für dieses Konto nicht verwendet werden. Wählen Sie eine andere.
error-cannot-deliver = An diese Nummer können wir keine SMS senden. Wir senden nur an Mobilnummern der aufgeführten Länder; wenn Ihre dazugehört, prüfen Sie sie.
error-unavailable = Die Anmeldung ist gerade nicht verfügbar. Versuchen Sie es in einer Minute erneut.
error-unavailable-title = Die Anmeldung ist gerade nicht verfügbar
error-bad-request = Bei dieser Anfrage ist etwas schiefgegangen. Laden Sie die Seite neu und versuchen Sie es erneut.
error-not-found = Unter dieser Adresse gibt es keine Seite.
proof-checking = Dieser Browser wird geprüft, bevor wir eine SMS senden…

## Länder
country-US = Vereinigte Staaten
country-CA = Kanada
country-GB = Vereinigtes Königreich
country-IE = Irland
country-AU = Australien
country-NZ = Neuseeland
country-IN = Indien
country-DE = Deutschland
country-FR = Frankreich
country-ES = Spanien
country-IT = Italien
country-NL = Niederlande
country-BE = Belgien
country-CH = Schweiz
country-AT = Österreich
country-SE = Schweden
country-NO = Norwegen
country-DK = Dänemark
country-FI = Finnland
country-PL = Polen
country-PT = Portugal
country-BR = Brasilien
country-MX = Mexiko
country-AR = Argentinien
country-JP = Japan
country-KR = Südkorea
country-SG = Singapur
country-ZA = Südafrika
country-NG = Nigeria
country-KE = Kenia
title-error = Fehler: { $page }
link-help = Hilfe
link-terms = Nutzungsbedingungen
link-privacy = Datenschutz
country-hint = Wir senden SMS nur an Mobilnummern in diesen Ländern.
