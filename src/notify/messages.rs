//! What a batch of alerts says on each kind of channel: an email's subject, text and HTML, the
//! webhook's JSON body (a stable schema, in the README), a Slack Block Kit message and a
//! WhatsApp text, in the workspace's voice.

use super::rules::Severity;
use super::rules::DIGEST_AFTER;
use super::settings::Voice;
use super::Queued;
use crate::mail::html_escape;
use serde_json::{json, Value};

/// One batch, rendered for every kind of channel.
#[derive(Debug, Clone)]
pub struct Message {
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The webhook body.
    pub webhook: Value,
    /// The Slack incoming-webhook body.
    pub slack: Value,
    /// The WhatsApp text.
    pub whatsapp: String,
}

fn label(q: &Queued) -> &'static str {
    if q.resolved {
        return "RESOLVED";
    }
    match q.severity {
        Severity::Info => "INFO",
        Severity::Warning => "WARNING",
        Severity::Error => "ERROR",
        Severity::Critical => "CRITICAL",
    }
}

fn mark(q: &Queued, emoji: bool) -> &'static str {
    if !emoji {
        return "";
    }
    if q.resolved {
        return "✅ ";
    }
    match q.severity {
        Severity::Info => "ℹ️ ",
        Severity::Warning => "⚠️ ",
        Severity::Error => "❗ ",
        Severity::Critical => "🚨 ",
    }
}

