//! `/t/:tenant/bots/:bot/persona`: an OpenClaw agent's persona files (SOUL.md, AGENTS.md,
//! IDENTITY.md, USER.md) edited with a live preview and the prompt's length limit, each save
//! bound to the file as loaded, every version listed with its diff and a restore.

use crate::error::ApiError;
use crate::forms::{SaveState, SaveStatus};
use crate::i18n::{t, tr};
use crate::layout::{tenant_id, Viewer};
#[cfg(feature = "ssr")]
use crate::pages::bot_reach::{answering, edit_failed, reach};
use crate::pages::bot_reach::{refresh_while_away, ReachNote};
#[cfg(feature = "ssr")]
use crate::state::{bot_link, member_of};
use crate::time::local_time;
use baas::i18n::Text;
use baas::model::{PersonaFileView, PersonaVersionView, PersonaView};
#[cfg(feature = "ssr")]
use baas::roles::Role;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The editor for one bot's agents.
#[component]
pub fn PersonaPage() -> impl IntoView {
    let tenant = tenant_id();
    let params = use_params_map();
    let query = use_query_map();
    let bot = Memo::new(move |_| params.read().get("bot").unwrap_or_default());
    let agent = Memo::new(move |_| query.read().get("agent").unwrap_or_default());
    let viewer = expect_context::<Viewer>();
    let manage = Signal::derive(move || viewer.role.get().is_some_and(|r| r.can_manage_team()));
    let save = ServerAction::<SavePersonaFile>::new();
    let restore = ServerAction::<RestorePersonaFile>::new();
    let saved = crate::pages::successes(save);
    let restored = crate::pages::successes(restore);
    let (tick, set_tick) = signal(0u32);
    let persona = Resource::new(
        move || {
            (
                tenant.get(),
                bot.get(),
                agent.get(),
                saved.get(),
                restored.get(),
                tick.get(),
            )
        },
        |(t, b, a, _, _, _)| get_persona(t, b, a),
    );
    // While the bot cannot be reached the page shows what BaaS last wrote, and asks again.
    refresh_while_away(
        move || {
            persona
                .get()
                .is_some_and(|r| r.is_ok_and(|p| !p.reach.live))
        },
        move || set_tick.update(|n| *n += 1),
    );
    let file = RwSignal::new("SOUL.md".to_string());
    view! {
        <Title text=format!("{} · BaaS", t("persona-title")) />
        <div class="page">
            <header class="page-header">
                <h1>{t("persona-title")}</h1>
                <a href=move || format!("/t/{}/bots/{}", tenant.get(), bot.get())>{t("botcfg-title")}</a>
            </header>
            <p class="muted">{t("persona-intro")}</p>
            <Transition fallback=|| view! { <p class="muted">{t("persona-reading")}</p> }>
                {move || Suspend::new(async move {
                    match persona.await {
                        Ok(p) => {
                            let reach = p.reach.clone();
                            // What BaaS last wrote is shown, not changed: saves need the bot.
                            let manage = if reach.live { manage } else { Signal::stored(false) };
                            let body = match p.unsupported.clone() {
                                Some(why) => view! {
                                    <p class="notice" data-testid="persona-unsupported">{why}</p>
                                }.into_any(),
                                None => editor(p, tenant, bot, file, save, restore, manage).into_any(),
                            };
                            view! { <ReachNote reach /> {body} }.into_any()
                        }
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

fn editor(
    p: PersonaView,
    tenant: Memo<String>,
    bot: Memo<String>,
    file: RwSignal<String>,
    save: ServerAction<SavePersonaFile>,
    restore: ServerAction<RestorePersonaFile>,
    manage: Signal<bool>,
) -> impl IntoView {
    let files = StoredValue::new(p.files.clone());
    let agent = p.agent.clone();
    let current = move || {
        files.with_value(|fs| {
            fs.iter()
                .find(|f| f.name == file.get())
                .cloned()
                .unwrap_or_else(|| PersonaFileView {
                    name: file.get(),
                    content: String::new(),
                    hash: None,
                    missing: true,
                    max_chars: 0,
                })
        })
    };
    let text = RwSignal::new(current().content);
    Effect::new(move |_| text.set(current().content));
    let versions = Resource::new(
        {
            let agent = agent.clone();
            move || {
                (
                    tenant.get(),
                    bot.get(),
                    agent.clone(),
                    file.get(),
                    save.version().get(),
                    restore.version().get(),
                )
            }
        },
        |(t, b, a, f, _, _)| persona_versions(t, b, a, f),
    );
    let agents = p.agents.clone();
    let chosen = p.agent.clone();
    view! {
        <section class="card">
            <div class="inline-form">
                <label>{t("persona-agent")} " "
                    <select data-testid="persona-agent" on:change=move |ev| {
                        let a = event_target_value(&ev);
                        let url = format!("/t/{}/bots/{}/persona?agent={}", tenant.get_untracked(), bot.get_untracked(), crate::pages::encode_component(&a));
                        leptos_router::hooks::use_navigate()(&url, Default::default());
                    }>
                        {agents.into_iter().map(|a| {
                            let selected = a == chosen;
                            view! { <option value=a.clone() selected=selected>{a.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <nav class="tabs" role="tablist">
                {baas::model::PERSONA_FILES.into_iter().map(|name| {
                    let n = name.to_string();
                    view! {
                        <button type="button" role="tab" class="tab"
                            class:active=move || file.get() == n
                            data-testid=format!("persona-tab-{name}")
                            on:click={let n = name.to_string(); move |_| file.set(n.clone())}>
                            {name}
                        </button>
                    }
                }).collect_view()}
            </nav>
            <ActionForm action=save attr:class="persona-form" attr:data-testid="persona-form">
                <input type="hidden" name="tenant_id" value=move || tenant.get() />
                <input type="hidden" name="bot_id" value=move || bot.get() />
                <input type="hidden" name="agent_id" value=agent.clone() />
                <input type="hidden" name="name" value=move || file.get() />
                <input type="hidden" name="expected_hash" value=move || current().hash.unwrap_or_default() />
                <div class="split">
                    <label class="grow">{move || file.get()}
                        <textarea name="content" rows="18" class="mono" data-testid="persona-text"
                            prop:value=move || text.get()
                            on:input=move |ev| text.set(event_target_value(&ev))
                            readonly=move || !manage.get()></textarea>
                    </label>
                    <div class="grow">
                        <span>{t("persona-preview")}</span>
                        <pre class="persona preview" data-testid="persona-preview">{move || text.get()}</pre>
                    </div>
                </div>
                <p class="muted small" data-testid="persona-count">
                    {move || {
                        let (n, max) = (text.get().chars().count(), current().max_chars);
                        let n = i64::try_from(n).unwrap_or(i64::MAX);
                        tr(&Text::new("persona-count").int("count", n).int("max", max))
                    }}
                </p>
                <Show when=move || manage.get()>
                    <button type="submit" class="button primary" data-testid="persona-save">{t("persona-save")}</button>
                </Show>
                <SaveStatus state=SaveState::of(save) testid="persona"
                    saved=Signal::derive(move || match save.value().get() {
                        Some(Ok(v)) => tr(&Text::new("persona-saved-version").int("version", v)),
                        _ => t("forms-saved"),
                    }) />
            </ActionForm>
        </section>
        <section class="card">
            <h2>{move || tr(&Text::new("persona-versions-of").str("file", file.get()))}</h2>
            <crate::listing::Listing
                items=versions
                empty={|| view! { <p class="muted">{t("persona-no-versions")}</p> }}
                rows={move |list: Vec<PersonaVersionView>| view! {
                    <ol class="versions" data-testid="persona-versions">
                        {list.into_iter().map(|v| version_row(v, tenant, bot, current().hash, restore, manage)).collect_view()}
                    </ol>
                }}
            />
            {move || restore.value().get().and_then(|r| r.err()).map(|e| view! { <p class="error" role="alert">{e.to_string()}</p> })}
        </section>
    }
}

fn version_row(
    v: PersonaVersionView,
    tenant: Memo<String>,
    bot: Memo<String>,
    hash: Option<String>,
    restore: ServerAction<RestorePersonaFile>,
    manage: Signal<bool>,
) -> impl IntoView {
    let id = v.id.clone();
    let hash = hash.unwrap_or_default();
    view! {
        <li>
            <strong>{tr(&Text::new("persona-version").int("version", v.version))}</strong>
            " · " {v.summary.clone()} " · " {v.author.clone()} " · " {local_time(v.created_at)}
            {(!v.diff.is_empty()).then(|| view! {
                <details><summary>{t("persona-changes")}</summary><pre class="diff">{v.diff.clone()}</pre></details>
            })}
            <Show when=move || manage.get()>
                <button type="button" class="button small" on:click={
                    let (id, hash) = (id.clone(), hash.clone());
                    move |_| {
                        restore.dispatch(RestorePersonaFile {
                            tenant_id: tenant.get_untracked(),
                            bot_id: bot.get_untracked(),
                            version_id: id.clone(),
                            expected_hash: hash.clone(),
                        });
                    }
                }>{t("persona-restore")}</button>
            </Show>
        </li>
    }
}

/// Why a bot cannot hold persona files (nor, so, a knowledge base), in the page's language, as
/// far as its last connection told: `text` with the bot's gateway and version as `gateway`.
#[cfg(feature = "ssr")]
pub(crate) fn unsupported(
    status: &baas::clawdbot::manager::BotStatus,
    text: Text,
) -> Option<String> {
    (status.writes_files == Some(false)).then(|| {
        let gateway = format!(
            "{} {}",
            status.flavour.map_or("OpenClaw", |f| f.name()),
            status.version.as_deref().unwrap_or("")
        );
        tr(&text.str("gateway", gateway.trim_end()))
    })
}

/// What the bot said of its persona files.
#[cfg(feature = "ssr")]
enum LiveFiles {
    Files(Vec<String>, String, Vec<PersonaFileView>),
    Unsupported(String),
    NoSuchAgent,
}

/// Reads the bot's agents and agent `agent_id`'s files from the bot (the first agent when
/// none is named).
#[cfg(feature = "ssr")]
async fn read_live(
    link: &impl baas::clawdbot::link::BotLink,
    agent_id: String,
) -> Result<LiveFiles, baas::clawdbot::editor::EditError> {
    use baas::clawdbot::persona;
    let agents = match persona::agents(link).await {
        Ok(agents) => agents,
        Err(baas::clawdbot::editor::EditError::Invalid(why)) => {
            return Ok(LiveFiles::Unsupported(why))
        }
        Err(e) => return Err(e),
    };
    let agent = if agent_id.is_empty() {
        agents.first().cloned().unwrap_or_default()
    } else if agents.contains(&agent_id) {
        agent_id
    } else {
        return Ok(LiveFiles::NoSuchAgent);
    };
    let files = persona::read(link, &agent).await?;
    Ok(LiveFiles::Files(agents, agent, files))
}

/// The bot's agents and the chosen one's persona files (the first agent when none is named);
/// on a bot without persona files, why. Read from the bot when it is connected and answers in
/// time; otherwise, at once, what BaaS last wrote to them, with the bot's state.
#[server(prefix = "/api", endpoint = "get_persona")]
pub async fn get_persona(
    tenant_id: String,
    bot_id: String,
    agent_id: String,
) -> Result<PersonaView, ApiError> {
    use baas::clawdbot::persona;
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    let bot = baas::clawdbot::store::list_bots(&state.db, &at)
        .await?
        .into_iter()
        .find(|b| b.id == bot_id)
        .ok_or_else(|| ApiError::NotFound(tr(&Text::new("botcfg-bot-not-found"))))?;
    let name = bot.name.clone();
    let st = &state;
    let view = move |agents, agent, files, unsupported, live, known_at| PersonaView {
        bot_name: name,
        agents,
        agent,
        files,
        unsupported,
        reach: reach(st, bot, live, known_at),
    };
    if answering(&state, &bot_id).await {
        let link = bot_link(&state, &bot_id)?;
        let read = read_live(&link, agent_id.clone());
        match baas::clawdbot::reach::within_limit(read).await {
            Some(Ok(LiveFiles::Files(agents, agent, files))) => {
                return Ok(view(agents, agent, files, None, true, None))
            }
            Some(Ok(LiveFiles::Unsupported(why))) => {
                let text = Text::new("persona-unsupported");
                let why = unsupported(&state.bots.status(&bot_id), text).unwrap_or(why);
                return Ok(view(
                    Vec::new(),
                    String::new(),
                    Vec::new(),
                    Some(why),
                    true,
                    None,
                ));
            }
            Some(Ok(LiveFiles::NoSuchAgent)) => {
                let missing = Text::new("persona-agent-not-found");
                return Err(ApiError::NotFound(tr(&missing)));
            }
            Some(Err(baas::clawdbot::editor::EditError::Bot(e))) if e.is_reach() => {
                tracing::info!(bot = %bot_id, error = %e, "persona files not read; showing what is known")
            }
            Some(Err(e)) => return Err(e.into()),
            None => {
                tracing::info!(bot = %bot_id, "persona read took too long; showing what is known")
            }
        }
    }
    let text = Text::new("persona-unsupported");
    if let Some(why) = unsupported(&state.bots.status(&bot_id), text) {
        return Ok(view(
            Vec::new(),
            String::new(),
            Vec::new(),
            Some(why),
            false,
            None,
        ));
    }
    let known = persona::last_known(&state.db, &bot_id, &agent_id).await?;
    Ok(view(
        known.agents,
        known.agent,
        known.files,
        None,
        false,
        known.known_at,
    ))
}

/// Saves one persona file if it is still as loaded (`expected_hash` empty: it did not exist);
/// returns the new version's number.
#[server(prefix = "/api", endpoint = "save_persona_file")]
pub async fn save_persona_file(
    tenant_id: String,
    bot_id: String,
    agent_id: String,
    name: String,
    content: String,
    expected_hash: String,
) -> Result<i64, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    baas::clawdbot::editor::bot_in_tenant(&state.db, &at.tenant_id, &bot_id).await?;
    let link = bot_link(&state, &bot_id)?;
    let expected = Some(expected_hash.as_str()).filter(|h| !h.is_empty());
    baas::clawdbot::persona::write(
        &state.db, &link, &at, &bot_id, &agent_id, &name, &content, expected,
    )
    .await
    .map_err(|e| edit_failed(&state, &bot_id, e))
}

/// A persona file's versions, newest first, with their diffs.
#[server(prefix = "/api", endpoint = "persona_versions")]
pub async fn persona_versions(
    tenant_id: String,
    bot_id: String,
    agent_id: String,
    name: String,
) -> Result<Vec<PersonaVersionView>, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::clawdbot::persona::versions(&state.db, &at, &bot_id, &agent_id, &name).await?)
}

/// Puts a stored version back into its file, if the file is still as loaded.
#[server(prefix = "/api", endpoint = "restore_persona_file")]
pub async fn restore_persona_file(
    tenant_id: String,
    bot_id: String,
    version_id: String,
    expected_hash: String,
) -> Result<i64, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    baas::clawdbot::editor::bot_in_tenant(&state.db, &at.tenant_id, &bot_id).await?;
    let link = bot_link(&state, &bot_id)?;
    let expected = Some(expected_hash.as_str()).filter(|h| !h.is_empty());
    baas::clawdbot::persona::restore(&state.db, &link, &at, &bot_id, &version_id, expected)
        .await
        .map_err(|e| edit_failed(&state, &bot_id, e))
}
