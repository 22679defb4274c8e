//! The product's languages (pt-BR, en, es): a person's or a workspace's locale, how it writes
//! numbers and orders names, and the words themselves — Fluent catalogues in
//! `locales/<tag>/`, rendered from a [`Text`] (a message id and its arguments) so that what is
//! stored or queued can be said later in whichever language the reader speaks.

mod catalogue;
pub mod collation;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use catalogue::{render, render_attr};

/// A language BaaS speaks, with its number conventions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Locale {
    /// English: `1,000.50`.
    #[default]
    En,
    /// Brazilian Portuguese: `1.000,50`.
    PtBr,
    /// Spanish: `1.000,50`.
    Es,
}

impl Locale {
    /// Every locale, English (the fallback) first.
    pub const ALL: [Locale; 3] = [Locale::En, Locale::PtBr, Locale::Es];

    /// The locale of a language tag (`pt-BR`, `pt`, `es-419`, `en-US`); English otherwise.
    pub fn from_tag(tag: &str) -> Self {
        let lang = tag
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match lang.as_str() {
            "pt" => Locale::PtBr,
            "es" => Locale::Es,
            _ => Locale::En,
        }
    }

    /// The locale whose tag is exactly `tag` (any case): what a form or a stored choice names.
    pub fn parse(tag: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(tag.trim()))
    }

    /// The language's name in itself, as a language menu lists it.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::PtBr => "Português (Brasil)",
            Locale::Es => "Español",
        }
    }

    /// The first language of an `Accept-Language` header that BaaS speaks, if any.
    pub fn find_in_accept_language(header: &str) -> Option<Self> {
        header
            .split(',')
            .map(|part| part.split(';').next().unwrap_or("").trim())
            .find(|tag| {
                let l = tag.to_ascii_lowercase();
                l.starts_with("pt") || l.starts_with("es") || l.starts_with("en")
            })
            .map(Self::from_tag)
    }

    /// The language a workspace in time zone `zone` most likely speaks: Portuguese in Brazil's
    /// zones, Spanish in Spanish-speaking America's and Spain's, English elsewhere.
    pub fn from_time_zone(zone: &str) -> Self {
        const BRAZIL: [&str; 16] = [
            "America/Sao_Paulo",
            "America/Bahia",
            "America/Fortaleza",
            "America/Recife",
            "America/Maceio",
            "America/Belem",
            "America/Manaus",
            "America/Cuiaba",
            "America/Campo_Grande",
            "America/Porto_Velho",
            "America/Boa_Vista",
            "America/Rio_Branco",
            "America/Araguaina",
            "America/Santarem",
            "America/Noronha",
            "Brazil/East",
        ];
        const SPANISH: [&str; 22] = [
            "America/Argentina/Buenos_Aires",
            "America/Buenos_Aires",
            "America/Montevideo",
            "America/Asuncion",
            "America/Santiago",
            "America/La_Paz",
            "America/Lima",
            "America/Bogota",
            "America/Caracas",
            "America/Guayaquil",
            "America/Mexico_City",
            "America/Monterrey",
            "America/Cancun",
            "America/Tijuana",
            "America/Guatemala",
            "America/El_Salvador",
            "America/Tegucigalpa",
            "America/Managua",
            "America/Costa_Rica",
            "America/Panama",
            "America/Santo_Domingo",
            "Europe/Madrid",
        ];
        if BRAZIL.contains(&zone) {
            Locale::PtBr
        } else if SPANISH.contains(&zone) {
            Locale::Es
        } else {
            Locale::En
        }
    }

    /// The language tag this locale is named by.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::PtBr => "pt-BR",
            Locale::Es => "es",
        }
    }

    /// The decimal mark.
    pub fn decimal(self) -> char {
        match self {
            Locale::En => '.',
            Locale::PtBr | Locale::Es => ',',
        }
    }

    /// The thousands separator.
    pub fn group(self) -> char {
        match self {
            Locale::En => ',',
            Locale::PtBr | Locale::Es => '.',
        }
    }

    /// `1,234.50` written the way this locale writes it.
    pub fn example(self) -> &'static str {
        match self {
            Locale::En => "1,234.50",
            Locale::PtBr | Locale::Es => "1.234,50",
        }
    }

    /// A whole number with this locale's thousands separator: `1,234,567` / `1.234.567`.
    pub fn integer(self, n: i64) -> String {
        let digits = n.unsigned_abs().to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
        if n < 0 {
            out.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(self.group());
            }
            out.push(c);
        }
        out
    }

    /// A share given in hundredths of a percent, with two decimals: `99.50%` / `99,50%`.
    pub fn percent_hundredths(self, h: i64) -> String {
        format!(
            "{}{}{:02}%",
            self.integer(h / 100),
            self.decimal(),
            (h % 100).abs()
        )
    }
}

