//! Outgoing email: SMTP through lettre, or — with no SMTP configured — the log; or kept in
//! memory, for a process that reads its own mail (the tests of the embedded setup).

use crate::config::SmtpSettings;
use crate::email::Email;
use crate::error::{Error, Result};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One message to send.
#[derive(Debug, Clone)]
pub struct OutgoingEmail {
    pub to: Email,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Where mail goes.
#[derive(Clone)]
pub enum Mailer {
    /// A real SMTP server.
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    /// No SMTP configured: the message (and so its link) is written to the log.
    Log,
    /// Kept in memory, in the order sent.
    Memory(Arc<Mutex<Vec<OutgoingEmail>>>),
}

impl Mailer {
    /// Builds the mailer for the given settings.
    pub fn new(smtp: Option<&SmtpSettings>) -> Result<Self> {
        let Some(smtp) = smtp else {
            return Ok(Mailer::Log);
        };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&smtp.url)
            .map_err(|e| Error::Internal(format!("SMTP_URL: {e}")))?
            .timeout(Some(Duration::from_secs(15)))
            .build();
        let from = smtp
            .from
            .parse()
            .map_err(|e| Error::Internal(format!("SMTP_FROM: {e}")))?;
        Ok(Mailer::Smtp { transport, from })
    }

    /// A mailer that keeps what it sends in memory.
    pub fn memory() -> Self {
        Mailer::Memory(Arc::default())
    }

    /// What a memory mailer has sent so far, oldest first (none for the others).
    pub fn sent(&self) -> Vec<OutgoingEmail> {
        match self {
            Mailer::Memory(sent) => sent.lock().unwrap_or_else(|p| p.into_inner()).clone(),
            _ => Vec::new(),
        }
    }

    /// Sends one message.
    pub async fn send(&self, mail: &OutgoingEmail) -> Result<()> {
        match self {
            Mailer::Memory(sent) => {
                sent.lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(mail.clone());
                Ok(())
            }
            Mailer::Log => {
                tracing::info!(
                    to = %mail.to,
                    subject = %mail.subject,
                    body = %mail.text,
                    "email not sent (no SMTP_URL configured); its content follows"
                );
                Ok(())
            }
            Mailer::Smtp { transport, from } => {
                let to: Mailbox = mail
                    .to
                    .as_str()
                    .parse()
                    .map_err(|e| Error::Internal(format!("recipient: {e}")))?;
                let msg = Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(&mail.subject)
                    .multipart(MultiPart::alternative_plain_html(
                        mail.text.clone(),
                        mail.html.clone(),
                    ))
                    .map_err(|e| Error::Internal(format!("building email: {e}")))?;
                transport
                    .send(msg)
                    .await
                    .map_err(|e| Error::Internal(format!("SMTP send: {e}")))?;
                Ok(())
            }
        }
    }
}

/// Escapes text for inclusion in HTML.
pub fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
