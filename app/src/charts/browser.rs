//! The charts in the browser: ECharts loaded once, each chart built from its spec with
//! charming and drawn, formatters and all, without compiling any script text.

use super::ChartSpec;
use baas::i18n::Locale;
use charming::component::{Aria, Axis, Grid, Legend, LegendType, Title};
use charming::element::{
    AxisPointer, AxisPointerType, AxisType, Color, Label, SplitLine, TextStyle, Tooltip, Trigger,
};
use charming::series::{Bar, Line, Pie};
use charming::{Chart, Echarts, WasmRenderer};
use leptos::logging::warn;
use leptos::prelude::*;
use leptos::wasm_bindgen::closure::Closure;
use leptos::wasm_bindgen::{JsCast, JsValue};
use leptos::web_sys::js_sys::{global, Array, Function, Object, Reflect};

/// What a chart writes itself: numbers in the reader's locale, and what an empty one says.
#[derive(Clone)]
pub(super) struct Words {
    pub locale: Locale,
    pub no_data: String,
}

/// Draws `spec` into the chart's element once it is in the page with a size, redraws on
/// change, follows window resizes and frees the ECharts instance when the component goes
/// away.
pub(super) fn draw(
    id: &'static str,
    spec: Signal<ChartSpec>,
    node: NodeRef<leptos::html::Div>,
    words: Words,
) {
    let instance = StoredValue::new_local(None::<Echarts>);
    let words = StoredValue::new(words);
    Effect::new(move || {
        let Some(element) = node.get() else { return };
        let words = words.get_value();
        let chart = spec.with(|spec| build(spec, &words.no_data));
        let drawn = instance.with_value(|slot| {
            slot.as_ref().map(|echarts| {
                // Clearing first makes the new option replace the old one; a plain
                // setOption merges, which would keep series no longer in the data.
                call(echarts, "clear");
                WasmRenderer::update(echarts, &chart);
                spec.with(|spec| {
                    formatters(echarts, spec, words.locale);
                    fit_labels(echarts, spec);
                });
            })
        });
        if drawn.is_none() {
            attach(
                id,
                element.into(),
                (chart, spec.get(), words.locale),
                instance,
                0,
            );
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        instance.with_value(|slot| {
            if let Some(echarts) = slot {
                echarts.resize(JsValue::UNDEFINED);
                spec.with_untracked(|spec| fit_labels(echarts, spec));
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
    chart: (Chart, ChartSpec, Locale),
    instance: StoredValue<Option<Echarts>, LocalStorage>,
    frame: u32,
) {
    if instance.try_with_value(|_| ()).is_none() {
        return;
    }
    if element.is_connected() && element.client_width() > 0 {
        if !library_loaded() {
            when_library_loads(id, move || attach(id, element, chart, instance, frame));
            return;
        }
        let made = init(id, &element, &chart.0, &chart.1, chart.2);
        instance.try_update_value(|slot| *slot = made);
    } else if frame < ATTACH_FRAMES {
        request_animation_frame(move || attach(id, element, chart, instance, frame + 1));
    } else {
        warn!("chart #{id}: its element never appeared in the page; not drawing");
    }
}

fn library_loaded() -> bool {
    Reflect::get(&global(), &JsValue::from_str("echarts")).is_ok_and(|e| !e.is_undefined())
}

/// Runs `then` once the chart library has loaded, adding its script to the page if no
/// chart has yet (every waiting chart listens to the one script).
fn when_library_loads(id: &'static str, then: impl FnOnce() + 'static) {
    const SCRIPT_ID: &str = "echarts-library";
    let doc = document();
    let script = match doc.get_element_by_id(SCRIPT_ID) {
        Some(script) => script,
        None => {
            let Ok(script) = doc.create_element("script") else {
                return;
            };
            let added = script
                .set_attribute("id", SCRIPT_ID)
                .and_then(|()| script.set_attribute("src", super::ECHARTS_SRC))
                .and_then(|()| match doc.head() {
                    Some(head) => head.append_child(&script).map(|_| ()),
                    None => Err(JsValue::from_str("the page has no head")),
                });
            if let Err(err) = added {
                warn!("chart #{id}: cannot load {}: {err:?}", super::ECHARTS_SRC);
                return;
            }
            script
        }
    };
    let on_load = Closure::once_into_js(then);
    let on_error = Closure::once_into_js(move || {
        warn!(
            "chart #{id}: {} did not load; not drawing",
            super::ECHARTS_SRC
        );
    });
    let listened = script
        .add_event_listener_with_callback("load", on_load.unchecked_ref())
        .and_then(|()| script.add_event_listener_with_callback("error", on_error.unchecked_ref()));
    if let Err(err) = listened {
        warn!("chart #{id}: {err:?}");
    }
}

fn init(
    id: &str,
    element: &leptos::web_sys::Element,
    chart: &Chart,
    spec: &ChartSpec,
    locale: Locale,
) -> Option<Echarts> {
    // charming calls the global `echarts` without a guard; a missing script would throw
    // through the wasm and leave the reactive runtime mid-update.
    let Ok(echarts) = Reflect::get(&global(), &JsValue::from_str("echarts")) else {
        return None;
    };
    if echarts.is_undefined() {
        warn!(
            "chart #{id}: ECharts is not loaded ({}); not drawing",
            super::ECHARTS_SRC
        );
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
            formatters(&instance, spec, locale);
            fit_labels(&instance, spec);
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

fn build(spec: &ChartSpec, no_data: &str) -> Chart {
    let chart = Chart::new().aria(Aria::new().enabled(true));
    let chart = if has_data(spec) {
        chart
    } else {
        chart.title(
            Title::new()
                .text(no_data)
                .left("center")
                .top("middle")
                .text_style(TextStyle::new().color("#888").font_size(14)),
        )
    };
    match spec {
        ChartSpec::StackedBars {
            categories, series, ..
        } => series.iter().fold(
            axis_chart(chart, categories.clone(), false)
                .legend(Legend::new().type_(LegendType::Scroll).top(0))
                .grid(grid(true)),
            |chart, (name, values)| {
                chart.series(Bar::new().name(name).stack("total").data(values.clone()))
            },
        ),
        ChartSpec::Bars {
            labels,
            values,
            horizontal,
            ..
        } => axis_chart(chart, labels.clone(), *horizontal)
            .grid(grid(false))
            .series(Bar::new().data(values.clone())),
        ChartSpec::Hours { values, .. } => {
            let hours = (0..values.len()).map(|h| format!("{h:02}:00")).collect();
            axis_chart(chart, hours, false)
                .grid(grid(false))
                .series(Bar::new().data(values.clone()))
        }
        ChartSpec::Pie {
            labels,
            values,
            colors,
        } => palette(chart, colors)
            .tooltip(Tooltip::new().trigger(Trigger::Item))
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
        ChartSpec::Timeline {
            categories,
            series,
            line,
            colors,
            ..
        } => {
            let chart = palette(chart, colors);
            let chart = series.iter().fold(
                axis_chart(chart, categories.clone(), false)
                    .legend(Legend::new().type_(LegendType::Scroll).top(0))
                    .grid(grid(true)),
                |chart, (name, values)| {
                    chart.series(Bar::new().name(name).stack("total").data(values.clone()))
                },
            );
            match line {
                // Its own axis on the right, without grid lines of its own, so the bars'
                // grid stays the one read.
                Some((name, values)) => chart
                    .y_axis(
                        Axis::new()
                            .type_(AxisType::Value)
                            .split_line(SplitLine::new().show(false)),
                    )
                    .series(
                        Line::new()
                            .name(name)
                            .y_axis_index(1)
                            .connect_nulls(false)
                            .data(values.clone()),
                    ),
                None => chart,
            }
        }
    }
}

/// The chart's colours, in series (or, for a pie, slice) order; ECharts' own when empty.
fn palette(chart: Chart, colors: &[String]) -> Chart {
    if colors.is_empty() {
        return chart;
    }
    chart.color(colors.iter().map(|c| Color::from(c.as_str())).collect())
}

fn has_data(spec: &ChartSpec) -> bool {
    let nonzero = |values: &[f64]| values.iter().any(|v| v.is_finite() && *v != 0.0);
    match spec {
        ChartSpec::StackedBars { series, .. } => series.iter().any(|(_, v)| nonzero(v)),
        ChartSpec::Timeline { series, line, .. } => {
            series.iter().any(|(_, v)| nonzero(v))
                || line
                    .as_ref()
                    .is_some_and(|(_, v)| v.iter().flatten().any(|v| *v != 0.0))
        }
        ChartSpec::Bars { values, .. }
        | ChartSpec::Hours { values, .. }
        | ChartSpec::Pie { values, .. } => nonzero(values),
    }
}

/// A category axis of `categories` against a value axis, with an axis tooltip.
fn axis_chart(chart: Chart, categories: Vec<String>, horizontal: bool) -> Chart {
    let category = Axis::new().type_(AxisType::Category).data(categories);
    let value = Axis::new().type_(AxisType::Value);
    let chart = chart.tooltip(
        Tooltip::new()
            .trigger(Trigger::Axis)
            .axis_pointer(AxisPointer::new().type_(AxisPointerType::Shadow)),
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

/// Sets the value axis's labels and the tooltip's values to [`super::format_value`], and a
/// pie's slice labels to their share, as functions of this module (ECharts would otherwise
/// have to compile formatter source text, which the pages' Content-Security-Policy does not
/// allow).
fn formatters(echarts: &Echarts, spec: &ChartSpec, locale: Locale) {
    if let ChartSpec::Timeline {
        series,
        unit,
        line,
        line_unit,
        ..
    } = spec
    {
        return timeline_formatters(
            echarts,
            series.len(),
            (unit, line_unit),
            line.is_some(),
            locale,
        );
    }
    let (unit, axis) = match spec {
        ChartSpec::StackedBars { unit, .. } | ChartSpec::Hours { unit, .. } => {
            (unit.clone(), Some("yAxis"))
        }
        ChartSpec::Bars {
            unit, horizontal, ..
        } => (
            unit.clone(),
            Some(if *horizontal { "xAxis" } else { "yAxis" }),
        ),
        ChartSpec::Pie { .. } | ChartSpec::Timeline { .. } => (String::new(), None),
    };
    // Every unit but USD counts things, which the axis steps through whole.
    let whole = unit != "USD";
    let format = formatter(unit, locale);
    let option = Object::new();
    let tooltip = Object::new();
    set(&tooltip, "valueFormatter", &format);
    set(&option, "tooltip", &tooltip);
    if matches!(spec, ChartSpec::Pie { .. }) {
        let label = Object::new();
        set(&label, "formatter", &share_formatter(locale));
        let slices = Object::new();
        set(&slices, "label", &label);
        set(&option, "series", &Array::of1(&slices));
    }
    if let Some(axis) = axis {
        let label = Object::new();
        set(&label, "formatter", &format);
        let value_axis = Object::new();
        set(&value_axis, "axisLabel", &label);
        if whole {
            set(&value_axis, "minInterval", &JsValue::from(1));
        }
        set(&option, axis, &value_axis);
    }
    set_option(echarts, &option);
}

/// Fits the labels to the chart's width now (see [`super::room::label_room`]): category names cut
/// with an ellipsis to their room, a narrow donut's slice labels left to its legend.
fn fit_labels(echarts: &Echarts, spec: &ChartSpec) {
    let width = Reflect::get(echarts, &JsValue::from_str("getDom"))
        .and_then(|f| f.dyn_into::<Function>())
        .and_then(|f| f.call0(echarts))
        .and_then(|dom| Reflect::get(&dom, &JsValue::from_str("clientWidth")))
        .ok()
        .and_then(|w| w.as_f64())
        .unwrap_or(0.0);
    let room = super::room::label_room(spec, width);
    let option = Object::new();
    match spec {
        ChartSpec::Pie { .. } => {
            let show = JsValue::from_bool(room.slice_labels);
            let label = Object::new();
            set(&label, "show", &show);
            let line = Object::new();
            set(&line, "show", &show);
            let slices = Object::new();
            set(&slices, "label", &label);
            set(&slices, "labelLine", &line);
            set(&option, "series", &Array::of1(&slices));
        }
        _ => {
            let label = Object::new();
            set(&label, "width", &JsValue::from(room.category_width));
            set(&label, "overflow", &JsValue::from_str("truncate"));
            let axis = Object::new();
            set(&axis, "axisLabel", &label);
            let horizontal = matches!(
                spec,
                ChartSpec::Bars {
                    horizontal: true,
                    ..
                }
            );
            set(&option, if horizontal { "yAxis" } else { "xAxis" }, &axis);
        }
    }
    set_option(echarts, &option);
}

/// A timeline's two axes and its series each get their own unit: the bars' counts on the
/// left (stepping through whole numbers) and in their tooltips, the line's on the right and
/// in its tooltip (a series-level formatter, as one tooltip shows both).
fn timeline_formatters(
    echarts: &Echarts,
    bars: usize,
    (unit, line_unit): (&str, &str),
    line: bool,
    locale: Locale,
) {
    let units: Vec<&str> = std::iter::repeat_n(unit, bars)
        .chain(line.then_some(line_unit))
        .collect();
    let axis = |unit: &str, whole: bool| {
        let label = Object::new();
        set(&label, "formatter", &formatter(unit.to_string(), locale));
        let axis = Object::new();
        set(&axis, "axisLabel", &label);
        if whole {
            set(&axis, "minInterval", &JsValue::from(1));
        }
        JsValue::from(axis)
    };
    let axes = Array::of1(&axis(unit, true));
    if line {
        axes.push(&axis(line_unit, false));
    }
    let series = Array::new();
    for unit in units {
        let tooltip = Object::new();
        set(
            &tooltip,
            "valueFormatter",
            &formatter(unit.to_string(), locale),
        );
        let one = Object::new();
        set(&one, "tooltip", &tooltip);
        series.push(&one);
    }
    let option = Object::new();
    set(&option, "yAxis", &axes);
    set(&option, "series", &series);
    set_option(echarts, &option);
}

/// [`super::format_value`] in `unit` as a JavaScript function. Tooltips pass undefined or
/// arrays for missing points; those are shown untouched.
fn formatter(unit: String, locale: Locale) -> JsValue {
    Closure::<dyn Fn(JsValue) -> JsValue>::new(move |v: JsValue| match v.as_f64() {
        Some(n) => JsValue::from_str(&super::format_value(n, &unit, locale)),
        None => v,
    })
    .into_js_value()
}

/// A pie slice's label: its name and its share of the whole (`Healthy: 99.5%`).
fn share_formatter(locale: Locale) -> JsValue {
    Closure::<dyn Fn(JsValue) -> JsValue>::new(move |p: JsValue| {
        let name = Reflect::get(&p, &JsValue::from_str("name"))
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        let share = Reflect::get(&p, &JsValue::from_str("percent"))
            .ok()
            .and_then(|n| n.as_f64())
            .unwrap_or(0.0);
        JsValue::from_str(&format!(
            "{name}: {}%",
            super::format_value(share, "", locale)
        ))
    })
    .into_js_value()
}

fn set(target: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// Merges `option` into the chart's.
fn set_option(echarts: &Echarts, option: &Object) {
    let result = Reflect::get(echarts, &JsValue::from_str("setOption"))
        .and_then(|f| f.dyn_into::<Function>())
        .and_then(|f| f.call1(echarts, option));
    if let Err(err) = result {
        warn!("ECharts setOption failed: {err:?}");
    }
}
