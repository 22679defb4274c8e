//! Money in reais beside the dollars the provider charges: an equivalent at the rate the
//! operator sets, never a conversion BaaS charges by. Amounts are integers: micro-USD in,
//! micro-BRL out, the rate in micro-BRL per US$.

#[cfg(feature = "server")]
mod store;
#[cfg(feature = "server")]
pub use store::{brl_rate, set_brl_rate};

use crate::i18n::Locale;
use serde::{Deserialize, Serialize};

/// Largest rate accepted: R$ 1.000 per US$ (anything above is a typing slip).
pub const MAX_MICRO_BRL_PER_USD: i64 = 1_000 * 1_000_000;

/// The operator's rate for showing reais, and when it was set (Unix seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrlRate {
    pub micro_brl_per_usd: i64,
    pub set_at: i64,
}

impl BrlRate {
    /// `micro_usd` in micro-BRL at this rate, rounded to the nearest micro-real.
    pub fn to_brl(self, micro_usd: i64) -> i64 {
        let product = i128::from(micro_usd) * i128::from(self.micro_brl_per_usd);
        let rounded = (product + product.signum() * 500_000) / 1_000_000;
        i64::try_from(rounded).unwrap_or(if rounded < 0 { i64::MIN } else { i64::MAX })
    }
}

/// Writes micro-BRL as reais with two decimals in `locale`'s marks: `R$ 1.234,50` in
/// Portuguese and Spanish, `R$1,234.50` in English.
pub fn format_brl(micro: i64, locale: Locale) -> String {
    let sign = if micro < 0 { "-" } else { "" };
    let cents = (micro.unsigned_abs() + 5_000) / 10_000;
    let whole = i64::try_from(cents / 100).unwrap_or(i64::MAX);
    let number = format!(
        "{}{}{:02}",
        locale.integer(whole),
        locale.decimal(),
        cents % 100
    );
    match locale {
        Locale::En => format!("{sign}R${number}"),
        Locale::PtBr | Locale::Es => format!("{sign}R$ {number}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars_become_reais_at_the_rate() {
        let rate = BrlRate {
            micro_brl_per_usd: 5_300_000,
            set_at: 0,
        };
        assert_eq!(rate.to_brl(1_000_000), 5_300_000);
        assert_eq!(rate.to_brl(549_920_000), 2_914_576_000);
        assert_eq!(rate.to_brl(1), 5, "rounded to the nearest micro-real");
        assert_eq!(rate.to_brl(-1_000_000), -5_300_000);
        assert_eq!(rate.to_brl(i64::MAX), i64::MAX, "saturates");
    }

    #[test]
    fn reais_are_written_the_readers_way() {
        assert_eq!(format_brl(2_914_576_000, Locale::PtBr), "R$ 2.914,58");
        assert_eq!(format_brl(2_914_576_000, Locale::Es), "R$ 2.914,58");
        assert_eq!(format_brl(2_914_576_000, Locale::En), "R$2,914.58");
        assert_eq!(format_brl(5_300_000, Locale::PtBr), "R$ 5,30");
        assert_eq!(format_brl(0, Locale::PtBr), "R$ 0,00");
    }
}
