//! Charts drawn on the server as SVG: lines of values over days, with the
//! axes' ends labelled, a title for screen readers, and the time axis
//! running right to left in a right-to-left language. Every figure a chart
//! draws also stands in a table beside it, so the chart is never the only
//! way to read it. Text is escaped; nothing of the data reaches the SVG as
//! markup.

use std::fmt::Write as _;

/// How a line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stroke {
    /// Joined points.
    Solid,
    /// Joined points, dashed (targets).
    Dashed,
    /// Points alone (a baseline, contested values).
    Dots,
    /// A step after each point (counts that hold until they change).
    Steps,
}

/// One line of a chart: its name (in the legend), its points as
/// (day, value) and how it is drawn; `class` picks its colour in the stylesheet.
#[derive(Debug, Clone)]
pub struct Line {
    pub name: String,
    pub class: &'static str,
    pub stroke: Stroke,
    pub points: Vec<(time::Date, f64)>,
}

const W: f64 = 640.0;
const H: f64 = 260.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 56.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 56.0;

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The colour of a line's class, written into the SVG so that it is the
/// same in a page and in a PDF (which reads no stylesheet).
fn colour(class: &str) -> &'static str {
    match class {
        "reported" => "#2f6fb0",
        "contested" => "#b3261e",
        "target" | "done" => "#1b6e2d",
        // The stages of force integration, in their order.
        "stage-register" => "#5b6770",
        "stage-verify_identity" => "#2f6fb0",
        "stage-vet" => "#8a4baf",
        "stage-harmonise_rank" => "#b36b00",
        "stage-assign" => "#00838f",
        "stage-hand_over" => "#1b6e2d",
        "forecast" => "#b3261e",
        "deadline" => "#000000",
        _ => "#5b6770",
    }
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{v:.0}") } else { format!("{v:.2}") }
}

