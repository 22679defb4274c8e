//! `/t/:tenant/bots/:bot`: a bot's WhatsApp settings edited visually — group mention toggles,
//! group and DM policies, the DM allow list — and every applied version with rollback.

use crate::api::{get_bot_config, ChangeBotConfig, ProvisionBot, RollbackBotConfig};
use crate::layout::{tenant_id, Viewer};
use baas::model::{BotConfigView, ConfigVersionView, GroupSetting};
use baas::time::format_utc;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The editor for one bot.
#[component]
pub fn BotConfigPage() -> impl IntoView {
    let tenant = tenant_id();
    let params = use_params_map();
    let bot = Memo::new(move |_| params.read().get("bot").unwrap_or_default());
    let viewer = expect_context::<Viewer>();
    let manage = Signal::derive(move || viewer.role.get().is_some_and(|r| r.can_manage_team()));
    let change = ServerAction::<ChangeBotConfig>::new();
    let rollback = ServerAction::<RollbackBotConfig>::new();
    let provision = ServerAction::<ProvisionBot>::new();
    let config = Resource::new(
        move || {
            (
                tenant.get(),
                bot.get(),
                change.version().get(),
                rollback.version().get(),
                provision.version().get(),
            )
        },
        |(t, b, _, _, _)| get_bot_config(t, b),
    );
    let ctx = Ctx {
        tenant,
        bot,
        change,
        rollback,
        provision,
        manage,
    };
    view! {
        <div class="page">
            <header class="page-header">
                <h1>"Bot settings"</h1>
                <a href=move || format!("/t/{}/bots", tenant.get())>"All bots"</a>
            </header>
            <p class="muted">
                "Every save is checked against the bot's own configuration schema before it is sent, applied only if nobody changed the configuration since this page loaded, and kept as a version you can roll back to."
            </p>
            {move || change.pending().get().then(|| view! { <p class="notice" data-testid="saving">"Saving…"</p> })}
            {move || change.value().get().map(|r| match r {
                Ok(v) => view! { <p class="notice" data-testid="saved">{format!("Saved as version {v}.")}</p> }.into_any(),
                Err(e) => view! { <p class="error" role="alert" data-testid="save-error">{e.to_string()}</p> }.into_any(),
            })}
            {move || provision.value().get().map(|r| match r {
                Ok(v) => view! { <p class="notice" data-testid="provisioned">{format!("Agents now use BaaS (version {v}).")}</p> }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
            })}
            {move || rollback.value().get().map(|r| match r {
                Ok(v) => view! { <p class="notice">{format!("Rolled back; saved as version {v}.")}</p> }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
            })}
            <Suspense fallback=|| view! { <p class="muted">"Reading the bot's configuration…"</p> }>
                {move || Suspend::new(async move {
                    match config.await {
                        Ok(c) => editor(c, ctx).into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[derive(Clone, Copy)]
struct Ctx {
    tenant: Memo<String>,
    bot: Memo<String>,
    change: ServerAction<ChangeBotConfig>,
    rollback: ServerAction<RollbackBotConfig>,
    provision: ServerAction<ProvisionBot>,
    manage: Signal<bool>,
}

impl Ctx {
    fn save(&self, hash: &str, setting: &str, group: &str, value: String) {
        self.change.dispatch(ChangeBotConfig {
            tenant_id: self.tenant.get_untracked(),
            bot_id: self.bot.get_untracked(),
            base_hash: hash.to_string(),
            setting: setting.to_string(),
            group: group.to_string(),
            value,
        });
    }
}

fn editor(c: BotConfigView, ctx: Ctx) -> impl IntoView {
    let hash = StoredValue::new(c.hash.clone());
    let group_policy = c.group_policy.clone().unwrap_or_else(|| "allowlist".into());
    let dm_policy = c.dm_policy.clone().unwrap_or_else(|| "pairing".into());
    let allow = c.allow_from.join(", ");
    let disabled = move || !ctx.manage.get() || ctx.change.pending().get();
    let (allow_text, set_allow_text) = signal(allow);
    view! {
        <h2 data-testid="bot-name">{c.bot_name.clone()}</h2>
        <section class="card">
            <h2>"Model calls through BaaS"</h2>
            <p class="muted">
                "Gives every agent of this bot its own virtual key and a model provider pointing at this BaaS, so each call is counted for the right agent. Agents missing here are created."
            </p>
            <button class="button primary" data-testid="provision" prop:disabled=move || !ctx.manage.get() || ctx.provision.pending().get()
                on:click=move |_| {
                    ctx.provision.dispatch(ProvisionBot {
                        tenant_id: ctx.tenant.get_untracked(),
                        bot_id: ctx.bot.get_untracked(),
                        base_hash: hash.get_value(),
                    });
                }>"Point agents at BaaS"</button>
        </section>
        <section class="card">
            <h2>"WhatsApp groups"</h2>
            <div class="table-wrap">
                <table class="table" data-testid="groups">
                    <thead><tr><th>"Group"</th><th>"Answers only when mentioned"</th></tr></thead>
                    <tbody>
                        {c.groups.into_iter().map(|g| group_row(g, hash, ctx)).collect_view()}
                    </tbody>
                </table>
            </div>
            <label>"Group policy "
                <select data-testid="group-policy" prop:disabled=disabled on:change=move |ev| {
                    ctx.save(&hash.get_value(), "group_policy", "", event_target_value(&ev));
                }>
                    {["allowlist", "open", "disabled"].into_iter().map(|p| view! {
                        <option value=p selected=p == group_policy>{policy_label(p)}</option>
                    }).collect_view()}
                </select>
            </label>
        </section>
        <section class="card">
            <h2>"Direct messages"</h2>
            <label>"DM policy "
                <select data-testid="dm-policy" prop:disabled=disabled on:change=move |ev| {
                    ctx.save(&hash.get_value(), "dm_policy", "", event_target_value(&ev));
                }>
                    {["pairing", "allowlist", "open", "disabled"].into_iter().map(|p| view! {
                        <option value=p selected=p == dm_policy>{policy_label(p)}</option>
                    }).collect_view()}
                </select>
            </label>
            <div class="inline-form">
                <label>"Allowed numbers (E.164, separated by commas)"
                    <input type="text" data-testid="allow-from" prop:value=allow_text
                        on:input=move |ev| set_allow_text.set(event_target_value(&ev))
                        placeholder="+5511999990000, +5511988880000" />
                </label>
                <button class="button" prop:disabled=disabled on:click=move |_| {
                    ctx.save(&hash.get_value(), "allow_from", "", allow_text.get_untracked());
                }>"Save numbers"</button>
            </div>
        </section>
        <section class="card">
            <h2>"Versions"</h2>
            {if c.versions.is_empty() {
                view! { <p class="muted">"No change made through BaaS yet. The first save also keeps the configuration as found."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table" data-testid="versions">
                            <thead><tr><th>"Version"</th><th>"When"</th><th>"By"</th><th>"Change"</th><th></th></tr></thead>
                            <tbody>{c.versions.into_iter().map(|v| version_row(v, hash, ctx)).collect_view()}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

fn policy_label(p: &str) -> &'static str {
    match p {
        "allowlist" => "Only listed",
        "open" => "Everyone",
        "disabled" => "Nobody",
        "pairing" => "Pairing code",
        _ => "Unknown",
    }
}

fn group_row(g: GroupSetting, hash: StoredValue<String>, ctx: Ctx) -> impl IntoView {
    let label = if g.id == "*" {
        "Every group (default)".to_string()
    } else {
        g.id.clone()
    };
    let id = StoredValue::new(g.id.clone());
    let checked = g.require_mention.unwrap_or(false);
    let disabled = move || !ctx.manage.get() || ctx.change.pending().get();
    view! {
        <tr data-testid="group" data-group=g.id.clone()>
            <td class="mono">{label}</td>
            <td>
                <label class="toggle">
                    <input type="checkbox" data-testid="require-mention" prop:checked=checked prop:disabled=disabled
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            ctx.save(&hash.get_value(), "mention", &id.get_value(), on.to_string());
                        } />
                    {if g.require_mention.is_none() { " (not set: Clawdbot's default)" } else { "" }}
                </label>
            </td>
        </tr>
    }
}

fn version_row(v: ConfigVersionView, hash: StoredValue<String>, ctx: Ctx) -> impl IntoView {
    let id = StoredValue::new(v.id.clone());
    let diff = v.diff.clone();
    view! {
        <tr data-testid="version">
            <td class="num">{v.version}</td>
            <td class="nowrap">{format_utc(v.created_at)}</td>
            <td>{v.author.clone()}</td>
            <td class="wrap">
                {v.summary.clone()}
                {(!diff.is_empty()).then(|| view! {
                    <details><summary>"Diff"</summary>
                        <pre class="mono">{diff.join("\n")}</pre>
                    </details>
                })}
            </td>
            <td>
                <Show when=move || ctx.manage.get()>
                    <button class="link-button" data-testid="rollback" on:click=move |_| {
                        ctx.rollback.dispatch(RollbackBotConfig {
                            tenant_id: ctx.tenant.get_untracked(),
                            bot_id: ctx.bot.get_untracked(),
                            base_hash: hash.get_value(),
                            version_id: id.get_value(),
                        });
                    }>"Restore"</button>
                </Show>
            </td>
        </tr>
    }
}
