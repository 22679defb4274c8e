//! `/t/:tenant/bots/:bot`: a bot's WhatsApp settings edited visually — group mention toggles,
//! group and DM policies, the DM allow list — and every applied version with rollback.

use crate::i18n::{t, tr};
use crate::layout::{tenant_id, Viewer};
use crate::pages::bot_reach::{refresh_while_away, ReachNote};
use crate::time::local_time;
use baas::agent_templates::{Template, ALL as TEMPLATES};
use baas::i18n::Text;
use baas::model::{AgentSetting, BotConfigView, ConfigVersionView, GroupSetting, SkillSetting};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

mod server;
pub use server::*;

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
    let identity = ServerAction::<SetAgentIdentity>::new();
    let wizard = ServerAction::<AddAgentToBot>::new();
    let (tick, set_tick) = signal(0u32);
    let config = Resource::new(
        move || {
            (
                tenant.get(),
                bot.get(),
                change.version().get(),
                rollback.version().get(),
                provision.version().get(),
                identity.version().get(),
                wizard.version().get(),
                tick.get(),
            )
        },
        |(t, b, _, _, _, _, _, _)| get_bot_config(t, b),
    );
    // While the bot cannot be reached the page shows what BaaS last knew, and asks again.
    refresh_while_away(
        move || config.get().is_some_and(|r| r.is_ok_and(|c| !c.reach.live)),
        move || set_tick.update(|n| *n += 1),
    );
    let ctx = Ctx {
        tenant,
        bot,
        change,
        rollback,
        provision,
        identity,
        wizard,
        manage,
    };
    view! {
        <Title text=format!("{} · BaaS", t("botcfg-title")) />
        <div class="page">
            <header class="page-header">
                <h1>{t("botcfg-title")}</h1>
                <a href=move || format!("/t/{}/bots/{}/persona", tenant.get(), bot.get())>{t("persona-title")}</a>
                <a href=move || format!("/t/{}/bots/{}/knowledge", tenant.get(), bot.get())>{t("knowledge-title")}</a>
                <a href=move || format!("/t/{}/bots", tenant.get())>{t("botcfg-all-bots")}</a>
            </header>
            <p class="muted">{t("botcfg-intro")}</p>
            <div class="save-status" role="status" aria-live="polite">
            {move || change.pending().get().then(|| view! { <p class="notice" data-testid="saving">{t("forms-saving")}</p> })}
            // A new save replaces the last one's outcome, so an old error does not linger.
            {move || (!change.pending().get()).then(|| change.value().get()).flatten().map(|r| match r {
                Ok(v) => view! { <p class="notice" data-testid="saved">{versioned("botcfg-saved-version", v)}</p> }.into_any(),
                Err(e) => view! { <p class="error" role="alert" data-testid="save-error">{e.to_string()}</p> }.into_any(),
            })}
            {move || provision.value().get().map(|r| match r {
                Ok(v) => view! { <p class="notice" data-testid="provisioned">{versioned("botcfg-provisioned", v)}</p> }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
            })}
            {move || wizard.value().get().map(|r| match r {
                Ok(v) => view! { <p class="notice" data-testid="saved">{versioned("botcfg-agent-created", v)}</p> }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
            })}
            {move || identity.value().get().map(|r| match r {
                Ok(v) => view! { <p class="notice" data-testid="saved">{versioned("botcfg-saved-version", v)}</p> }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
            })}
            {move || rollback.value().get().map(|r| match r {
                Ok(v) => view! { <p class="notice">{versioned("botcfg-rolled-back", v)}</p> }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
            })}
            </div>
            <Transition fallback=|| view! { <p class="muted">{t("botcfg-reading")}</p> }>
                {move || Suspend::new(async move {
                    match config.await {
                        Ok(c) => editor(c, ctx).into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// Message `id`, which names a configuration version.
fn versioned(id: &str, version: i64) -> String {
    tr(&Text::new(id).int("version", version))
}

#[derive(Clone, Copy)]
struct Ctx {
    tenant: Memo<String>,
    bot: Memo<String>,
    change: ServerAction<ChangeBotConfig>,
    rollback: ServerAction<RollbackBotConfig>,
    provision: ServerAction<ProvisionBot>,
    identity: ServerAction<SetAgentIdentity>,
    wizard: ServerAction<AddAgentToBot>,
    manage: Signal<bool>,
}

impl Ctx {
    fn save(&self, hash: &str, setting: &str, target: &str, value: String) {
        self.change.dispatch(ChangeBotConfig {
            tenant_id: self.tenant.get_untracked(),
            bot_id: self.bot.get_untracked(),
            base_hash: hash.to_string(),
            setting: setting.to_string(),
            target: target.to_string(),
            value,
        });
    }
}

fn editor(c: BotConfigView, ctx: Ctx) -> impl IntoView {
    // What BaaS last knew is shown, not changed: changes need the bot.
    let live = c.reach.live;
    let ctx = if live {
        ctx
    } else {
        Ctx {
            manage: Signal::stored(false),
            ..ctx
        }
    };
    let reach = c.reach.clone();
    let hash = StoredValue::new(c.hash.clone());
    let group_policy = c.group_policy.clone().unwrap_or_else(|| "allowlist".into());
    let dm_policy = c.dm_policy.clone().unwrap_or_else(|| "pairing".into());
    let allow = c.allow_from.join(", ");
    let disabled = move || !ctx.manage.get() || ctx.change.pending().get();
    let (allow_text, set_allow_text) = signal(allow);
    let (group_allow, set_group_allow) = signal(c.group_allow_from.join(", "));
    let agent_ids = StoredValue::new(c.agents.iter().map(|a| a.id.clone()).collect::<Vec<_>>());
    let models = StoredValue::new(c.models.clone());
    let (global_patterns, set_global_patterns) = signal(c.mention_patterns.join("\n"));
    view! {
        <ReachNote reach />
        <h2 data-testid="bot-name">{c.bot_name.clone()}</h2>
        <section class="card">
            <h2>{t("botcfg-provision-heading")}</h2>
            <p class="muted">{t("botcfg-provision-help")}</p>
            <button class="button primary" data-testid="provision" prop:disabled=move || !ctx.manage.get() || ctx.provision.pending().get()
                on:click=move |_| {
                    ctx.provision.dispatch(ProvisionBot {
                        tenant_id: ctx.tenant.get_untracked(),
                        bot_id: ctx.bot.get_untracked(),
                        base_hash: hash.get_value(),
                    });
                }>{t("botcfg-provision")}</button>
        </section>
        <section class="card">
            <h2>{t("botcfg-groups")}</h2>
            <div class="table-wrap">
                <table class="table" data-testid="groups">
                    <thead><tr>
                        <th>{t("botcfg-col-group")}</th><th>{t("botcfg-col-mention")}</th><th>{t("botcfg-col-agent")}</th>
                    </tr></thead>
                    <tbody>
                        {c.groups.into_iter().map(|g| group_row(g, agent_ids.get_value(), hash, ctx).into_any()).collect_view()}
                    </tbody>
                </table>
            </div>
            <label>{t("botcfg-group-policy")} " "
                <select data-testid="group-policy" prop:disabled=disabled on:change=move |ev| {
                    ctx.save(&hash.get_value(), "group_policy", "", event_target_value(&ev));
                }>
                    {["allowlist", "open", "disabled"].into_iter().map(|p| view! {
                        <option value=p selected=p == group_policy>{policy_label(p)}</option>
                    }).collect_view()}
                </select>
            </label>
            <div class="inline-form">
                <label>{t("botcfg-group-members")}
                    <input type="text" data-testid="group-allow-from" prop:value=group_allow
                        on:input=move |ev| set_group_allow.set(event_target_value(&ev))
                        placeholder="+5511999990000" />
                </label>
                <button class="button" prop:disabled=disabled on:click=move |_| {
                    ctx.save(&hash.get_value(), "group_allow_from", "", group_allow.get_untracked());
                }>{t("botcfg-save-members")}</button>
            </div>
        </section>
        <section class="card">
            <h2>{t("botcfg-dms")}</h2>
            <label>{t("botcfg-dm-policy")} " "
                <select data-testid="dm-policy" prop:disabled=disabled on:change=move |ev| {
                    ctx.save(&hash.get_value(), "dm_policy", "", event_target_value(&ev));
                }>
                    {["pairing", "allowlist", "open", "disabled"].into_iter().map(|p| view! {
                        <option value=p selected=p == dm_policy>{policy_label(p)}</option>
                    }).collect_view()}
                </select>
            </label>
            <div class="inline-form">
                <label>{t("botcfg-allowed-numbers")}
                    <input type="text" data-testid="allow-from" prop:value=allow_text
                        on:input=move |ev| set_allow_text.set(event_target_value(&ev))
                        placeholder="+5511999990000, +5511988880000" />
                </label>
                <button class="button" prop:disabled=disabled on:click=move |_| {
                    ctx.save(&hash.get_value(), "allow_from", "", allow_text.get_untracked());
                }>{t("botcfg-save-numbers")}</button>
            </div>
        </section>
        <section class="card">
            <h2>{t("botcfg-agents")}</h2>
            <p class="muted">
                {t("botcfg-persona-help-before")} " "
                <a href=move || format!("/t/{}/bots/{}/persona", ctx.tenant.get(), ctx.bot.get()) data-testid="persona-link">{t("persona-title")}</a>
                " " {t("botcfg-persona-help-after")}
            </p>
            {c.agents.into_iter().map(|a| agent_panel(a, models, hash, ctx).into_any()).collect_view()}
            <Show when=move || ctx.manage.get()>{move || new_agent(models, hash, ctx).into_any()}</Show>
            <div class="stack">
                <label>{t("botcfg-global-patterns")}
                    <textarea rows="3" data-testid="global-patterns" prop:value=global_patterns
                        on:input=move |ev| set_global_patterns.set(event_target_value(&ev))></textarea>
                </label>
                <button class="button" prop:disabled=disabled on:click=move |_| {
                    ctx.save(&hash.get_value(), "mention_patterns", "", global_patterns.get_untracked());
                }>{t("botcfg-save-patterns")}</button>
            </div>
        </section>
        <section class="card">
            <h2>{t("botcfg-skills")}</h2>
            {if c.skills.is_empty() {
                view! { <p class="muted">{t("botcfg-no-skills")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table" data-testid="skills">
                            <thead><tr><th>{t("botcfg-col-skill")}</th><th>{t("botcfg-col-on")}</th><th>{t("botcfg-col-what")}</th></tr></thead>
                            <tbody>{c.skills.into_iter().map(|k| skill_row(k, hash, ctx).into_any()).collect_view()}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
        <section class="card">
            <h2>{t("botcfg-versions")}</h2>
            {if c.versions.is_empty() {
                view! { <p class="muted">{t("botcfg-no-versions")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table" data-testid="versions">
                            <thead><tr>
                                <th>{t("botcfg-col-version")}</th><th>{t("botcfg-col-when")}</th><th>{t("botcfg-col-by")}</th>
                                <th>{t("botcfg-col-change")}</th><th></th>
                            </tr></thead>
                            <tbody>{c.versions.into_iter().map(|v| version_row(v, hash, ctx)).collect_view()}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// A group or DM policy by its name in the page's language.
fn policy_label(p: &str) -> String {
    tr(&Text::new("botcfg-policy").str("policy", p))
}

fn group_row(
    g: GroupSetting,
    agents: Vec<String>,
    hash: StoredValue<String>,
    ctx: Ctx,
) -> impl IntoView {
    let label = if g.id == "*" {
        t("botcfg-every-group")
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
                    {g.require_mention.is_none().then(|| format!(" {}", t("botcfg-mention-not-set")))}
                </label>
            </td>
            <td>
                {(g.id != "*").then(|| {
                    let current = g.agent.clone().unwrap_or_default();
                    view! {
                        <select data-testid="group-agent" prop:disabled=disabled on:change=move |ev| {
                            ctx.save(&hash.get_value(), "group_agent", &id.get_value(), event_target_value(&ev));
                        }>
                            <option value="" selected=current.is_empty()>{t("botcfg-default-routing")}</option>
                            {agents.iter().map(|a| view! {
                                <option value=a.clone() selected=*a == current>{a.clone()}</option>
                            }).collect_view()}
                        </select>
                    }
                })}
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
            <td class="nowrap">{local_time(v.created_at)}</td>
            <td>{v.author.clone()}</td>
            <td class="wrap">
                {v.summary.clone()}
                {(!diff.is_empty()).then(|| view! {
                    <details><summary>{t("botcfg-diff")}</summary>
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
                    }>{t("botcfg-restore")}</button>
                </Show>
            </td>
        </tr>
    }
}

fn agent_panel(
    a: AgentSetting,
    models: StoredValue<Vec<String>>,
    hash: StoredValue<String>,
    ctx: Ctx,
) -> impl IntoView {
    let id = StoredValue::new(a.id.clone());
    let disabled = move || !ctx.manage.get() || ctx.change.pending().get();
    let (name, set_name) = signal(a.name.clone());
    let (emoji, set_emoji) = signal(a.emoji.clone());
    let (avatar, set_avatar) = signal(a.avatar.clone());
    let (patterns, set_patterns) = signal(a.mention_patterns.join("\n"));
    let current = a.model.clone().unwrap_or_default();
    let (copy_id, set_copy_id) = signal(String::new());
    let (confirming, set_confirming) = signal(false);
    view! {
        <div class="agent-panel" data-testid="agent" data-agent=a.id.clone()>
            <h3>
                <span class="mono">{a.id.clone()}</span>
                " · " {if a.on_baas { t("botcfg-through-baas") } else { t("botcfg-not-through-baas") }}
            </h3>
            <div class="inline-form">
                <label>{t("botcfg-name")} <input type="text" maxlength="80" prop:value=name on:input=move |ev| set_name.set(event_target_value(&ev)) /></label>
                <label>{t("botcfg-emoji")} <input type="text" size="4" maxlength="8" prop:value=emoji on:input=move |ev| set_emoji.set(event_target_value(&ev)) /></label>
                <label>{t("botcfg-avatar")} <input type="text" prop:value=avatar on:input=move |ev| set_avatar.set(event_target_value(&ev)) /></label>
                <button class="button" prop:disabled=disabled on:click=move |_| {
                    ctx.identity.dispatch(SetAgentIdentity {
                        tenant_id: ctx.tenant.get_untracked(),
                        bot_id: ctx.bot.get_untracked(),
                        base_hash: hash.get_value(),
                        agent: id.get_value(),
                        name: name.get_untracked(),
                        emoji: emoji.get_untracked(),
                        avatar: avatar.get_untracked(),
                    });
                }>{t("botcfg-save-identity")}</button>
            </div>
            <label>{t("botcfg-model")} " "
                <select data-testid="agent-model" prop:disabled=disabled on:change=move |ev| {
                    ctx.save(&hash.get_value(), "agent_model", &id.get_value(), event_target_value(&ev));
                }>
                    {(current.is_empty() || !models.get_value().contains(&current)).then(|| view! {
                        <option value="" selected=true>{if current.is_empty() { t("botcfg-default-model") } else { current.clone() }}</option>
                    })}
                    {models.get_value().into_iter().map(|m| {
                        let selected = m == current;
                        let label = m.clone();
                        view! { <option value=m selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
            </label>
            <div class="stack">
                <label>{t("botcfg-agent-patterns")}
                    <textarea rows="2" prop:value=patterns on:input=move |ev| set_patterns.set(event_target_value(&ev))></textarea>
                </label>
                <button class="button" prop:disabled=disabled on:click=move |_| {
                    ctx.save(&hash.get_value(), "mention_patterns", &id.get_value(), patterns.get_untracked());
                }>{t("botcfg-save-patterns")}</button>
            </div>
            {a.workspace.map(|w| view! { <p class="muted small">{t("botcfg-persona-files")} " " <span class="mono">{format!("{w}/SOUL.md")}</span></p> })}
            <Show when=move || ctx.manage.get()>
                <div class="inline-form">
                    <label>{t("botcfg-copy-as")}
                        <input type="text" maxlength="64" placeholder="lobo-vip" prop:value=copy_id
                            on:input=move |ev| set_copy_id.set(event_target_value(&ev)) />
                    </label>
                    <button class="button" prop:disabled=disabled on:click=move |_| {
                        ctx.save(&hash.get_value(), "duplicate_agent", &id.get_value(), copy_id.get_untracked());
                    }>{t("botcfg-duplicate")}</button>
                    {move || if confirming.get() {
                        view! {
                            <span class="confirm">
                                {tr(&Text::new("botcfg-delete-agent-question").str("agent", id.get_value()))}
                                <button class="button danger" data-testid="confirm-delete" on:click=move |_| {
                                    set_confirming.set(false);
                                    ctx.save(&hash.get_value(), "remove_agent", &id.get_value(), String::new());
                                }>{t("botcfg-delete")}</button>
                                <button class="link-button" on:click=move |_| set_confirming.set(false)>{t("forms-cancel")}</button>
                            </span>
                        }.into_any()
                    } else {
                        view! {
                            <button class="link-button danger" data-testid="delete-agent" prop:disabled=disabled
                                on:click=move |_| set_confirming.set(true)>{t("botcfg-delete-agent")}</button>
                        }.into_any()
                    }}
                </div>
            </Show>
        </div>
    }
}

fn skill_row(k: SkillSetting, hash: StoredValue<String>, ctx: Ctx) -> impl IntoView {
    let name = StoredValue::new(k.name.clone());
    let disabled = move || !ctx.manage.get() || ctx.change.pending().get();
    view! {
        <tr data-testid="skill">
            <td class="mono">{k.name.clone()}</td>
            <td>
                <input type="checkbox" prop:checked=k.enabled prop:disabled=disabled on:change=move |ev| {
                    ctx.save(&hash.get_value(), "skill", &name.get_value(), event_target_checked(&ev).to_string());
                } />
            </td>
            <td class="muted wrap">{k.description}</td>
        </tr>
    }
}

/// The wizard: name, id, emoji, model and a template whose persona is shown for SOUL.md.
fn new_agent(
    models: StoredValue<Vec<String>>,
    hash: StoredValue<String>,
    ctx: Ctx,
) -> impl IntoView {
    let (name, set_name) = signal(String::new());
    let (id, set_id) = signal(String::new());
    let (emoji, set_emoji) = signal(String::new());
    let (model, set_model) = signal("claude-sonnet-4-5".to_string());
    let (template, set_template) = signal("sales".to_string());
    let derived_id = move || {
        let typed = id.get();
        if typed.is_empty() {
            name.get()
                .to_lowercase()
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect::<String>()
                .trim_matches('-')
                .to_string()
        } else {
            typed
        }
    };
    let persona = move || {
        let n = name.get();
        // The templates' personas are written in English, and so is the name they fall back to.
        let who = if n.is_empty() {
            "the assistant".to_string()
        } else {
            n
        };
        Template::parse(&template.get())
            .map(|t| t.persona(&who))
            .unwrap_or_default()
    };
    view! {
        <div class="agent-panel" data-testid="wizard">
            <h3>{t("botcfg-new-agent")}</h3>
            <div class="inline-form">
                <label>{t("botcfg-name")} <input type="text" maxlength="80" placeholder="Vendas" prop:value=name on:input=move |ev| set_name.set(event_target_value(&ev)) /></label>
                <label>{t("botcfg-id")} <input type="text" maxlength="64" prop:placeholder=derived_id prop:value=id on:input=move |ev| set_id.set(event_target_value(&ev)) /></label>
                <label>{t("botcfg-emoji")} <input type="text" size="4" maxlength="8" prop:value=emoji on:input=move |ev| set_emoji.set(event_target_value(&ev)) /></label>
                <label>{t("botcfg-model")}
                    <select on:change=move |ev| set_model.set(event_target_value(&ev))>
                        {models.get_value().into_iter().map(|m| {
                            let selected = m == "claude-sonnet-4-5";
                            let label = m.clone();
                            view! { <option value=m selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>{t("botcfg-template")}
                    <select on:change=move |ev| set_template.set(event_target_value(&ev))>
                        {TEMPLATES.iter().map(|(v, _)| view! {
                            <option value=*v>{tr(&Text::new("botcfg-template-name").str("template", *v))}</option>
                        }).collect_view()}
                    </select>
                </label>
                <button class="button primary" prop:disabled=move || ctx.wizard.pending().get() || derived_id().is_empty()
                    on:click=move |_| {
                        ctx.wizard.dispatch(AddAgentToBot {
                            tenant_id: ctx.tenant.get_untracked(),
                            bot_id: ctx.bot.get_untracked(),
                            base_hash: hash.get_value(),
                            agent: derived_id(),
                            name: name.get_untracked(),
                            emoji: emoji.get_untracked(),
                            model: model.get_untracked(),
                            template: template.get_untracked(),
                        });
                    }>{t("botcfg-create-agent")}</button>
            </div>
            <p class="muted small">{t("botcfg-persona-for")}</p>
            <pre class="persona">{persona}</pre>
        </div>
    }
}
