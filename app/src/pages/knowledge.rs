//! `/t/:tenant/bots/:bot/knowledge`: the documents a bot answers from — uploaded as text,
//! Markdown or PDF, listed with their size against the plan's room, replaced by uploading the
//! same name, deleted — and written into every agent's memory on the bot (OpenClaw).

use crate::error::ApiError;
use crate::i18n::t;
use crate::layout::{tenant_id, Viewer};
use crate::pages::bot_reach::ReachNote;
#[cfg(feature = "ssr")]
use crate::pages::bot_reach::{answering, edit_failed, reach};
#[cfg(feature = "ssr")]
use crate::state::{bot_link, member_of};
use baas::model::{KnowledgeDocView, KnowledgeView};
#[cfg(feature = "ssr")]
use baas::roles::Role;
use baas::time::format_utc;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The knowledge base of one bot.
#[component]
pub fn KnowledgePage() -> impl IntoView {
    let tenant = tenant_id();
    let params = use_params_map();
    let query = use_query_map();
    let bot = Memo::new(move |_| params.read().get("bot").unwrap_or_default());
    let viewer = expect_context::<Viewer>();
    let manage = Signal::derive(move || viewer.role.get().is_some_and(|r| r.can_manage_team()));
    let delete = ServerAction::<DeleteKnowledgeDocument>::new();
    let resend = ServerAction::<SyncKnowledge>::new();
    let kb = Resource::new(
        move || (tenant.get(), bot.get(), delete.version().get()),
        |(t, b, _)| get_knowledge(t, b),
    );
    let uploaded = move || query.read().get("uploaded");
    let failed = move || query.read().get("error");
    view! {
        <Title text="Knowledge base · BaaS" />
        <div class="page">
            <header class="page-header">
                <h1>"Knowledge base"</h1>
                <a href=move || format!("/t/{}/bots/{}", tenant.get(), bot.get())>"Bot settings"</a>
            </header>
            <p class="muted">
                "Documents this bot answers from. BaaS keeps their text and writes it into the memory of every agent on the bot (OpenClaw's MEMORY.md): the agent reads it with every message, and searches it when it is long."
            </p>
            {move || uploaded().map(|m| view! { <p class="notice" data-testid="kb-uploaded">{m}</p> })}
            {move || failed().map(|m| view! { <p class="error" role="alert" data-testid="kb-error">{m}</p> })}
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match kb.await {
                        Ok(k) => {
                            let reach = k.reach.clone().map(|reach| view! {
                                <ReachNote reach note=t("botreach-knowledge-kept") />
                            });
                            let body = match k.unsupported.clone() {
                                Some(why) => view! { <p class="notice" data-testid="kb-unsupported">{why}</p> }.into_any(),
                                None => documents(k, tenant, bot, delete, manage).into_any(),
                            };
                            view! { {reach} {body} }.into_any()
                        }
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
            <Show when=move || manage.get()>
                <section class="card">
                    <h2>"Upload"</h2>
                    <form method="post" enctype="multipart/form-data" data-testid="kb-upload"
                        action=move || format!("/knowledge/{}/{}", tenant.get(), bot.get())>
                        <input type="file" name="file" required accept=".txt,.md,.markdown,.pdf,text/plain,text/markdown,application/pdf" />
                        <button type="submit" class="button primary">"Upload"</button>
                    </form>
                    <p class="muted small">"Plain text, Markdown or PDF with text in it, up to 10 MB. A document with the name of one already here replaces it."</p>
                    <button type="button" class="button" on:click=move |_| {
                        resend.dispatch(SyncKnowledge { tenant_id: tenant.get_untracked(), bot_id: bot.get_untracked() });
                    }>"Send to bot again"</button>
                    {move || resend.value().get().map(|r| match r {
                        Ok(n) => view! { <p class="notice">{format!("Sent; {n} agents' memory changed.")}</p> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    })}
                </section>
            </Show>
        </div>
    }
}

fn documents(
    k: KnowledgeView,
    tenant: Memo<String>,
    bot: Memo<String>,
    delete: ServerAction<DeleteKnowledgeDocument>,
    manage: Signal<bool>,
) -> impl IntoView {
    let room = format!(
        "{} of {} documents, {} of {} characters",
        k.documents.len(),
        k.limit_documents,
        k.used_chars,
        k.limit_chars
    );
    view! {
        <section class="card">
            <p class="muted" data-testid="kb-room">{room}</p>
            {if k.documents.is_empty() {
                view! { <p class="muted" data-testid="kb-empty">"No documents yet. Upload a price list, an FAQ or a policy, and the bot answers from it."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table" data-testid="kb-documents">
                            <thead><tr><th>"Document"</th><th>"Kind"</th><th>"Characters"</th><th>"Updated"</th><th></th></tr></thead>
                            <tbody>{k.documents.into_iter().map(|d| row(d, tenant, bot, delete, manage)).collect_view()}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            {move || delete.value().get().and_then(|r| r.err()).map(|e| view! { <p class="error" role="alert">{e.to_string()}</p> })}
        </section>
    }
}

fn row(
    d: KnowledgeDocView,
    tenant: Memo<String>,
    bot: Memo<String>,
    delete: ServerAction<DeleteKnowledgeDocument>,
    manage: Signal<bool>,
) -> impl IntoView {
    let id = d.id.clone();
    let name = d.name.clone();
    view! {
        <tr>
            <td>{d.name.clone()}</td>
            <td>{d.kind.clone()}</td>
            <td class="num">{d.chars}</td>
            <td class="nowrap">{format_utc(d.updated_at)}</td>
            <td>
                <Show when=move || manage.get()>
                    <button type="button" class="button small danger" on:click={
                        let (id, name) = (id.clone(), name.clone());
                        move |_| {
                            let sure = window()
                                .confirm_with_message(&format!("Delete {name}? The bot stops answering from it."))
                                .unwrap_or(false);
                            if sure {
                                delete.dispatch(DeleteKnowledgeDocument {
                                    tenant_id: tenant.get_untracked(),
                                    bot_id: bot.get_untracked(),
                                    document_id: id.clone(),
                                });
                            }
                        }
                    }>"Delete"</button>
                </Show>
            </td>
        </tr>
    }
}

/// The bot's documents (kept by BaaS) and the plan's room; on a bot without agent memory, why
/// (as its last connection told); and the bot's connection. Nothing here waits for the bot.
#[server(prefix = "/api", endpoint = "get_knowledge")]
pub async fn get_knowledge(tenant_id: String, bot_id: String) -> Result<KnowledgeView, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    let mut view = baas::clawdbot::knowledge::list(&state.db, &at, &bot_id).await?;
    view.unsupported = baas::clawdbot::knowledge::unsupported(&state.bots.status(&bot_id));
    let row = baas::clawdbot::store::list_bots(&state.db, &at)
        .await?
        .into_iter()
        .find(|b| b.id == bot_id)
        .ok_or_else(|| ApiError::NotFound("bot not found".into()))?;
    let live = answering(&state, &bot_id).await;
    let known_at = view.documents.iter().map(|d| d.updated_at).max();
    view.reach = Some(reach(&state, row, live, known_at));
    Ok(view)
}

/// Deletes a document and takes it out of the bot's memory.
#[server(prefix = "/api", endpoint = "delete_knowledge_document")]
pub async fn delete_knowledge_document(
    tenant_id: String,
    bot_id: String,
    document_id: String,
) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    baas::clawdbot::knowledge::delete(&state.db, &at, &bot_id, &document_id).await?;
    let link = bot_link(&state, &bot_id)?;
    baas::clawdbot::knowledge::sync(&state.db, &link, &bot_id)
        .await
        .map_err(|e| edit_failed(&state, &bot_id, e))?;
    Ok(())
}

/// Writes the documents into the bot's agents' memory again (after the bot was offline);
/// returns how many agents' files changed.
#[server(prefix = "/api", endpoint = "sync_knowledge")]
pub async fn sync_knowledge(tenant_id: String, bot_id: String) -> Result<usize, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    baas::clawdbot::editor::bot_in_tenant(&state.db, &at.tenant_id, &bot_id).await?;
    let link = bot_link(&state, &bot_id)?;
    baas::clawdbot::knowledge::sync(&state.db, &link, &bot_id)
        .await
        .map_err(|e| edit_failed(&state, &bot_id, e))
}
