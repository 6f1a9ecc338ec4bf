//! Password hashing with argon2id (OWASP parameters: 19 MiB, 2 iterations,
//! 1 lane), run on a blocking thread so it never stalls request handling.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use std::sync::Arc;

use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::{OnceCell, Semaphore};

use crate::error::AppError;

/// Hashes and verifies passwords with at most `permits` argon2 jobs at once
/// (one per core), so a flood of sign-ins cannot starve other requests.
#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    dummy: Arc<OnceCell<String>>,
}

impl Hasher {
    pub fn new(permits: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(permits.max(1))),
            dummy: Arc::new(OnceCell::new()),
        }
    }

    /// One permit per available core.
    pub fn per_core() -> Self {
        Self::new(
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1),
        )
    }

    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        let _permit = self.permits.acquire().await.map_err(AppError::internal)?;
        hash_password(password).await
    }

    /// Verifies against `hash`, or against a dummy hash when there is none,
    /// so an unknown account takes as long as a known one.
    pub async fn verify(&self, password: String, hash: Option<String>) -> Result<bool, AppError> {
        let (hash, real) = match hash {
            Some(hash) => (hash, true),
            None => {
                let dummy = self
                    .dummy
                    .get_or_try_init(|| hash_password(crate::server::tokens::random_hex(16)))
                    .await?;
                (dummy.clone(), false)
            }
        };
        let _permit = self.permits.acquire().await.map_err(AppError::internal)?;
        let matches = verify_password(password, hash).await?;
        Ok(real && matches)
    }
}

fn argon2() -> Result<Argon2<'static>, AppError> {
    let params = Params::new(19 * 1024, 2, 1, None).map_err(AppError::internal)?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        argon2()?
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(AppError::internal)
    })
    .await
    .map_err(AppError::internal)?
}

pub async fn verify_password(password: String, hash: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&hash).map_err(AppError::internal)?;
        Ok(argon2()?
            .verify_password(password.as_bytes(), &parsed)
            .is_ok())
    })
    .await
    .map_err(AppError::internal)?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn verifying_without_a_hash_is_always_false_but_still_does_the_work() {
        let hasher = Hasher::new(1);
        assert!(!hasher.verify("anything at all".into(), None).await.unwrap());
        assert!(hasher.dummy.get().is_some());
        let real = hasher.hash("the right password".into()).await.unwrap();
        assert!(hasher
            .verify("the right password".into(), Some(real))
            .await
            .unwrap());
    }

    #[tokio::test]
    async fn a_hash_is_argon2id_with_owasp_parameters_and_verifies_only_its_password() {
        let hash = hash_password("correct horse battery".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(
            verify_password("correct horse battery".into(), hash.clone())
                .await
                .unwrap()
        );
        assert!(!verify_password("wrong horse battery".into(), hash)
            .await
            .unwrap());
    }
}
