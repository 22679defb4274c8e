//! A bot that cannot be reached, as its pages deal with it: they render at once from what BaaS
//! last knew and say so, with the bot's state in the reader's words ("offline since …, last
//! checked …") and why; they ask again by themselves until the bot is back. A change that
//! must reach the bot is refused at once with a short, plain message (the socket's own words
//! go to the server's log only).

use crate::i18n::{t, tr};
use crate::time::local_time;
use baas::i18n::Text;
use baas::model::{BotReach, BotView};
use leptos::prelude::*;

/// How often a page showing what BaaS last knew asks again.
const AWAY_POLL: std::time::Duration = std::time::Duration::from_secs(5);

/// A bot problem's kind (`BotError::kind`, or `unhealthy`) in the reader's words.
pub fn why(problem: &str) -> Option<String> {
    Some(match problem {
        "unreachable" => t("botreach-why-unreachable"),
        "not-allowed" => t("botreach-why-not-allowed"),
        "token-refused" => t("botreach-why-token-refused"),
        "not-a-gateway" => t("botreach-why-not-a-gateway"),
        "not-paired" => t("botreach-why-not-paired"),
        "no-scopes" => t("botreach-why-no-scopes"),
        "timeout" => t("botreach-why-timeout"),
        "too-large" => t("botreach-why-too-large"),
        "busy" => t("botreach-why-busy"),
        "closed" => t("botreach-why-closed"),
        "unhealthy" => t("botreach-why-unhealthy"),
        _ => return None,
    })
}

/// A bot's state word ("online", "offline", …) in the reader's words.
fn state_word(state: &str) -> String {
    let id = format!("bot-state-{state}");
    let word = t(&id);
    if word == id {
        state.to_string()
    } else {
        word
    }
}

