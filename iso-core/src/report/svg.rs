//! Inline SVG charts: bars, heat maps, lines and stacked columns, sized in user units, every label escaped.

use std::fmt::Write as _;

use rust_decimal::prelude::ToPrimitive;

use super::model::{Chart, ChartKind};
use crate::assess::escape_html;

const PALETTE: [&str; 6] = ["#1f6f8b", "#e07a2e", "#4a9c59", "#8a5aa8", "#c4475a", "#6b7a8f"];

/// The fill of a score in [0, 1]: red below 50 %, amber below 80 %, green above (colour-blind safe shades).
fn heat(value: Option<f64>) -> &'static str {
    match value {
        None => "#e9ecef",
        Some(v) if v >= 0.8 => "#5aae61",
        Some(v) if v >= 0.65 => "#a6dba0",
        Some(v) if v >= 0.5 => "#fdb863",
        Some(_) => "#e66101",
    }
}

fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// Renders a chart as an `<svg>` element.
pub fn render(chart: &Chart) -> String {
    match chart.kind {
        ChartKind::Bar => bars(chart),
        ChartKind::HeatMap => heat_map(chart),
        ChartKind::Line => lines(chart),
        ChartKind::StackedBar => stacked(chart),
    }
}

fn open(out: &mut String, width: u32, height: u32, title: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" aria-label=\"{}\" class=\"chart\">",
        escape_html(title)
    );
    let _ = write!(out, "<title>{}</title>", escape_html(title));
}

fn bars(chart: &Chart) -> String {
    let (label_w, bar_w, row_h) = (300.0, 360.0, 26.0);
    let series = chart.series.len().max(1) as f64;
    let height = (chart.categories.len() as f64 * row_h * series.max(1.0) + 20.0).ceil() as u32;
    let mut out = String::new();
    open(&mut out, 720, height, &chart.title);
    for (i, category) in chart.categories.iter().enumerate() {
        let y0 = 10.0 + i as f64 * row_h * series;
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" class=\"label\">{}</text>",
            label_w - 8.0,
            y0 + row_h * series / 2.0 + 4.0,
            escape_html(&clip(category, 48))
        );
        for (s, data) in chart.series.iter().enumerate() {
            let y = y0 + s as f64 * row_h + 4.0;
            let value = data.values.get(i).copied().flatten().and_then(|v| v.to_f64());
            let w = value.map_or(0.0, |v| (v.clamp(0.0, 1.0) * bar_w).max(0.0));
            let _ = write!(
                out,
                "<rect x=\"{label_w:.1}\" y=\"{y:.1}\" width=\"{bar_w:.1}\" height=\"{:.1}\" fill=\"#eef1f4\"/>",
                row_h - 8.0
            );
            let _ = write!(
                out,
                "<rect x=\"{label_w:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{}\"/>",
                row_h - 8.0,
                if chart.series.len() > 1 { PALETTE[s % PALETTE.len()] } else { heat(value) }
            );
            let label = data.labels.get(i).map(String::as_str).unwrap_or("");
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" class=\"value\">{}</text>",
                label_w + bar_w + 8.0,
                y + row_h / 2.0,
                escape_html(label)
            );
        }
    }
    out.push_str("</svg>");
    out
}

fn heat_map(chart: &Chart) -> String {
    let (label_w, cell_w, cell_h, head_h) = (140.0, 78.0, 30.0, 64.0);
    let width = (label_w + cell_w * chart.categories.len() as f64 + 10.0).ceil() as u32;
    let height = (head_h + cell_h * chart.series.len() as f64 + 10.0).ceil() as u32;
    let mut out = String::new();
    open(&mut out, width, height, &chart.title);
    for (j, category) in chart.categories.iter().enumerate() {
        let x = label_w + cell_w * j as f64 + cell_w / 2.0;
        let (number, title) = category.split_once(' ').unwrap_or((category, ""));
        let _ = write!(
            out,
            "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"head\">{}</text>",
            head_h - 30.0,
            escape_html(number)
        );
        let _ = write!(
            out,
            "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"small\">{}</text>",
            head_h - 12.0,
            escape_html(&clip(title, 14))
        );
    }
    for (i, series) in chart.series.iter().enumerate() {
        let y = head_h + cell_h * i as f64;
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" class=\"label\">{}</text>",
            label_w - 8.0,
            y + cell_h / 2.0 + 4.0,
            escape_html(&series.name)
        );
        for j in 0..chart.categories.len() {
            let x = label_w + cell_w * j as f64;
            let value = series.values.get(j).copied().flatten().and_then(|v| v.to_f64());
            let _ = write!(
                out,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\" stroke=\"#fff\"/>",
                cell_w,
                cell_h,
                heat(value)
            );
            let label = series.labels.get(j).map(String::as_str).unwrap_or("");
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"value\">{}</text>",
                x + cell_w / 2.0,
                y + cell_h / 2.0 + 4.0,
                escape_html(label)
            );
        }
    }
    out.push_str("</svg>");
    out
}

