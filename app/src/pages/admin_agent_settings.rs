//! The Admin Agent's settings on its page: where each severity goes, quiet hours, how often
//! an open incident is repeated, and the agent's voice (with its live preview).
// The settings form posts each field as an argument of its server function.
#![allow(clippy::too_many_arguments)]

use super::voice_preview::{VoiceDraft, VoicePreviewBox};
use crate::error::ApiError;
use crate::forms::{SaveState, SaveStatus};
use crate::i18n::{t, tr, word};
use crate::pages::successes;
#[cfg(feature = "ssr")]
use crate::state::member_of;
use baas::i18n::Text;
use baas::model::NotifySettingsView;
#[cfg(feature = "ssr")]
use baas::roles::Role;
use leptos::prelude::*;

#[component]
pub fn SettingsForm(tenant: Memo<String>) -> impl IntoView {
    let save = ServerAction::<SaveNotifySettings>::new();
    let saved = successes(save);
    let settings = Resource::new(
        move || (tenant.get(), saved.get()),
        |(t, _)| get_notify_settings(t),
    );
    // "INFO goes to", with the severity named as messages name it.
    let route = |severity: &str| {
        tr(&Text::new("admin-agent-route").text(
            "severity",
            Text::new("severity-label").str("severity", severity),
        ))
    };
    let hhmm = |m: Option<u32>| {
        m.map(|m| format!("{:02}:{:02}", m / 60, m % 60))
            .unwrap_or_default()
    };
    view! {
        <section class="card">
            <h2>{t("admin-agent-settings")}</h2>
            <Suspense fallback=|| view! { <p class="muted">{t("shell-loading")}</p> }>
                {move || Suspend::new(async move {
                    match settings.await {
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(s) => {
                            let draft = RwSignal::new(VoiceDraft {
                                tone: s.tone.clone(),
                                language: s.language.clone(),
                                emoji: s.emoji,
                                greeting: s.greeting.clone(),
                                signature: s.signature.clone(),
                            });
                            view! {
                            <ActionForm action=save attr:class="stack" attr:data-testid="notify-settings">
                                <input type="hidden" name="tenant_id" value=move || tenant.get() />
                                <label>{route("info")} " " <input name="info" value=s.info.join(",") /></label>
                                <label>{route("warning")} " " <input name="warning" value=s.warning.join(",") /></label>
                                <label>{route("error")} " " <input name="error" value=s.error.join(",") /></label>
                                <label>{route("critical")} " " <input name="critical" value=s.critical.join(",") /></label>
                                <p class="muted small">{t("admin-agent-kinds-help")}</p>
                                <label>{t("admin-agent-quiet-from")} " " <input name="quiet_start" type="time" value=hhmm(s.quiet_start) /></label>
                                <label>{t("admin-agent-quiet-to")} " " <input name="quiet_end" type="time" value=hhmm(s.quiet_end) /></label>
                                <label>{t("admin-agent-repeat")} " " <input name="repeat_minutes" type="number" min="5" value=s.repeat_minutes /></label>
                                <label>{t("admin-agent-tone")} " " <select name="tone" on:change=move |ev| draft.update(|d| d.tone = event_target_value(&ev))>
                                    {["formal", "casual", "technical"].map(|tone| view! {
                                        <option value=tone selected=s.tone == tone>{word("admin-agent-tone-option", "tone", tone)}</option>
                                    }).collect_view()}
                                </select></label>
                                <label>{t("shell-language")} " " <select name="language" on:change=move |ev| draft.update(|d| d.language = event_target_value(&ev))>
                                    {[("pt-BR", "Português (Brasil)"), ("en", "English"), ("es", "Español")].map(|(l, name)| view! { <option value=l selected=s.language == l>{name}</option> }).collect_view()}
                                </select></label>
                                <label><input type="checkbox" name="emoji" value="on" checked=s.emoji on:change=move |ev| draft.update(|d| d.emoji = event_target_checked(&ev)) />" " {t("admin-agent-emoji")}</label>
                                <label>{t("admin-agent-greeting")} " " <input name="greeting" maxlength="200" value=s.greeting.clone() on:input=move |ev| draft.update(|d| d.greeting = event_target_value(&ev)) /></label>
                                <label>{t("admin-agent-signature")} " " <input name="signature" maxlength="200" value=s.signature.clone() on:input=move |ev| draft.update(|d| d.signature = event_target_value(&ev)) /></label>
                                <VoicePreviewBox tenant=tenant draft=draft />
                                <button type="submit" class="button primary">{t("budgets-save")}</button>
                                <SaveStatus state=SaveState::of(save) testid="settings" />
                            </ActionForm>
                        }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The workspace's routing, quiet hours and voice (any member).
#[server(prefix = "/api", endpoint = "get_notify_settings")]
pub async fn get_notify_settings(tenant_id: String) -> Result<NotifySettingsView, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    let s = baas::notify::settings::settings(&state.db, Some(&at.tenant_id)).await?;
    Ok(baas::notify::settings::settings_view(&s))
}

/// Saves routing, quiet hours and voice (admins and owners).
#[server(prefix = "/api", endpoint = "save_notify_settings")]
pub async fn save_notify_settings(
    tenant_id: String,
    #[server(default)] info: String,
    #[server(default)] warning: String,
    #[server(default)] error: String,
    #[server(default)] critical: String,
    #[server(default)] quiet_start: String,
    #[server(default)] quiet_end: String,
    repeat_minutes: i64,
    tone: String,
    language: String,
    #[server(default)] emoji: Option<String>,
    #[server(default)] greeting: String,
    #[server(default)] signature: String,
) -> Result<(), ApiError> {
    use baas::error::Error;
    use baas::notify::rules::{ChannelKind, Quiet, Routing};
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    let kinds = |field: &str, list: &str| -> Result<Vec<ChannelKind>, Error> {
        list.split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(|k| {
                ChannelKind::parse(k).ok_or_else(|| {
                    Error::Invalid(format!(
                        "{field}: {k:?} is not email, webhook, slack or whatsapp"
                    ))
                })
            })
            .collect()
    };
    let minute = |field: &str, v: &str| -> Result<Option<u32>, Error> {
        if v.trim().is_empty() {
            return Ok(None);
        }
        let bad = || Error::Invalid(format!("{field}: give a time like 22:00"));
        let (h, m) = v.trim().split_once(':').ok_or_else(bad)?;
        let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if h > 23 || m > 59 {
            return Err(bad());
        }
        Ok(Some(h * 60 + m))
    };
    let quiet = match (
        minute("quiet hours start", &quiet_start)?,
        minute("quiet hours end", &quiet_end)?,
    ) {
        (Some(start), Some(end)) => Some(Quiet { start, end }),
        (None, None) => None,
        _ => {
            return Err(
                Error::Invalid("give both ends of the quiet hours, or neither".into()).into(),
            )
        }
    };
    let settings = baas::notify::settings::Settings {
        routing: Routing {
            info: kinds("INFO", &info)?,
            warning: kinds("WARNING", &warning)?,
            error: kinds("ERROR", &error)?,
            critical: kinds("CRITICAL", &critical)?,
        },
        quiet,
        repeat_minutes,
        voice: baas::notify::settings::Voice {
            tone,
            language,
            emoji: emoji.is_some(),
            greeting: greeting.trim().to_string(),
            signature: signature.trim().to_string(),
        },
    };
    Ok(baas::notify::settings::save_settings(&state.db, &at, &settings).await?)
}
