//! Charts: the server computes a [`ChartSpec`], the browser draws it with ECharts on a canvas,
//! its numbers written the reader's way. Series names, labels and units come translated in the
//! spec.

use baas::i18n::Locale;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The numbers a chart shows, computed on the server and drawn in the browser.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ChartSpec {
    /// Stacked bars: x categories, one series per name (e.g. daily cost stacked by model), values in USD.
    StackedBars {
        categories: Vec<String>,
        series: Vec<(String, Vec<f64>)>,
        unit: String,
    },
    /// Horizontal or vertical bars of labelled values (cost by agent, cost by group with "Other").
    Bars {
        labels: Vec<String>,
        values: Vec<f64>,
        unit: String,
        horizontal: bool,
    },
    /// 24 values for hours 0..23 (hourly pattern).
    Hours { values: Vec<f64>, unit: String },
    /// Pie/donut of labelled values (token classes); `colors` (CSS colours, in the labels'
    /// order) or, when empty, the default palette.
    Pie {
        labels: Vec<String>,
        values: Vec<f64>,
        colors: Vec<String>,
    },
    /// Stacked bars of counts per category, each series in its colour, and optionally a line
    /// against a second value axis on the right (checks per hour by outcome, with the response
    /// time). `colors` follows the series, then the line.
    Timeline {
        categories: Vec<String>,
        series: Vec<(String, Vec<f64>)>,
        unit: String,
        line: Option<(String, Vec<Option<f64>>)>,
        line_unit: String,
        colors: Vec<String>,
    },
}

/// Where the chart library is served (`ensure_echarts` in `scripts/lib.sh` puts it there). The
/// first chart on a page loads it, so pages without charts never download it.
pub const ECHARTS_SRC: &str = "/vendor/echarts-5.5.1.min.js";

/// A chart container; ECharts draws into it after hydration and redraws when `spec` changes.
#[component]
pub fn Chart(
    /// Element id, unique on the page; also the `data-testid`.
    id: &'static str,
    /// What to draw; a plain `ChartSpec` works as well as a signal or memo.
    #[prop(into)]
    spec: Signal<ChartSpec>,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    browser::draw(
        id,
        spec,
        node,
        browser::Words {
            locale: crate::i18n::locale(),
            no_data: crate::i18n::t("charts-no-data"),
        },
    );
    #[cfg(not(feature = "hydrate"))]
    let _ = spec;
    view! { <div class="chart" id=id data-testid=id node_ref=node></div> }
}

#[cfg(feature = "hydrate")]
mod browser;
#[cfg(any(feature = "hydrate", test))]
mod room;

/// A chart value as its labels and tooltips show it in `locale`: USD as `$1,234.56` /
/// `US$ 1.234,56`, other units as a grouped number (up to two decimals) followed by the unit.
pub fn format_value(v: f64, unit: &str, locale: Locale) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    if unit == "USD" {
        return baas::amount::format_usd((v * 1_000_000.0).round() as i64, locale);
    }
    let sign = if v < 0.0 { "-" } else { "" };
    let hundredths = (v.abs() * 100.0).round() as u64;
    let whole = locale.integer((hundredths / 100) as i64);
    let cents = hundredths % 100;
    let mark = locale.decimal();
    let fraction = match cents {
        0 => String::new(),
        c if c % 10 == 0 => format!("{mark}{}", c / 10),
        c => format!("{mark}{c:02}"),
    };
    let unit = if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    };
    format!("{sign}{whole}{fraction}{unit}")
}

#[cfg(test)]
mod tests {
    use super::{format_value, Locale, ECHARTS_SRC};

    #[test]
    fn the_chart_library_is_loaded_from_where_the_scripts_put_it() {
        let scripts = include_str!("../../../scripts/lib.sh");
        let version = scripts
            .lines()
            .find_map(|l| l.strip_prefix("ECHARTS_VERSION="))
            .expect("scripts/lib.sh sets ECHARTS_VERSION");
        assert_eq!(ECHARTS_SRC, format!("/vendor/echarts-{version}.min.js"));
    }

    #[test]
    fn values_read_as_money_or_grouped_numbers() {
        let en = Locale::En;
        assert_eq!(format_value(1234.5, "USD", en), "$1,234.50");
        assert_eq!(format_value(0.004, "USD", en), "$0.00");
        assert_eq!(format_value(-12.0, "USD", en), "-$12.00");
        assert_eq!(format_value(1_607_255.0, "tokens", en), "1,607,255 tokens");
        assert_eq!(format_value(2.5, "", en), "2.5");
        assert_eq!(format_value(12.345, "ms", en), "12.35 ms");
    }

    #[test]
    fn values_are_written_the_reader_s_way() {
        let pt = Locale::PtBr;
        assert_eq!(format_value(1234.5, "USD", pt), "US$ 1.234,50");
        assert_eq!(format_value(1_607_255.0, "checks", pt), "1.607.255 checks");
        assert_eq!(format_value(2.5, "", Locale::Es), "2,5");
        assert_eq!(format_value(-1_000.25, "ms", pt), "-1.000,25 ms");
    }
}