fn lines(chart: &Chart) -> String {
    let (left, top, plot_w, plot_h) = (60.0, 20.0, 600.0, 200.0);
    let values: Vec<f64> =
        chart.series.iter().flat_map(|s| s.values.iter().flatten().filter_map(|v| v.to_f64())).collect();
    let max = values.iter().copied().fold(0.0_f64, f64::max);
    let max = if max <= 0.0 { 1.0 } else { max * 1.1 };
    let n = chart.categories.len().max(2) as f64;
    let x = |i: usize| left + plot_w * i as f64 / (n - 1.0);
    let y = |v: f64| top + plot_h - plot_h * v / max;
    let mut out = String::new();
    open(&mut out, 720, 280, &chart.title);
    let _ = write!(
        out,
        "<line x1=\"{left}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#999\"/>",
        top + plot_h,
        left + plot_w,
        top + plot_h
    );
    for (i, category) in chart.categories.iter().enumerate() {
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"small\">{}</text>",
            x(i),
            top + plot_h + 16.0,
            escape_html(&clip(category, 10))
        );
    }
    for (s, series) in chart.series.iter().enumerate() {
        let colour = PALETTE[s % PALETTE.len()];
        let mut path = String::new();
        for (i, v) in series.values.iter().enumerate() {
            if let Some(v) = v.and_then(|v| v.to_f64()) {
                let _ = write!(path, "{}{:.1},{:.1}", if path.is_empty() { "M" } else { " L" }, x(i), y(v));
                let _ = write!(
                    out,
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"{colour}\"><title>{}</title></circle>",
                    x(i),
                    y(v),
                    escape_html(series.labels.get(i).map(String::as_str).unwrap_or(""))
                );
            }
        }
        let _ = write!(out, "<path d=\"{path}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>");
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"label\" fill=\"{colour}\">{}</text>",
            left + 4.0,
            top + 14.0 * (s as f64 + 1.0),
            escape_html(&series.name)
        );
    }
    out.push_str("</svg>");
    out
}

/// Vertical columns, one per category, stacking the series (negative and missing values count as zero), scaled to
/// the tallest column; a legend names the series, each segment's title gives its label.
fn stacked(chart: &Chart) -> String {
    let (left, top, plot_w, plot_h) = (20.0, 24.0 + 16.0 * chart.series.len() as f64, 680.0, 200.0);
    let n = chart.categories.len().max(1);
    let value = |s: usize, i: usize| -> f64 {
        chart
            .series
            .get(s)
            .and_then(|x| x.values.get(i))
            .copied()
            .flatten()
            .and_then(|v| v.to_f64())
            .unwrap_or(0.0)
            .max(0.0)
    };
    let max = (0..n).map(|i| (0..chart.series.len()).map(|s| value(s, i)).sum::<f64>()).fold(0.0_f64, f64::max);
    let max = if max <= 0.0 { 1.0 } else { max };
    let slot = plot_w / n as f64;
    let bar = (slot * 0.7).min(48.0);
    let mut out = String::new();
    open(&mut out, 720, (top + plot_h + 30.0).ceil() as u32, &chart.title);
    for (s, series) in chart.series.iter().enumerate() {
        let y = 10.0 + 16.0 * s as f64;
        let _ = write!(
            out,
            "<rect x=\"{left:.1}\" y=\"{y:.1}\" width=\"10\" height=\"10\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"label\">{}</text>",
            PALETTE[s % PALETTE.len()],
            left + 16.0,
            y + 9.0,
            escape_html(&series.name)
        );
    }
    let _ = write!(
        out,
        "<line x1=\"{left}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#999\"/>",
        top + plot_h,
        left + plot_w,
        top + plot_h
    );
    for (i, category) in chart.categories.iter().enumerate() {
        let x = left + slot * i as f64 + (slot - bar) / 2.0;
        let mut base = top + plot_h;
        for (s, series) in chart.series.iter().enumerate() {
            let h = plot_h * value(s, i) / max;
            if h <= 0.0 {
                continue;
            }
            base -= h;
            let _ = write!(
                out,
                "<rect x=\"{x:.1}\" y=\"{base:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\" fill=\"{}\"><title>{} · {}</title></rect>",
                PALETTE[s % PALETTE.len()],
                escape_html(&series.name),
                escape_html(series.labels.get(i).map(String::as_str).unwrap_or(""))
            );
        }
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"small\">{}</text>",
            x + bar / 2.0,
            top + plot_h + 16.0,
            escape_html(&clip(category, 10))
        );
    }
    out.push_str("</svg>");
    out
}
