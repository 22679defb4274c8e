//! Random tokens, token hashing and authenticated encryption of secrets at rest.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::fmt;

/// A fresh 256-bit random token, URL-safe base64 (43 characters).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// SHA-256 of a token, hex-encoded. Tokens carry 256 bits of entropy, so a fast hash suffices.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The 32-byte key that encrypts secrets at rest. Never printed.
#[derive(Clone)]
pub struct MasterKey([u8; 32]);

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey(<redacted>)")
    }
}

/// A master key that is not 32 bytes of standard base64.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the master key must be 32 bytes encoded as standard base64 (44 characters)")]
pub struct BadMasterKey;

impl MasterKey {
    /// A new random key.
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Self(bytes)
    }

    /// Parses the base64 form.
    pub fn from_base64(text: &str) -> Result<Self, BadMasterKey> {
        let bytes = STANDARD.decode(text.trim()).map_err(|_| BadMasterKey)?;
        let arr: [u8; 32] = bytes.try_into().map_err(|_| BadMasterKey)?;
        Ok(Self(arr))
    }

    /// The base64 form, for storing in the key file.
    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0)
    }

    /// A 32-byte key for another purpose, named by `label`: the same for the same master key,
    /// and telling nothing about it.
    pub fn derive(&self, label: &str) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(label.as_bytes());
        h.update([0u8]);
        h.update(self.0);
        h.finalize().into()
    }
}

/// A secret that failed to decrypt: wrong key or tampered data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("secret could not be decrypted (wrong master key or corrupted value)")]
pub struct DecryptError;

/// Encrypts and decrypts secrets with XChaCha20-Poly1305 under the master key.
#[derive(Clone)]
pub struct SecretBox {
    cipher: XChaCha20Poly1305,
}

impl SecretBox {
    const PREFIX: &'static str = "v1:";

    /// A box keyed by the master key.
    pub fn new(key: &MasterKey) -> Self {
        Self {
            cipher: XChaCha20Poly1305::new((&key.0).into()),
        }
    }

    /// Encrypts `plaintext` with a random nonce; the result is `v1:` + base64(nonce ‖ ciphertext).
    pub fn seal(&self, plaintext: &str) -> String {
        let mut nonce = [0u8; 24];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let ct = self
            .cipher
            .encrypt(XNonce::from_slice(&nonce), plaintext.as_bytes())
            .expect("XChaCha20-Poly1305 encrypts any message shorter than 256 GiB");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ct);
        format!("{}{}", Self::PREFIX, STANDARD.encode(out))
    }

    /// Decrypts a value produced by [`SecretBox::seal`].
    pub fn open(&self, sealed: &str) -> Result<String, DecryptError> {
        let b64 = sealed.strip_prefix(Self::PREFIX).ok_or(DecryptError)?;
        let raw = STANDARD.decode(b64).map_err(|_| DecryptError)?;
        if raw.len() < 24 + 16 {
            return Err(DecryptError);
        }
        let (nonce, ct) = raw.split_at(24);
        let pt = self
            .cipher
            .decrypt(XNonce::from_slice(nonce), ct)
            .map_err(|_| DecryptError)?;
        String::from_utf8(pt).map_err(|_| DecryptError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_256_bit_and_distinct() {
        let a = random_token();
        let b = random_token();
        assert_eq!(URL_SAFE_NO_PAD.decode(&a).expect("b64").len(), 32);
        assert_ne!(a, b);
        assert_eq!(hash_token(&a).len(), 64);
        assert_ne!(hash_token(&a), hash_token(&b));
        assert_eq!(hash_token(&a), hash_token(&a));
    }

    #[test]
    fn secrets_round_trip_and_detect_tampering() {
        let key = MasterKey::generate();
        let sb = SecretBox::new(&key);
        let sealed = sb.seal("sk-ant-secret");
        assert!(!sealed.contains("sk-ant"));
        assert_ne!(sealed, sb.seal("sk-ant-secret"), "nonce must differ");
        assert_eq!(sb.open(&sealed).as_deref(), Ok("sk-ant-secret"));

        let other = SecretBox::new(&MasterKey::generate());
        assert_eq!(other.open(&sealed), Err(DecryptError));

        let mut bytes = sealed.into_bytes();
        let last = bytes.len() - 2;
        bytes[last] = if bytes[last] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(bytes).expect("ascii");
        assert_eq!(sb.open(&tampered), Err(DecryptError));
    }

    #[test]
    fn master_key_parses_only_32_bytes() {
        let k = MasterKey::generate();
        let parsed = MasterKey::from_base64(&k.to_base64()).expect("parse");
        assert_eq!(parsed.to_base64(), k.to_base64());
        assert!(MasterKey::from_base64("c2hvcnQ=").is_err());
        assert!(MasterKey::from_base64("not base64!").is_err());
        assert!(!format!("{k:?}").contains(&k.to_base64()));
    }
}
