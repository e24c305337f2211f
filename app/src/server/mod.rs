//! Server-only half of the app: the Cognito flow, the error mapping and the
//! per-browser state kept in the server-side session.

pub mod clock;
pub mod cognito_errors;
pub mod context;
pub mod flow;
pub mod handlers;
pub mod jwt;
pub mod limits;
pub mod password;
pub mod session_state;

pub use clock::Clock;
pub use context::{ClientIp, SendFloor, SessionMaxAge};
pub use flow::{AuthFlow, ChallengeView, Tokens};
pub use jwt::TokenVerifier;
pub use limits::{LimitPolicy, LimitStore, Limits};
