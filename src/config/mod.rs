//! Settings from the environment and an optional TOML file, checked before anything starts.

use crate::crypto::MasterKey;
use crate::ratelimit::checks::GatewayLimits;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Default embedded database.
/// The database when `DATABASE_URL` is unset: `baas.db` in the data directory.
pub fn default_database_url(data_dir: &std::path::Path) -> String {
    format!("sqlite://{}", data_dir.join("baas.db").display())
}

/// A setting that cannot be used, with the variable's name and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid configuration: {var}: {problem}. Fix: {fix}")]
pub struct ConfigError {
    pub var: &'static str,
    pub problem: String,
    pub fix: &'static str,
}

fn err(var: &'static str, problem: impl Into<String>, fix: &'static str) -> ConfigError {
    ConfigError {
        var,
        problem: problem.into(),
        fix,
    }
}

/// The outgoing mail server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    /// `smtps://user:pass@host:465` (TLS), `smtp://user:pass@host:587?tls=required` (STARTTLS),
    /// or `smtp://host:25` (unencrypted, for a relay on the same machine).
    pub url: String,
    /// The From header, `Name <address>` or a bare address.
    pub from: String,
}

/// Where the master key comes from.
#[derive(Debug, Clone)]
pub enum MasterKeySource {
    /// Given in `BAAS_MASTER_KEY`.
    Given(MasterKey),
    /// Read from, or generated into, this file (embedded default only).
    File(PathBuf),
}

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: String,
    pub redis_url: Option<String>,
    pub smtp: Option<SmtpSettings>,
    pub public_url: String,
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    pub master_key: MasterKeySource,
    pub log_filter: String,
    pub trust_proxy: bool,
    pub limits: GatewayLimits,
    /// How long a gateway client may take to send its whole request body.
    pub body_timeout: std::time::Duration,
    /// How long a bot may take to come back healthy after a config change before the change
    /// is rolled back.
    pub bot_health_window: std::time::Duration,
    /// Whether requests pass when the budget store (Redis) cannot be reached.
    pub budget_fail_open: bool,
    /// Which model serves which while a tenant is auto-downgraded.
    pub downgrade_map: crate::costs::policy::DowngradeMap,
    /// Who may sign up, and what a new workspace gets.
    pub signup: SignupPolicy,
    /// How the server connects to bots.
    pub bots: crate::clawdbot::client::ConnectOptions,
    /// How long a provider may take to answer a request that is not streamed (its headers come
    /// only when the whole answer is written).
    pub upstream_timeout: std::time::Duration,
    /// Longest silence from a provider streaming an answer: before its headers, and between
    /// two chunks.
    pub upstream_idle: std::time::Duration,
    /// Most gateway request bodies read at once (each up to 8 MiB).
    pub max_bodies: usize,
    /// Longest an export of usage may run.
    pub export_timeout: std::time::Duration,
    /// How the Admin Agent checks bots, recovers them and groups its notifications.
    pub admin_agent: Tuning,
    /// The Stripe account BaaS bills through (none: billing is off).
    pub stripe: Option<StripeSettings>,
}

