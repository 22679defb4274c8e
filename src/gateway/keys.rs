//! Virtual API keys: a recognisable prefix, 238 bits of randomness and a checksum, so a
//! mistyped key is refused without a database lookup. Only a hash is stored.

use rand::Rng;
use sha2::{Digest, Sha256};

/// Every virtual key starts with this.
pub const PREFIX: &str = "baas_vk_";
const BODY_LEN: usize = 40;
const CHECK_LEN: usize = 6;
const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

fn checksum(body: &str) -> String {
    let digest = Sha256::digest(body.as_bytes());
    let mut n = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]);
    let mut out = [b'0'; CHECK_LEN];
    for slot in out.iter_mut().rev() {
        *slot = ALPHABET[(n % 62) as usize];
        n /= 62;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A new key: `baas_vk_` + 40 base62 characters + a 6-character checksum.
pub fn generate() -> String {
    let mut rng = rand::rngs::OsRng;
    let body: String = (0..BODY_LEN)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    let check = checksum(&body);
    format!("{PREFIX}{body}{check}")
}

/// Whether `key` has the right shape and checksum (says nothing about whether it exists).
pub fn well_formed(key: &str) -> bool {
    let Some(rest) = key.strip_prefix(PREFIX) else {
        return false;
    };
    if rest.len() != BODY_LEN + CHECK_LEN || !rest.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    let (body, check) = rest.split_at(BODY_LEN);
    checksum(body) == check
}

/// The part of a key safe to show in lists: prefix and first four characters.
pub fn display_prefix(key: &str) -> String {
    key.chars().take(PREFIX.len() + 4).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_are_well_formed_and_distinct() {
        let a = generate();
        let b = generate();
        assert!(a.starts_with(PREFIX));
        assert_eq!(a.len(), PREFIX.len() + 46);
        assert!(well_formed(&a) && well_formed(&b));
        assert_ne!(a, b);
        assert_eq!(display_prefix(&a).len(), PREFIX.len() + 4);
    }

    #[test]
    fn typos_and_foreign_keys_are_refused() {
        let key = generate();
        let mut typo = key.clone().into_bytes();
        let i = PREFIX.len() + 5;
        typo[i] = if typo[i] == b'a' { b'b' } else { b'a' };
        assert!(!well_formed(&String::from_utf8(typo).expect("ascii")));
        assert!(!well_formed(&key[..key.len() - 1]));
        assert!(!well_formed("sk-ant-api03-abcdef"));
        assert!(!well_formed(""));
        assert!(!well_formed(&format!("{key}x")));
    }
}
