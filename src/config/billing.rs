//! Billing's variables: the Stripe account BaaS bills through.

use super::{err, whole_number, ConfigError};

/// The Stripe account BaaS bills through; without it the Billing page says billing is off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StripeSettings {
    /// The secret API key (`sk_live_…`, `sk_test_…` or a restricted `rk_…`).
    pub secret_key: String,
    /// The webhook endpoint's signing secret (`whsec_…`).
    pub webhook_secret: String,
    /// Where the Stripe API is (Stripe's own unless a stand-in is used), ending in `/`.
    pub api_base: String,
    /// How often each process looks for grace periods that ran out (seconds).
    pub sweep_secs: i64,
}

/// Stripe's API.
pub const STRIPE_API: &str = "https://api.stripe.com/";

/// Reads billing's variables through `get`; `None` when no secret key is set.
pub(super) fn stripe(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<Option<StripeSettings>, ConfigError> {
    let Some(secret_key) = get("BAAS_STRIPE_SECRET_KEY") else {
        return Ok(None);
    };
    if !(secret_key.starts_with("sk_") || secret_key.starts_with("rk_")) {
        return Err(err(
            "BAAS_STRIPE_SECRET_KEY",
            "not a Stripe secret key (they start with sk_ or rk_)",
            "copy the secret key from Stripe's dashboard, Developers → API keys",
        ));
    }
    let webhook_secret = get("BAAS_STRIPE_WEBHOOK_SECRET").ok_or_else(|| {
        err(
            "BAAS_STRIPE_WEBHOOK_SECRET",
            "required when BAAS_STRIPE_SECRET_KEY is set: without it Stripe's events cannot be verified",
            "add an endpoint for <public URL>/webhooks/stripe in Stripe's dashboard and copy its signing secret (whsec_…)",
        )
    })?;
    if !webhook_secret.starts_with("whsec_") {
        return Err(err(
            "BAAS_STRIPE_WEBHOOK_SECRET",
            "not a webhook signing secret (they start with whsec_)",
            "copy the endpoint's signing secret from Stripe's dashboard, Developers → Webhooks",
        ));
    }
    let api_base = get("BAAS_STRIPE_API_BASE").unwrap_or_else(|| STRIPE_API.into());
    let ok = url::Url::parse(&api_base).is_ok_and(|u| {
        matches!(u.scheme(), "http" | "https") && u.host_str().is_some() && u.path() == "/"
    });
    if !ok {
        return Err(err(
            "BAAS_STRIPE_API_BASE",
            format!("{api_base:?} is not an http(s) address without a path"),
            "unset it to use Stripe, or give a stand-in's origin like http://127.0.0.1:12111/",
        ));
    }
    let api_base = format!("{}/", api_base.trim_end_matches('/'));
    let sweep_secs = whole_number(
        get("BAAS_BILLING_SWEEP"),
        "BAAS_BILLING_SWEEP",
        60,
        1..=3600,
        "give seconds, like 60",
    )?;
    Ok(Some(StripeSettings {
        secret_key,
        webhook_secret,
        api_base,
        sweep_secs,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn read(vars: &[(&str, &str)]) -> Result<Option<StripeSettings>, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        stripe(&|k: &str| map.get(k).cloned())
    }

    #[test]
    fn billing_is_off_without_a_key_and_on_with_both_secrets() {
        assert_eq!(read(&[]).expect("off"), None);
        let s = read(&[
            ("BAAS_STRIPE_SECRET_KEY", "sk_test_1"),
            ("BAAS_STRIPE_WEBHOOK_SECRET", "whsec_1"),
            ("BAAS_STRIPE_API_BASE", "http://127.0.0.1:12111"),
        ])
        .expect("ok")
        .expect("on");
        assert_eq!(s.api_base, "http://127.0.0.1:12111/");
        assert_eq!(s.sweep_secs, 60);
        let s = read(&[
            ("BAAS_STRIPE_SECRET_KEY", "rk_live_1"),
            ("BAAS_STRIPE_WEBHOOK_SECRET", "whsec_1"),
        ])
        .expect("ok")
        .expect("on");
        assert_eq!(s.api_base, STRIPE_API);
    }

    #[test]
    fn each_bad_billing_variable_is_named_with_its_fix() {
        let cases: [(&[(&str, &str)], &str); 4] = [
            (
                &[("BAAS_STRIPE_SECRET_KEY", "pk_test_1")],
                "BAAS_STRIPE_SECRET_KEY",
            ),
            (
                &[("BAAS_STRIPE_SECRET_KEY", "sk_test_1")],
                "BAAS_STRIPE_WEBHOOK_SECRET",
            ),
            (
                &[
                    ("BAAS_STRIPE_SECRET_KEY", "sk_test_1"),
                    ("BAAS_STRIPE_WEBHOOK_SECRET", "whsec_1"),
                    ("BAAS_STRIPE_API_BASE", "http://127.0.0.1:1/stripe"),
                ],
                "BAAS_STRIPE_API_BASE",
            ),
            (
                &[
                    ("BAAS_STRIPE_SECRET_KEY", "sk_test_1"),
                    ("BAAS_STRIPE_WEBHOOK_SECRET", "whsec_1"),
                    ("BAAS_BILLING_SWEEP", "0"),
                ],
                "BAAS_BILLING_SWEEP",
            ),
        ];
        for (vars, var) in cases {
            let e = read(vars).expect_err(var);
            assert_eq!(e.var, var);
            assert!(!e.fix.is_empty());
        }
    }
}
