//! The same checks against local-cognito and against ministack, an
//! independent Cognito (PyPI; the test command's ministack stage deploys
//! infra/template.yaml into it with the project's trigger binaries and runs
//! these with `--ignored`). Each asserts Cognito's documented behaviour,
//! except where `differences.rs` names a difference of ministack's: there it
//! asserts ministack's actual answer, so the list cannot go stale.

use aws_sdk_cognitoidentityprovider::config::{BehaviorVersion, Region};
use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::operation::initiate_auth::InitiateAuthOutput;
use aws_sdk_cognitoidentityprovider::operation::respond_to_auth_challenge::RespondToAuthChallengeOutput;
use aws_sdk_cognitoidentityprovider::types::{
    AttributeType, AuthFlowType, AuthenticationResultType, ChallengeNameType,
};
use aws_sdk_cognitoidentityprovider::{Client, Config};
use domain::secret_hash::secret_hash;

use crate::differences::{self, Difference};
use crate::support::{Harness, PASSWORD, wrong};

pub struct Target {
    name: &'static str,
    client: Client,
    client_id: String,
    secret: String,
    texts: Texts,
}

/// Where a target's texts can be read.
enum Texts {
    /// local-cognito's own pool and its outbox.
    Outbox(Harness),
    /// ministack's SMS log, at its endpoint.
    SmsLog { endpoint: String, http: reqwest::Client },
}

fn failure<E: ProvideErrorMetadata>(e: E) -> String {
    format!("{}: {}", e.code().unwrap_or("?"), e.message().unwrap_or("?"))
}

impl Target {
    pub async fn local() -> Self {
        // Set up as the template deploys the custom flow, as ministack's is.
        let h = Harness::start_with(|c| c.triggers.confirm_at_sign_in = true).await;
        Self {
            name: "local-cognito",
            client: h.client.clone(),
            client_id: h.client_id.clone(),
            secret: h.secret.clone(),
            texts: Texts::Outbox(h),
        }
    }

    /// The pool scripts/ministack.sh deployed, from its settings.
    pub fn ministack() -> Self {
        let var = |name: &str| {
            std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: scripts/ministack.sh runs these"))
        };
        let endpoint = var("MINISTACK_ENDPOINT");
        let config = Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .endpoint_url(&endpoint)
            .build();
        Self {
            name: "ministack",
            client: Client::from_conf(config),
            client_id: var("MINISTACK_CLIENT_ID"),
            secret: var("MINISTACK_CLIENT_SECRET"),
            texts: Texts::SmsLog {
                endpoint,
                http: reqwest::Client::new(),
            },
        }
    }

    fn differs(&self, difference: Difference) -> bool {
        differences::of(self.name).contains(&difference)
    }

    fn hash(&self, username: &str) -> String {
        secret_hash(&self.secret, username, &self.client_id)
    }