/// When the bot entered its state and when it was last tried, e.g. "offline since 3 Dec,
/// 14:03 · last checked 14:05"; `None` before BaaS has tried it.
pub fn state_line(b: &BotView) -> Option<String> {
    let since = b.since.map(|s| {
        tr(&Text::new("botreach-state-since")
            .str("state", state_word(&b.state))
            .str("since", local_time(s)))
    });
    let checked = b
        .checked_at
        .map(|c| tr(&Text::new("botreach-last-checked").str("when", local_time(c))));
    let parts: Vec<String> = [since, checked].into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// Shown above a bot page's content when it is not what the bot says right now: the bot's
/// state and why, and how old what is shown is (or `note`, where the page says it itself).
#[component]
pub fn ReachNote(reach: BotReach, #[prop(optional, into)] note: Option<String>) -> impl IntoView {
    if reach.live {
        return None;
    }
    let b = reach.bot;
    let opening = if b.state == "connecting" && b.checked_at.is_none() {
        tr(&Text::new("botreach-connecting").str("url", b.gateway_url.clone()))
    } else {
        tr(&Text::new("botreach-away").str("url", b.gateway_url.clone()))
    };
    // The not-paired words carry the command to run, which only the full error names.
    let reason = match b.problem.as_deref() {
        Some("not-paired") => b.error.clone(),
        Some(p) => why(p).or_else(|| b.error.clone()),
        None => b.error.clone(),
    };
    let known = note.unwrap_or_else(|| match reach.known_at {
        Some(at) => tr(&Text::new("botreach-known").str("when", local_time(at))),
        None => t("botreach-unknown"),
    });
    Some(view! {
        <div class="notice" role="status" data-testid="bot-reach" data-state=b.state.clone()>
            <p><strong>{opening}</strong></p>
            {state_line(&b).map(|l| view! { <p class="small" data-testid="bot-reach-state">{l}</p> })}
            {reason.map(|r| view! { <p class="small" data-testid="bot-reach-why">{r}</p> })}
            <p class="small">{known}</p>
        </div>
    })
}

/// Asks again (`refetch`) every few seconds while `away` says the page shows what BaaS last
/// knew rather than what the bot says (in the browser only).
pub fn refresh_while_away(away: impl Fn() -> bool + 'static, refetch: impl Fn() + Clone + 'static) {
    Effect::new(move |_| {
        if away() {
            let again = refetch.clone();
            set_timeout(again, AWAY_POLL);
        }
    });
}

#[cfg(feature = "ssr")]
pub use server::*;

#[cfg(feature = "ssr")]
mod server {
    use crate::error::ApiError;
    use crate::i18n::{t, tr};
    use crate::state::AppState;
    use baas::clawdbot::client::BotError;
    use baas::clawdbot::editor::EditError;
    use baas::clawdbot::store::BotRow;
    use baas::i18n::Text;
    use baas::model::BotReach;

    /// Bot `row`'s connection as a page shows it.
    pub fn reach(state: &AppState, row: BotRow, live: bool, known_at: Option<i64>) -> BotReach {
        let status = state.bots.status(&row.id);
        BotReach {
            bot: baas::clawdbot::store::bot_view(row, status),
            live,
            known_at: if live { None } else { known_at },
        }
    }

    /// Whether bot `bot_id` can be asked what a page shows and is expected to answer at once,
    /// from what the registry knows (a first connection attempt under way is waited for, up
    /// to `FIRST_ATTEMPT_WAIT`); if not, its connection is asked to try again soon (the page
    /// asks again by itself).
    pub async fn answering(state: &AppState, bot_id: &str) -> bool {
        let status = state
            .bots
            .settled_status(bot_id, baas::clawdbot::link::FIRST_ATTEMPT_WAIT)
            .await;
        let ok = state.bots.client(bot_id).is_some() && status.answering();
        if !ok {
            state.bots.nudge(bot_id);
        }
        ok
    }

    /// The address bot `bot_id` is reached at, for messages.
    fn address(state: &AppState, bot_id: &str) -> String {
        state
            .bots
            .target(bot_id)
            .map(|(url, _)| url)
            .unwrap_or_else(|| t("botreach-its-address"))
    }

    /// Why talking to bot `bot_id` failed, for a change that was not sent: the bot not
    /// reached becomes a short, plain message naming its address (the detail is logged); an
    /// answer of the bot's own keeps its words.
    pub fn not_sent(state: &AppState, bot_id: &str, e: BotError) -> ApiError {
        // A bot that was reached but sent too much, or is busy, says so in its own words.
        if !e.is_reach() || matches!(e, BotError::TooLarge(_) | BotError::Busy) {
            return e.into();
        }
        tracing::info!(bot = bot_id, error = %e, detail = ?e, "a change was not sent: the bot was not reached");
        let mut msg = tr(&Text::new("botreach-not-sent").str("url", address(state, bot_id)));
        if let Some(w) = super::why(e.kind()) {
            msg = format!("{msg} {w}");
        }
        ApiError::Unavailable(msg)
    }

    /// [`not_sent`] for the editors' errors.
    pub fn edit_failed(state: &AppState, bot_id: &str, e: EditError) -> ApiError {
        match e {
            EditError::Bot(b) => not_sent(state, bot_id, b),
            other => other.into(),
        }
    }

    /// Why something read from bot `bot_id` alone (nothing of it is kept) cannot be shown.
    pub fn not_read(state: &AppState, bot_id: &str, e: BotError) -> ApiError {
        if !e.is_reach() || matches!(e, BotError::TooLarge(_) | BotError::Busy) {
            return e.into();
        }
        tracing::info!(bot = bot_id, error = %e, detail = ?e, "a read was not made: the bot was not reached");
        let mut msg = tr(&Text::new("botreach-not-read").str("url", address(state, bot_id)));
        if let Some(w) = super::why(e.kind()) {
            msg = format!("{msg} {w}");
        }
        ApiError::Unavailable(msg)
    }

    /// What trying a gateway before saving it found, as the refusal to save: the problem
    /// named (nothing answered, the token refused, not a gateway, …) and what was not done
    /// (`outcome`: "the bot was not added", "the change was not saved").
    pub fn test_refused(url: &str, e: &BotError, outcome: String) -> ApiError {
        tracing::info!(url, error = %e, detail = ?e, "a gateway failed its test");
        let problem = match e {
            BotError::Unreachable(_) | BotError::Closed => {
                tr(&Text::new("botreach-test-unreachable").str("url", url))
            }
            BotError::Unauthorized(_) => tr(&Text::new("botreach-test-token").str("url", url)),
            BotError::Protocol(_) => tr(&Text::new("botreach-test-not-gateway").str("url", url)),
            BotError::Timeout(_) => tr(&Text::new("botreach-test-timeout").str("url", url).int(
                "seconds",
                baas::clawdbot::reach::TEST_TIMEOUT.as_secs() as i64,
            )),
            other => tr(&Text::new("botreach-test-other").str("url", url).str(
                "why",
                super::why(other.kind()).unwrap_or_else(|| other.to_string()),
            )),
        };
        ApiError::Invalid(format!("{problem} {outcome}"))
    }
}
