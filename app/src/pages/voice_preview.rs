//! The Admin Agent's voice, previewed: what an escalation would say in the tone, language,
//! emoji, greeting and signature being chosen, updated as the settings form changes.

use crate::error::ApiError;
use crate::i18n::t;
#[cfg(feature = "ssr")]
use crate::state::member_of;
#[cfg(feature = "ssr")]
use baas::roles::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The voice fields of the settings form, as they are being edited.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VoiceDraft {
    pub tone: String,
    pub language: String,
    pub emoji: bool,
    pub greeting: String,
    pub signature: String,
}

/// A sample message in a voice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoicePreview {
    pub subject: String,
    pub text: String,
}

/// A sample escalation about the workspace's first bot, said in the given voice (any member).
#[server(prefix = "/api", endpoint = "preview_voice")]
pub async fn preview_voice(
    tenant_id: String,
    tone: String,
    language: String,
    #[server(default)] emoji: bool,
    #[server(default)] greeting: String,
    #[server(default)] signature: String,
) -> Result<VoicePreview, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    let voice = baas::notify::settings::Voice {
        tone,
        language,
        emoji,
        greeting: greeting.trim().to_string(),
        signature: signature.trim().to_string(),
    };
    let m = baas::notify::preview(&state.db, &at.tenant_id, &voice, &state.public_url).await?;
    Ok(VoicePreview {
        subject: m.subject,
        text: m.text,
    })
}

/// The preview box: refreshed whenever `draft` changes.
#[component]
pub fn VoicePreviewBox(tenant: Memo<String>, draft: RwSignal<VoiceDraft>) -> impl IntoView {
    let preview = Resource::new(
        move || (tenant.get(), draft.get()),
        |(t, d)| preview_voice(t, d.tone, d.language, d.emoji, d.greeting, d.signature),
    );
    view! {
        <div class="preview" data-testid="voice-preview" aria-live="polite">
            <h3>{t("voice-preview")}</h3>
            <Transition fallback=|| view! { <p class="muted">{t("shell-loading")}</p> }>
                {move || Suspend::new(async move {
                    match preview.await {
                        Ok(p) => view! {
                            <p><strong data-testid="voice-preview-subject">{p.subject}</strong></p>
                            <pre class="message" data-testid="voice-preview-text">{p.text}</pre>
                        }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}