    /// Every text sent to `to`, oldest first.
    async fn texts(&self, to: &str) -> Vec<String> {
        let (endpoint, http) = match &self.texts {
            Texts::Outbox(h) => {
                return h
                    .server
                    .pool
                    .outbox
                    .list(Some(to))
                    .into_iter()
                    .map(|t| t.body)
                    .collect();
            }
            Texts::SmsLog { endpoint, http } => (endpoint, http),
        };
        let log: serde_json::Value = http
            .get(format!("{endpoint}/_ministack/sns/sms-messages"))
            .query(&[("phoneNumber", to)])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        log["sms_messages"][to]
            .as_array()
            .map(|all| {
                all.iter()
                    .filter_map(|m| m["Message"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The code at the end of the newest text ("… @domain #123456").
    async fn last_code(&self, to: &str) -> String {
        let texts = self.texts(to).await;
        let last = texts.last().expect("a text");
        let code = last.rsplit('#').next().unwrap_or_default().trim().to_owned();
        assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()), "{last}");
        code
    }

    /// Signs `phone` up, as the server does in the custom flow: PreSignUp
    /// (`CONFIRM_AT_SIGN_IN`) confirms it at once and nothing is texted;
    /// the number is proved by the first sign-in. The new user's sub.
    async fn signed_up(&self, phone: &str) -> String {
        let texted_before = self.texts(phone).await.len();
        let out = self
            .client
            .sign_up()
            .client_id(&self.client_id)
            .secret_hash(self.hash(phone))
            .username(phone)
            .password(PASSWORD)
            .user_attributes(AttributeType::builder().name("name").value("Ada").build().unwrap())
            .send()
            .await
            .unwrap();
        assert!(out.user_confirmed, "confirmed by PreSignUp");
        assert!(out.code_delivery_details.is_none());
        assert_eq!(self.texts(phone).await.len(), texted_before, "nothing texted");
        assert_eq!(out.user_sub.len(), 36, "a sub: {}", out.user_sub);
        out.user_sub
    }

    /// Signs `phone` in with the code texted to it: the tokens.
    async fn signed_in(&self, phone: &str) -> AuthenticationResultType {
        let session = self.start(phone, self.hash(phone)).await.unwrap().session.unwrap();
        let code = self.last_code(phone).await;
        let answered = self.answer(phone, &session, &code).await.unwrap();
        answered.authentication_result.unwrap()
    }

    async fn start(&self, phone: &str, hash: String) -> Result<InitiateAuthOutput, String> {
        self.client
            .initiate_auth()
            .client_id(&self.client_id)
            .auth_flow(AuthFlowType::CustomAuth)
            .auth_parameters("USERNAME", phone)
            .auth_parameters("SECRET_HASH", hash)
            .send()
            .await
            .map_err(failure)
    }

    async fn answer(
        &self,
        username: &str,
        session: &str,
        answer: &str,
    ) -> Result<RespondToAuthChallengeOutput, String> {
        self.client
            .respond_to_auth_challenge()
            .client_id(&self.client_id)
            .challenge_name(ChallengeNameType::CustomChallenge)
            .session(session)
            .challenge_responses("USERNAME", username)
            .challenge_responses("ANSWER", answer)
            .challenge_responses("SECRET_HASH", self.hash(username))
            .send()
            .await
            .map_err(failure)
    }
}

/// Sign-up (confirmed at once, nothing texted), the first sign-in's custom
/// challenge answered wrong then right by phone number (which verifies the
/// number), the user's attributes, a name change and a global sign-out.
async fn the_whole_journey(t: &Target) {
    let phone = "+14155550161";
    let sub = t.signed_up(phone).await;

    let started = t.start(phone, t.hash(phone)).await.unwrap();
    assert_eq!(started.challenge_name, Some(ChallengeNameType::CustomChallenge));
    let params = started.challenge_parameters.unwrap_or_default();
    if t.differs(Difference::NoUsernameInChallenge) {
        assert_eq!(params.get("USERNAME"), None);
    } else {
        assert_eq!(params.get("USERNAME"), Some(&sub));
    }
    assert_eq!(params.get("attemptsLeft").map(String::as_str), Some("3"));
    let session = started.session.unwrap();
    assert_eq!(t.texts(phone).await.len(), 1, "the sign-in's code is the only text");
    let code = t.last_code(phone).await;

    let retry = t.answer(phone, &session, &wrong(&code)).await.unwrap();
    assert_eq!(retry.challenge_parameters.unwrap_or_default()["attemptsLeft"], "2");
    let next = retry.session.unwrap();
    if t.differs(Difference::SessionReusedAcrossRounds) {
        assert_eq!(next, session);
    } else {
        assert_ne!(next, session);
        let replay = t.answer(phone, &session, &code).await.unwrap_err();
        assert_eq!(replay, "NotAuthorizedException: Invalid session for the user.");
    }

    let done = t.answer(phone, &next, &code).await.unwrap();
    let access = done.authentication_result.unwrap().access_token.unwrap();
    let user = t.client.get_user().access_token(&access).send().await.unwrap();
    assert_eq!(user.username, sub);
    let attr = |n: &str| {
        user.user_attributes
            .iter()
            .find(|a| a.name == n)
            .and_then(|a| a.value.clone())
    };
    assert_eq!(attr("phone_number").as_deref(), Some(phone));
    assert_eq!(attr("name").as_deref(), Some("Ada"));
    // The first sign-in proved the number: PostAuthentication marked it.
    let verified = attr("phone_number_verified");
    if t.differs(Difference::PostAuthenticationNotRun) {
        assert_ne!(verified.as_deref(), Some("true"));
    } else {
        assert_eq!(verified.as_deref(), Some("true"));
    }

    t.client
        .update_user_attributes()
        .access_token(&access)
        .user_attributes(AttributeType::builder().name("name").value("Ada King").build().unwrap())
        .send()
        .await
        .unwrap();
    let user = t.client.get_user().access_token(&access).send().await.unwrap();
    assert!(
        user.user_attributes
            .iter()
            .any(|a| a.name == "name" && a.value.as_deref() == Some("Ada King"))
    );

    t.client.global_sign_out().access_token(&access).send().await.unwrap();
    let after = t.client.get_user().access_token(&access).send().await.map_err(failure);
    if t.differs(Difference::AccessTokensOutliveRevocation) {
        assert!(after.is_ok());
    } else {
        assert_eq!(
            after.unwrap_err(),
            "NotAuthorizedException: Access Token has been revoked"
        );
    }
}

/// Define fails the flow at the third wrong answer, with Cognito's generic
/// error, and no new text is sent for a wrong answer.
async fn three_wrong_answers_end_the_flow(t: &Target) {
    let phone = "+14155550162";
    t.signed_up(phone).await;
    let mut session = t.start(phone, t.hash(phone)).await.unwrap().session.unwrap();
    let before = t.texts(phone).await.len();
    let code = t.last_code(phone).await;
    for _ in 0..2 {
        session = t.answer(phone, &session, &wrong(&code)).await.unwrap().session.unwrap();
    }
    let err = t.answer(phone, &session, &wrong(&code)).await.unwrap_err();
    let stop = if t.differs(Difference::FailedFlowWording) {
        ""
    } else {
        "."
    };
    assert_eq!(
        err,
        format!("NotAuthorizedException: Incorrect username or password{stop}")
    );
    assert_eq!(t.texts(phone).await.len(), before);
}

/// With PreventUserExistenceErrors, a number without an account gets a
/// challenge like any other, and nothing is texted.
async fn an_unknown_number_is_not_told_apart(t: &Target) {
    let phone = "+14155550163";
    let started = t.start(phone, t.hash(phone)).await;
    if t.differs(Difference::UnknownUserRevealed) {
        assert_eq!(started.unwrap_err(), "UserNotFoundException: User does not exist.");
    } else {
        let started = started.unwrap();
        assert_eq!(started.challenge_name, Some(ChallengeNameType::CustomChallenge));
    }
    assert!(t.texts(phone).await.is_empty());
}

/// A number that has an account cannot sign up again.
async fn a_number_signs_up_once(t: &Target) {
    let phone = "+14155550164";
    t.signed_up(phone).await;
    let again = t
        .client
        .sign_up()
        .client_id(&t.client_id)
        .secret_hash(t.hash(phone))
        .username(phone)
        .password(PASSWORD)
        .send()
        .await
        .map_err(failure)
        .unwrap_err();
    assert!(again.starts_with("UsernameExistsException"), "{again}");
}

/// A client with a secret needs SECRET_HASH over the username sent.
async fn a_wrong_secret_hash_is_refused(t: &Target) {
    let phone = "+14155550165";
    t.signed_up(phone).await;
    let started = t.start(phone, t.hash("+14155550000")).await;
    if t.differs(Difference::SecretHashUnchecked) {
        assert!(started.is_ok());
    } else {
        assert_eq!(
            started.unwrap_err(),
            format!(
                "NotAuthorizedException: Unable to verify secret hash for client {}",
                t.client_id
            )
        );
    }
}

/// The server's token renewal and sign-out: REFRESH_TOKEN_AUTH with
/// SECRET_HASH over the internal username gives new tokens without a new
/// refresh token; RevokeToken ends the refresh token and the access tokens
/// issued with it.
async fn refresh_then_revoke(t: &Target) {
    let phone = "+14155550166";
    let sub = t.signed_up(phone).await;
    let tokens = t.signed_in(phone).await;
    let refresh = tokens.refresh_token.unwrap();
    let renew = || {
        t.client
            .initiate_auth()
            .client_id(&t.client_id)
            .auth_flow(AuthFlowType::RefreshTokenAuth)
            .auth_parameters("REFRESH_TOKEN", &refresh)
            .auth_parameters("SECRET_HASH", t.hash(&sub))
            .send()
    };
    let renewed = renew().await.unwrap().authentication_result.unwrap();
    assert!(renewed.refresh_token.is_none(), "no rotation unless it is switched on");
    let access = renewed.access_token.unwrap();
    t.client.get_user().access_token(&access).send().await.unwrap();

    t.client
        .revoke_token()
        .client_id(&t.client_id)
        .client_secret(&t.secret)
        .token(&refresh)
        .send()
        .await
        .unwrap();
    assert_eq!(
        renew().await.map_err(failure).unwrap_err(),
        "NotAuthorizedException: Refresh Token has been revoked"
    );
    let after = t.client.get_user().access_token(&access).send().await.map_err(failure);
    if t.differs(Difference::AccessTokensOutliveRevocation) {
        assert!(after.is_ok());
    } else {
        assert_eq!(
            after.unwrap_err(),
            "NotAuthorizedException: Access Token has been revoked"
        );
    }
}

/// DeleteUser with the user's own access token (what "Delete account"
/// calls): the token stops working, and the number can sign up again, as a
/// new user with a new sub.
async fn delete_user_then_sign_up_again(t: &Target) {
    let phone = "+14155550167";
    let first = t.signed_up(phone).await;
    let access = t.signed_in(phone).await.access_token.unwrap();
    t.client.delete_user().access_token(&access).send().await.unwrap();
    let after = t.client.get_user().access_token(&access).send().await.map_err(failure);
    let refused = after.unwrap_err();
    assert!(
        refused.starts_with("NotAuthorizedException") || refused.starts_with("UserNotFoundException"),
        "{refused}"
    );
    let second = t.signed_up(phone).await;
    assert_ne!(first, second, "a new user");
}

/// UpdateUserAttributes with a new `phone_number`, in a pool that needs it
/// verified first: a code goes to the new number, and the old one stays the
/// account's (and signs in) until that code comes back.
async fn a_new_number_waits_for_its_code(t: &Target) {
    let (old, new) = ("+14155550168", "+14155550169");
    t.signed_up(old).await;
    let access = t.signed_in(old).await.access_token.unwrap();
    let texted_before = t.texts(new).await.len();
    let out = t
        .client
        .update_user_attributes()
        .access_token(&access)
        .user_attributes(
            AttributeType::builder()
                .name("phone_number")
                .value(new)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let delivered = out.code_delivery_details_list.unwrap_or_default().len();
    let user = t.client.get_user().access_token(&access).send().await.unwrap();
    let number = user
        .user_attributes
        .iter()
        .find(|a| a.name == "phone_number")
        .and_then(|a| a.value.clone());
    let texted = t.texts(new).await.len() - texted_before;
    if t.differs(Difference::NumberChangesWithoutCode) {
        assert_eq!((delivered, texted, number.as_deref()), (0, 0, Some(new)));
    } else {
        assert_eq!((delivered, texted, number.as_deref()), (1, 1, Some(old)));
        t.signed_in(old).await;
    }
}

macro_rules! against_both {
    ($($check:ident),* $(,)?) => {
        mod local {
            $(
                #[tokio::test]
                async fn $check() {
                    super::$check(&super::Target::local().await).await
                }
            )*
        }
        mod ministack {
            $(
                #[tokio::test]
                #[ignore = "needs ministack and the deployed stack: scripts/ministack.sh runs it"]
                async fn $check() {
                    super::$check(&super::Target::ministack()).await
                }
            )*
        }
    };
}

against_both!(
    the_whole_journey,
    three_wrong_answers_end_the_flow,
    an_unknown_number_is_not_told_apart,
    a_number_signs_up_once,
    a_wrong_secret_hash_is_refused,
    refresh_then_revoke,
    delete_user_then_sign_up_again,
    a_new_number_waits_for_its_code,
);
