//! Cognito's error codes mapped, once, to what a person sees.

use crate::error::{AuthError, PhoneProblem};

/// Which call failed: the same Cognito error means different things in
/// different steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    SignUp,
    ConfirmSignUp,
    ResendSignUp,
    StartSignIn,
    AnswerChallenge,
    /// Native flow: ConfirmSignUp's Session traded for tokens.
    SignInAfterSignUp,
    Account,
    Refresh,
    SignOut,
    /// A new number asked for (UpdateUserAttributes), or a new code for it
    /// (GetUserAttributeVerificationCode).
    ChangeNumber,
    /// The new number's code (VerifyUserAttribute).
    VerifyNumber,
}

/// What a failed call means for the flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    Show(AuthError),
    /// SignUp for a number that already has an account, or a change to a
    /// number that is another account's. Shown exactly like a code sent, so
    /// the page does not reveal who has an account.
    AlreadyRegistered,
    /// Sign-in for an unconfirmed (or, where PreventUserExistenceErrors is
    /// off, unknown) account: run a flow that looks the same and never ends
    /// in success.
    NoUsableAccount,
}

/// `code` is Cognito's `__type` (None when no response came back at all).
pub fn classify(step: Step, code: Option<&str>, message: &str) -> Failure {
    use AuthError as E;
    use Failure::Show;
    let Some(code) = code else {
        return Show(E::Unavailable);
    };
    match (step, code) {
        (_, "TooManyRequestsException") => Show(E::RateLimited { retry_after_secs: 60 }),
        (Step::SignUp, "UsernameExistsException" | "AliasExistsException") => Failure::AlreadyRegistered,
        // Cognito checks at the update that no other user holds the number
        // (it is the username): answered like a code sent.
        (Step::ChangeNumber, "AliasExistsException") => Failure::AlreadyRegistered,
        (Step::SignUp | Step::ChangeNumber, "InvalidParameterException") if message.contains("phone") => {
            Show(E::InvalidPhone(PhoneProblem::Refused))
        }
        (
            Step::SignUp | Step::ResendSignUp | Step::StartSignIn | Step::ChangeNumber,
            "CodeDeliveryFailureException",
        ) => Show(E::CannotDeliver),
        (Step::SignUp | Step::ResendSignUp | Step::StartSignIn | Step::ChangeNumber, "LimitExceededException") => {
            Show(E::RateLimited { retry_after_secs: 60 })
        }
        (Step::VerifyNumber, "CodeMismatchException") => Show(E::CodeMismatch),
        (Step::VerifyNumber, "ExpiredCodeException") => Show(E::CodeExpired),
        (Step::VerifyNumber, "LimitExceededException" | "TooManyFailedAttemptsException") => Show(E::TooManyAttempts),
        // Taken by another account since its code was sent: said only to
        // whoever holds the number (the code was right), and not why.
        (Step::VerifyNumber, "AliasExistsException") => Show(E::NumberNotAvailable),
        // "User is already confirmed." or no such user: answered like a sent
        // code, so that resending does not reveal accounts.
        (Step::ResendSignUp, "InvalidParameterException" | "UserNotFoundException" | "NotAuthorizedException") => {
            Failure::NoUsableAccount
        }
        (Step::ConfirmSignUp, "CodeMismatchException" | "UserNotFoundException") => Show(E::CodeMismatch),
        // "User cannot be confirmed. Current status is CONFIRMED": answered
        // like a wrong code so that confirmation does not reveal accounts.
        (Step::ConfirmSignUp, "NotAuthorizedException") => Show(E::CodeMismatch),
        (Step::ConfirmSignUp, "ExpiredCodeException") => Show(E::CodeExpired),
        (Step::ConfirmSignUp, "LimitExceededException" | "TooManyFailedAttemptsException") => Show(E::TooManyAttempts),
        (Step::StartSignIn, "UserNotConfirmedException" | "UserNotFoundException") => Failure::NoUsableAccount,
        (Step::AnswerChallenge, "NotAuthorizedException") if message.contains("session") => Show(E::CodeExpired),
        // Define failed the flow: too many wrong answers.
        (Step::AnswerChallenge, "NotAuthorizedException") => Show(E::TooManyAttempts),
        (Step::AnswerChallenge, "CodeMismatchException") => Show(E::WrongCode { attempts_left: 0 }),
        (Step::AnswerChallenge, "ExpiredCodeException") => Show(E::CodeExpired),
        (Step::AnswerChallenge, "LimitExceededException") => Show(E::TooManyAttempts),
        // The Session expired or was used: the person signs in as usual.
        (Step::SignInAfterSignUp, "NotAuthorizedException") => Show(E::CodeExpired),
        (
            Step::Account | Step::Refresh | Step::SignOut | Step::ChangeNumber | Step::VerifyNumber,
            "NotAuthorizedException" | "UserNotFoundException",
        ) => Show(E::NotSignedIn),
        _ => Show(E::Unavailable),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AuthError as E;

    #[test]
    fn sign_up_never_reveals_an_existing_account() {
        assert_eq!(
            classify(Step::SignUp, Some("UsernameExistsException"), "exists"),
            Failure::AlreadyRegistered
        );
        assert_eq!(
            classify(
                Step::ConfirmSignUp,
                Some("NotAuthorizedException"),
                "User cannot be confirmed. Current status is CONFIRMED"
            ),
            Failure::Show(E::CodeMismatch)
        );
    }

    #[test]
    fn a_number_change_never_reveals_another_account() {
        assert_eq!(
            classify(
                Step::ChangeNumber,
                Some("AliasExistsException"),
                "An account with the given phone_number already exists."
            ),
            Failure::AlreadyRegistered
        );
        assert_eq!(
            classify(Step::VerifyNumber, Some("CodeMismatchException"), ""),
            Failure::Show(E::CodeMismatch)
        );
        assert_eq!(
            classify(Step::VerifyNumber, Some("AliasExistsException"), ""),
            Failure::Show(E::NumberNotAvailable)
        );
    }

    #[test]
    fn sign_in_outcomes() {
        assert_eq!(
            classify(Step::StartSignIn, Some("UserNotConfirmedException"), ""),
            Failure::NoUsableAccount
        );
        assert_eq!(
            classify(
                Step::AnswerChallenge,
                Some("NotAuthorizedException"),
                "Incorrect username or password."
            ),
            Failure::Show(E::TooManyAttempts)
        );
        assert_eq!(
            classify(
                Step::AnswerChallenge,
                Some("NotAuthorizedException"),
                "Invalid session for the user, session is expired."
            ),
            Failure::Show(E::CodeExpired)
        );
    }

    #[test]
    fn resending_a_sign_up_code_never_reveals_an_account() {
        for code in [
            "InvalidParameterException",
            "UserNotFoundException",
            "NotAuthorizedException",
        ] {
            assert_eq!(
                classify(Step::ResendSignUp, Some(code), "User is already confirmed."),
                Failure::NoUsableAccount
            );
        }
        assert_eq!(
            classify(Step::ResendSignUp, Some("LimitExceededException"), ""),
            Failure::Show(E::RateLimited { retry_after_secs: 60 })
        );
    }

    #[test]
    fn outages_and_throttling() {
        assert_eq!(classify(Step::StartSignIn, None, ""), Failure::Show(E::Unavailable));
        assert_eq!(
            classify(Step::StartSignIn, Some("TooManyRequestsException"), ""),
            Failure::Show(E::RateLimited { retry_after_secs: 60 })
        );
        assert_eq!(
            classify(Step::SignUp, Some("InternalErrorException"), ""),
            Failure::Show(E::Unavailable)
        );
        assert_eq!(
            classify(Step::SignUp, Some("UserLambdaValidationException"), ""),
            Failure::Show(E::Unavailable)
        );
    }
}
