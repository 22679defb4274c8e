//! The Fluent catalogues, one bundle per locale built once, and the rendering of a [`Text`] in
//! a locale (falling back to English for a message a catalogue lacks).

use super::{Arg, Locale, Text};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::OnceLock;
use unic_langid::LanguageIdentifier;

/// Each locale's catalogue files, in the order they are loaded.
pub(super) fn sources(locale: Locale) -> &'static [&'static str] {
    match locale {
        Locale::En => &[
            include_str!("../../locales/en/alerts.ftl"),
            include_str!("../../locales/en/dashboard.ftl"),
            include_str!("../../locales/en/monitoring.ftl"),
            include_str!("../../locales/en/setup.ftl"),
            include_str!("../../locales/en/bots.ftl"),
            include_str!("../../locales/en/operator.ftl"),
            include_str!("../../locales/en/billing.ftl"),
        ],
        Locale::PtBr => &[
            include_str!("../../locales/pt-BR/alerts.ftl"),
            include_str!("../../locales/pt-BR/dashboard.ftl"),
            include_str!("../../locales/pt-BR/monitoring.ftl"),
            include_str!("../../locales/pt-BR/setup.ftl"),
            include_str!("../../locales/pt-BR/bots.ftl"),
            include_str!("../../locales/pt-BR/operator.ftl"),
            include_str!("../../locales/pt-BR/billing.ftl"),
        ],
        Locale::Es => &[
            include_str!("../../locales/es/alerts.ftl"),
            include_str!("../../locales/es/dashboard.ftl"),
            include_str!("../../locales/es/monitoring.ftl"),
            include_str!("../../locales/es/setup.ftl"),
            include_str!("../../locales/es/bots.ftl"),
            include_str!("../../locales/es/operator.ftl"),
            include_str!("../../locales/es/billing.ftl"),
        ],
    }
}

/// Counts are written with the locale's thousands separator (Fluent's own formatting has none).
fn grouped<const L: usize, M>(value: &FluentValue, _: &M) -> Option<String> {
    match value {
        FluentValue::Number(n) if n.value.fract() == 0.0 && n.value.abs() < 1e15 => {
            Some(Locale::ALL[L].integer(n.value as i64))
        }
        _ => None,
    }
}

fn build(locale: Locale) -> FluentBundle<FluentResource> {
    let lang: LanguageIdentifier = locale.tag().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![lang]);
    // Isolation marks would show as stray characters in plain-text email and WhatsApp.
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(match locale {
        Locale::En => grouped::<0, _>,
        Locale::PtBr => grouped::<1, _>,
        Locale::Es => grouped::<2, _>,
    }));
    for source in sources(locale) {
        // The catalogues are compiled in and checked by the tests below; a syntax error in one
        // entry drops that entry only, and its message falls back to English.
        let resource = match FluentResource::try_new(source.to_string()) {
            Ok(r) => r,
            Err((r, _)) => r,
        };
        let _ = bundle.add_resource(resource);
    }
    bundle
}

fn bundle(locale: Locale) -> &'static FluentBundle<FluentResource> {
    static BUNDLES: OnceLock<[FluentBundle<FluentResource>; 3]> = OnceLock::new();
    let all = BUNDLES.get_or_init(|| Locale::ALL.map(build));
    let i = Locale::ALL.iter().position(|l| *l == locale).unwrap_or(0);
    &all[i]
}

fn args(locale: Locale, text: &Text) -> FluentArgs<'static> {
    let mut out = FluentArgs::new();
    for (name, arg) in &text.args {
        let value: FluentValue<'static> = match arg {
            Arg::Str(s) => s.clone().into(),
            Arg::Int(n) => (*n).into(),
            Arg::Usd(micro) => crate::amount::format_usd(*micro, locale).into(),
            Arg::Percent(h) => locale.percent_hundredths(*h).into(),
            Arg::Text(inner) => render(locale, inner).into(),
        };
        out.set(name.clone(), value);
    }
    out
}

fn format(locale: Locale, text: &Text, attribute: Option<&str>) -> Option<String> {
    for l in [locale, Locale::En] {
        let b = bundle(l);
        let Some(message) = b.get_message(&text.id) else {
            continue;
        };
        let pattern = match attribute {
            None => message.value(),
            Some(a) => message.get_attribute(a).map(|a| a.value()),
        };
        let pattern = pattern?;
        let mut errors = Vec::new();
        let a = args(l, text);
        return Some(
            b.format_pattern(pattern, Some(&a), &mut errors)
                .into_owned(),
        );
    }
    None
}

/// `text` in `locale`: its message's value, or the message id itself if no catalogue has it.
pub fn render(locale: Locale, text: &Text) -> String {
    format(locale, text, None).unwrap_or_else(|| text.id.clone())
}