/// Composes the message for `items` (one workspace's batch, oldest first).
pub fn compose(voice: &Voice, items: &[&Queued], public_url: &str) -> Message {
    let subject = match items {
        [one] => format!("[{}] {}", label(one), one.subject),
        _ => {
            let critical = items
                .iter()
                .filter(|q| !q.resolved && q.severity == Severity::Critical)
                .count();
            let resolved = items.iter().filter(|q| q.resolved).count();
            let mut parts = Vec::new();
            if critical > 0 {
                parts.push(format!("{critical} critical"));
            }
            if resolved > 0 {
                parts.push(format!("{resolved} resolved"));
            }
            let rest = items.len() - critical - resolved;
            if rest > 0 {
                parts.push(format!("{rest} other"));
            }
            format!("{} alerts: {}", items.len(), parts.join(", "))
        }
    };
    let lines: Vec<String> = if items.len() > DIGEST_AFTER {
        // A flood becomes a digest: how many of each kind, then the most urgent few.
        let mut kinds: Vec<(String, usize)> = Vec::new();
        for q in items {
            match kinds.iter_mut().find(|(k, _)| *k == q.kind) {
                Some((_, n)) => *n += 1,
                None => kinds.push((q.kind.clone(), 1)),
            }
        }
        kinds
            .into_iter()
            .map(|(k, n)| format!("{n} × {k}"))
            .collect()
    } else {
        items
            .iter()
            .map(|q| {
                format!(
                    "{}[{}] {}\n{}",
                    mark(q, voice.emoji),
                    label(q),
                    q.subject,
                    q.detail
                )
            })
            .collect()
    };
    let greeting = if voice.greeting.is_empty() {
        match voice.tone.as_str() {
            "formal" => "Hello,".to_string(),
            "technical" => String::new(),
            _ => "Hi!".to_string(),
        }
    } else {
        voice.greeting.clone()
    };
    let signature = if voice.signature.is_empty() {
        "BaaS Admin Agent".to_string()
    } else {
        voice.signature.clone()
    };
    let link = format!("{}/", public_url.trim_end_matches('/'));
    let mut text = String::new();
    if !greeting.is_empty() {
        text.push_str(&greeting);
        text.push_str("\n\n");
    }
    text.push_str(&lines.join("\n\n"));
    text.push_str(&format!("\n\nDashboard: {link}\n\n— {signature}\n"));
    let html = format!(
        "<p>{}</p>{}<p><a href=\"{}\">Open the dashboard</a></p><p>— {}</p>",
        html_escape(&greeting),
        lines
            .iter()
            .map(|l| format!("<p>{}</p>", html_escape(l).replace('\n', "<br>")))
            .collect::<String>(),
        html_escape(&link),
        html_escape(&signature)
    );
    let webhook = json!({
        "type": "alerts",
        "workspace_id": items.first().and_then(|q| q.tenant_id.as_ref()).map(|t| t.as_str()),
        "alerts": items.iter().map(|q| json!({
            "id": q.id,
            "kind": q.kind,
            "severity": q.severity.as_str(),
            "status": if q.resolved { "resolved" } else { "firing" },
            "bot_id": q.bot_id,
            "subject": q.subject,
            "detail": q.detail,
            "raised_at": q.created_at,
        })).collect::<Vec<_>>(),
    });
    let slack = json!({
        "text": subject,
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": truncate(&subject, 150)}},
            {"type": "section", "text": {"type": "mrkdwn", "text": truncate(&lines.join("\n\n"), 2900)}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": format!("<{link}|Dashboard> · {signature}")}]}
        ]
    });
    let whatsapp = format!("{}\n\n{}\n\n— {signature}", subject, lines.join("\n\n"));
    Message {
        subject,
        text,
        html,
        webhook,
        slack,
        whatsapp,
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::TenantId;

    fn q(kind: &str, severity: Severity, resolved: bool) -> Queued {
        Queued {
            id: format!("n-{kind}"),
            tenant_id: Some(TenantId::new("t1")),
            bot_id: Some("b1".into()),
            kind: kind.into(),
            severity,
            resolved,
            subject: format!("Bot Loja: {kind}"),
            detail: "restarted 3 times".into(),
            created_at: 100,
        }
    }

    #[test]
    fn one_alert_is_named_in_the_subject_and_every_channel_carries_it() {
        let a = q("bot_unreachable", Severity::Critical, false);
        let m = compose(&Voice::default(), &[&a], "https://baas.example/");
        assert_eq!(m.subject, "[CRITICAL] Bot Loja: bot_unreachable");
        assert!(m.text.contains("restarted 3 times"), "{}", m.text);
        assert!(m.text.contains("https://baas.example/"));
        assert!(m.html.contains("restarted 3 times"));
        assert_eq!(m.webhook["alerts"][0]["status"], "firing");
        assert_eq!(m.webhook["alerts"][0]["severity"], "critical");
        assert_eq!(m.webhook["workspace_id"], "t1");
        assert_eq!(m.slack["blocks"][0]["type"], "header");
        assert!(m.whatsapp.starts_with("[CRITICAL]"));
    }

    #[test]
    fn a_batch_is_counted_in_the_subject_and_a_flood_becomes_a_digest() {
        let a = q("bot_unreachable", Severity::Critical, false);
        let b = q("budget", Severity::Warning, false);
        let c = q("bot_unreachable", Severity::Critical, true);
        let m = compose(&Voice::default(), &[&a, &b, &c], "http://x");
        assert_eq!(m.subject, "3 alerts: 1 critical, 1 resolved, 1 other");
        let many: Vec<Queued> = (0..12)
            .map(|i| {
                q(
                    if i % 3 == 0 { "budget" } else { "errors" },
                    Severity::Warning,
                    false,
                )
            })
            .collect();
        let refs: Vec<&Queued> = many.iter().collect();
        let m = compose(&Voice::default(), &refs, "http://x");
        assert!(m.text.contains("4 × budget"), "{}", m.text);
        assert!(m.text.contains("8 × errors"), "{}", m.text);
        assert_eq!(m.webhook["alerts"].as_array().map(Vec::len), Some(12));
    }

    #[test]
    fn the_voice_sets_greeting_signature_and_emoji_and_html_is_escaped() {
        let mut a = q("budget", Severity::Warning, false);
        a.detail = "<script>".into();
        let voice = Voice {
            tone: "formal".into(),
            emoji: false,
            signature: "Equipe VM Deco".into(),
            ..Voice::default()
        };
        let m = compose(&voice, &[&a], "http://x");
        assert!(m.text.starts_with("Hello,"), "{}", m.text);
        assert!(m.text.contains("— Equipe VM Deco"));
        assert!(!m.text.contains('⚠'));
        assert!(m.html.contains("&lt;script&gt;") && !m.html.contains("<script>"));
        let casual = compose(&Voice::default(), &[&a], "http://x");
        assert!(casual.text.contains("⚠️ [WARNING]"), "{}", casual.text);
    }
}
