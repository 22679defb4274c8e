//! Whether what a bot's page shows came from the bot just now or from what BaaS last knew.

use super::BotView;
use serde::{Deserialize, Serialize};

/// A bot's connection as one of its pages shows it: its state (as the Bots page lists it) and
/// whether the page's content was read from the bot just now (`live`) or is what BaaS last
/// knew, as of `known_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotReach {
    pub bot: BotView,
    pub live: bool,
    /// When (Unix seconds) what is shown was read from the bot or stored by BaaS; `None` when
    /// live, or when BaaS knows nothing of it yet.
    pub known_at: Option<i64>,
}
