//! The real Clawdbot (npm) as a client: an agent whose model provider points at the gateway
//! with that agent's virtual key runs one turn; the usage record is attributed to that agent
//! with exactly the token counts Clawdbot wrote in its transcript.

use crate::helpers::TestApp;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

both_backends!(
    a_clawdbot_agent_turn_is_attributed_and_counted_exactly,
    |app: TestApp| async move {
        let s = app
            .gateway_setup("Lobo", "lobo", &[("sk-mock-ok", 1)])
            .await;

        let state = tempfile::tempdir().expect("state dir");
        let workspace = state.path().join("workspace-lobo");
        std::fs::create_dir_all(&workspace).expect("workspace");
        let config = json!({
            "models": {"providers": {"baas-lobo": {
                "baseUrl": app.base,
                "apiKey": s.key,
                "api": "anthropic-messages",
                "models": [{
                    "id": "claude-sonnet-4-5",
                    "name": "Claude Sonnet 4.5",
                    "contextWindow": 200000,
                    "maxTokens": 8192,
                    "cost": {"input": 3, "output": 15, "cacheRead": 0.3, "cacheWrite": 3.75}
                }]
            }}},
            "agents": {"list": [{
                "id": "lobo",
                "default": true,
                "name": "Lobo",
                "workspace": workspace.display().to_string(),
                "model": "baas-lobo/claude-sonnet-4-5"
            }]}
        });
        std::fs::write(
            state.path().join("clawdbot.json"),
            crate::helpers::peer::offline_config(
                crate::helpers::peer::Flavour::Clawdbot,
                Some(config),
            )
            .to_string(),
        )
        .expect("config");

        let out = crate::helpers::peer::agent_local(
            state.path(),
            "lobo",
            "Qual o horário da loja amanhã?",
        )
        .await;
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "clawdbot failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            stdout.contains("Sou o assistente de teste"),
            "the mock's answer reached Clawdbot: {stdout}"
        );

        // The transcript Clawdbot wrote: the assistant line's usage.
        let sessions = state.path().join("agents/lobo/sessions");
        let mut transcript_usage: Option<(i64, i64)> = None;
        for entry in std::fs::read_dir(&sessions)
            .expect("sessions dir")
            .flatten()
        {
            if entry.path().extension().and_then(|e| e.to_str()) != Some("jsonl") {
                continue;
            }
            for line in std::fs::read_to_string(entry.path())
                .expect("transcript")
                .lines()
            {
                let v: Value = serde_json::from_str(line).unwrap_or(Value::Null);
                let u = &v["message"]["usage"];
                if v["type"] == "message" && v["message"]["role"] == "assistant" && u.is_object() {
                    transcript_usage = Some((
                        u["input"].as_i64().unwrap_or(-1),
                        u["output"].as_i64().unwrap_or(-1),
                    ));
                }
            }
        }
        let (t_in, t_out) =
            transcript_usage.expect("an assistant message with usage in the transcript");

        let deadline = Instant::now() + crate::helpers::PATIENCE;
        let rows: Vec<(String, i64, i64, String)> = loop {
            let rows: Vec<(String, i64, i64, String)> = sqlx::query_as(
                "SELECT agent_id, input_tokens, output_tokens, status FROM usage_records",
            )
            .fetch_all(&app.db.pool)
            .await
            .expect("rows");
            if !rows.is_empty() {
                break rows;
            }
            assert!(Instant::now() < deadline, "usage not recorded");
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        let last = rows.last().expect("a record");
        assert_eq!(
            last.0, s.agent,
            "attributed to the agent whose key Clawdbot used"
        );
        assert_eq!(last.3, "ok");
        assert_eq!(
            (last.1, last.2),
            (t_in, t_out),
            "same counts as Clawdbot's transcript"
        );
        assert!(
            t_in > 1000,
            "Clawdbot's system prompt and tools were counted: {t_in}"
        );
    }
);
