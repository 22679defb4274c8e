//! Reais beside dollars: BaaS charges in US$ (what the provider charges), and shows an
//! equivalent in R$ only when the operator has set a rate, always saying so.

use crate::i18n::{locale, tr};
use crate::time::local_time;
use baas::exchange::{format_brl, BrlRate};
use baas::i18n::Text;
use leptos::prelude::*;

/// "≈ R$ 2.914,58", labelled with the rate and its date; nothing without a rate.
pub fn brl_note(micro_usd: i64, rate: Option<BrlRate>) -> Option<impl IntoView> {
    let rate = rate?;
    let l = locale();
    let text = tr(&Text::new("money-brl-equivalent")
        .str("brl", format_brl(rate.to_brl(micro_usd), l))
        .str("rate", format_brl(rate.micro_brl_per_usd, l))
        .str("date", local_time(rate.set_at)));
    Some(view! { <span class="tile-note brl" data-testid="brl-equivalent">{text}</span> })
}
