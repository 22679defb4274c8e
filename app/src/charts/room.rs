//! Room for a chart's labels at the width it is drawn, so that a phone shows them whole or cut
//! with an ellipsis, never clipped at the edge.

use super::ChartSpec;

/// How much room a chart's labels get in a container `width` CSS pixels wide: category names
/// take at most a share of the width (the tooltip and the table beside the chart name them in full),
/// and a donut narrower than [`SLICE_LABELS_FROM`] names its slices in the legend only.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct LabelRoom {
    /// The widest a category axis label may be, in pixels.
    pub category_width: u32,
    pub slice_labels: bool,
}

/// The narrowest container whose donut labels its slices around it.
pub(super) const SLICE_LABELS_FROM: f64 = 400.0;

pub(super) fn label_room(spec: &ChartSpec, width: f64) -> LabelRoom {
    let width = if width.is_finite() {
        width.max(0.0)
    } else {
        0.0
    };
    let category_width = match spec {
        // Names beside horizontal bars: a third of the width, the rest for the bars.
        ChartSpec::Bars {
            horizontal: true, ..
        } => width / 3.0,
        // Names under vertical bars: each its column's width (ECharts skips some when they
        // would overlap, so at least enough for a short date).
        ChartSpec::Bars { labels, .. } => width / labels.len().max(1) as f64,
        ChartSpec::StackedBars { categories, .. } | ChartSpec::Timeline { categories, .. } => {
            width / categories.len().max(1) as f64
        }
        ChartSpec::Hours { .. } | ChartSpec::Pie { .. } => width,
    };
    LabelRoom {
        category_width: category_width.clamp(48.0, 240.0) as u32,
        slice_labels: width >= SLICE_LABELS_FROM,
    }
}

#[cfg(test)]
mod tests {
    use super::{label_room, ChartSpec};
    fn bars(horizontal: bool, n: usize) -> ChartSpec {
        ChartSpec::Bars {
            labels: (0..n).map(|i| format!("Agent {i}")).collect(),
            values: vec![1.0; n],
            unit: "USD".into(),
            horizontal,
        }
    }

    #[test]
    fn on_a_phone_names_beside_bars_get_a_third_of_the_width_and_the_donut_its_legend() {
        let phone = 390.0 - 2.0 * 16.0;
        let room = label_room(&bars(true, 8), phone);
        assert_eq!(room.category_width, 119);
        assert!(!room.slice_labels);
        let pie = ChartSpec::Pie {
            labels: vec!["Input $1.00".into()],
            values: vec![1.0],
            colors: Vec::new(),
        };
        assert!(!label_room(&pie, phone).slice_labels);
        assert!(label_room(&pie, 450.0).slice_labels);
    }

    #[test]
    fn names_under_columns_share_the_width_within_bounds() {
        assert_eq!(label_room(&bars(false, 4), 800.0).category_width, 200);
        assert_eq!(label_room(&bars(false, 30), 390.0).category_width, 48);
        assert_eq!(label_room(&bars(true, 3), 1600.0).category_width, 240);
        assert_eq!(label_room(&bars(true, 3), f64::NAN).category_width, 48);
        assert_eq!(label_room(&bars(false, 0), 100.0).category_width, 100);
    }
}
