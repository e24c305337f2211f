# Les mots des pages en français.

language-switch = Langue

## Accueil
home-title = Bienvenue
home-heading = Connectez-vous avec votre téléphone
home-lead = Aucun mot de passe à retenir : nous vous envoyons un code à usage unique par SMS.
signed-in-as = Connecté en tant que { $phone }
your-account = Votre compte
sign-in = Se connecter
create-account = Créer un compte

## Connexion et inscription
text-me-a-code = M'envoyer un code
new-here = Nouveau ici ?
send-code = Envoyer le code
already-have-account = Vous avez déjà un compte ?
enter-your-code = Saisissez votre code
we-sent-a-code = Nous avons envoyé un code au { $phone }.
we-sent-a-new-code = Nous avons envoyé un nouveau code au { $phone }.
wrong-number = Mauvais numéro ?
change-it = Le modifier
no-account-yet = Pas encore de compte ?
create-one = En créer un
send-a-new-code = Envoyer un nouveau code
start-again = Recommencer
confirm-your-phone = Confirmez votre téléphone
confirm-sent = Si le { $phone } peut recevoir des SMS, nous lui avons envoyé un code à { $digits } chiffres. Saisissez-le ci-dessous.
confirm-resent = Si le { $phone } peut recevoir des SMS, nous lui avons envoyé un nouveau code à { $digits } chiffres. Saisissez-le ci-dessous.
confirm-code-lifetime = Le code est valable 24 heures.
confirm = Confirmer

## Champs
country = Pays
phone-number = Numéro de téléphone
phone-hint = Nous vous enverrons un code à usage unique par SMS. Des frais de messagerie et de données peuvent s'appliquer. Pour un numéro d'un autre pays, tapez + et son indicatif.
code-label = Code à { $digits } chiffres
code-title = Le code à { $digits } chiffres reçu par SMS
name = Nom
optional = (facultatif)

## Comptes à rebours
expiry-running = Le code expire dans { $time }.
expiry-done = Ce code a expiré. Demandez-en un nouveau ci-dessous.
resend-running = Vous pourrez demander un nouveau code dans { $time }.
resend-done = Vous pouvez demander un nouveau code.
didnt-get-it = Rien reçu ?

## Aide
help-summary = Vous n'avez pas reçu de code ?
help-wait = Les SMS arrivent en général en moins d'une minute ; chez certains opérateurs, en quelques minutes.
help-number = Vérifiez le numéro ci-dessus. S'il est faux, modifiez-le.
help-signal = Vérifiez que le téléphone capte le réseau et peut recevoir des SMS de numéros courts (certains forfaits et bloqueurs les arrêtent).
help-has-account = Si ce numéro a déjà un compte, aucun code d'inscription n'arrive : connectez-vous plutôt.
help-no-account = Si ce numéro n'a pas encore de compte finalisé, aucun code de connexion n'arrive : créez-en un d'abord.
help-again = Demandez ensuite un nouveau code : il remplace l'ancien.

## Compte
phone = Téléphone
not-set = Non renseigné
account-id = Identifiant du compte
saved = Enregistré.
name-removed = Nom supprimé.
name-not-saved = Votre nouveau nom n'est pas encore enregistré. Vérifiez-le et appuyez sur Enregistrer le nom.
change-your-name = Modifier votre nom
save-name = Enregistrer le nom
sign-out = Se déconnecter
sign-out-everywhere-open = Se déconnecter partout…
sign-out-everywhere-explain = Cela vous déconnecte sur tous les appareils où vous êtes connecté, y compris celui-ci.
sign-out-everywhere = Se déconnecter partout
delete-account-open = Supprimer le compte…
delete-account-explain = Cela supprime définitivement votre compte, avec tout ce que cette application conserve pour lui. Votre numéro pourra créer un nouveau compte plus tard.
delete-account = Supprimer mon compte
delete-account-recent = Pour supprimer votre compte, reconnectez-vous d'abord : nous enverrons un code à votre téléphone.
sign-in-again = Se reconnecter
change-number-open = Changer de numéro…
change-number-explain = Nous enverrons un code à votre nouveau numéro. Votre numéro actuel reste valable jusqu'à ce que vous saisissiez ce code.
change-number-recent = Pour changer de numéro, reconnectez-vous d'abord : nous enverrons un code à votre téléphone.
confirm-new-number = Confirmez votre nouveau numéro
keep-current-number = Garder mon numéro actuel
number-changed = Votre numéro a changé. Connectez-vous désormais avec celui-ci.

## Introuvable
page-not-found = Page introuvable
go-to-start = Aller à la page d'accueil

## Avis
notice-phone-confirmed = Votre numéro de téléphone est confirmé. Connectez-vous pour continuer.
notice-session-ended = Votre session a pris fin. Reconnectez-vous pour continuer.
notice-signed-out = Vous êtes déconnecté.
notice-signed-out-everywhere = Vous êtes déconnecté sur tous les appareils.
notice-account-deleted = Votre compte est supprimé.