impl Settings {
    /// Whether cookies must carry `Secure`.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// Whether the database is the embedded SQLite file.
    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }

    /// Reads the process environment and, if present, the file named by `BAAS_CONFIG_FILE`
    /// (or `./baas.toml`). Environment variables win over the file.
    pub fn from_env() -> Result<Self, ConfigError> {
        let env: HashMap<String, String> = std::env::vars().collect();
        let file = match env.get("BAAS_CONFIG_FILE") {
            Some(p) => Some(PathBuf::from(p)),
            None => Path::new("baas.toml")
                .exists()
                .then(|| PathBuf::from("baas.toml")),
        };
        let mut vars = match file {
            Some(path) => read_file(&path)?,
            None => HashMap::new(),
        };
        vars.extend(env);
        Self::from_vars(&vars)
    }

    /// Builds settings from a map of variables. Pure: no I/O.
    pub fn from_vars(vars: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let get = |k: &str| {
            vars.get(k)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };

        let data_dir = PathBuf::from(get("BAAS_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = get("DATABASE_URL").unwrap_or_else(|| default_database_url(&data_dir));
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            return Err(err(
                "DATABASE_URL",
                format!("unsupported scheme in {:?}", redact_url(&database_url)),
                "use sqlite://path/to/file.db or postgres://user:password@host/db",
            ));
        }

        let redis_url = get("REDIS_URL");
        if let Some(r) = &redis_url {
            let ok = url::Url::parse(r)
                .map(|u| matches!(u.scheme(), "redis" | "rediss") && u.host_str().is_some())
                .unwrap_or(false);
            if !ok {
                return Err(err(
                    "REDIS_URL",
                    "not a redis:// or rediss:// URL with a host",
                    "set it like redis://127.0.0.1:6379/0, or unset it to keep state in memory",
                ));
            }
        }

        let smtp = match get("SMTP_URL") {
            None => None,
            Some(url) => {
                let parsed = url::Url::parse(&url).map_err(|e| {
                    err(
                        "SMTP_URL",
                        format!("not a URL ({e})"),
                        "set it like smtp://user:password@smtp.example.com:587",
                    )
                })?;
                if !matches!(parsed.scheme(), "smtp" | "smtps") || parsed.host_str().is_none() {
                    return Err(err(
                        "SMTP_URL",
                        "scheme must be smtp or smtps, with a host",
                        "set it like smtp://user:password@smtp.example.com:587",
                    ));
                }
                let from = get("SMTP_FROM").ok_or_else(|| {
                    err(
                        "SMTP_FROM",
                        "required when SMTP_URL is set",
                        "set it like \"BaaS <no-reply@example.com>\"",
                    )
                })?;
                if from.parse::<lettre::message::Mailbox>().is_err() {
                    return Err(err(
                        "SMTP_FROM",
                        format!("{from:?} is not a valid sender"),
                        "set it like \"BaaS <no-reply@example.com>\"",
                    ));
                }
                Some(SmtpSettings { url, from })
            }
        };

        if smtp.is_none() && !database_url.starts_with("sqlite:") {
            return Err(err(
                "SMTP_URL",
                "required when DATABASE_URL is not the embedded SQLite database (sign-in links are only logged in the embedded setup)",
                "set SMTP_URL and SMTP_FROM to your mail provider's SMTP server",
            ));
        }

        let public_url = get("BAAS_PUBLIC_URL").unwrap_or_else(|| "http://127.0.0.1:3000".into());
        let parsed = url::Url::parse(&public_url).map_err(|e| {
            err(
                "BAAS_PUBLIC_URL",
                format!("not a URL ({e})"),
                "set the address users open, like https://baas.example.com",
            )
        })?;
        if !matches!(parsed.scheme(), "http" | "https")
            || parsed.host_str().is_none()
            || parsed.query().is_some()
            || parsed.fragment().is_some()
        {
            return Err(err(
                "BAAS_PUBLIC_URL",
                "must be an http(s) URL without query or fragment",
                "set the address users open, like https://baas.example.com",
            ));
        }
        let public_url = public_url.trim_end_matches('/').to_string();

        let bind_raw = get("BAAS_BIND").unwrap_or_else(|| "127.0.0.1:3000".into());
        let bind: SocketAddr = bind_raw.parse().map_err(|_| {
            err(
                "BAAS_BIND",
                format!("{bind_raw:?} is not an IP address and port"),
                "set it like 127.0.0.1:3000 or 0.0.0.0:8080",
            )
        })?;

        let master_key = match get("BAAS_MASTER_KEY") {
            Some(k) => MasterKeySource::Given(MasterKey::from_base64(&k).map_err(|e| {
                err(
                    "BAAS_MASTER_KEY",
                    e.to_string(),
                    "generate one with `openssl rand -base64 32`",
                )
            })?),
            None if database_url.starts_with("sqlite:") => {
                MasterKeySource::File(data_dir.join("master.key"))
            }
            None => return Err(err(
                "BAAS_MASTER_KEY",
                "required when DATABASE_URL is not the embedded SQLite database",
                "generate one with `openssl rand -base64 32` and give every server the same key",
            )),
        };

        let trust_proxy =
            match get("BAAS_TRUST_PROXY").as_deref() {
                None | Some("0") | Some("false") => false,
                Some("1") | Some("true") => true,
                Some(other) => return Err(err(
                    "BAAS_TRUST_PROXY",
                    format!("{other:?} is not a boolean"),
                    "set true only behind a reverse proxy that sets X-Forwarded-For, else false",
                )),
            };

        let per_minute = |var: &'static str, default: i64| -> Result<i64, ConfigError> {
            match get(var) {
                None => Ok(default),
                Some(v) => v.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| {
                    err(
                        var,
                        format!("{v:?} is not a positive whole number"),
                        "give a per-minute limit like 600",
                    )
                }),
            }
        };
        let d = GatewayLimits::default();
        let limits = GatewayLimits {
            tenant_rpm: per_minute("BAAS_TENANT_RPM", d.tenant_rpm)?,
            tenant_tpm: per_minute("BAAS_TENANT_TPM", d.tenant_tpm)?,
            agent_rpm: per_minute("BAAS_AGENT_RPM", d.agent_rpm)?,
            agent_tpm: per_minute("BAAS_AGENT_TPM", d.agent_tpm)?,
        };

        // Seconds from 1 to an hour, for the timeouts below.
        let seconds =
            |var: &'static str, default: u64, hint: &'static str| -> Result<u64, ConfigError> {
                match get(var) {
                    None => Ok(default),
                    Some(v) => v
                        .parse::<u64>()
                        .ok()
                        .filter(|n| (1..=3600).contains(n))
                        .ok_or_else(|| {
                            err(
                                var,
                                format!("{v:?} is not a number of seconds from 1 to 3600"),
                                hint,
                            )
                        }),
                }
            };
        let body_timeout = seconds("BAAS_BODY_TIMEOUT", 30, "give seconds, like 30")?;
        let bot_health_window = seconds("BAAS_BOT_HEALTH_WINDOW", 60, "give seconds, like 60")?;
        let budget_fail_open = match get("BAAS_BUDGET_FAIL_OPEN").as_deref() {
            None | Some("false") | Some("0") => false,
            Some("true") | Some("1") => true,
            Some(v) => {
                return Err(err(
                    "BAAS_BUDGET_FAIL_OPEN",
                    format!("{v:?} is not true or false"),
                    "leave it unset (requests wait for the budget store) or set true",
                ))
            }
        };
        let downgrade_map = match get("BAAS_DOWNGRADE_MAP") {
            None => crate::costs::policy::default_downgrade_map(),
            Some(v) => crate::costs::policy::parse_downgrade_map(&v).map_err(|e| {
                err(
                    "BAAS_DOWNGRADE_MAP",
                    e,
                    "list model=model pairs, like claude-opus-4-5=claude-sonnet-4-5",
                )
            })?,
        };

        let flag = |var: &'static str, default: bool, hint: &'static str| match get(var).as_deref()
        {
            None => Ok(default),
            Some("true") | Some("1") => Ok(true),
            Some("false") | Some("0") => Ok(false),
            Some(v) => Err(err(var, format!("{v:?} is not true or false"), hint)),
        };
        let count = |var: &'static str, default: i64, range, hint: &'static str| {
            whole_number(get(var), var, default, range, hint)
        };

        let default_plan = get("BAAS_DEFAULT_PLAN").unwrap_or_else(|| "starter".into());
        if !default_plan
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        {
            return Err(err(
                "BAAS_DEFAULT_PLAN",
                format!("{default_plan:?} is not a plan id"),
                "give the id of a plan, like starter or pro (baas plan list shows them)",
            ));
        }
        let max_workspaces = count(
            "BAAS_MAX_WORKSPACES_PER_PERSON",
            3,
            1..=1000,
            "give how many workspaces one person may own, like 3",
        )?;
        let allowed = match get("BAAS_SIGNUP_DOMAINS") {
            None => SignupAllow::Anyone,
            Some(v) if v == "invite-only" => SignupAllow::InviteOnly,
            Some(v) => {
                let domains: Vec<String> = v
                    .split(',')
                    .map(|d| d.trim().trim_start_matches('@').to_ascii_lowercase())
                    .filter(|d| !d.is_empty())
                    .collect();
                if domains.is_empty()
                    || domains.iter().any(|d| {
                        !d.contains('.')
                            || !d
                                .bytes()
                                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
                    })
                {
                    return Err(err(
                        "BAAS_SIGNUP_DOMAINS",
                        format!("{v:?} is not a list of domains"),
                        "list the email domains that may sign up, like example.com,example.com.br, or invite-only",
                    ));
                }
                SignupAllow::Domains(domains)
            }
        };
        let links_per_ip = count(
            "BAAS_SIGN_INS_PER_IP",
            crate::auth::LINKS_PER_IP as i64,
            1..=100_000,
            "give how many sign-in links one client address may ask for per 15 minutes, like 20",
        )? as usize;
        let allow_private = flag(
            "BAAS_BOT_ALLOW_PRIVATE",
            false,
            "set true only when bots run on this machine or its private network",
        )?;
        let max_message = count(
            "BAAS_BOT_MAX_MESSAGE",
            crate::clawdbot::client::MAX_MESSAGE as i64,
            65_536..=67_108_864,
            "give a size in bytes from 65536 to 67108864, like 4194304",
        )? as usize;
        let upstream_timeout = seconds(
            "BAAS_UPSTREAM_TIMEOUT",
            600,
            "give seconds, like 600 (long answers that are not streamed take minutes)",
        )?;
        let upstream_idle = seconds("BAAS_UPSTREAM_IDLE", 120, "give seconds, like 120")?;
        let max_bodies = count(
            "BAAS_GATEWAY_MAX_BODIES",
            32,
            1..=4096,
            "give how many request bodies the gateway may read at once, like 32",
        )? as usize;
        let export_timeout = seconds("BAAS_EXPORT_TIMEOUT", 600, "give seconds, like 600")?;
        let admin_agent = admin_agent::tuning(&get)?;
        let stripe = billing::stripe(&get)?;

        Ok(Settings {
            database_url,
            redis_url,
            smtp,
            public_url,
            bind,
            data_dir,
            master_key,
            log_filter: get("BAAS_LOG").unwrap_or_else(|| "info".into()),
            trust_proxy,
            limits,
            body_timeout: std::time::Duration::from_secs(body_timeout),
            bot_health_window: std::time::Duration::from_secs(bot_health_window),
            budget_fail_open,
            downgrade_map,
            signup: SignupPolicy {
                default_plan,
                max_workspaces,
                allowed,
                links_per_ip,
            },
            bots: crate::clawdbot::client::ConnectOptions {
                allow_private,
                max_message,
                device: None,
            },
            upstream_timeout: std::time::Duration::from_secs(upstream_timeout),
            upstream_idle: std::time::Duration::from_secs(upstream_idle),
            max_bodies,
            export_timeout: std::time::Duration::from_secs(export_timeout),
            admin_agent,
            stripe,
        })
    }

    /// Loads or creates the master key. A generated key file is written with mode 0600.
    pub fn load_master_key(&self) -> Result<MasterKey, ConfigError> {
        match &self.master_key {
            MasterKeySource::Given(k) => Ok(k.clone()),
            MasterKeySource::File(path) => load_or_create_key_file(path),
        }
    }
}

