//! The optional state file: users, refresh tokens and the signing keys kept
//! as JSON across restarts (challenge rounds are not: they live minutes).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use domain::Clock;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use super::{Pool, PoolError, State};
use crate::config::{AppClient, PoolConfig};
use crate::outbox::Outbox;
use crate::signing::Signer;

/// The file's format; another version is refused rather than misread.
const VERSION: u32 = 1;

/// What a state file holds: the keys (so tokens stay valid across restarts)
/// and everything but in-flight challenges.
#[derive(Deserialize)]
struct Persisted {
    version: u32,
    identity: Identity,
    signing_key_pkcs8: String,
    internal_key: String,
    state: State,
}

#[derive(Serialize)]
struct PersistedRef<'a> {
    version: u32,
    identity: Identity,
    signing_key_pkcs8: String,
    internal_key: String,
    state: &'a State,
}

/// The pool's ids and app clients: a state file keeps them stable.
#[derive(Serialize, Deserialize)]
struct Identity {
    region: String,
    pool_id: String,
    clients: Vec<(String, Option<String>)>,
}

impl Pool {
    /// A pool whose users, tokens and keys are kept in `path` (JSON),
    /// loaded from it if it exists, and written back after every change. An
    /// existing file also fixes the region, pool id and app clients, so that
    /// clients configured against it keep working across restarts.
    pub fn with_state_file(
        mut config: PoolConfig,
        clock: Arc<dyn Clock>,
        outbox: Arc<Outbox>,
        path: PathBuf,
    ) -> Result<Self, PoolError> {
        let fail = |reason: String| PoolError::StateFile {
            path: path.display().to_string(),
            reason,
        };
        let pool = match std::fs::read(&path) {
            Ok(bytes) => {
                let saved: Persisted = serde_json::from_slice(&bytes).map_err(|e| fail(e.to_string()))?;
                if saved.version != VERSION {
                    return Err(fail(format!("unknown version {}", saved.version)));
                }
                let pkcs8 = STANDARD
                    .decode(&saved.signing_key_pkcs8)
                    .map_err(|e| fail(e.to_string()))?;
                let key = STANDARD.decode(&saved.internal_key).map_err(|e| fail(e.to_string()))?;
                let internal_key: [u8; 32] = key
                    .try_into()
                    .map_err(|_| fail("internal key must be 32 bytes".into()))?;
                config.region = saved.identity.region;
                config.pool_id = saved.identity.pool_id;
                // Which flows a client allows is the configuration's, not the file's.
                let auth_flows = config.clients.first().map(|c| c.auth_flows.clone()).unwrap_or_default();
                config.clients = saved
                    .identity
                    .clients
                    .into_iter()
                    .map(|(id, secret)| AppClient {
                        id,
                        secret: secret.map(SecretString::from),
                        auth_flows: auth_flows.clone(),
                    })
                    .collect();
                Self {
                    config,
                    outbox,
                    clock,
                    signer: Signer::from_pkcs8(&pkcs8)?,
                    internal_key,
                    state: Mutex::new(saved.state),
                    state_file: Some(path.clone()),
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut pool = Self::new(config, clock, outbox)?;
                pool.state_file = Some(path.clone());
                pool
            }
            Err(e) => return Err(fail(e.to_string())),
        };
        pool.save(&pool.lock()).map_err(|e| fail(e.to_string()))?;
        Ok(pool)
    }

    /// Writes the state file, if there is one: to a temporary file renamed
    /// over the old one, so a crash never leaves half a file.
    pub(super) fn save(&self, state: &State) -> std::io::Result<()> {
        let Some(path) = &self.state_file else { return Ok(()) };
        let saved = PersistedRef {
            version: VERSION,
            identity: Identity {
                region: self.config.region.clone(),
                pool_id: self.config.pool_id.clone(),
                clients: self
                    .config
                    .clients
                    .iter()
                    .map(|c| (c.id.clone(), c.secret.as_ref().map(|s| s.expose_secret().to_owned())))
                    .collect(),
            },
            signing_key_pkcs8: STANDARD.encode(self.signer.pkcs8()),
            internal_key: STANDARD.encode(self.internal_key),
            state,
        };
        let tmp = path.with_extension("tmp");
        // It holds the signing key and the clients' secrets: its owner's alone.
        let mut file = std::fs::OpenOptions::new();
        file.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut file, 0o600);
        std::io::Write::write_all(&mut file.open(&tmp)?, &serde_json::to_vec_pretty(&saved)?)?;
        std::fs::rename(tmp, path)
    }
}
