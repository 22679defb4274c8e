//! Agents through the dashboard's functions: a new key handed over with the gateway's address
//! and a paste-ready provider for each peer; renaming; deleting, which stops the agent's keys at
//! once and keeps its usage; and who may do either.

use crate::helpers::gw::{post, wait_count};
use crate::helpers::{spawn_mock, unique_email, Owner, TestApp};
use app::api::*;
use baas::gateway::credentials::{self, CredentialKind};
use baas::model::UsageFilter;
use serde_json::{json, Value};

fn ask() -> Value {
    json!({
        "model": "claude-sonnet-4-5",
        "max_tokens": 64,
        "messages": [{"role": "user", "content": "Oi"}],
    })
}

/// The workspace's agents, as the page lists them.
async fn agents(app: &TestApp, c: &reqwest::Client, tenant: &str) -> Vec<Value> {
    let (status, list) = app
        .call(
            c,
            ListAgents {
                tenant_id: tenant.to_string(),
            },
        )
        .await;
    assert_eq!(status, 200, "{list}");
    list.as_array().cloned().unwrap_or_default()
}

/// The actions in the workspace's audit log, newest first.
async fn audited(app: &TestApp, c: &reqwest::Client, tenant: &str) -> Vec<String> {
    let (status, page) = app
        .call(
            c,
            AuditLog {
                tenant_id: tenant.to_string(),
                before: None,
            },
        )
        .await;
    assert_eq!(status, 200, "{page}");
    page["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["action"].as_str().map(str::to_string))
        .collect()
}

both_backends!(
    a_new_key_comes_with_the_gateway_and_a_provider_for_each_peer,
    |app: TestApp| async move {
        let Owner {
            client: owner,
            tenant,
            ..
        } = app.owner("handout").await;
        let (status, agent) = app
            .call(
                &owner,
                CreateAgent {
                    tenant_id: tenant.clone(),
                    name: "Lobo".into(),
                    clawdbot_agent_id: "lobo".into(),
                },
            )
            .await;
        assert_eq!(status, 200, "{agent}");
        let (status, issued) = app
            .call(
                &owner,
                CreateKey {
                    tenant_id: tenant.clone(),
                    agent_id: agent["id"].as_str().expect("id").into(),
                    name: "prod-1".into(),
                },
            )
            .await;
        assert_eq!(status, 200, "{issued}");
        let key = issued["key"].as_str().expect("key");
        assert!(baas::gateway::keys::well_formed(key));
        assert_eq!(issued["view"]["name"], "prod-1");
        // The gateway answers at this site's own address.
        let base = app.url("");
        assert_eq!(issued["base_url"], base.as_str());
        for (peer, agents_at) in [
            ("clawdbot_snippet", "/agents/list/0"),
            ("openclaw_snippet", "/agents/entries/lobo"),
        ] {
            let text = issued[peer].as_str().expect("snippet");
            let snippet: Value = serde_json::from_str(text).expect("the snippet is JSON");
            let provider = &snippet["models"]["providers"]["baas-lobo"];
            assert_eq!(provider["baseUrl"], base.as_str(), "{peer}");
            assert_eq!(provider["apiKey"], key, "{peer}");
            assert_eq!(provider["api"], "anthropic-messages", "{peer}");
            assert_eq!(
                snippet.pointer(agents_at).map(|a| &a["model"]),
                Some(&json!("baas-lobo/claude-sonnet-4-5")),
                "{peer}: {snippet}"
            );
        }
    }
);

both_backends!(
    agents_are_renamed_and_deleted_deleting_stops_their_keys_and_keeps_their_usage,
    |app: TestApp| async move {
        let Owner {
            client: owner,
            tenant,
            ..
        } = app.owner("agents").await;
        let mock = spawn_mock().await;
        credentials::add_credential(
            &app.db,
            &app.secrets,
            "main",
            CredentialKind::AnthropicApiKey,
            &mock,
            "sk-mock-ok",
            1,
        )
        .await
        .expect("credential");
        app.gateway.reload_pool().await.expect("reload");

        let (status, agent) = app
            .call(
                &owner,
                CreateAgent {
                    tenant_id: tenant.clone(),
                    name: "Lobo".into(),
                    clawdbot_agent_id: "lobo".into(),
                },
            )
            .await;
        assert_eq!(status, 200, "{agent}");
        let agent_id = agent["id"].as_str().expect("id").to_string();
        let (status, issued) = app
            .call(
                &owner,
                CreateKey {
                    tenant_id: tenant.clone(),
                    agent_id: agent_id.clone(),
                    name: "prod-1".into(),
                },
            )
            .await;
        assert_eq!(status, 200, "{issued}");
        let key = issued["key"].as_str().expect("key").to_string();
        assert_eq!(post(&app, &key, &ask()).await.status(), 200);
        wait_count(
            &app,
            "SELECT COUNT(*) FROM usage_records WHERE agent_id = $1",
            &agent_id,
            1,
        )
        .await;

        // A rename shows in the list; a blank name is refused and changes nothing.
        let rename = |name: &str| RenameAgent {
            tenant_id: tenant.clone(),
            agent_id: agent_id.clone(),
            name: name.into(),
        };
        let (status, renamed) = app.call(&owner, rename("Lobo Alfa")).await;
        assert_eq!(status, 200, "{renamed}");
        assert_eq!(renamed["name"], "Lobo Alfa");
        assert_eq!(renamed["clawdbot_agent_id"], "lobo", "the bot's id stays");
        let listed = agents(&app, &owner, &tenant).await;
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0]["name"], "Lobo Alfa");
        let (status, refused) = app.call(&owner, rename("   ")).await;
        assert_eq!(status, 400, "{refused}");
        assert_eq!(agents(&app, &owner, &tenant).await[0]["name"], "Lobo Alfa");
        assert_eq!(
            post(&app, &key, &ask()).await.status(),
            200,
            "a renamed agent's key still works"
        );

        // A viewer may do neither.
        let (viewer, _) = app
            .add_member(
                &owner,
                &tenant,
                &unique_email("viewer"),
                baas::roles::Role::Viewer,
            )
            .await;
        let (status, e) = app.call(&viewer, rename("Hijacked")).await;
        assert_eq!(status, 403, "{e}");
        let (status, e) = app
            .call(
                &viewer,
                DeleteAgent {
                    tenant_id: tenant.clone(),
                    agent_id: agent_id.clone(),
                },
            )
            .await;
        assert_eq!(status, 403, "{e}");

        // Another workspace's owner may do neither, under either workspace's id.
        let other = app.owner("other").await;
        for tenant_id in [other.tenant.clone(), tenant.clone()] {
            let (status, e) = app
                .call(
                    &other.client,
                    RenameAgent {
                        tenant_id: tenant_id.clone(),
                        agent_id: agent_id.clone(),
                        name: "Hijacked".into(),
                    },
                )
                .await;
            assert!(status == 403 || status == 404, "{status} {e}");
            let (status, e) = app
                .call(
                    &other.client,
                    DeleteAgent {
                        tenant_id,
                        agent_id: agent_id.clone(),
                    },
                )
                .await;
            assert!(status == 403 || status == 404, "{status} {e}");
        }
        assert_eq!(agents(&app, &owner, &tenant).await[0]["name"], "Lobo Alfa");
        assert_eq!(post(&app, &key, &ask()).await.status(), 200);

        // Deleting revokes the key at once; the usage stays, still under the agent's name.
        let (status, e) = app
            .call(
                &owner,
                DeleteAgent {
                    tenant_id: tenant.clone(),
                    agent_id: agent_id.clone(),
                },
            )
            .await;
        assert_eq!(status, 200, "{e}");
        assert_eq!(
            post(&app, &key, &ask()).await.status(),
            401,
            "the deleted agent's key is refused at once"
        );
        assert!(agents(&app, &owner, &tenant).await.is_empty());
        let (_, keys) = app
            .call(
                &owner,
                ListKeys {
                    tenant_id: tenant.clone(),
                },
            )
            .await;
        assert!(keys[0]["revoked_at"].as_i64().is_some(), "{keys}");
        // Three calls were answered: all three records stay (written in the background).
        wait_count(
            &app,
            "SELECT COUNT(*) FROM usage_records WHERE agent_id = $1",
            &agent_id,
            3,
        )
        .await;
        let (status, budgets) = app
            .call(
                &owner,
                GetBudgetSettings {
                    tenant_id: tenant.clone(),
                },
            )
            .await;
        assert_eq!(status, 200, "{budgets}");
        assert_eq!(budgets["agents"], json!([]), "no limits to set on it");
        assert!(
            budgets["spend"]["Ok"]["month_to_date"].as_i64() > Some(0),
            "its spend still counts this month: {budgets}"
        );
        let (status, again) = app
            .call(
                &owner,
                DeleteAgent {
                    tenant_id: tenant.clone(),
                    agent_id: agent_id.clone(),
                },
            )
            .await;
        assert_eq!(status, 404, "{again}");
        // The usage filter still offers it while its costs are in the range; a deleted agent
        // that never cost anything is not offered.
        let (status, unused) = app
            .call(
                &owner,
                CreateAgent {
                    tenant_id: tenant.clone(),
                    name: "Coruja".into(),
                    clawdbot_agent_id: "coruja".into(),
                },
            )
            .await;
        assert_eq!(status, 200, "{unused}");
        let unused_id = unused["id"].as_str().expect("id").to_string();
        let offered = |d: &Value| -> Vec<String> {
            d["agents"]
                .as_array()
                .expect("agents")
                .iter()
                .map(|a| a[1].as_str().unwrap_or_default().to_string())
                .collect()
        };
        let dashboard = GetDashboard {
            tenant_id: tenant.clone(),
            filter: UsageFilter::default(),
        };
        let (status, d) = app.call(&owner, dashboard.clone()).await;
        assert_eq!(status, 200, "{d}");
        assert_eq!(offered(&d), ["Coruja", "Lobo Alfa"]);
        let delete = DeleteAgent {
            tenant_id: tenant.clone(),
            agent_id: unused_id,
        };
        assert_eq!(app.call(&owner, delete).await.0, 200);
        let (_, d) = app.call(&owner, dashboard).await;
        assert_eq!(offered(&d), ["Lobo Alfa"]);
        let actions = audited(&app, &owner, &tenant).await;
        for a in [
            "agent_created",
            "agent_renamed",
            "agent_deleted",
            "key_revoked",
        ] {
            assert!(actions.iter().any(|x| x == a), "{a} missing: {actions:?}");
        }

        // Added again with the same id, it is the same agent of the bot, with its history; its
        // old key stays revoked.
        let (status, back) = app
            .call(
                &owner,
                CreateAgent {
                    tenant_id: tenant.clone(),
                    name: "Lobo".into(),
                    clawdbot_agent_id: "lobo".into(),
                },
            )
            .await;
        assert_eq!(status, 200, "{back}");
        assert_eq!(back["id"], agent_id.as_str());
        assert_eq!(agents(&app, &owner, &tenant).await.len(), 1);
        assert_eq!(post(&app, &key, &ask()).await.status(), 401);
    }
);