/// `value` of variable `var` as a whole number within `range`, `default` when unset; the error
/// names the variable, the bad value and the fix.
fn whole_number(
    value: Option<String>,
    var: &'static str,
    default: i64,
    range: std::ops::RangeInclusive<i64>,
    hint: &'static str,
) -> Result<i64, ConfigError> {
    match value {
        None => Ok(default),
        Some(v) => v
            .parse::<i64>()
            .ok()
            .filter(|n| range.contains(n))
            .ok_or_else(|| {
                err(
                    var,
                    format!(
                        "{v:?} is not a whole number from {} to {}",
                        range.start(),
                        range.end()
                    ),
                    hint,
                )
            }),
    }
}

fn read_file(path: &Path) -> Result<HashMap<String, String>, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        err(
            "BAAS_CONFIG_FILE",
            format!("cannot read {}: {e}", path.display()),
            "point it at a readable TOML file, or unset it",
        )
    })?;
    let table: toml::Table = text.parse().map_err(|e| {
        err(
            "BAAS_CONFIG_FILE",
            format!("{} is not valid TOML: {e}", path.display()),
            "write KEY = \"value\" lines using the variable names from the README",
        )
    })?;
    table
        .into_iter()
        .map(|(k, v)| match v {
            toml::Value::String(s) => Ok((k, s)),
            toml::Value::Boolean(b) => Ok((k, b.to_string())),
            toml::Value::Integer(i) => Ok((k, i.to_string())),
            _ => Err(err(
                "BAAS_CONFIG_FILE",
                format!("{k} must be a string, number or boolean"),
                "write KEY = \"value\" lines using the variable names from the README",
            )),
        })
        .collect()
}