/// The attribute `attribute` (e.g. `detail`) of `text`'s message in `locale`, if it has one.
pub fn render_attr(locale: Locale, text: &Text, attribute: &str) -> Option<String> {
    format(locale, text, Some(attribute))
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_syntax::ast::{self, Entry, Expression, InlineExpression, PatternElement};
    use std::collections::{BTreeMap, BTreeSet};

    fn variables(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
        fn inline(e: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
            match e {
                InlineExpression::VariableReference { id } => {
                    out.insert(id.name.to_string());
                }
                InlineExpression::Placeable { expression } => expr(expression, out),
                _ => {}
            }
        }
        fn expr(e: &Expression<&str>, out: &mut BTreeSet<String>) {
            match e {
                Expression::Inline(i) => inline(i, out),
                Expression::Select { selector, variants } => {
                    inline(selector, out);
                    for v in variants {
                        variables(&v.value, out);
                    }
                }
            }
        }
        for el in &pattern.elements {
            if let PatternElement::Placeable { expression } = el {
                expr(expression, out);
            }
        }
    }

    /// Message id → (attribute names, variables used anywhere in it).
    type Shape = BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>;

    fn shape(locale: Locale) -> Shape {
        let mut out = Shape::new();
        for source in sources(locale) {
            let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(_, e)| {
                panic!("{} catalogue does not parse: {e:?}", locale.tag())
            });
            for entry in resource.entries() {
                if let Entry::Message(m) = entry {
                    let mut vars = BTreeSet::new();
                    if let Some(v) = &m.value {
                        variables(v, &mut vars);
                    }
                    let mut attrs = BTreeSet::new();
                    for a in &m.attributes {
                        attrs.insert(a.id.name.to_string());
                        variables(&a.value, &mut vars);
                    }
                    let id = m.id.name.to_string();
                    assert!(
                        out.insert(id.clone(), (attrs, vars)).is_none(),
                        "{} defines {id} twice",
                        locale.tag()
                    );
                }
            }
        }
        out
    }

    #[test]
    fn every_language_has_every_message_with_the_same_attributes_and_arguments() {
        let english = shape(Locale::En);
        assert!(english.len() > 40, "{} messages", english.len());
        for locale in [Locale::PtBr, Locale::Es] {
            let other = shape(locale);
            let missing: Vec<_> = english.keys().filter(|k| !other.contains_key(*k)).collect();
            let extra: Vec<_> = other.keys().filter(|k| !english.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", locale.tag());
            assert!(extra.is_empty(), "{} has extra {extra:?}", locale.tag());
            for (id, (attrs, vars)) in &english {
                let (a, v) = &other[id];
                assert_eq!(a, attrs, "{} {id}: attributes", locale.tag());
                assert_eq!(v, vars, "{} {id}: arguments", locale.tag());
            }
        }
    }

    #[test]
    fn a_text_is_said_in_each_language_with_its_numbers_written_locally() {
        let t = Text::new("alert-budget")
            .int("percent", 80)
            .usd("spent", 1_234_560_000)
            .usd("budget", 1_500_000_000);
        assert_eq!(
            render(Locale::En, &t),
            "80% of this month's budget is spent: $1,234.56 of $1,500.00"
        );
        let pt = render(Locale::PtBr, &t);
        assert!(pt.contains("US$ 1.234,56") && pt.contains("80%"), "{pt}");
        let es = render(Locale::Es, &t);
        assert!(es.contains("US$ 1.500,00") && es != pt, "{es}");
        let share = Text::new("health-summary-checks")
            .str("period", "day")
            .int("checks", 1_200)
            .percent("healthy", 25)
            .int("down", 0)
            .int("degraded", 3);
        assert_eq!(
            render(Locale::En, &share),
            "In the last 24 hours: 1,200 checks, 0.25% healthy; 0 could not reach the bot and 3 \
             found it degraded."
        );
        let pt = render(Locale::PtBr, &share);
        assert!(pt.contains("1.200 verificações, 0,25% saudáveis"), "{pt}");
        let many = Text::new("alert-usage-dropped").int("count", 12_345);
        assert!(render(Locale::PtBr, &many).contains("12.345"));
        assert!(render(Locale::En, &many).contains("12,345"));
    }

    #[test]
    fn plurals_nested_texts_and_unknown_ids() {
        let once = Text::new("escalation-restarts").int("count", 1);
        let thrice = Text::new("escalation-restarts").int("count", 3);
        assert_eq!(render(Locale::En, &once), "restarted it once");
        assert_eq!(render(Locale::En, &thrice), "restarted it 3 times");
        assert_ne!(render(Locale::PtBr, &once), render(Locale::PtBr, &thrice));
        let outer = Text::new("escalation-tried").text("actions", thrice);
        assert!(render(Locale::En, &outer).contains("restarted it 3 times"));
        assert_eq!(
            render(Locale::En, &Text::new("no-such-message")),
            "no-such-message"
        );
        assert_eq!(
            render_attr(Locale::En, &Text::new("alert-budget"), "detail"),
            None
        );
    }
}
