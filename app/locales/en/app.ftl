# The pages' words in English. Every language has every message; a unit
# test (app::i18n) checks that none is missing or left over.

language-switch = Language

## Home
home-title = Welcome
home-heading = Sign in with your phone
home-lead = No password to remember: we text you a one-time code.
signed-in-as = Signed in as { $phone }
your-account = Your account
sign-in = Sign in
create-account = Create an account

## Sign-in and sign-up
text-me-a-code = Text me a code
new-here = New here?
send-code = Send code
already-have-account = Already have an account?
enter-your-code = Enter your code
we-sent-a-code = We sent a code to { $phone }.
we-sent-a-new-code = We sent a new code to { $phone }.
wrong-number = Wrong number?
change-it = Change it
no-account-yet = No account yet?
create-one = Create one
send-a-new-code = Send a new code
start-again = Start again
confirm-your-phone = Confirm your phone
confirm-sent = If { $phone } can receive texts, we've sent it a { $digits }-digit code. Enter it below.
confirm-resent = If { $phone } can receive texts, we've sent it a new { $digits }-digit code. Enter it below.
confirm-code-lifetime = The code works for 24 hours.
confirm = Confirm

## Fields
country = Country
phone-number = Phone number
phone-hint = We'll text you a one-time code. Message and data rates may apply. For a number from another country, type + and its country code.
code-label = { $digits }-digit code
code-title = The { $digits }-digit code from the text message
name = Name
optional = (optional)

## Countdowns ({ $time } is a running clock such as 2:49)
expiry-running = The code expires in { $time }.
expiry-done = That code has expired. Ask for a new one below.
resend-running = You can ask for a new code in { $time }.
resend-done = You can ask for a new code now.
didnt-get-it = Didn't get it?

## Help
help-summary = Didn't get a code?
help-wait = Texts usually arrive within a minute; some carriers take a few.
help-number = Check the number above. If it is wrong, change it.
help-signal = Check that the phone has signal and can receive texts from short codes (some plans and blockers stop them).
help-has-account = If this number already has an account, no sign-up code comes: sign in instead.
help-no-account = If this number has no finished account yet, no sign-in code comes: create one first.
help-again = Then ask for a new code: it replaces the old one.

## Account
phone = Phone
not-set = Not set
account-id = Account ID
saved = Saved.
name-removed = Name removed.
name-not-saved = Your new name isn't saved yet. Check it and press Save name.
change-your-name = Change your name
save-name = Save name
sign-out = Sign out
sign-out-everywhere-open = Sign out everywhere…
sign-out-everywhere-explain = This signs you out on every device where you are signed in, this one included.
sign-out-everywhere = Sign out everywhere
delete-account-open = Delete account…
delete-account-explain = This deletes your account for good, with everything this app keeps for it. Your number can create a new account later.
delete-account = Delete my account
delete-account-recent = To delete your account, sign in again first: we'll text a code to your phone.
sign-in-again = Sign in again
change-number-open = Change number…
change-number-explain = We'll text a code to your new number. Your current number keeps working until you enter that code.
change-number-recent = To change your number, sign in again first: we'll text a code to your phone.
confirm-new-number = Confirm your new number
keep-current-number = Keep my current number
number-changed = Your number is changed. Sign in with it from now on.

## Not found
page-not-found = Page not found
go-to-start = Go to the start page

## Notices
notice-phone-confirmed = Your phone number is confirmed. Sign in to continue.
notice-session-ended = Your session has ended. Sign in again to continue.
notice-signed-out = You're signed out.
notice-signed-out-everywhere = You're signed out on every device.
notice-account-deleted = Your account is deleted.

## Waits, as the errors below say them
wait = { $seconds ->
    [0] a second
    [1] a second
   *[other] { $seconds } seconds
  }
wait-minutes = { $minutes ->
    [1] a minute
   *[other] { $minutes } minutes
  }

## Errors
error-phone-missing = Enter your phone number.
error-phone-not-a-number = That doesn't look like a phone number. Check it and try again.
error-phone-not-valid-for-country = That number isn't valid for the country you chose. For another country's number, type + and its country code.
error-phone-not-valid-for-code = That number isn't valid for the country code you typed. Check it and try again.
error-phone-too-short = That number is too short. Check it, with all its digits.
error-phone-too-long = That number has too many digits. Check it and try again.
error-phone-refused = That number isn't a valid phone number.
error-phone-check-digits = That number doesn't look right. Check its digits and try again.
error-phone-other-country = That looks like a number from another country ({ $country }). Choose it above, or type + and its country code.
error-code-missing = Enter the code from the text message.
error-code-wrong-length = That code has too few or too many digits. Check the text message.
error-code-not-digits = Use only digits for the code.
error-name-missing = Enter a name.
error-name-too-long = Keep your name to { $max } characters or fewer.
error-name-control = Your name can't contain control characters.
error-wrong-code = That code isn't right. { $left ->
    [0] Request a new code.
    [one] { $left } attempt left.
   *[other] { $left } attempts left.
  }
error-code-mismatch = That code isn't right. Check the latest text we sent you.
error-code-expired = That code has expired. Request a new one.
error-too-many-attempts = Too many wrong codes. Request a new code to try again.
error-rate-limited = Too many requests. Try again in { $wait }.
error-resend-too-soon = The code we sent is still on its way. You can ask for a new one in { $wait }.
error-wait-over = You can try again now.
error-texts-paused = We can't send texts to numbers like this one right now. Try again in { $wait }.
error-proof-needed = One more step before we send a text: wait { $wait }, then press the button again.
error-no-flow = Your session timed out. Start again.
error-not-signed-in = Sign in to continue.
error-sign-in-again = For your safety, sign in again to do that.
error-same-number = That's already your number.
error-another-number-since = A code was asked for another number since this page opened (in another tab, perhaps). This page now shows that number: enter its code, or start again.
error-number-not-available = That number can't be used for this account. Choose another.
error-cannot-deliver = We can't text that number. We send texts only to mobile numbers in the countries listed; if yours is one, check it.
error-unavailable = Sign-in is unavailable right now. Try again in a minute.
error-unavailable-title = Sign-in is unavailable right now
error-bad-request = Something went wrong with that request. Reload the page and try again.
error-not-found = There is no page at this address.
proof-checking = Checking this browser before we send a text…

## Countries, as the picker names them
country-US = United States
country-CA = Canada
country-GB = United Kingdom
country-IE = Ireland
country-AU = Australia
country-NZ = New Zealand
country-IN = India
country-DE = Germany
country-FR = France
country-ES = Spain
country-IT = Italy
country-NL = Netherlands
country-BE = Belgium
country-CH = Switzerland
country-AT = Austria
country-SE = Sweden
country-NO = Norway
country-DK = Denmark
country-FI = Finland
country-PL = Poland
country-PT = Portugal
country-BR = Brazil
country-MX = Mexico
country-AR = Argentina
country-JP = Japan
country-KR = South Korea
country-SG = Singapore
country-ZA = South Africa
country-NG = Nigeria
country-KE = Kenya
title-error = Error: { $page }
link-help = Help
link-terms = Terms
link-privacy = Privacy
country-hint = We text mobile numbers in these countries only.
