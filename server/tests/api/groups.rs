//! WhatsApp groups by name: a real Clawdbot's group sessions bring their `subject` through
//! sync, and the usage dashboard's group chart and filter call groups by it (the id only
//! beside it); the demo workspace's groups likewise; a group filter narrows the group chart
//! alone; dates that cannot be used come back as an explanation over the default range.

use crate::helpers::peer::{Flavour, PeerGateway};
use crate::helpers::{client, TestApp};
use app::api::*;
use baas::model::UsageFilter;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const VIP: &str = "120363011110000001@g.us";
const UNNAMED: &str = "120363011110000002@g.us";

/// Replaces the default agent's session store on the bot's disk, as Clawdbot keeps it
/// (`agents/main/sessions/sessions.json`), in one rename so the gateway never reads half a file:
/// two group sessions last active at `updated_ms`, one named `vip_subject`, one unnamed.
fn write_sessions(gw: &PeerGateway, vip_subject: &str, updated_ms: i64) {
    let dir = gw.state_dir().join("agents/main/sessions");
    std::fs::create_dir_all(&dir).expect("sessions dir");
    let group = |subject: Option<&str>, slug: &str| {
        let mut entry = json!({
            "updatedAt": updated_ms, "chatType": "group", "channel": "whatsapp",
            "displayName": format!("whatsapp:{slug}"), "model": "claude-sonnet-4-5",
            "inputTokens": 1_000, "outputTokens": 200, "totalTokens": 1_200
        });
        if let Some(subject) = subject {
            entry["subject"] = json!(subject);
        }
        entry
    };
    let store = json!({
        format!("agent:main:whatsapp:group:{VIP}"): group(Some(vip_subject), "g-clientes-vip"),
        format!("agent:main:whatsapp:group:{UNNAMED}"): group(None, "g-120363011110000002"),
    });
    let tmp = dir.join("sessions.json.tmp");
    std::fs::write(&tmp, store.to_string()).expect("write the store");
    std::fs::rename(&tmp, dir.join("sessions.json")).expect("replace the store");
}

