//! Password hashing with Argon2id, off the async threads and behind a
//! semaphore so that a burst of logins cannot starve the server.

use std::sync::Arc;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

use crate::AppError;

/// How expensive a new hash is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordCost {
    /// Argon2id with the crate's recommended parameters (19 MiB, 2 passes).
    Standard,
    /// Cheap parameters, for test suites only.
    Testing,
}

/// The password hasher shared by all requests.
#[derive(Clone)]
pub struct Passwords {
    cost: PasswordCost,
    permits: Arc<Semaphore>,
}

impl std::fmt::Debug for Passwords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Passwords").field("cost", &self.cost).finish()
    }
}

fn hasher(cost: PasswordCost) -> Argon2<'static> {
    let params = match cost {
        PasswordCost::Standard => Params::default(),
        PasswordCost::Testing => Params::new(1024, 1, 1, None).unwrap_or_default(),
    };
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The shortest password accepted.
pub const MIN_PASSWORD: usize = 10;

impl Passwords {
    pub fn new(cost: PasswordCost) -> Passwords {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        Passwords { cost, permits: Arc::new(Semaphore::new(cores)) }
    }

    /// Hashes a new password into a PHC string.
    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        if password.chars().count() < MIN_PASSWORD {
            return Err(AppError::invalid("password", format!("must be at least {MIN_PASSWORD} characters")));
        }
        if password.len() > 1024 {
            return Err(AppError::invalid("password", "must be at most 1024 bytes"));
        }
        let _permit = self.permits.acquire().await.map_err(|e| AppError::Internal(e.to_string()))?;
        let cost = self.cost;
        tokio::task::spawn_blocking(move || {
            hasher(cost)
                .hash_password(password.as_bytes())
                .map(|h| h.to_string())
                .map_err(|e| AppError::Internal(format!("hashing: {e}")))
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
    }

    /// Checks a password against a stored hash. With no stored hash (unknown
    /// user) a dummy hash is checked, so that timing does not reveal names.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, AppError> {
        if password.len() > 1024 {
            return Ok(false);
        }
        let _permit = self.permits.acquire().await.map_err(|e| AppError::Internal(e.to_string()))?;
        let cost = self.cost;
        tokio::task::spawn_blocking(move || {
            let h = hasher(cost);
            match stored {
                Some(stored) => match PasswordHash::new(&stored) {
                    Ok(parsed) => h.verify_password(password.as_bytes(), &parsed).is_ok(),
                    Err(_) => false,
                },
                None => {
                    let _ = h.hash_password(password.as_bytes());
                    false
                }
            }
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))
    }
}