/// Something to say, in no language yet: a catalogue message id and its arguments. Stored and
/// queued as JSON, rendered when the reader's language is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub id: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, Arg>,
}

/// One argument of a [`Text`], formatted in the reader's locale when rendered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arg {
    /// Said as it is (names, ids, a peer's own error text, a date label).
    Str(String),
    /// A count: grouped per locale, and selects plural forms.
    Int(i64),
    /// Micro-USD, written as dollars in the locale's convention.
    Usd(i64),
    /// A share in hundredths of a percent, written with two decimals: `99.50%` / `99,50%`.
    Percent(i64),
    /// Another message, rendered in the same language.
    Text(Box<Text>),
}

impl Text {
    pub fn new(id: &str) -> Self {
        Text {
            id: id.to_string(),
            args: BTreeMap::new(),
        }
    }

    /// Adds a string argument.
    pub fn str(mut self, name: &str, value: impl Into<String>) -> Self {
        self.args.insert(name.to_string(), Arg::Str(value.into()));
        self
    }

    /// Adds a count.
    pub fn int(mut self, name: &str, value: i64) -> Self {
        self.args.insert(name.to_string(), Arg::Int(value));
        self
    }

    /// Adds an amount in micro-USD.
    pub fn usd(mut self, name: &str, micro: i64) -> Self {
        self.args.insert(name.to_string(), Arg::Usd(micro));
        self
    }

    /// Adds a share given in hundredths of a percent.
    pub fn percent(mut self, name: &str, hundredths: i64) -> Self {
        self.args.insert(name.to_string(), Arg::Percent(hundredths));
        self
    }

    /// Adds a message rendered in the same language.
    pub fn text(mut self, name: &str, value: Text) -> Self {
        self.args
            .insert(name.to_string(), Arg::Text(Box::new(value)));
        self
    }

    /// The text in English, for logs and records that have one language.
    pub fn english(&self) -> String {
        render(Locale::En, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Locale::{En, Es, PtBr};

    #[test]
    fn locales_come_from_language_tags_headers_and_time_zones() {
        assert_eq!(Locale::from_tag("pt-BR"), PtBr);
        assert_eq!(Locale::from_tag("es_419"), Es);
        assert_eq!(Locale::from_tag("en-GB"), En);
        assert_eq!(Locale::from_tag("fr"), En);
        assert_eq!(
            Locale::find_in_accept_language("fr-FR,fr;q=0.9,pt-BR;q=0.8,en;q=0.5"),
            Some(PtBr)
        );
        assert_eq!(Locale::find_in_accept_language("fr-FR,de;q=0.5"), None);
        assert_eq!(Locale::find_in_accept_language(""), None);
        assert_eq!(Locale::from_time_zone("America/Sao_Paulo"), PtBr);
        assert_eq!(Locale::from_time_zone("America/Manaus"), PtBr);
        assert_eq!(Locale::from_time_zone("America/Bogota"), Es);
        assert_eq!(Locale::from_time_zone("UTC"), En);
        for l in Locale::ALL {
            assert_eq!(Locale::from_tag(l.tag()), l);
            assert_eq!(Locale::parse(l.tag()), Some(l));
        }
        // A stored or submitted choice must name a language exactly.
        assert_eq!(Locale::parse(" PT-br "), Some(PtBr));
        assert_eq!(Locale::parse("pt"), None);
        assert_eq!(Locale::parse("fr"), None);
        assert_eq!(Locale::parse(""), None);
    }

    #[test]
    fn numbers_are_grouped_the_locale_s_way() {
        assert_eq!(En.integer(1_234_567), "1,234,567");
        assert_eq!(PtBr.integer(1_234_567), "1.234.567");
        assert_eq!(Es.integer(-1_000), "-1.000");
        assert_eq!(En.integer(999), "999");
        assert_eq!(En.percent_hundredths(9_950), "99.50%");
        assert_eq!(PtBr.percent_hundredths(10_000), "100,00%");
        assert_eq!(PtBr.percent_hundredths(7), "0,07%");
    }

    #[test]
    fn a_text_travels_as_json_and_back() {
        let t = Text::new("alert-budget")
            .int("percent", 80)
            .usd("spent", 8_000_000)
            .text("inner", Text::new("probe-healthy").str("bot", "Loja"));
        let json = serde_json::to_string(&t).expect("serialise");
        let back: Text = serde_json::from_str(&json).expect("parse");
        assert_eq!(back, t);
        let bare: Text = serde_json::from_str(r#"{"id":"probe-healthy"}"#).expect("parse bare");
        assert!(bare.args.is_empty());
    }
}