fn load_or_create_key_file(path: &Path) -> Result<MasterKey, ConfigError> {
    let fix = "delete the file to generate a new key (secrets sealed with the old one become unreadable), or set BAAS_MASTER_KEY";
    match std::fs::read_to_string(path) {
        Ok(text) => MasterKey::from_base64(&text)
            .map_err(|e| err("BAAS_MASTER_KEY", format!("{}: {e}", path.display()), fix)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = MasterKey::generate();
            write_private(path, &key.to_base64()).map_err(|e| {
                err(
                    "BAAS_DATA_DIR",
                    format!("cannot write {}: {e}", path.display()),
                    "make the data directory writable, or set BAAS_MASTER_KEY",
                )
            })?;
            Ok(key)
        }
        Err(e) => Err(err(
            "BAAS_MASTER_KEY",
            format!("cannot read {}: {e}", path.display()),
            fix,
        )),
    }
}

fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(contents.as_bytes())?;
    f.sync_all()
}

/// A URL with its password replaced, safe to log.
pub fn redact_url(raw: &str) -> String {
    match url::Url::parse(raw) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => raw.to_string(),
    }
}

mod admin_agent;
mod billing;
mod signup;
pub use admin_agent::Tuning;
pub use billing::{StripeSettings, STRIPE_API};
pub use signup::{SignupAllow, SignupPolicy};
#[cfg(test)]
mod tests;
