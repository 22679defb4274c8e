//! BaaS's device identity towards OpenClaw gateways. OpenClaw keeps a token-only operator's
//! scopes only when it connects from the gateway's own machine; a BaaS elsewhere signs each
//! connect with an Ed25519 key the gateway's owner approved once (`openclaw devices approve`).
//! The key is derived from the master key, so every BaaS process is the same device and
//! nothing more needs storing.

use crate::clawdbot::protocol::{self, Challenge};
use crate::crypto::MasterKey;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ring::signature::{Ed25519KeyPair, KeyPair};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::fmt;

/// An Ed25519 key and the id OpenClaw derives from it.
pub struct DeviceIdentity {
    pair: Ed25519KeyPair,
    /// Hex SHA-256 of the raw public key: the gateway checks it matches the key.
    id: String,
    /// The raw 32-byte public key, base64url without padding.
    public_key: String,
}

impl fmt::Debug for DeviceIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceIdentity")
            .field("id", &self.id)
            .finish()
    }
}

impl PartialEq for DeviceIdentity {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for DeviceIdentity {}

impl DeviceIdentity {
    /// The identity of the BaaS holding `key`.
    pub fn from_master_key(key: &MasterKey) -> Self {
        Self::from_seed(&key.derive("baas/openclaw-device/v1"))
    }

    /// The identity whose private key is `seed`.
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        // A 32-byte seed is always a valid Ed25519 private key.
        #[allow(clippy::expect_used)]
        let pair = Ed25519KeyPair::from_seed_unchecked(seed).expect("a 32-byte seed");
        let raw = pair.public_key().as_ref();
        Self {
            id: hex::encode(Sha256::digest(raw)),
            public_key: URL_SAFE_NO_PAD.encode(raw),
            pair,
        }
    }

    /// The device id, as the gateway lists it among its pairing requests.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The `device` block of a connect request answering `challenge` with `token`.
    pub fn proof(&self, challenge: &Challenge, token: &str) -> Value {
        let scopes = protocol::scopes();
        let payload = signed_payload(&Signed {
            device_id: &self.id,
            client_id: protocol::CLIENT_ID,
            client_mode: protocol::CLIENT_MODE,
            role: protocol::ROLE,
            scopes: &scopes,
            signed_at_ms: challenge.ts,
            token,
            nonce: &challenge.nonce,
            platform: protocol::PLATFORM,
            device_family: "",
        });
        let signature = self.pair.sign(payload.as_bytes());
        json!({
            "id": self.id,
            "publicKey": self.public_key,
            "signature": URL_SAFE_NO_PAD.encode(signature.as_ref()),
            "signedAt": challenge.ts,
            "nonce": challenge.nonce,
        })
    }
}

/// What a device signature covers.
pub struct Signed<'a> {
    pub device_id: &'a str,
    pub client_id: &'a str,
    pub client_mode: &'a str,
    pub role: &'a str,
    pub scopes: &'a [&'a str],
    pub signed_at_ms: i64,
    pub token: &'a str,
    pub nonce: &'a str,
    pub platform: &'a str,
    pub device_family: &'a str,
}

/// OpenClaw's version-3 device payload: the fields joined by `|`, platform and family
/// trimmed with ASCII capitals lowered, as its verifier rebuilds it.
pub fn signed_payload(s: &Signed<'_>) -> String {
    let normal = |v: &str| v.trim().to_ascii_lowercase();
    [
        "v3".to_string(),
        s.device_id.to_string(),
        s.client_id.to_string(),
        s.client_mode.to_string(),
        s.role.to_string(),
        s.scopes.join(","),
        s.signed_at_ms.to_string(),
        s.token.to_string(),
        s.nonce.to_string(),
        normal(s.platform),
        normal(s.device_family),
    ]
    .join("|")
}

#[cfg(test)]
mod tests {
    use super::*;
    use ring::signature::{UnparsedPublicKey, ED25519};

    #[test]
    fn the_payload_is_openclaws_v3_layout() {
        let p = signed_payload(&Signed {
            device_id: "e2fb",
            client_id: "gateway-client",
            client_mode: "backend",
            role: "operator",
            scopes: &["operator.admin"],
            signed_at_ms: 1796105799288,
            token: "tok",
            nonce: "e155dbd5",
            platform: " Linux ",
            device_family: "",
        });
        assert_eq!(
            p,
            "v3|e2fb|gateway-client|backend|operator|operator.admin|1796105799288|tok|e155dbd5|linux|"
        );
    }

    #[test]
    fn the_proof_verifies_under_its_own_key_and_id() {
        let d = DeviceIdentity::from_seed(&[7u8; 32]);
        let challenge = Challenge {
            nonce: "n-1".into(),
            ts: 42,
        };
        let proof = d.proof(&challenge, "tok");
        let raw = URL_SAFE_NO_PAD
            .decode(proof["publicKey"].as_str().expect("key"))
            .expect("base64url");
        assert_eq!(raw.len(), 32);
        assert_eq!(proof["id"], hex::encode(Sha256::digest(&raw)));
        let sig = URL_SAFE_NO_PAD
            .decode(proof["signature"].as_str().expect("sig"))
            .expect("base64url");
        let payload = format!(
            "v3|{}|gateway-client|backend|operator|operator.admin|42|tok|n-1|linux|",
            d.id()
        );
        let key = UnparsedPublicKey::new(&ED25519, &raw);
        assert!(key.verify(payload.as_bytes(), &sig).is_ok());
        assert!(key.verify(b"v3|other", &sig).is_err());
        assert_eq!(proof["nonce"], "n-1");
        assert_eq!(proof["signedAt"], 42);
    }

    #[test]
    fn the_same_master_key_is_the_same_device() {
        let k =
            MasterKey::from_base64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=").expect("key");
        assert_eq!(
            DeviceIdentity::from_master_key(&k),
            DeviceIdentity::from_master_key(&k)
        );
        assert_ne!(
            DeviceIdentity::from_master_key(&k),
            DeviceIdentity::from_master_key(&MasterKey::generate())
        );
    }
}
