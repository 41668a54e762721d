//! Random secrets from the operating system's CSPRNG (`getrandom`) and the
//! files that hold them, created readable by their owner only.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

/// Fills `buf` from the operating system's CSPRNG.
pub fn fill_random(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf).map_err(|e| anyhow::anyhow!("reading random bytes: {e}"))
}

/// 32 random bytes: the seed of an Ed25519 key.
pub fn random_seed() -> Result<[u8; 32]> {
    let mut seed = [0u8; 32];
    fill_random(&mut seed)?;
    Ok(seed)
}

/// A random password of 20 characters from an unambiguous alphabet of 55
/// (115 bits), drawn without modulo bias.
pub fn random_password() -> Result<String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    // The largest multiple of the alphabet's size below 256: bytes above it are drawn again.
    let limit = 256 - 256 % ALPHABET.len();
    let mut out = String::with_capacity(20);
    let mut buf = [0u8; 32];
    while out.len() < 20 {
        fill_random(&mut buf)?;
        for b in buf.iter().map(|b| *b as usize).filter(|b| *b < limit) {
            if out.len() < 20 {
                out.push(ALPHABET[b % ALPHABET.len()] as char);
            }
        }
    }
    Ok(out)
}

/// Writes `contents` to `path`, which is created (or cut back) with mode 0600
/// before any byte is written, so that no other user can ever read it.
pub fn write_private(path: &Path, contents: &[u8]) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).with_context(|| format!("creating {}", path.display()))?;
    restrict(path)?;
    file.write_all(contents).with_context(|| format!("writing {}", path.display()))?;
    file.sync_all().with_context(|| format!("writing {}", path.display()))
}

/// Makes an existing file readable and writable by its owner only.
pub fn restrict(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("restricting {}", path.display()))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_are_20_characters_of_the_alphabet_and_differ() {
        let a = super::random_password().unwrap();
        let b = super::random_password().unwrap();
        assert_eq!(a.chars().count(), 20);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric() && !"01ilIoO".contains(c)), "{a}");
        assert_ne!(a, b);
    }
}