## Attentes
wait = { $seconds ->
    [0] une seconde
    [1] une seconde
   *[other] { $seconds } secondes
  }
wait-minutes = { $minutes ->
    [1] une minute
   *[other] { $minutes } minutes
  }

## Erreurs
error-phone-missing = Saisissez votre numéro de téléphone.
error-phone-not-a-number = Cela ne ressemble pas à un numéro de téléphone. Vérifiez-le et réessayez.
error-phone-not-valid-for-country = Ce numéro n'est pas valide pour le pays choisi. Pour le numéro d'un autre pays, tapez + et son indicatif.
error-phone-not-valid-for-code = Ce numéro n'est pas valide pour l'indicatif saisi. Vérifiez-le et réessayez.
error-phone-too-short = Ce numéro est trop court. Vérifiez-le, avec tous ses chiffres.
error-phone-too-long = Ce numéro a trop de chiffres. Vérifiez-le et réessayez.
error-phone-refused = Ce numéro n'est pas un numéro de téléphone valide.
error-phone-check-digits = Ce numéro ne semble pas correct. Vérifiez ses chiffres et réessayez.
error-phone-other-country = Cela ressemble à un numéro d'un autre pays ({ $country }). Choisissez-le ci-dessus, ou tapez + et son indicatif.
error-code-missing = Saisissez le code reçu par SMS.
error-code-wrong-length = Ce code a trop ou pas assez de chiffres. Vérifiez le SMS.
error-code-not-digits = Le code ne comporte que des chiffres.
error-name-missing = Saisissez un nom.
error-name-too-long = Votre nom peut compter au plus { $max } caractères.
error-name-control = Votre nom ne peut pas contenir de caractères de contrôle.
error-wrong-code = Ce code n'est pas le bon. { $left ->
    [0] Demandez un nouveau code.
    [one] Il reste { $left } essai.
   *[other] Il reste { $left } essais.
  }
error-code-mismatch = Ce code n'est pas le bon. Vérifiez le dernier SMS que nous vous avons envoyé.
error-code-expired = Ce code a expiré. Demandez-en un nouveau.
error-too-many-attempts = Trop de codes erronés. Demandez un nouveau code pour réessayer.
error-rate-limited = Trop de demandes. Réessayez dans { $wait }.
error-resend-too-soon = Le code envoyé est encore en route. Vous pourrez en demander un nouveau dans { $wait }.
error-wait-over = Vous pouvez réessayer maintenant.
error-texts-paused = Nous ne pouvons pas envoyer de SMS aux numéros comme celui-ci pour le moment. Réessayez dans { $wait }.
error-proof-needed = Encore une étape avant l'envoi du SMS : attendez { $wait }, puis appuyez de nouveau sur le bouton.
error-no-flow = Votre session a expiré. Recommencez.
error-not-signed-in = Connectez-vous pour continuer.
error-sign-in-again = Pour votre sécurité, reconnectez-vous pour faire cela.
error-same-number = C'est déjà votre numéro.
error-another-number-since = Un code a été demandé pour un autre numéro depuis l'ouverture de cette page (dans un autre onglet, peut-être). La page affiche maintenant ce numéro : saisissez son code, ou recommencez.
error-number-not-available = Ce numéro ne peut pas être utilisé pour ce compte. Choisissez-en un autre.
error-cannot-deliver = Nous ne pouvons pas envoyer de SMS à ce numéro. Nous n'en envoyons qu'aux mobiles des pays de la liste ; si c'est le cas du vôtre, vérifiez-le.
error-unavailable = La connexion est indisponible pour le moment. Réessayez dans une minute.
error-unavailable-title = La connexion est indisponible pour le moment
error-bad-request = Un problème est survenu avec cette demande. Rechargez la page et réessayez.
error-not-found = Il n'y a aucune page à cette adresse.
proof-checking = Vérification de ce navigateur avant l'envoi du SMS…

## Pays
country-US = États-Unis
country-CA = Canada
country-GB = Royaume-Uni
country-IE = Irlande
country-AU = Australie
country-NZ = Nouvelle-Zélande
country-IN = Inde
country-DE = Allemagne
country-FR = France
country-ES = Espagne
country-IT = Italie
country-NL = Pays-Bas
country-BE = Belgique
country-CH = Suisse
country-AT = Autriche
country-SE = Suède
country-NO = Norvège
country-DK = Danemark
country-FI = Finlande
country-PL = Pologne
country-PT = Portugal
country-BR = Brésil
country-MX = Mexique
country-AR = Argentine
country-JP = Japon
country-KR = Corée du Sud
country-SG = Singapour
country-ZA = Afrique du Sud
country-NG = Nigeria
country-KE = Kenya
title-error = Erreur : { $page }
link-help = Aide
link-terms = Conditions
link-privacy = Confidentialité
country-hint = Nous n’envoyons de SMS qu’aux mobiles de ces pays.
