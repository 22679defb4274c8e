//! Server-side application state and request helpers for server functions.

use crate::error::ApiError;
use axum::extract::FromRef;
use baas::auth::{session_cookie, Auth, CurrentUser};
use baas::crypto::SecretBox;
use baas::db::Db;
use baas::ids::TenantId;
use http::request::Parts;
use leptos::prelude::*;

/// Everything a request handler needs, shared by the whole server.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub db: Db,
    pub auth: Auth,
    pub secrets: SecretBox,
    /// Virtual keys the gateway has looked up recently (revocations drop them at once).
    pub keys: baas::gateway::store::KeyCache,
    /// Plans and budgets the gateway has loaded recently (changes drop them at once).
    pub policies: baas::costs::policy::PolicyCache,
    /// The live connection to every registered bot.
    pub bots: baas::clawdbot::manager::BotManager,
    /// How long a bot may take to come back healthy after a config change.
    pub bot_health_window: std::time::Duration,
    /// Who may sign up, and what a new workspace gets.
    pub signup: baas::config::SignupPolicy,
    /// Longest a usage export may run.
    #[from_ref(skip)]
    pub export_timeout: std::time::Duration,
    pub public_url: String,
    pub secure_cookies: bool,
    /// How the Admin Agent checks bots and groups its notifications.
    #[from_ref(skip)]
    pub admin_agent: baas::supervisor::Tuning,
    /// The Stripe account BaaS bills through (none: billing is off).
    #[from_ref(skip)]
    pub billing: Option<baas::billing::stripe::Stripe>,
    pub leptos_options: LeptosOptions,
}

impl AppState {
    /// What the notification engine sends with.
    pub fn senders(&self) -> baas::notify::Senders {
        baas::notify::Senders {
            db: self.db.clone(),
            secrets: self.secrets.clone(),
            mailer: self.auth.mailer().clone(),
            bots: self.bots.clone(),
            allow_private: self.bots.options().allow_private,
            public_url: self.public_url.clone(),
        }
    }

    /// Brings the workspace's bots' BaaS signature in line with its plan, in the background:
    /// a plan change stands whatever its bots answer, and one offline now is caught up by the
    /// periodic reconciliation.
    pub fn spawn_branding(&self, tenant: TenantId) {
        baas::billing::branding::spawn(
            self.db.clone(),
            self.secrets.clone(),
            self.bots.clone(),
            tenant,
        );
    }

    /// The Admin Agent's supervisor on this state.
    pub fn supervisor(&self) -> baas::supervisor::Supervisor {
        baas::supervisor::Supervisor {
            db: self.db.clone(),
            secrets: self.secrets.clone(),
            bots: self.bots.clone(),
            tuning: self.admin_agent,
        }
    }
}

/// The client's address as the server decided it (peer address, or the proxy's header when
/// trusted); set on every request by the server's middleware.
#[derive(Debug, Clone)]
pub struct ClientIp(pub String);

/// Reads the session token from a `Cookie` header (`secure`: the site is served over https).
pub fn session_token(headers: &http::HeaderMap, secure: bool) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == session_cookie(secure))
        .map(|(_, v)| v.to_string())
}

/// The state, from the server function's context.
pub fn app_state() -> Result<AppState, ApiError> {
    use_context::<AppState>().ok_or_else(|| ApiError::Internal("application state missing".into()))
}

fn parts() -> Result<Parts, ApiError> {
    use_context::<Parts>().ok_or_else(|| ApiError::Internal("request missing".into()))
}

/// The client's IP for the current request.
pub fn client_ip() -> String {
    use_context::<Parts>()
        .and_then(|p| p.extensions.get::<ClientIp>().map(|c| c.0.clone()))
        .unwrap_or_else(|| "unknown".into())
}

/// The number conventions amounts are typed in: the page's own `locale` field when the form
/// sends one, else the language the pages are shown in.
pub fn number_locale(field: Option<&str>) -> baas::i18n::Locale {
    match field.filter(|f| !f.trim().is_empty()) {
        Some(tag) => baas::i18n::Locale::from_tag(tag),
        None => crate::i18n::page_locale(),
    }
}

/// The signed-in user, if any.
pub async fn maybe_user() -> Result<Option<CurrentUser>, ApiError> {
    let state = app_state()?;
    let Some(token) = session_token(&parts()?.headers, state.secure_cookies) else {
        return Ok(None);
    };
    Ok(state.auth.session_user(&token).await?)
}

/// The signed-in user, or a 401.
pub async fn signed_in() -> Result<(AppState, CurrentUser), ApiError> {
    let state = app_state()?;
    let user = maybe_user()
        .await?
        .ok_or_else(|| ApiError::Unauthenticated("sign in to continue".into()))?;
    Ok((state, user))
}

/// The signed-in caller's access to `tenant_id`, if they hold at least `min` there: the one
/// check every server function of a workspace makes before it reaches storage, and where the
/// id a browser sent becomes the [`TenantId`] storage takes.
pub async fn member_of(
    tenant_id: &str,
    min: baas::roles::Role,
) -> Result<(AppState, baas::access::Access), ApiError> {
    let (state, user) = signed_in().await?;
    let actor = user.actor(&client_ip());
    let access = baas::access::Access::member(
        &state.db,
        &TenantId::new(tenant_id),
        &user.user_id,
        actor,
        min,
    )
    .await?;
    Ok((state, access))
}

/// The signed-in caller, if they are an operator.
pub async fn operator() -> Result<(AppState, CurrentUser), ApiError> {
    let (state, user) = signed_in().await?;
    baas::operators::require_operator(&state.db, &user.user_id).await?;
    Ok((state, user))
}

/// A link to the bot through its managed connection, for someone waiting on a page: a bot
/// the registry knows is down is refused at once, never dialled (see
/// `baas::clawdbot::link::FailFast`).
pub fn bot_link<'a>(
    state: &'a AppState,
    bot_id: &'a str,
) -> Result<baas::clawdbot::link::FailFast<'a>, ApiError> {
    if state.bots.target(bot_id).is_none() {
        return Err(ApiError::Unavailable("the bot is not connected".into()));
    }
    Ok(baas::clawdbot::link::FailFast {
        bots: &state.bots,
        bot_id,
    })
}
