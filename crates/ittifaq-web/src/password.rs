//! Password hashing with Argon2id, off the async threads and behind a
//! semaphore so that a burst of logins cannot starve the server; the strength
//! rules of a new password; and the throttle of failed sign-ins.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

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
    /// Failed sign-ins by account and source address.
    pub throttle: Arc<Throttle>,
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

/// The lowest zxcvbn score a new password must reach: 3 means more than
/// 10^8 guesses, "safely unguessable: moderate protection from offline
/// slow-hash scenario" (Argon2id here).
pub const MIN_SCORE: u8 = 3;

/// Why a new password is refused: a Fluent key of the `password-` family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weakness {
    /// Shorter than [`MIN_PASSWORD`] characters.
    TooShort,
    /// Longer than 1024 bytes.
    TooLong,
    /// Contains the user name, or is built from it.
    LikeUserName,
    /// A common or breached password, a keyboard pattern, a repetition or a
    /// word with a few changes: zxcvbn's dictionaries of leaked passwords,
    /// names and common words estimate fewer than 10^8 guesses.
    Guessable,
}

impl Weakness {
    /// The refusal, said in the reader's language.
    pub fn msg(self) -> ittifaq_core::Msg {
        match self {
            Weakness::TooShort => ittifaq_core::Msg::new("password-too-short"),
            Weakness::TooLong => ittifaq_core::Msg::new("password-too-long"),
            Weakness::LikeUserName => ittifaq_core::Msg::new("password-like-username"),
            Weakness::Guessable => ittifaq_core::Msg::new("password-guessable"),
        }
    }
}

fn check_length(password: &str) -> Result<(), Weakness> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(Weakness::TooShort);
    }
    if password.len() > 1024 {
        return Err(Weakness::TooLong);
    }
    Ok(())
}

/// Checks a new password for `username` (NIST SP 800-63B 3.1.1.2: length, no
/// breached or common password, no repetition or sequence, nothing derived from
/// the user name). zxcvbn's ranked lists (leaked passwords, English words,
/// names, TV and film words) serve as the common-password list.
pub fn check_strength(username: &str, password: &str) -> Result<(), Weakness> {
    check_length(password)?;
    let name = username.trim().to_lowercase();
    let squashed: String = name.chars().filter(|c| c.is_alphanumeric()).collect();
    let lower = password.to_lowercase();
    let lower_squashed: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
    if squashed.len() >= 4 && lower_squashed.contains(&squashed) {
        return Err(Weakness::LikeUserName);
    }
    // The user name, its parts ("tr.duty_officer": "duty", "officer") and the name without separators.
    let mut inputs: Vec<&str> = vec![name.as_str(), squashed.as_str()];
    inputs.extend(name.split(['.', '_', '-', '@']).filter(|p| p.len() >= 3));
    // Little left once the name's parts are taken out: "dutyofficer2026".
    let mut rest = lower_squashed.clone();
    for part in &inputs[2..] {
        rest = rest.replace(part, "");
    }
    if rest.chars().count() < MIN_PASSWORD / 2 + 1 && rest.len() < lower_squashed.len() {
        return Err(Weakness::LikeUserName);
    }
    let entropy = zxcvbn::zxcvbn(password, &inputs);
    if u8::from(entropy.score()) < MIN_SCORE {
        let names_user = inputs.iter().any(|part| part.len() >= 4 && lower.contains(part));
        return Err(if names_user { Weakness::LikeUserName } else { Weakness::Guessable });
    }
    Ok(())
}

impl Passwords {
    pub fn new(cost: PasswordCost) -> Passwords {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        Passwords { cost, permits: Arc::new(Semaphore::new(cores)), throttle: Arc::default() }
    }

