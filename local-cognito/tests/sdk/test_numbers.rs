//! Test numbers through the triggers: PreSignUp confirms them without a
//! text, and Create seals their fixed code and texts nothing.

use std::sync::Arc;

use domain::{ManualClock, TestNumbers};
use local_cognito::{Outbox, Pool, PoolConfig};

use crate::support::*;

const TEST: &str = "+14155550142";

#[tokio::test]
async fn a_test_number_signs_up_confirmed_and_signs_in_with_its_fixed_code_untexted() {
    let mut config = PoolConfig::generated("Acme", "acme.example");
    config.triggers.test_numbers = Some(TestNumbers::outside_production());
    let clock = ManualClock::new(1_764_000_000);
    let pool = Pool::new(config, Arc::new(clock.clone()), Arc::new(Outbox::new(false))).unwrap();
    let h = Harness::serve(pool, clock).await;
    let out = h
        .client
        .sign_up()
        .client_id(&h.client_id)
        .secret_hash(h.hash(TEST))
        .username(TEST)
        .password(PASSWORD)
        .send()
        .await
        .unwrap();
    assert!(out.user_confirmed, "PreSignUp's autoConfirmUser");
    assert!(out.code_delivery_details.is_none(), "nothing texted");
    let (username, session) = h.start_sign_in(TEST).await;
    assert_eq!(username, out.user_sub);
    let wrong = h.answer(&username, &session, "424243").await.unwrap();
    assert!(wrong.authentication_result.is_none());
    let right = h.answer(&username, &wrong.session.unwrap(), "424242").await.unwrap();
    assert!(right.authentication_result.is_some());
    assert!(h.server.pool.outbox.list(Some(TEST)).is_empty());

    // Any other number is confirmed by a texted code, as ever.
    h.sign_up_confirmed(PHONE).await;
    assert_eq!(h.server.pool.outbox.list(Some(PHONE)).len(), 1);
}
