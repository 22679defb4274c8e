//! What a batch of alerts says on each kind of channel: an email's subject, text and HTML, the
//! webhook's JSON body (a stable schema, in the README), a Slack Block Kit message and a
//! WhatsApp text, in the workspace's voice.

use super::rules::Severity;
use super::rules::DIGEST_AFTER;
use super::settings::Voice;
use super::Queued;
use crate::i18n::{self, Arg, Locale, Text};
use crate::mail::html_escape;
use serde_json::{json, Value};

/// One batch, rendered for every kind of channel.
#[derive(Debug, Clone)]
pub struct Message {
    pub subject: String,
    /// The subject as a message, to be said again in another language (the notification log
    /// shows it in each reader's).
    pub subject_text: Text,
    pub text: String,
    pub html: String,
    /// The webhook body.
    pub webhook: Value,
    /// The Slack incoming-webhook body.
    pub slack: Value,
    /// The WhatsApp text.
    pub whatsapp: String,
}

/// The locale a voice speaks.
pub fn locale(voice: &Voice) -> Locale {
    Locale::from_tag(&voice.language)
}

/// `text` with the voice's tone given to it and to every message nested in it.
fn toned(voice: &Voice, text: &Text) -> Text {
    let mut t = text.clone();
    for arg in t.args.values_mut() {
        if let Arg::Text(inner) = arg {
            **inner = toned(voice, inner);
        }
    }
    t.args.insert("tone".into(), Arg::Str(voice.tone.clone()));
    t
}

/// `text` said in the voice's language and tone.
pub fn say(voice: &Voice, text: &Text) -> String {
    i18n::render(locale(voice), &toned(voice, text))
}

fn say_detail(voice: &Voice, text: &Text) -> Option<String> {
    i18n::render_attr(locale(voice), &toned(voice, text), "detail")
}

/// The voice's greeting ("" for none) and signature: the workspace's own, else the catalogue's.
pub fn frame(voice: &Voice) -> (String, String) {
    let greeting = if voice.greeting.is_empty() {
        say(voice, &Text::new("greeting"))
    } else {
        voice.greeting.clone()
    };
    let signature = if voice.signature.is_empty() {
        say(voice, &Text::new("signature-default"))
    } else {
        voice.signature.clone()
    };
    (greeting, signature)
}

/// What one queued alert says in the voice's language: its line and, if it has one, its detail.
fn said(voice: &Voice, q: &Queued) -> (String, Option<String>) {
    match &q.text {
        Some(t) => (say(voice, t), say_detail(voice, t)),
        None => (
            q.subject.clone(),
            Some(q.detail.clone()).filter(|d| !d.is_empty() && *d != q.subject),
        ),
    }
}

/// The label of an alert's severity ("CRITICAL", "RESOLVED"…).
fn severity_label(q: &Queued) -> Text {
    let severity = if q.resolved {
        "resolved"
    } else {
        q.severity.as_str()
    };
    Text::new("severity-label").str("severity", severity)
}

fn label(voice: &Voice, q: &Queued) -> String {
    say(voice, &severity_label(q))
}

/// What one queued alert says in its one line, as a message (a row queued before texts were
/// kept says its English subject).
fn line(q: &Queued) -> Text {
    match &q.text {
        Some(t) => t.clone(),
        None => Text::new("notify-as-written").str("text", q.subject.clone()),
    }
}

