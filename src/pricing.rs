//! Model prices and the cost of a request, in integer micro-USD.

use serde::{Deserialize, Serialize};

/// One micro-USD per token is one USD per million tokens, so prices are stored as
/// micro-USD per million tokens and costs as micro-USD.
pub const MICRO_PER_USD: i64 = 1_000_000;

/// A model's prices, in micro-USD per million tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(sqlx::FromRow))]
pub struct ModelPrice {
    /// Model id, or an id prefix that also matches dated ids (`claude-sonnet-4-5` matches
    /// `claude-sonnet-4-5-20250929`).
    pub model: String,
    pub input: i64,
    pub output: i64,
    pub cache_read: i64,
    pub cache_write: i64,
}

/// Token counts of one request, by class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenUsage {
    pub input: i64,
    pub output: i64,
    pub cache_read: i64,
    pub cache_write: i64,
}

impl TokenUsage {
    /// All tokens of every class.
    pub fn total(&self) -> i64 {
        self.input + self.output + self.cache_read + self.cache_write
    }
}

fn usd(dollars_per_mtok: f64) -> i64 {
    (dollars_per_mtok * MICRO_PER_USD as f64).round() as i64
}

fn claude(model: &str, input: f64, output: f64) -> ModelPrice {
    // Anthropic bills cache writes (5-minute) at 1.25× and cache reads at 0.1× the input price.
    ModelPrice {
        model: model.into(),
        input: usd(input),
        output: usd(output),
        cache_read: usd(input * 0.1),
        cache_write: usd(input * 1.25),
    }
}

/// Default prices for current Claude models (USD per million tokens, list prices).
pub fn default_prices() -> Vec<ModelPrice> {
    vec![
        claude("claude-opus-4-5", 5.0, 25.0),
        claude("claude-opus-4-1", 15.0, 75.0),
        claude("claude-opus-4", 15.0, 75.0),
        claude("claude-sonnet-4-5", 3.0, 15.0),
        claude("claude-sonnet-4", 3.0, 15.0),
        claude("claude-haiku-4-5", 1.0, 5.0),
        claude("claude-3-5-haiku", 0.8, 4.0),
    ]
}

/// The price entry for `model`: an exact match, else the entry it extends with a date or
/// `-latest` (`claude-sonnet-4-5-20250929`). Anything else is unpriced, so a new model is
/// noticed rather than billed at a neighbour's price.
pub fn find_price<'a>(table: &'a [ModelPrice], model: &str) -> Option<&'a ModelPrice> {
    table.iter().find(|p| p.model == model).or_else(|| {
        table
            .iter()
            .filter(|p| {
                model
                    .strip_prefix(p.model.as_str())
                    .and_then(|rest| rest.strip_prefix('-'))
                    .is_some_and(|suffix| {
                        suffix == "latest"
                            || (suffix.len() == 8 && suffix.bytes().all(|b| b.is_ascii_digit()))
                    })
            })
            .max_by_key(|p| p.model.len())
    })
}

/// The cost of `usage` at `price`, rounded up to a whole micro-USD, so a request with tokens
/// never costs zero when any of its classes has a price.
pub fn cost_micro_usd(price: &ModelPrice, usage: &TokenUsage) -> i64 {
    let scaled: i128 = i128::from(usage.input) * i128::from(price.input)
        + i128::from(usage.output) * i128::from(price.output)
        + i128::from(usage.cache_read) * i128::from(price.cache_read)
        + i128::from(usage.cache_write) * i128::from(price.cache_write);
    let per = i128::from(MICRO_PER_USD);
    let cost = (scaled + per - 1).div_euclid(per);
    i64::try_from(cost).unwrap_or(i64::MAX)
}