/// An SVG line chart titled `title` (its id `id`); `rtl` runs the days from right to left.
pub fn lines(id: &str, title: &str, lines: &[Line], rtl: bool) -> String {
    let all: Vec<(time::Date, f64)> = lines.iter().flat_map(|l| l.points.iter().copied()).collect();
    let id = escape(id);
    let mut svg = format!(
        "<svg class=\"chart\" id=\"{id}\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-labelledby=\"{id}-title\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-title\">{}</title>",
        escape(title)
    );
    let (Some(first), Some(last)) = (all.iter().map(|p| p.0).min(), all.iter().map(|p| p.0).max()) else {
        svg.push_str("</svg>");
        return svg;
    };
    let lo = all.iter().map(|p| p.1).fold(f64::INFINITY, f64::min).min(0.0);
    let mut hi = all.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    if hi <= lo {
        hi = lo + 1.0;
    }
    let span_days = ((last - first).whole_days()).max(1) as f64;
    let x = |d: time::Date| {
        let t = (d - first).whole_days() as f64 / span_days;
        let t = if rtl { 1.0 - t } else { t };
        LEFT + t * (W - LEFT - RIGHT)
    };
    let y = |v: f64| TOP + (1.0 - (v - lo) / (hi - lo)) * (H - TOP - BOTTOM);
    // Axes, the value axis on the side the days start from, and the ends of each labelled.
    let base = H - BOTTOM;
    let (axis_x, value_anchor, value_x) =
        if rtl { (W - RIGHT, "start", W - RIGHT + 4.0) } else { (LEFT, "end", LEFT - 4.0) };
    let _ = write!(
        svg,
        "<line class=\"axis\" stroke=\"#5b6770\" x1=\"{LEFT}\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\"/><line class=\"axis\" stroke=\"#5b6770\" x1=\"{axis_x}\" y1=\"{TOP}\" x2=\"{axis_x}\" y2=\"{base}\"/>",
        W - RIGHT
    );
    // The first and last day, each anchored inwards so that it is never cut off.
    for (d, inward) in [(first, !rtl), (last, rtl)] {
        let anchor = if inward { "start" } else { "end" };
        let _ = write!(
            svg,
            "<text class=\"tick\" font-size=\"12\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{d}</text>",
            x(d),
            base + 16.0
        );
    }
    for v in [lo, hi] {
        let _ = write!(
            svg,
            "<text class=\"tick\" font-size=\"12\" x=\"{value_x:.1}\" y=\"{:.1}\" text-anchor=\"{value_anchor}\">{}</text>",
            y(v) + 4.0,
            number(v)
        );
    }
    let mut legend_x = 0.0;
    for l in lines {
        let class = escape(l.class);
        let c = colour(l.class);
        let mut pts: Vec<(f64, f64)> = l.points.iter().map(|(d, v)| (x(*d), y(*v))).collect();
        if l.stroke == Stroke::Steps {
            let mut stepped = Vec::with_capacity(pts.len() * 2);
            for (i, p) in pts.iter().enumerate() {
                if i > 0 {
                    stepped.push((p.0, stepped.last().map_or(p.1, |q: &(f64, f64)| q.1)));
                }
                stepped.push(*p);
            }
            pts = stepped;
        }
        if l.stroke != Stroke::Dots && pts.len() > 1 {
            let path: Vec<String> = pts.iter().map(|(a, b)| format!("{a:.1},{b:.1}")).collect();
            let dash = if l.stroke == Stroke::Dashed { " stroke-dasharray=\"6 4\"" } else { "" };
            let _ = write!(
                svg,
                "<polyline class=\"series {class}\" fill=\"none\" stroke=\"{c}\" stroke-width=\"2\"{dash} points=\"{}\"/>",
                path.join(" ")
            );
        }
        for (d, v) in &l.points {
            let _ = write!(
                svg,
                "<circle class=\"point {class}\" fill=\"{c}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\"><title>{}: {d} — {}</title></circle>",
                x(*d),
                y(*v),
                escape(&l.name),
                number(*v)
            );
        }
        // The legend, one entry a line, along the bottom, each as wide as its name.
        let width = 24.0 + 6.5 * l.name.chars().count() as f64;
        let lx = if rtl { W - RIGHT - legend_x - width } else { LEFT + legend_x };
        legend_x += width + 12.0;
        let _ = write!(
            svg,
            "<rect class=\"key {class}\" fill=\"{c}\" x=\"{lx:.1}\" y=\"{:.1}\" width=\"10\" height=\"10\"/><text class=\"legend\" font-size=\"12\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            H - 20.0,
            lx + 14.0,
            H - 11.0,
            escape(&l.name)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn line(points: Vec<(time::Date, f64)>) -> Line {
        Line { name: "Reported <b>".into(), class: "reported", stroke: Stroke::Solid, points }
    }

    #[test]
    fn a_chart_escapes_its_text_and_mirrors_its_days_right_to_left() {
        let l = line(vec![(date!(2026 - 01 - 01), 1.0), (date!(2026 - 12 - 31), 9.0)]);
        let ltr = lines("c1", "Posts <filled>", std::slice::from_ref(&l), false);
        assert!(ltr.contains("Posts &lt;filled&gt;") && !ltr.contains("<b>") && !ltr.contains("<filled>"));
        assert!(ltr.contains("<title id=\"c1-title\">"));
        let first = |svg: &str| {
            let at = svg.find("<circle").unwrap();
            let cx = &svg[at..];
            cx[cx.find("cx=\"").unwrap() + 4..].split('"').next().unwrap().parse::<f64>().unwrap()
        };
        assert!(first(&ltr) < W / 2.0, "the first day on the left");
        let rtl = lines("c1", "t", &[l], true);
        assert!(first(&rtl) > W / 2.0, "the first day on the right in Arabic");
    }

    #[test]
    fn an_empty_chart_and_a_single_point_draw_without_failing() {
        assert!(lines("e", "t", &[], false).ends_with("</svg>"));
        let one = lines("o", "t", &[line(vec![(date!(2026 - 01 - 01), 5.0)])], false);
        assert!(one.contains("<circle") && !one.contains("NaN"));
    }
}
