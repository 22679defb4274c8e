//! Amounts of money as people type them: "1.000,00" in Brazil is a thousand dollars, in the
//! United States "1,000.00" is. Parsed in the typist's locale with integer arithmetic into
//! micro-USD; anything that could be read two ways is refused with the reason, never guessed.

pub use crate::i18n::Locale;
use crate::i18n::Text;

/// Largest amount accepted: ten million dollars.
pub const MAX_MICRO_USD: i64 = 10_000_000 * 1_000_000;

/// Why an amount was refused. What to tell the person is [`AmountError::text`], said in the
/// reader's language (the `amount-*` messages); `Display` says it in English, for logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    /// Not a number at all, or not one written this way; `example` is how this locale writes one.
    NotANumber {
        raw: String,
        example: &'static str,
    },
    /// Another locale's marks ("10.50" in Brazil): refused rather than guessed.
    Ambiguous {
        raw: String,
        decimal: char,
        group: char,
        example: &'static str,
    },
    TooPrecise {
        raw: String,
    },
    /// More than [`MAX_MICRO_USD`].
    TooLarge {
        raw: String,
    },
    Negative {
        raw: String,
    },
}

impl AmountError {
    /// The reason as a message and its arguments, to be said in the reader's language.
    pub fn text(&self) -> Text {
        match self {
            AmountError::NotANumber { raw, example } => Text::new("amount-not-a-number")
                .str("raw", raw.as_str())
                .str("example", *example),
            AmountError::Ambiguous {
                raw,
                decimal,
                group,
                example,
            } => Text::new("amount-ambiguous")
                .str("raw", raw.as_str())
                .str("decimal", decimal.to_string())
                .str("group", group.to_string())
                .str("example", *example),
            AmountError::TooPrecise { raw } => {
                Text::new("amount-too-precise").str("raw", raw.as_str())
            }
            AmountError::TooLarge { raw } => Text::new("amount-too-large")
                .str("raw", raw.as_str())
                .usd("max", MAX_MICRO_USD),
            AmountError::Negative { raw } => Text::new("amount-negative").str("raw", raw.as_str()),
        }
    }
}

impl From<AmountError> for Text {
    fn from(e: AmountError) -> Self {
        e.text()
    }
}

impl std::fmt::Display for AmountError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text().english())
    }
}

impl std::error::Error for AmountError {}

/// Parses an amount of US dollars typed in `locale` into micro-USD. Empty means "no amount".
/// A leading `$` or `US$` is allowed; thousands separators must group by three.
pub fn parse_usd(raw: &str, locale: Locale) -> Result<Option<i64>, AmountError> {
    let text = raw.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let owned = || text.to_string();
    if text.starts_with('-') {
        return Err(AmountError::Negative { raw: owned() });
    }
    let body = text
        .strip_prefix("US$")
        .or_else(|| text.strip_prefix('$'))
        .unwrap_or(text)
        .trim();
    let (decimal, group) = (locale.decimal(), locale.group());
    let not_a_number = || AmountError::NotANumber {
        raw: owned(),
        example: locale.example(),
    };
    let ambiguous = || AmountError::Ambiguous {
        raw: owned(),
        decimal,
        group,
        example: locale.example(),
    };
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == decimal || c == group)
    {
        return Err(not_a_number());
    }
    let (whole, fraction) = match body.split_once(decimal) {
        Some((w, f)) => (w, Some(f)),
        None => (body, None),
    };
    if let Some(f) = fraction {
        // A second decimal mark, or a group mark after the decimal one ("1,000.5" in pt-BR).
        if f.contains(decimal) || f.contains(group) {
            return Err(ambiguous());
        }
        if f.is_empty() {
            return Err(not_a_number());
        }
    }
    let digits: String = if whole.contains(group) {
        let groups: Vec<&str> = whole.split(group).collect();
        let first = groups[0];
        let well_grouped = (1..=3).contains(&first.len())
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()));
        if !well_grouped {
            // "10.50" in pt-BR, "1,5" in English: someone else's decimal mark.
            return Err(ambiguous());
        }
        groups.concat()
    } else {
        whole.to_string()
    };
    if digits.is_empty() {
        return Err(not_a_number());
    }
    let fraction = fraction.unwrap_or("");
    if fraction.len() > 6 {
        return Err(AmountError::TooPrecise { raw: owned() });
    }
    let too_large = || AmountError::TooLarge { raw: owned() };
    let dollars: i64 = digits.trim_start_matches('0').parse::<i64>().or_else(|_| {
        if digits.chars().all(|c| c == '0') {
            Ok(0)
        } else {
            Err(too_large())
        }
    })?;
    let micro_fraction: i64 = format!("{fraction:0<6}")
        .parse()
        .map_err(|_| not_a_number())?;
    let total = dollars
        .checked_mul(1_000_000)
        .and_then(|d| d.checked_add(micro_fraction))
        .filter(|t| *t <= MAX_MICRO_USD)
        .ok_or_else(too_large)?;
    Ok(Some(total))
}