/// `cost` (what `usage` of one model was charged, extras included) split across its token
/// classes — input, output, cache read, cache write — in proportion to what each costs at
/// `price`, so the parts add up to the whole. Without priced tokens to weigh by, nothing is
/// assigned.
pub fn split_by_class(price: &ModelPrice, usage: &TokenUsage, cost: i64) -> [i64; 4] {
    let mut weights = [
        (usage.input, price.input),
        (usage.output, price.output),
        (usage.cache_read, price.cache_read),
        (usage.cache_write, price.cache_write),
    ]
    .map(|(tokens, rate)| i128::from(tokens.max(0)) * i128::from(rate.max(0)));
    // Weights within 64 bits keep `cost × weight` within 128.
    let shift = (128 - weights.iter().sum::<i128>().leading_zeros()).saturating_sub(64);
    for w in &mut weights {
        *w >>= shift;
    }
    let sum: i128 = weights.iter().sum();
    let cost = cost.max(0);
    if sum == 0 {
        return [0; 4];
    }
    let mut parts = [0i64; 4];
    let mut remainders = [(0i128, 0usize); 4];
    for (i, w) in weights.iter().enumerate() {
        let exact = i128::from(cost) * w;
        parts[i] = i64::try_from(exact / sum).unwrap_or(cost);
        remainders[i] = (exact % sum, i);
    }
    // Largest remainders first take the micro-USD the rounding down left over.
    let left = cost - parts.iter().sum::<i64>();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in remainders.iter().take(usize::try_from(left).unwrap_or(0)) {
        parts[i] += 1;
    }
    parts
}

/// What a request used that is billed beyond its four token classes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extras {
    /// Server-side web searches the provider ran.
    pub web_searches: i64,
    /// Of the cache-write tokens, those kept for an hour: billed at twice the input price
    /// rather than the five-minute rate of the price table.
    pub cache_write_1h: i64,
}

/// What one server-side web search costs: $10 per 1,000.
pub const WEB_SEARCH_MICRO_USD: i64 = 10_000;

/// What `extras` add to the cost at `price`, rounded up.
pub fn extras_micro_usd(price: &ModelPrice, extras: &Extras) -> i64 {
    let hour_rate = (2 * price.input - price.cache_write).max(0);
    let scaled = i128::from(extras.cache_write_1h.max(0)) * i128::from(hour_rate);
    let per = i128::from(MICRO_PER_USD);
    let hour = i64::try_from((scaled + per - 1).div_euclid(per)).unwrap_or(i64::MAX);
    extras
        .web_searches
        .max(0)
        .saturating_mul(WEB_SEARCH_MICRO_USD)
        .saturating_add(hour)
}

/// The most expensive entry of the table: what an unpriced model is charged at, so tokens are
/// never free while the operator adds its price.
pub fn costliest(table: &[ModelPrice]) -> Option<&ModelPrice> {
    table.iter().max_by_key(|p| (p.output, p.input))
}

/// Formats micro-USD as dollars rounded to the cent; amounts under a cent show all six
/// decimals so small costs never look like zero.
pub fn format_usd(micro: i64) -> String {
    let sign = if micro < 0 { "-" } else { "" };
    let m = micro.unsigned_abs();
    if m != 0 && m < 10_000 {
        format!("{sign}$0.{m:06}")
    } else {
        let cents = (m + 5_000) / 10_000;
        format!("{sign}${}.{:02}", cents / 100, cents % 100)
    }
}

/// Parses a price typed in USD per million tokens (`3`, `0.30`) into micro-USD per million.
pub fn parse_usd_per_mtok(raw: &str) -> Option<i64> {
    raw.trim()
        .parse::<f64>()
        .ok()
        .filter(|d| d.is_finite() && *d >= 0.0 && *d < 1_000_000.0)
        .map(|d| (d * 1_000_000.0).round() as i64)
}

#[cfg(test)]
mod tests {
    #[test]
    fn prices_are_typed_in_dollars_per_million_tokens() {
        assert_eq!(super::parse_usd_per_mtok("3"), Some(3_000_000));
        assert_eq!(super::parse_usd_per_mtok(" 0.30 "), Some(300_000));
        assert_eq!(super::parse_usd_per_mtok("-1"), None);
        assert_eq!(super::parse_usd_per_mtok("NaN"), None);
        assert_eq!(super::parse_usd_per_mtok("three"), None);
    }

    use super::*;

