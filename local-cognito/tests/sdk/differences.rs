//! Where ministack (1.5.33) answers differently from Cognito as the AWS API
//! reference documents it. The differential checks (`differential.rs`)
//! assert Cognito's documented behaviour for local-cognito and, for
//! ministack, exactly the different behaviour named here: a difference that
//! goes away (or a new one) fails the ministack stage, so this list stays
//! true. local-cognito follows the reference in every case.

/// One known difference of ministack's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Difference {
    /// `ChallengeParameters` of a CUSTOM_CHALLENGE hold only what the Create
    /// trigger made public. Reference (InitiateAuth, ChallengeParameters):
    /// "All challenges require USERNAME"; Cognito adds the internal
    /// username. The server falls back to the number it started with, which
    /// Cognito also accepts for a custom challenge.
    NoUsernameInChallenge,
    /// One `Session` string for every round of a flow. Reference
    /// (RespondToAuthChallenge, Session): a challenge that needs another
    /// round "returns a session with other challenge parameters", a new one
    /// each round, and a used one is refused ("Invalid session for the user").
    SessionReusedAcrossRounds,
    /// SignUp texts nothing and every confirmation code is 123456; Cognito
    /// texts a code and returns `CodeDeliveryDetails` (SignUp's reference).
    SignUpCodeNotTexted,
    /// ConfirmSignUp leaves `phone_number_verified` unset. Cognito marks the
    /// attribute that received the code verified (developer guide, "Signing
    /// up and confirming user accounts").
    ConfirmationLeavesPhoneUnverified,
    /// InitiateAuth for an unknown number answers UserNotFoundException
    /// although the client has PreventUserExistenceErrors ENABLED; Cognito
    /// then runs the flow with a stand-in user (developer guide, "Managing
    /// user existence error responses": custom auth "returns a challenge").
    UnknownUserRevealed,
    /// SECRET_HASH is not checked unless ministack runs with AUTH=true; the
    /// reference (SignUp, InitiateAuth, RespondToAuthChallenge) requires it
    /// whenever the client has a secret, else NotAuthorizedException
    /// "Unable to verify secret hash for client <id>".
    SecretHashUnchecked,
    /// After GlobalSignOut the access token still works for GetUser.
    /// Reference (GlobalSignOut): Cognito "no longer accepts token-authorized
    /// user operations" with the signed-out user's access tokens. The server
    /// never relies on it alone: it revokes the refresh token and forgets the
    /// session's tokens.
    GlobalSignOutKeepsAccessTokens,
    /// Define's failure reads "Incorrect username or password" (no full
    /// stop); Cognito's message ends with one. Same error type, which is all
    /// the server reads.
    FailedFlowWording,
}

/// The differences of the Cognito a check runs against.
pub fn of(target: &str) -> &'static [Difference] {
    use Difference::*;
    match target {
        "ministack" => &[
            NoUsernameInChallenge,
            SessionReusedAcrossRounds,
            SignUpCodeNotTexted,
            ConfirmationLeavesPhoneUnverified,
            UnknownUserRevealed,
            SecretHashUnchecked,
            GlobalSignOutKeepsAccessTokens,
            FailedFlowWording,
        ],
        _ => &[],
    }
}