    /// Hashes a password into a PHC string, checking only its length: for
    /// passwords that no person chose (tests, generated ones). A person's new
    /// password goes through [`Passwords::hash_new`].
    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        check_length(&password).map_err(|w| AppError::invalid("password", w.msg()))?;
        self.hash_unchecked(password).await
    }

    /// Checks a new password of `username` ([`check_strength`]) and hashes it.
    pub async fn hash_new(&self, username: &str, password: String) -> Result<String, AppError> {
        let name = username.to_owned();
        let (password, verdict) = tokio::task::spawn_blocking(move || {
            let verdict = check_strength(&name, &password);
            (password, verdict)
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
        if let Err(w) = verdict {
            return Err(AppError::invalid("password", w.msg()));
        }
        self.hash_unchecked(password).await
    }

    async fn hash_unchecked(&self, password: String) -> Result<String, AppError> {
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

/// Failed sign-ins, counted per account name and source address (and per
/// source over all names), each with an exponential backoff instead of a
/// lock: after `free` failures from one address for one name, that address
/// waits 1 s, then 2 s, 4 s … up to a cap before its next try for that name.
/// Another address (the officer at their own desk) is not slowed down, so a
/// party cannot silence the other's officers by failing their sign-ins. Names
/// that exist and names that do not are counted and answered alike.
///
/// The counts live in memory: a restart forgets them (an attacker gains
/// nothing by it but `free` more tries per name and address).
#[derive(Debug, Default)]
pub struct Throttle {
    entries: Mutex<HashMap<(String, Option<IpAddr>), Attempts>>,
}

#[derive(Debug, Clone, Copy)]
struct Attempts {
    failures: u32,
    /// No try before this instant (ms since the epoch).
    until_ms: i64,
    last_ms: i64,
}

/// How many failures one address may have over all names before it too backs
/// off, as a multiple of the per-name allowance (password spraying).
const SOURCE_FACTOR: u32 = 10;
/// The most entries kept; beyond it the oldest idle ones are forgotten.
const MAX_ENTRIES: usize = 100_000;

fn account_key(name: &str) -> String {
    name.trim().to_lowercase()
}

impl Throttle {
    /// How long `source` must still wait before trying `name` again, in ms (0: it may try now).
    pub fn wait_ms(&self, name: &str, source: Option<IpAddr>, now: i64) -> i64 {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let one = entries.get(&(account_key(name), source)).map_or(0, |a| a.until_ms - now);
        // The source-wide count is kept under the empty name.
        let all = entries.get(&(String::new(), source)).map_or(0, |a| a.until_ms - now);
        one.max(all).max(0)
    }

    /// Counts a failed sign-in of `name` from `source`.
    pub fn failed(&self, name: &str, source: Option<IpAddr>, now: i64, free: u32, cap_ms: i64) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, a| a.until_ms > now || a.last_ms + cap_ms > now);
            if entries.len() >= MAX_ENTRIES {
                entries.retain(|_, a| a.until_ms > now);
            }
        }
        for (key, free) in [(account_key(name), free), (String::new(), free.saturating_mul(SOURCE_FACTOR))] {
            let a = entries.entry((key, source)).or_insert(Attempts { failures: 0, until_ms: 0, last_ms: now });
            // A quiet day forgives everything.
            if now - a.last_ms > 86_400_000 {
                a.failures = 0;
            }
            a.failures = a.failures.saturating_add(1);
            a.last_ms = now;
            if a.failures >= free {
                let doublings = (a.failures - free).min(30);
                a.until_ms = now + (1_000i64 << doublings).min(cap_ms);
            }
        }
    }

    /// Forgets the failures of `name` from `source`, after it signed in there.
    pub fn succeeded(&self, name: &str, source: Option<IpAddr>) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.remove(&(account_key(name), source));
    }

    /// Forgets every failure of `name`, from every address (an admin of its party unlocked it).
    pub fn unlock(&self, name: &str) {
        let key = account_key(name);
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.retain(|(k, _), _| *k != key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_passwords_are_refused_and_strong_ones_pass() {
        for weak in ["aaaaaaaaaa", "password12", "qwertyuiop", "1234567890", "Password123!", "letmein2026"] {
            assert_eq!(check_strength("tr.admin", weak), Err(Weakness::Guessable), "{weak}");
        }
        assert_eq!(check_strength("tr.admin", "short"), Err(Weakness::TooShort));
        for like in ["tr.duty_officer1", "dutyofficer2026", "Tr.Duty_Officer!"] {
            assert_eq!(check_strength("tr.duty_officer", like), Err(Weakness::LikeUserName), "{like}");
        }
        for strong in ["correct horse battery", "vK3#pq9!Lm2wZx", "kayısı ağacı yüksek tepede"] {
            assert_eq!(check_strength("tr.duty_officer", strong), Ok(()), "{strong}");
        }
    }

    #[test]
    fn the_throttle_backs_off_per_name_and_source_and_forgives_on_unlock() {
        let t = Throttle::default();
        let a: Option<IpAddr> = "10.0.0.1".parse().ok();
        let b: Option<IpAddr> = "10.0.0.2".parse().ok();
        for _ in 0..4 {
            t.failed("tr.officer", a, 0, 5, 900_000);
        }
        assert_eq!(t.wait_ms("tr.officer", a, 0), 0, "four failures are free");
        t.failed("tr.officer", a, 0, 5, 900_000);
        assert_eq!(t.wait_ms("tr.officer", a, 0), 1_000);
        t.failed("tr.officer", a, 1_000, 5, 900_000);
        assert_eq!(t.wait_ms("tr.officer", a, 1_000), 2_000, "the wait doubles");
        assert_eq!(t.wait_ms("TR.Officer ", a, 1_000), 2_000, "names are compared as typed in any case");
        assert_eq!(t.wait_ms("tr.officer", b, 1_000), 0, "another address is not slowed down");
        for k in 0..40 {
            t.failed("tr.officer", a, 2_000 + k, 5, 900_000);
        }
        assert_eq!(t.wait_ms("tr.officer", a, 2_039), 900_000, "the wait stops growing at the cap");
        t.unlock("tr.officer");
        assert_eq!(t.wait_ms("tr.officer", a, 2_039), 0);
    }
}