    #[test]
    fn cost_matches_the_price_table() {
        let table = default_prices();
        let sonnet = find_price(&table, "claude-sonnet-4-5").expect("price");
        let u = TokenUsage {
            input: 1_000_000,
            output: 1_000_000,
            cache_read: 1_000_000,
            cache_write: 1_000_000,
        };
        // $3 + $15 + $0.30 + $3.75
        assert_eq!(cost_micro_usd(sonnet, &u), 22_050_000);
        let one = TokenUsage {
            output: 1,
            ..TokenUsage::default()
        };
        assert_eq!(cost_micro_usd(sonnet, &one), 15);
    }

    #[test]
    fn a_cost_splits_by_class_at_list_prices_and_adds_up() {
        let table = default_prices();
        let sonnet = find_price(&table, "claude-sonnet-4-5").expect("price");
        let million = TokenUsage {
            input: 1_000_000,
            output: 1_000_000,
            cache_read: 1_000_000,
            cache_write: 1_000_000,
        };
        assert_eq!(
            split_by_class(sonnet, &million, 22_050_000),
            [3_000_000, 15_000_000, 300_000, 3_750_000]
        );
        // A micro-USD more (an extra) goes where the rounding left the most behind: output.
        assert_eq!(
            split_by_class(sonnet, &million, 22_050_001),
            [3_000_000, 15_000_001, 300_000, 3_750_000]
        );
        let odd = TokenUsage {
            input: 7,
            output: 3,
            cache_read: 11_111,
            cache_write: 0,
        };
        let parts = split_by_class(sonnet, &odd, 1_234);
        assert_eq!(parts.iter().sum::<i64>(), 1_234);
        assert_eq!(parts[3], 0, "no cache writes, no share");
        assert_eq!(split_by_class(sonnet, &TokenUsage::default(), 500), [0; 4]);
        let huge = TokenUsage {
            input: i64::MAX,
            output: i64::MAX,
            ..TokenUsage::default()
        };
        assert_eq!(
            split_by_class(sonnet, &huge, i64::MAX)
                .iter()
                .map(|p| i128::from(*p))
                .sum::<i128>(),
            i128::from(i64::MAX)
        );
    }

    #[test]
    fn web_searches_and_hour_long_cache_writes_cost_extra() {
        let table = default_prices();
        let sonnet = find_price(&table, "claude-sonnet-4-5").expect("price");
        let e = Extras {
            web_searches: 3,
            cache_write_1h: 1_000_000,
        };
        // 3 × $0.01, and a million hour-long cache tokens at $6 instead of $3.75: $2.25 more.
        assert_eq!(extras_micro_usd(sonnet, &e), 30_000 + 2_250_000);
        assert_eq!(extras_micro_usd(sonnet, &Extras::default()), 0);
    }

    #[test]
    fn tokens_never_cost_zero() {
        let table = default_prices();
        let haiku = find_price(&table, "claude-haiku-4-5").expect("price");
        let tiny = TokenUsage {
            cache_read: 1,
            ..TokenUsage::default()
        };
        assert_eq!(cost_micro_usd(haiku, &tiny), 1, "0.1 micro-USD rounds up");
        assert_eq!(cost_micro_usd(haiku, &TokenUsage::default()), 0);
    }

    #[test]
    fn dated_ids_match_their_family_and_longest_prefix_wins() {
        let table = default_prices();
        assert_eq!(
            find_price(&table, "claude-sonnet-4-5-20250929").map(|p| p.model.as_str()),
            Some("claude-sonnet-4-5")
        );
        assert_eq!(
            find_price(&table, "claude-opus-4-20250514").map(|p| p.model.as_str()),
            Some("claude-opus-4")
        );
        assert_eq!(
            find_price(&table, "claude-sonnet-4-50"),
            None,
            "prefix must end at a dash"
        );
        assert_eq!(find_price(&table, "gpt-4o"), None);
        assert_eq!(costliest(&table).map(|p| p.output), Some(75_000_000));
    }

    #[test]
    fn dollars_are_formatted_readably() {
        assert_eq!(format_usd(549_920_000), "$549.92");
        assert_eq!(format_usd(15), "$0.000015");
        assert_eq!(format_usd(1_500), "$0.001500");
        assert_eq!(format_usd(0), "$0.00");
        assert_eq!(format_usd(-2_500_000), "-$2.50");
    }
}