/// The subject of a message about `items`: the one alert with its severity, or how many there
/// are of each (critical, resolved, others).
fn subject(items: &[&Queued]) -> Text {
    if let [one] = items {
        return Text::new("notify-subject-one")
            .text("label", severity_label(one))
            .text("line", line(one));
    }
    let critical = items
        .iter()
        .filter(|q| !q.resolved && q.severity == Severity::Critical)
        .count();
    let resolved = items.iter().filter(|q| q.resolved).count();
    let rest = items.len() - critical - resolved;
    let parts = [
        ("batch-critical", critical),
        ("batch-resolved", resolved),
        ("batch-other", rest),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(id, n)| Text::new(id).int("count", n as i64))
    .rev()
    .reduce(|rest, first| {
        Text::new("notify-list")
            .text("first", first)
            .text("rest", rest)
    })
    .unwrap_or_else(|| Text::new("notify-as-written").str("text", ""));
    Text::new("batch-subject")
        .int("count", items.len() as i64)
        .text("parts", parts)
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

/// Composes the message for `items` (one workspace's batch, oldest first) in `voice`.
pub fn compose(voice: &Voice, items: &[&Queued], public_url: &str) -> Message {
    let subject_text = subject(items);
    let subject = say(voice, &subject_text);
    let lines: Vec<String> = if items.len() > DIGEST_AFTER {
        // A flood becomes a digest: how many of each kind.
        let mut kinds: Vec<(String, usize)> = Vec::new();
        for q in items {
            match kinds.iter_mut().find(|(k, _)| *k == q.kind) {
                Some((_, n)) => *n += 1,
                None => kinds.push((q.kind.clone(), 1)),
            }
        }
        kinds
            .into_iter()
            .map(|(k, n)| {
                let kind = Text::new("alert-kind").str("kind", k);
                say(
                    voice,
                    &Text::new("digest-line")
                        .int("count", n as i64)
                        .text("kind", kind),
                )
            })
            .collect()
    } else {
        items
            .iter()
            .map(|q| {
                let (line, detail) = said(voice, q);
                let head = format!("{}[{}] {line}", mark(q, voice.emoji), label(voice, q));
                match detail {
                    Some(d) => format!("{head}\n{d}"),
                    None => head,
                }
            })
            .collect()
    };
    let (greeting, signature) = frame(voice);
    let link = format!("{}/", public_url.trim_end_matches('/'));
    let dashboard = say(voice, &Text::new("dashboard-line").str("url", link.clone()));
    let mut text = String::new();
    if !greeting.is_empty() {
        text.push_str(&greeting);
        text.push_str("\n\n");
    }
    text.push_str(&lines.join("\n\n"));
    text.push_str(&format!("\n\n{dashboard}\n\n— {signature}\n"));
    let html = format!(
        "{}{}<p><a href=\"{}\">{}</a></p><p>— {}</p>",
        if greeting.is_empty() {
            String::new()
        } else {
            format!("<p>{}</p>", html_escape(&greeting))
        },
        lines
            .iter()
            .map(|l| format!("<p>{}</p>", html_escape(l).replace('\n', "<br>")))
            .collect::<String>(),
        html_escape(&link),
        html_escape(&say(voice, &Text::new("dashboard-open"))),
        html_escape(&signature)
    );
    let webhook = json!({
        "type": "alerts",
        "workspace_id": items.first().and_then(|q| q.tenant_id.as_ref()).map(|t| t.as_str()),
        "language": locale(voice).tag(),
        "alerts": items.iter().map(|q| {
            let (line, detail) = said(voice, q);
            json!({
                "id": q.id,
                "kind": q.kind,
                "severity": q.severity.as_str(),
                "status": if q.resolved { "resolved" } else { "firing" },
                "bot_id": q.bot_id,
                "subject": line,
                "detail": detail.unwrap_or_default(),
                "message_id": q.text.as_ref().map(|t| t.id.as_str()),
                "raised_at": q.created_at,
            })
        }).collect::<Vec<_>>(),
    });
    let slack = json!({
        "text": subject,
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": truncate(&subject, 150)}},
            {"type": "section", "text": {"type": "mrkdwn", "text": truncate(&lines.join("\n\n"), 2900)}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": format!("<{link}|{}> · {signature}", say(voice, &Text::new("dashboard-open")))}]}
        ]
    });
    let whatsapp = format!("{}\n\n{}\n\n— {signature}", subject, lines.join("\n\n"));
    Message {
        subject,
        subject_text,
        text,
        html,
        webhook,
        slack,
        whatsapp,
    }
}

/// What an escalation about bot `bot` would look like in `voice`: the settings page's preview.
pub fn preview(voice: &Voice, bot: &str, public_url: &str) -> Message {
    let text = Text::new("alert-bot-unreachable")
        .str("bot", bot)
        .text(
            "reason",
            Text::new("probe-health-failed").str("error", "connection refused"),
        )
        .text(
            "tried",
            Text::new("escalation-tried")
                .text("actions", Text::new("escalation-restarts").int("count", 3)),
        );
    let sample = Queued {
        id: "preview".into(),
        tenant_id: None,
        bot_id: None,
        kind: "bot_unreachable".into(),
        severity: Severity::Critical,
        resolved: false,
        subject: text.english(),
        detail: String::new(),
        text: Some(text),
        created_at: 0,
    };
    compose(voice, &[&sample], public_url)
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
        let text = Text::new("alert-bot-unreachable")
            .str("bot", "Loja")
            .text(
                "reason",
                Text::new("probe-health-failed").str("error", "timed out"),
            )
            .text(
                "tried",
                Text::new("escalation-tried")
                    .text("actions", Text::new("escalation-restarts").int("count", 3)),
            );
        Queued {
            id: format!("n-{kind}"),
            tenant_id: Some(TenantId::new("t1")),
            bot_id: Some("b1".into()),
            kind: kind.into(),
            severity,
            resolved,
            subject: text.english(),
            detail: String::new(),
            text: Some(text),
            created_at: 100,
        }
    }

    fn voice(language: &str, tone: &str) -> Voice {
        Voice {
            tone: tone.into(),
            language: language.into(),
            ..Voice::default()
        }
    }

    #[test]
    fn one_alert_is_named_in_the_subject_and_every_channel_carries_it() {
        let a = q("bot_unreachable", Severity::Critical, false);
        let m = compose(&Voice::default(), &[&a], "https://baas.example/");
        assert_eq!(m.subject, "[CRITICAL] Bot Loja cannot be reached");
        assert!(
            m.text.contains("the gateway did not answer its health check: timed out. Tried: restarted it 3 times. Please take a look."),
            "{}",
            m.text
        );
        assert!(m.text.contains("https://baas.example/"));
        assert!(m.html.contains("restarted it 3 times"));
        assert_eq!(m.webhook["alerts"][0]["status"], "firing");
        assert_eq!(m.webhook["alerts"][0]["severity"], "critical");
        assert_eq!(
            m.webhook["alerts"][0]["message_id"],
            "alert-bot-unreachable"
        );
        assert_eq!(m.webhook["language"], "en");
        assert_eq!(m.webhook["workspace_id"], "t1");
        assert_eq!(m.slack["blocks"][0]["type"], "header");
        assert!(m.whatsapp.starts_with("[CRITICAL]"));
    }

    #[test]
    fn every_channel_speaks_the_workspace_s_language_and_tone() {
        let a = q("bot_unreachable", Severity::Critical, false);
        let pt = compose(&voice("pt-BR", "casual"), &[&a], "http://x");
        assert_eq!(pt.subject, "[CRÍTICO] O bot Loja está inacessível");
        assert_eq!(
            pt.subject_text.english(),
            "[CRITICAL] Bot Loja cannot be reached"
        );
        assert!(pt.text.starts_with("Oi!\n\n"), "{}", pt.text);
        assert!(
            pt.text
                .contains("Já tentei: reiniciei 3 vezes. Dá uma olhada, por favor."),
            "{}",
            pt.text
        );
        assert!(pt.text.contains("Painel: http://x/"), "{}", pt.text);
        assert!(pt.text.contains("— Agente Admin do BaaS"), "{}", pt.text);
        assert!(pt.html.contains("Abrir o painel"));
        assert_eq!(pt.webhook["language"], "pt-BR");
        assert_eq!(
            pt.webhook["alerts"][0]["subject"],
            "O bot Loja está inacessível"
        );
        let formal = compose(&voice("pt-BR", "formal"), &[&a], "http://x");
        assert!(formal.text.starts_with("Olá,"), "{}", formal.text);
        assert!(formal.text.contains("Por gentileza, verifique."));
        let technical = compose(&voice("es", "technical"), &[&a], "http://x");
        assert!(
            technical.text.starts_with("[CRÍTICO]") || technical.text.starts_with("🚨"),
            "{}",
            technical.text
        );
        assert!(technical.text.contains("Se requiere intervención manual."));
        assert!(technical
            .subject
            .contains("No se puede alcanzar el bot Loja"));
    }

    #[test]
    fn a_batch_is_counted_in_the_subject_and_a_flood_becomes_a_digest() {
        let a = q("bot_unreachable", Severity::Critical, false);
        let b = q("budget", Severity::Warning, false);
        let c = q("bot_unreachable", Severity::Critical, true);
        let m = compose(&Voice::default(), &[&a, &b, &c], "http://x");
        assert_eq!(m.subject, "3 alerts: 1 critical, 1 resolved, 1 other");
        // The log says the subject again in each reader's language.
        assert_eq!(m.subject_text.english(), m.subject);
        assert_eq!(
            i18n::render(Locale::Es, &m.subject_text),
            "3 alertas: 1 crítica, 1 resuelta, 1 otra"
        );
        let pt = compose(&voice("pt-BR", "casual"), &[&a, &b, &c, &c], "http://x");
        assert_eq!(pt.subject, "4 alertas: 1 crítico, 2 resolvidos, 1 outro");
        let many: Vec<Queued> = (0..12)
            .map(|i| {
                q(
                    if i % 3 == 0 { "budget" } else { "bot_errors" },
                    Severity::Warning,
                    false,
                )
            })
            .collect();
        let refs: Vec<&Queued> = many.iter().collect();
        let m = compose(&Voice::default(), &refs, "http://x");
        assert!(m.text.contains("4 × budget threshold"), "{}", m.text);
        assert!(m.text.contains("8 × failing model calls"), "{}", m.text);
        assert_eq!(m.webhook["alerts"].as_array().map(Vec::len), Some(12));
        let es = compose(&voice("es", "casual"), &refs, "http://x");
        assert!(
            es.text.contains("4 × umbral del presupuesto"),
            "{}",
            es.text
        );
    }

    #[test]
    fn the_voice_sets_greeting_signature_and_emoji_and_html_is_escaped() {
        let mut a = q("budget", Severity::Warning, false);
        a.text = None;
        a.subject = "old row".into();
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
        assert!(
            casual.text.contains("⚠️ [WARNING] old row"),
            "{}",
            casual.text
        );
        let custom = Voice {
            greeting: "Bom dia, equipe!".into(),
            language: "pt-BR".into(),
            ..Voice::default()
        };
        assert!(compose(&custom, &[&a], "http://x")
            .text
            .starts_with("Bom dia, equipe!"));
    }
}
