//! `/t/:tenant/bots/:bot/knowledge`: the documents a bot answers from — uploaded as text,
//! Markdown or PDF, listed with their size against the plan's room, replaced by uploading the
//! same name, deleted — and written into every agent's memory on the bot (OpenClaw).

use crate::error::ApiError;
use crate::i18n::{locale, t, tr};
use crate::layout::{tenant_id, Viewer};
use crate::pages::bot_reach::ReachNote;
#[cfg(feature = "ssr")]
use crate::pages::bot_reach::{answering, edit_failed, reach};
#[cfg(feature = "ssr")]
use crate::state::{bot_link, member_of};
use crate::time::local_time;
use baas::i18n::Text;
use baas::model::{KnowledgeDocView, KnowledgeView};
#[cfg(feature = "ssr")]
use baas::roles::Role;
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
        <Title text=format!("{} · BaaS", t("knowledge-title")) />
        <div class="page">
            <header class="page-header">
                <h1>{t("knowledge-title")}</h1>
                <a href=move || format!("/t/{}/bots/{}", tenant.get(), bot.get())>{t("botcfg-title")}</a>
            </header>
            <p class="muted">{t("knowledge-intro")}</p>
            {move || uploaded().map(|m| view! { <p class="notice" data-testid="kb-uploaded">{m}</p> })}
            {move || failed().map(|m| view! { <p class="error" role="alert" data-testid="kb-error">{m}</p> })}
            <Suspense fallback=|| view! { <p class="muted">{t("shell-loading")}</p> }>
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
                    <h2>{t("knowledge-upload")}</h2>
                    <form method="post" enctype="multipart/form-data" data-testid="kb-upload"
                        action=move || format!("/knowledge/{}/{}", tenant.get(), bot.get())>
                        <input type="file" name="file" required accept=".txt,.md,.markdown,.pdf,text/plain,text/markdown,application/pdf" />
                        <button type="submit" class="button primary">{t("knowledge-upload")}</button>
                    </form>
                    <p class="muted small">{t("knowledge-upload-help")}</p>
                    <button type="button" class="button" on:click=move |_| {
                        resend.dispatch(SyncKnowledge { tenant_id: tenant.get_untracked(), bot_id: bot.get_untracked() });
                    }>{t("knowledge-resend")}</button>
                    {move || resend.value().get().map(|r| match r {
                        Ok(n) => view! {
                            <p class="notice">{tr(&Text::new("knowledge-resent").int("count", i64::try_from(n).unwrap_or(i64::MAX)))}</p>
                        }.into_any(),
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
    let room = tr(&Text::new("knowledge-room")
        .int(
            "documents",
            i64::try_from(k.documents.len()).unwrap_or(i64::MAX),
        )
        .int("documents_limit", k.limit_documents)
        .int("chars", k.used_chars)
        .int("chars_limit", k.limit_chars));
    view! {
        <section class="card">
            <p class="muted" data-testid="kb-room">{room}</p>
            {if k.documents.is_empty() {
                view! { <p class="muted" data-testid="kb-empty">{t("knowledge-empty")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table" data-testid="kb-documents">
                            <thead><tr>
                                <th>{t("knowledge-col-document")}</th><th>{t("knowledge-col-kind")}</th>
                                <th>{t("knowledge-col-chars")}</th><th>{t("knowledge-col-updated")}</th><th></th>
                            </tr></thead>
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
    let question = tr(&Text::new("knowledge-delete-question").str("name", d.name.clone()));
    view! {
        <tr>
            <td>{d.name.clone()}</td>
            <td>{tr(&Text::new("knowledge-kind").str("kind", d.kind.clone()))}</td>
            <td class="num">{locale().integer(d.chars)}</td>
            <td class="nowrap">{local_time(d.updated_at)}</td>
            <td>
                <Show when=move || manage.get()>
                    <button type="button" class="button small danger" on:click={
                        let (id, question) = (id.clone(), question.clone());
                        move |_| {
                            let sure = window()
                                .confirm_with_message(&question)
                                .unwrap_or(false);
                            if sure {
                                delete.dispatch(DeleteKnowledgeDocument {
                                    tenant_id: tenant.get_untracked(),
                                    bot_id: bot.get_untracked(),
                                    document_id: id.clone(),
                                });
                            }
                        }
                    }>{t("knowledge-delete")}</button>
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
    let text = Text::new("knowledge-unsupported");
    view.unsupported = super::persona::unsupported(&state.bots.status(&bot_id), text);
    let row = baas::clawdbot::store::list_bots(&state.db, &at)
        .await?
        .into_iter()
        .find(|b| b.id == bot_id)
        .ok_or_else(|| ApiError::NotFound(tr(&Text::new("botcfg-bot-not-found"))))?;
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
