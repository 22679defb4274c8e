//! Settings from the environment: defaults, errors that name the variable, and the file's permissions.

use super::*;

fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn defaults_are_the_embedded_setup() {
    let s = Settings::from_vars(&vars(&[])).expect("defaults");
    assert_eq!(s.database_url, "sqlite://data/baas.db");
    assert_eq!(s.bind.to_string(), "127.0.0.1:3000");
    assert_eq!(s.public_url, "http://127.0.0.1:3000");
    assert!(s.smtp.is_none() && s.redis_url.is_none());
    assert!(!s.secure_cookies());
    assert!(matches!(s.master_key, MasterKeySource::File(ref p) if p.ends_with("data/master.key")));
}

#[test]
fn sign_up_is_safe_by_default_and_follows_its_settings() {
    let d = Settings::from_vars(&HashMap::new()).expect("defaults");
    assert_eq!(d.signup, SignupPolicy::default());
    assert_eq!(d.signup.default_plan, "starter");
    assert_eq!(d.signup.max_workspaces, 3);
    assert!(!d.bots.allow_private);
    let vars: HashMap<String, String> = [
        ("BAAS_SIGNUP_DOMAINS", "Example.com, @vm.com.br"),
        ("BAAS_DEFAULT_PLAN", "pro"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let s = Settings::from_vars(&vars).expect("settings");
    assert_eq!(s.signup.default_plan, "pro");
    assert!(s.signup.allowed.admits("ana@example.com"));
    assert!(s.signup.allowed.admits("dono@vm.com.br"));
    assert!(!s.signup.allowed.admits("x@evil.com"));
    assert!(!s.signup.allowed.admits("x@notexample.com"));
    assert!(!SignupAllow::InviteOnly.admits("ana@example.com"));
}

#[test]
fn errors_name_the_variable() {
    let cases = [
        (vec![("DATABASE_URL", "mysql://x")], "DATABASE_URL"),
        (vec![("REDIS_URL", "http://x")], "REDIS_URL"),
        (vec![("BAAS_BODY_TIMEOUT", "0")], "BAAS_BODY_TIMEOUT"),
        (vec![("SMTP_URL", "smtp://mail.example.com")], "SMTP_FROM"),
        (
            vec![("SMTP_URL", "ftp://x"), ("SMTP_FROM", "a@b.co")],
            "SMTP_URL",
        ),
        (
            vec![("SMTP_URL", "smtp://h"), ("SMTP_FROM", "not an address")],
            "SMTP_FROM",
        ),
        (vec![("BAAS_PUBLIC_URL", "example.com")], "BAAS_PUBLIC_URL"),
        (vec![("BAAS_BIND", "localhost")], "BAAS_BIND"),
        (vec![("BAAS_MASTER_KEY", "short")], "BAAS_MASTER_KEY"),
        (vec![("DATABASE_URL", "postgres://u@h/db")], "SMTP_URL"),
        (
            vec![
                ("DATABASE_URL", "postgres://u@h/db"),
                ("SMTP_URL", "smtp://h"),
                ("SMTP_FROM", "a@b.co"),
            ],
            "BAAS_MASTER_KEY",
        ),
        (vec![("BAAS_TRUST_PROXY", "maybe")], "BAAS_TRUST_PROXY"),
        (vec![("BAAS_AGENT_RPM", "0")], "BAAS_AGENT_RPM"),
        (vec![("BAAS_TENANT_TPM", "lots")], "BAAS_TENANT_TPM"),
        (vec![("BAAS_DEFAULT_PLAN", "Big Plan")], "BAAS_DEFAULT_PLAN"),
        (
            vec![("BAAS_MAX_WORKSPACES_PER_PERSON", "0")],
            "BAAS_MAX_WORKSPACES_PER_PERSON",
        ),
        (vec![("BAAS_SIGN_INS_PER_IP", "0")], "BAAS_SIGN_INS_PER_IP"),
        (
            vec![("BAAS_SIGNUP_DOMAINS", "not a domain")],
            "BAAS_SIGNUP_DOMAINS",
        ),
        (
            vec![("BAAS_BOT_ALLOW_PRIVATE", "yes")],
            "BAAS_BOT_ALLOW_PRIVATE",
        ),
        (vec![("BAAS_BOT_MAX_MESSAGE", "10")], "BAAS_BOT_MAX_MESSAGE"),
        (
            vec![("BAAS_UPSTREAM_TIMEOUT", "0")],
            "BAAS_UPSTREAM_TIMEOUT",
        ),
        (
            vec![("BAAS_GATEWAY_MAX_BODIES", "-1")],
            "BAAS_GATEWAY_MAX_BODIES",
        ),
    ];
    for (pairs, var) in cases {
        let e = Settings::from_vars(&vars(&pairs)).expect_err(var);
        assert_eq!(e.var, var, "{pairs:?}");
        assert!(e.to_string().contains("Fix:"));
    }
}

#[test]
fn https_public_url_means_secure_cookies() {
    let s = Settings::from_vars(&vars(&[("BAAS_PUBLIC_URL", "https://baas.example.com/")]))
        .expect("valid");
    assert!(s.secure_cookies());
    assert_eq!(s.public_url, "https://baas.example.com");
}

#[test]
fn key_file_is_created_private_and_reused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sub/master.key");
    let a = load_or_create_key_file(&path).expect("create");
    let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let b = load_or_create_key_file(&path).expect("reuse");
    assert_eq!(a.to_base64(), b.to_base64());
}

#[test]
fn config_file_values_are_read_and_bad_files_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("baas.toml");
    std::fs::write(
        &path,
        "BAAS_BIND = \"0.0.0.0:8080\"\nBAAS_TRUST_PROXY = true\n",
    )
    .expect("write");
    let vars = read_file(&path).expect("read");
    let s = Settings::from_vars(&vars).expect("settings");
    assert_eq!(s.bind.to_string(), "0.0.0.0:8080");
    assert!(s.trust_proxy);

    std::fs::write(&path, "BAAS_BIND = [1, 2]\n").expect("write");
    assert_eq!(read_file(&path).expect_err("array").var, "BAAS_CONFIG_FILE");
    std::fs::write(&path, "not toml at all =").expect("write");
    assert_eq!(
        read_file(&path).expect_err("syntax").var,
        "BAAS_CONFIG_FILE"
    );
    assert_eq!(
        read_file(&dir.path().join("missing.toml"))
            .expect_err("missing")
            .var,
        "BAAS_CONFIG_FILE"
    );
}

#[test]
fn passwords_are_redacted() {
    assert_eq!(
        redact_url("postgres://u:secret@h/db"),
        "postgres://u:***@h/db"
    );
}