/// Writes micro-USD as dollars with two decimals in `locale`'s marks: `$1,000.00` in English,
/// `US$ 1.000,00` in Portuguese and Spanish (which write `$` alone for their own currencies).
pub fn format_usd(micro: i64, locale: Locale) -> String {
    let sign = if micro < 0 { "-" } else { "" };
    let cents = (micro.unsigned_abs() + 5_000) / 10_000;
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(locale.group());
        }
        grouped.push(c);
    }
    let number = format!("{grouped}{}{:02}", locale.decimal(), cents % 100);
    match locale {
        Locale::En => format!("{sign}${number}"),
        Locale::PtBr | Locale::Es => format!("{sign}US$ {number}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Locale::{En, Es, PtBr};

    const USD: i64 = 1_000_000;

    #[test]
    fn brazilian_amounts_use_a_comma_for_decimals_and_points_for_thousands() {
        assert_eq!(parse_usd("1.000,00", PtBr), Ok(Some(1_000 * USD)));
        assert_eq!(parse_usd("1000,50", PtBr), Ok(Some(1_000 * USD + 500_000)));
        assert_eq!(parse_usd("10,50", PtBr), Ok(Some(10 * USD + 500_000)));
        assert_eq!(parse_usd("1.000", PtBr), Ok(Some(1_000 * USD)));
        assert_eq!(
            parse_usd("US$ 2.500.000,5", PtBr),
            Ok(Some(2_500_000 * USD + 500_000))
        );
        assert_eq!(parse_usd("R$ 10", PtBr).map_err(|_| ()), Err(()));
    }

    #[test]
    fn english_amounts_use_a_point_for_decimals_and_commas_for_thousands() {
        assert_eq!(parse_usd("$1,000.50", En), Ok(Some(1_000 * USD + 500_000)));
        assert_eq!(parse_usd("1000", En), Ok(Some(1_000 * USD)));
        assert_eq!(parse_usd("0.10", En), Ok(Some(100_000)));
        assert_eq!(parse_usd("1.000", En), Ok(Some(USD)));
        assert_eq!(parse_usd("", En), Ok(None));
        assert_eq!(parse_usd("  ", PtBr), Ok(None));
    }

    #[test]
    fn what_could_be_read_two_ways_is_refused_with_the_local_convention() {
        for (raw, locale) in [
            ("10.50", PtBr),
            ("1.5", Es),
            ("1,5", En),
            ("1000,50", En),
            ("1,000.50", PtBr),
            ("1.000,50", En),
            ("1.00.000", PtBr),
        ] {
            match parse_usd(raw, locale) {
                Err(AmountError::Ambiguous { example, .. }) => {
                    assert_eq!(example, locale.example(), "{raw}")
                }
                other => panic!("{raw} in {locale:?}: {other:?}"),
            }
        }
        let why = parse_usd("10.50", PtBr).expect_err("refused").to_string();
        assert!(why.contains("\",\"") && why.contains("1.234,50"), "{why}");
    }

    #[test]
    fn a_refusal_is_said_in_the_reader_s_language() {
        let e = parse_usd("lots", En).expect_err("refused");
        assert_eq!(e.text().id, "amount-not-a-number");
        assert_eq!(
            e.to_string(),
            "\"lots\" is not an amount; type it like 1,234.50"
        );
        let e = parse_usd("10.50", PtBr).expect_err("refused");
        let pt = crate::i18n::render(PtBr, &e.text());
        assert!(
            pt.contains("10.50") && pt.contains("1.234,50") && pt.contains("duas formas"),
            "{pt}"
        );
        assert_ne!(pt, e.to_string());
        let es = crate::i18n::render(Es, &e.text());
        assert!(
            es.contains("dos maneras") && es.contains("1.234,50"),
            "{es}"
        );
        let big = parse_usd("20.000.000", PtBr).expect_err("refused");
        let pt = crate::i18n::render(PtBr, &big.text());
        assert!(pt.contains("US$ 10.000.000,00"), "{pt}");
        assert!(big.to_string().contains("$10,000,000.00"), "{big}");
    }

    #[test]
    fn bad_amounts_say_what_is_wrong() {
        assert!(matches!(
            parse_usd("-5", En),
            Err(AmountError::Negative { .. })
        ));
        assert!(matches!(
            parse_usd("ten", En),
            Err(AmountError::NotANumber { .. })
        ));
        assert!(matches!(
            parse_usd("1e3", En),
            Err(AmountError::NotANumber { .. })
        ));
        assert!(matches!(
            parse_usd("1,", PtBr),
            Err(AmountError::NotANumber { .. })
        ));
        assert!(matches!(
            parse_usd("0,0000001", PtBr),
            Err(AmountError::TooPrecise { .. })
        ));
        assert!(matches!(
            parse_usd("10.000.001", PtBr),
            Err(AmountError::TooLarge { .. })
        ));
        assert!(matches!(
            parse_usd("99999999999999999999", En),
            Err(AmountError::TooLarge { .. })
        ));
        assert_eq!(parse_usd("10.000.000", PtBr), Ok(Some(MAX_MICRO_USD)));
        assert_eq!(parse_usd("000,5", PtBr), Ok(Some(500_000)));
    }

    #[test]
    fn amounts_are_written_back_in_the_same_convention() {
        assert_eq!(format_usd(1_000 * USD, En), "$1,000.00");
        assert_eq!(format_usd(1_000 * USD, PtBr), "US$ 1.000,00");
        assert_eq!(
            format_usd(1_234_567 * USD + 890_000, Es),
            "US$ 1.234.567,89"
        );
        assert_eq!(format_usd(5_000, En), "$0.01");
        for (micro, locale) in [(1_000 * USD + 500_000, PtBr), (99 * USD, En), (0, Es)] {
            let text = format_usd(micro, locale);
            assert_eq!(parse_usd(&text, locale), Ok(Some(micro)), "{text}");
        }
    }
}
