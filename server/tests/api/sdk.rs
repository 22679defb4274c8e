//! The official Anthropic and OpenAI Python SDKs as clients of the gateway: plain and
//! streaming calls return intact answers, their usage equals what the provider reported and
//! what was recorded, and errors reach each SDK as its own typed exceptions.

use crate::helpers::TestApp;
use crate::mock_provider;
use std::time::{Duration, Instant};

fn python() -> String {
    std::env::var("BAAS_TEST_PYTHON").unwrap_or_else(|_| {
        panic!("BAAS_TEST_PYTHON is not set: run the suite through scripts/test.sh, which installs the SDKs")
    })
}

/// Runs `tests/api/sdk/<name>.py` against the app with `key`; returns the JSON it prints.
async fn run_sdk_script(name: &str, app: &TestApp, key: &str) -> serde_json::Value {
    let script = format!("{}/tests/api/sdk/{name}.py", env!("CARGO_MANIFEST_DIR"));
    let out = tokio::process::Command::new(python())
        .arg(script)
        .env("BAAS_URL", &app.base)
        .env("BAAS_KEY", key)
        .output()
        .await
        .expect("run the SDK script");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

both_backends!(
    anthropic_sdk_plain_and_streaming,
    |app: TestApp| async move {
        let s = app
            .gateway_setup("Lobo", "lobo", &[("sk-mock-ok", 1)])
            .await;

        let v = run_sdk_script("anthropic_client", &app, &s.key).await;
        assert_eq!(v["plain_text"], mock_provider::REPLY);
        assert_eq!(v["streamed_text"], mock_provider::REPLY);
        assert_eq!(
            v["plain_usage"], v["streamed_usage"],
            "streamed and plain counts agree"
        );
        assert_eq!(v["auth_error"]["status"], 401);
        assert_eq!(v["auth_error"]["type"], "authentication_error");

        let deadline = Instant::now() + crate::helpers::PATIENCE;
        let rows: Vec<(i64, i64)> = loop {
            let rows: Vec<(i64, i64)> =
                sqlx::query_as("SELECT input_tokens, output_tokens FROM usage_records")
                    .fetch_all(&app.db.pool)
                    .await
                    .expect("rows");
            if rows.len() >= 2 {
                break rows;
            }
            assert!(Instant::now() < deadline, "usage not recorded");
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        assert_eq!(rows.len(), 2, "the refused call is not recorded");
        for (input, output) in rows {
            assert_eq!(
                serde_json::json!([input, output]),
                v["plain_usage"],
                "recorded = what the SDK saw"
            );
        }
    }
);

both_backends!(openai_sdk_plain_and_streaming, |app: TestApp| async move {
    let s = app
        .gateway_setup("Raposa", "raposa", &[("sk-mock-ok", 1)])
        .await;

    let v = run_sdk_script("openai_client", &app, &s.key).await;
    assert_eq!(v["plain_text"], mock_provider::REPLY);
    assert_eq!(v["streamed_text"], mock_provider::REPLY);
    assert_eq!(v["plain_finish"], "stop");
    assert_eq!(v["streamed_finish"], "stop");
    assert_eq!(
        v["plain_usage"], v["streamed_usage"],
        "usage arrives with include_usage"
    );
    assert_eq!(v["errors"]["auth"], 401);
    assert_eq!(v["errors"]["tools"], 400);

    let deadline = Instant::now() + crate::helpers::PATIENCE;
    let rows: Vec<(i64, i64, String)> = loop {
        let rows: Vec<(i64, i64, String)> =
            sqlx::query_as("SELECT input_tokens, output_tokens, agent_id FROM usage_records")
                .fetch_all(&app.db.pool)
                .await
                .expect("rows");
        if rows.len() >= 2 {
            break rows;
        }
        assert!(Instant::now() < deadline, "usage not recorded");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(rows.len(), 2, "refused calls are not recorded");
    for (input, output, agent_id) in rows {
        assert_eq!(serde_json::json!([input, output]), v["plain_usage"]);
        assert_eq!(agent_id, s.agent);
    }
});