/// Waits until the gateway lists the VIP group with `subject`.
async fn listed_with(gw: &PeerGateway, subject: &str) {
    let deadline = Instant::now() + crate::helpers::PATIENCE;
    loop {
        let listed = gw.request("sessions.list", json!({})).await;
        let seen = listed["sessions"].as_array().is_some_and(|l| {
            l.iter().any(|s| {
                s["key"].as_str().is_some_and(|k| k.ends_with(VIP)) && s["subject"] == subject
            })
        });
        if seen {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the gateway never listed {subject:?}: {listed}"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

fn labels(d: &Value) -> Vec<String> {
    d["by_group"]
        .as_array()
        .expect("by_group")
        .iter()
        .map(|g| g["label"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn choice<'a>(d: &'a Value, jid: &str) -> Option<&'a str> {
    d["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .find(|c| c[0] == jid)
        .and_then(|c| c[1].as_str())
}

both_backends!(
    a_clawdbot_group_s_name_reaches_the_dashboard_through_sync,
    |app: TestApp| async move {
        let o = app.owner("named-groups").await;
        let token = "gw-token-named-groups";
        let gw = PeerGateway::start(Flavour::Clawdbot, token, None).await;
        let active_ms = i64::try_from(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .expect("clock")
                .as_millis(),
        )
        .expect("ms");
        write_sessions(&gw, "Clientes VIP", active_ms);
        listed_with(&gw, "Clientes VIP").await;
        let (status, v) = app
            .call(
                &o.client,
                AddBot {
                    tenant_id: o.tenant.clone(),
                    name: "Loja".to_string(),
                    gateway_url: gw.url.to_string(),
                    token: token.to_string(),
                    skip_test: None,
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");
        crate::bots::wait_for_state(&app, &o.client, &o.tenant, "Loja", "online").await;
        let sync = || {
            app.call(
                &o.client,
                SyncBots {
                    tenant_id: o.tenant.clone(),
                },
            )
        };
        let (status, report) = sync().await;
        assert_eq!(status, 200, "{report}");
        assert!(report["added"].as_i64() >= Some(2), "{report}");

        // The conversation keeps the name; the group without one has none (not the slug).
        let (_, convs) = app
            .call(
                &o.client,
                ListConversations {
                    tenant_id: o.tenant.clone(),
                },
            )
            .await;
        let name_of = |jid: &str| {
            convs
                .as_array()
                .expect("list")
                .iter()
                .find(|c| c["group"] == jid)
                .map(|c| c["group_name"].clone())
                .unwrap_or_else(|| panic!("no conversation for {jid}: {convs}"))
        };
        assert_eq!(name_of(VIP), "Clientes VIP");
        assert_eq!(name_of(UNNAMED), Value::Null);

        // The dashboard calls groups by name, in the chart and the filter; the id is beside
        // the label, never in it.
        let dashboard = |group: Option<&str>| {
            app.call(
                &o.client,
                GetDashboard {
                    tenant_id: o.tenant.clone(),
                    filter: UsageFilter {
                        group: group.map(str::to_string),
                        ..UsageFilter::default()
                    },
                },
            )
        };
        let (status, d) = dashboard(None).await;
        assert_eq!(status, 200, "{d}");
        assert_eq!(choice(&d, VIP), Some("Clientes VIP"), "{d}");
        assert_eq!(choice(&d, UNNAMED), Some("Group …0002@g.us"), "{d}");
        let bars = labels(&d);
        assert!(
            bars.iter().any(|l| l == "Clientes VIP")
                && bars.iter().any(|l| l == "Group …0002@g.us"),
            "{d}"
        );
        assert_eq!(d["groups"].as_array().map(Vec::len), Some(2), "{d}");
        let vip = d["by_group"]
            .as_array()
            .expect("by_group")
            .iter()
            .find(|g| g["label"] == "Clientes VIP")
            .cloned()
            .expect("the VIP bar");
        assert_eq!(vip["jid"], VIP);
        assert!(vip["cost"].as_i64().unwrap_or(0) > 0, "{vip}");
        assert!(
            !d["by_group"].to_string().contains("\"label\":\"120363"),
            "{d}"
        );

        // Filtered to the group: its bar alone, and every group still to choose from.
        let (_, only) = dashboard(Some(VIP)).await;
        assert_eq!(labels(&only), ["Clientes VIP"], "{only}");
        assert_eq!(only["groups"].as_array().map(Vec::len), Some(2), "{only}");

        // Renamed on WhatsApp: the next sync brings the new name though nothing else moved; a
        // sync after that changes nothing.
        write_sessions(&gw, "Clientes VIP 2026", active_ms);
        listed_with(&gw, "Clientes VIP 2026").await;
        let (_, report) = sync().await;
        assert_eq!(
            (report["added"].clone(), report["updated"].clone()),
            (json!(0), json!(1)),
            "{report}"
        );
        let (_, again) = sync().await;
        assert_eq!(
            (again["added"].clone(), again["updated"].clone()),
            (json!(0), json!(0)),
            "{again}"
        );
        let (_, d) = dashboard(None).await;
        assert_eq!(choice(&d, VIP), Some("Clientes VIP 2026"), "{d}");
    }
);

both_backends!(
    the_demo_dashboard_names_its_groups_and_explains_refused_dates,
    |app: TestApp| async move {
        let owner = client();
        let email = crate::helpers::unique_email("named-demo");
        app.sign_in(&owner, &email).await;
        let seeded = baas::costs::seed::seed_demo(&app.db, &app.secrets, &email)
            .await
            .expect("seed");
        let t = seeded.tenant_id.to_string();
        let dashboard = |filter: UsageFilter| {
            app.call(
                &owner,
                GetDashboard {
                    tenant_id: t.clone(),
                    filter,
                },
            )
        };
        let days = UsageFilter {
            from: Some(seeded.first_day.clone()),
            to: Some(seeded.last_day.clone()),
            ..UsageFilter::default()
        };
        let (status, d) = dashboard(days.clone()).await;
        assert_eq!(status, 200, "{d}");

        // Every one of the 33 groups is a choice by its name, in name order.
        let choices: Vec<(String, String)> =
            serde_json::from_value(d["groups"].clone()).expect("choices");
        assert_eq!(choices.len(), 33);
        assert!(choices
            .iter()
            .all(|(jid, label)| jid.ends_with("@g.us") && !label.contains("@g.us")));
        let names: Vec<&str> = choices.iter().map(|(_, l)| l.as_str()).collect();
        let mut ordered = names.clone();
        ordered.sort_by(|a, b| baas::i18n::collation::compare(baas::i18n::Locale::PtBr, a, b));
        assert_eq!(names, ordered);
        let vip = choices
            .iter()
            .find(|(_, l)| l == "Clientes VIP")
            .map(|(jid, _)| jid.clone())
            .expect("Clientes VIP is a choice");
        assert!(labels(&d).iter().all(|l| !l.contains("@g.us")), "{d}");
        assert_eq!(
            labels(&d).first().map(String::as_str),
            Some("WhatsApp direct chats")
        );

        // The token classes' costs add up to the range's cost.
        let c = &d["token_costs"];
        let classes: i64 = ["input", "output", "cache_read", "cache_write"]
            .iter()
            .map(|k| c[*k].as_i64().unwrap_or(0))
            .sum();
        assert_eq!(classes, 549_920_000, "{c}");

        // A group filter narrows the group chart to that group; the tiles stay the whole
        // workspace's, since model calls carry no group.
        let (_, only) = dashboard(UsageFilter {
            group: Some(vip.clone()),
            ..days.clone()
        })
        .await;
        assert_eq!(labels(&only), ["Clientes VIP"], "{only}");
        assert!(only["by_group"][0]["cost"].as_i64().unwrap_or(0) > 0);
        assert_eq!(only["cost"], 549_920_000);
        assert_eq!(only["requests"], 8_254);
        assert_eq!(only["groups"].as_array().map(Vec::len), Some(33));

        // Dates that cannot be used are said beside the filter, over this month's figures.
        let (_, month) = dashboard(UsageFilter::default()).await;
        for (from, to, why) in [
            (
                "2026-02-10",
                Some("2026-02-01"),
                "The range ends before it starts: 2026-02-10 is after 2026-02-01",
            ),
            (
                "banana",
                None,
                "From: invalid date \"banana\": expected YYYY-MM-DD",
            ),
        ] {
            let (status, bad) = dashboard(UsageFilter {
                from: Some(from.into()),
                to: to.map(str::to_string),
                group: Some(vip.clone()),
                ..UsageFilter::default()
            })
            .await;
            assert_eq!(status, 200, "{bad}");
            assert_eq!(bad["filter_error"], why);
            assert_eq!((&bad["from"], &bad["to"]), (&month["from"], &month["to"]));
            assert_eq!(bad["cost"], month["cost"]);
        }
        assert_eq!(month["filter_error"], Value::Null);
    }
);
