//! Charts: the server computes a [`ChartSpec`], the browser draws it with ECharts on a canvas.

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
    /// Pie/donut of labelled values (token classes).
    Pie {
        labels: Vec<String>,
        values: Vec<f64>,
    },
}

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
    browser::draw(id, spec, node);
    #[cfg(not(feature = "hydrate"))]
    let _ = spec;
    view! { <div class="chart" id=id data-testid=id node_ref=node></div> }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::ChartSpec;
    use charming::component::{Aria, Axis, Grid, Legend, LegendType, Title};
    use charming::element::{
        AxisLabel, AxisPointer, AxisPointerType, AxisType, Formatter, JsFunction, Label, TextStyle,
        Tooltip, Trigger,
    };
    use charming::series::{Bar, Pie};
    use charming::{Chart, Echarts, WasmRenderer};
    use leptos::logging::warn;
    use leptos::prelude::*;
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use leptos::web_sys::js_sys::{global, Function, Reflect};
    use std::fmt::Write;

    /// Draws `spec` into the chart's element once it is in the page with a size, redraws on
    /// change, follows window resizes and frees the ECharts instance when the component goes
    /// away.
    pub(super) fn draw(
        id: &'static str,
        spec: Signal<ChartSpec>,
        node: NodeRef<leptos::html::Div>,
    ) {
        let instance = StoredValue::new_local(None::<Echarts>);
        Effect::new(move || {
            let Some(element) = node.get() else { return };
            let chart = spec.with(build);
            let drawn = instance.with_value(|slot| {
                slot.as_ref().map(|echarts| {
                    // Clearing first makes the new option replace the old one; a plain
                    // setOption merges, which would keep series no longer in the data.
                    call(echarts, "clear");
                    WasmRenderer::update(echarts, &chart);
                })
            });
            if drawn.is_none() {
                attach(id, element.into(), chart, instance, 0);
            }
        });
        let resize = window_event_listener(leptos::ev::resize, move |_| {
            instance.with_value(|slot| {
                if let Some(echarts) = slot {
                    echarts.resize(JsValue::UNDEFINED);
                }
            });
        });
        on_cleanup(move || {
            resize.remove();
            instance.update_value(|slot| {
                if let Some(echarts) = slot.take() {
                    call(&echarts, "dispose");
                }
            });
        });
    }

    /// Frames to wait for the element to be in the document with a width (a page swapped in
    /// after new data is built before it is attached).
    const ATTACH_FRAMES: u32 = 300;

    fn attach(
        id: &'static str,
        element: leptos::web_sys::Element,
        chart: Chart,
        instance: StoredValue<Option<Echarts>, LocalStorage>,
        frame: u32,
    ) {
        if instance.try_with_value(|_| ()).is_none() {
            return;
        }
        if element.is_connected() && element.client_width() > 0 {
            let made = init(id, &element, &chart);
            instance.try_update_value(|slot| *slot = made);
        } else if frame < ATTACH_FRAMES {
            request_animation_frame(move || attach(id, element, chart, instance, frame + 1));
        } else {
            warn!("chart #{id}: its element never appeared in the page; not drawing");
        }
    }

    fn init(id: &str, element: &leptos::web_sys::Element, chart: &Chart) -> Option<Echarts> {
        // charming calls the global `echarts` without a guard; a missing script would throw
        // through the wasm and leave the reactive runtime mid-update.
        let Ok(echarts) = Reflect::get(&global(), &JsValue::from_str("echarts")) else {
            return None;
        };
        if echarts.is_undefined() {
            warn!("chart #{id}: ECharts is not loaded (/vendor/echarts.min.js); not drawing");
            return None;
        }
        // ECharts is initialised on the element itself (charming looks it up by id, which can
        // find a page's outgoing copy); no fixed size, so it takes the container's CSS size.
        let made = Reflect::get(&echarts, &JsValue::from_str("init"))
            .and_then(|f| f.dyn_into::<Function>())
            .and_then(|init| init.call1(&echarts, element));
        match made {
            Ok(instance) => {
                let instance: Echarts = instance.unchecked_into();
                WasmRenderer::update(&instance, chart);
                Some(instance)
            }
            Err(err) => {
                warn!("chart #{id}: {err:?}");
                None
            }
        }
    }

    /// Calls a no-argument method of the ECharts instance that charming does not bind.
    fn call(echarts: &Echarts, method: &str) {
        let result = Reflect::get(echarts, &JsValue::from_str(method))
            .and_then(|f| f.dyn_into::<Function>())
            .and_then(|f| f.call0(echarts));
        if let Err(err) = result {
            warn!("ECharts {method} failed: {err:?}");
        }
    }

    fn build(spec: &ChartSpec) -> Chart {
        let chart = Chart::new().aria(Aria::new().enabled(true));
        let chart = if has_data(spec) {
            chart
        } else {
            chart.title(
                Title::new()
                    .text("No data")
                    .left("center")
                    .top("middle")
                    .text_style(TextStyle::new().color("#888").font_size(14)),
            )
        };
        match spec {
            ChartSpec::StackedBars {
                categories,
                series,
                unit,
            } => series.iter().fold(
                axis_chart(chart, categories.clone(), unit, false)
                    .legend(Legend::new().type_(LegendType::Scroll).top(0))
                    .grid(grid(true)),
                |chart, (name, values)| {
                    chart.series(Bar::new().name(name).stack("total").data(values.clone()))
                },
            ),
            ChartSpec::Bars {
                labels,
                values,
                unit,
                horizontal,
            } => axis_chart(chart, labels.clone(), unit, *horizontal)
                .grid(grid(false))
                .series(Bar::new().data(values.clone())),
            ChartSpec::Hours { values, unit } => {
                let hours = (0..values.len()).map(|h| format!("{h:02}:00")).collect();
                axis_chart(chart, hours, unit, false)
                    .grid(grid(false))
                    .series(Bar::new().data(values.clone()))
            }
            ChartSpec::Pie { labels, values } => chart
                .tooltip(
                    Tooltip::new()
                        .trigger(Trigger::Item)
                        .value_formatter(value_formatter("")),
                )
                .legend(Legend::new().type_(LegendType::Scroll).bottom(0))
                .series(
                    Pie::new()
                        .radius(vec!["40%", "70%"])
                        .center(vec!["50%", "45%"])
                        .avoid_label_overlap(true)
                        .label(Label::new().formatter("{b}: {d}%"))
                        .data(
                            values
                                .iter()
                                .zip(labels)
                                .map(|(v, l)| (*v, l.clone()))
                                .collect(),
                        ),
                ),
        }
    }

    fn has_data(spec: &ChartSpec) -> bool {
        let nonzero = |values: &[f64]| values.iter().any(|v| v.is_finite() && *v != 0.0);
        match spec {
            ChartSpec::StackedBars { series, .. } => series.iter().any(|(_, v)| nonzero(v)),
            ChartSpec::Bars { values, .. }
            | ChartSpec::Hours { values, .. }
            | ChartSpec::Pie { values, .. } => nonzero(values),
        }
    }

    /// A category axis of `categories` against a value axis in `unit`, with an axis tooltip.
    fn axis_chart(chart: Chart, categories: Vec<String>, unit: &str, horizontal: bool) -> Chart {
        let category = Axis::new().type_(AxisType::Category).data(categories);
        let value = Axis::new()
            .type_(AxisType::Value)
            .axis_label(AxisLabel::new().formatter(value_formatter(unit)));
        let chart = chart.tooltip(
            Tooltip::new()
                .trigger(Trigger::Axis)
                .axis_pointer(AxisPointer::new().type_(AxisPointerType::Shadow))
                .value_formatter(value_formatter(unit)),
        );
        if horizontal {
            // Largest-first input reads top to bottom; ECharts would stack it bottom-up.
            chart.x_axis(value).y_axis(category.inverse(true))
        } else {
            chart.x_axis(category).y_axis(value)
        }
    }

    fn grid(legend: bool) -> Grid {
        Grid::new()
            .left(8)
            .right(16)
            .top(if legend { 40 } else { 16 })
            .bottom(8)
            .contain_label(true)
    }

    /// Formats values for axis labels and tooltips: USD as `$1,234.56`, other units as
    /// grouped numbers followed by the unit.
    fn value_formatter(unit: &str) -> Formatter {
        let number = if unit == "USD" {
            "v.toLocaleString('en-US', {style: 'currency', currency: 'USD', \
             minimumFractionDigits: 2, maximumFractionDigits: 2})"
                .to_string()
        } else if unit.is_empty() {
            "v.toLocaleString('en-US', {maximumFractionDigits: 2})".to_string()
        } else {
            format!(
                "v.toLocaleString('en-US', {{maximumFractionDigits: 2}}) + ' ' + {}",
                js_string(unit)
            )
        };
        // Tooltips pass undefined or arrays for missing points; show those untouched.
        let body = format!("return typeof v === 'number' ? {number} : v;");
        JsFunction::new_with_args("v", &body).into()
    }

    /// A JavaScript string literal for `s`, escaping everything but letters, digits and spaces.
    fn js_string(s: &str) -> String {
        let mut out = String::from("'");
        for unit in s.encode_utf16() {
            match char::from_u32(u32::from(unit)) {
                Some(c) if c.is_ascii_alphanumeric() || c == ' ' => out.push(c),
                _ => {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
        out.push('\'');
        out
    }
}
