//! SVG line charts (plotters, SVG backend only): generators f(u), densities and integrands over x,
//! and fitted models over a histogram of samples.
//!
//! # Examples
//!
//! ```
//! use fdiv::expr::Expr;
//! use fdiv::numeric::Compiled;
//! use fdiv::plot::{Chart, Series};
//!
//! let f = Compiled::new(&Expr::parse("u*log(u)").unwrap(), &["u"]).unwrap();
//! let chart = Chart::new("f(u) = u*log(u)", "u").with(Series::sample("f", 0.0, 4.0, 200, |u| f.eval(&[u])));
//! let svg = chart.to_svg_string().unwrap();
//! assert!(svg.starts_with("<svg"));
//! ```

use std::path::Path;

use plotters::prelude::*;

/// Why a chart could not be drawn or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlotError {
    /// No series has a finite point.
    #[error("nothing to plot: no finite values")]
    Empty,
    /// The drawing backend failed.
    #[error("drawing failed: {0}")]
    Draw(String),
    /// The file could not be written.
    #[error("cannot write {path}: {message}")]
    Write {
        /// The file.
        path: String,
        /// The operating system's message.
        message: String,
    },
}

/// A named polyline.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The legend's label.
    pub label: String,
    /// Points in drawing order; non-finite points are skipped when drawn.
    pub points: Vec<(f64, f64)>,
}

impl Series {
    /// `f` sampled at `n` evenly spaced points of (lo, hi] (the left end is excluded, so that
    /// generators on (0, ∞) can be plotted from 0).
    pub fn sample(label: &str, lo: f64, hi: f64, n: usize, f: impl Fn(f64) -> f64) -> Series {
        let n = n.max(2);
        let points = (1..=n)
            .map(|i| {
                let x = lo + (hi - lo) * i as f64 / n as f64;
                (x, f(x))
            })
            .collect();
        Series { label: label.to_string(), points }
    }
}

/// A histogram: bin edges (one more than the heights) and heights.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    /// Bin edges, increasing.
    pub edges: Vec<f64>,
    /// Bar heights (densities, for comparison with fitted densities).
    pub heights: Vec<f64>,
}

impl Histogram {
    /// A density histogram of `samples` with `bins` equal bins over their range.
    pub fn density(samples: &[f64], bins: usize) -> Option<Histogram> {
        let finite: Vec<f64> = samples.iter().copied().filter(|x| x.is_finite()).collect();
        let lo = finite.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = finite.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if finite.is_empty() || bins == 0 || lo >= hi {
            return None;
        }
        let width = (hi - lo) / bins as f64;
        let mut counts = vec![0usize; bins];
        for x in &finite {
            let i = (((x - lo) / width) as usize).min(bins - 1);
            counts[i] += 1;
        }
        let total = finite.len() as f64 * width;
        Some(Histogram {
            edges: (0..=bins).map(|i| lo + width * i as f64).collect(),
            heights: counts.iter().map(|&c| c as f64 / total).collect(),
        })
    }
}

/// A chart: title, axis label, line series and an optional histogram behind them.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// The caption.
    pub title: String,
    /// The x axis' label.
    pub x_label: String,
    /// The curves.
    pub series: Vec<Series>,
    /// Bars drawn behind the curves.
    pub histogram: Option<Histogram>,
}

impl Chart {
    /// An empty chart.
    pub fn new(title: &str, x_label: &str) -> Chart {
        Chart { title: title.to_string(), x_label: x_label.to_string(), series: Vec::new(), histogram: None }
    }

    /// The chart with one more series.
    pub fn with(mut self, series: Series) -> Chart {
        self.series.push(series);
        self
    }

    /// The chart with a histogram behind the curves.
    pub fn with_histogram(mut self, histogram: Histogram) -> Chart {
        self.histogram = Some(histogram);
        self
    }

    /// The SVG document.
    ///
    /// # Errors
    ///
    /// [`PlotError::Empty`] if there is no finite point; [`PlotError::Draw`] if drawing fails.
    pub fn to_svg_string(&self) -> Result<String, PlotError> {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (800, 500)).into_drawing_area();
            self.draw(&root)?;
            root.present().map_err(|e| PlotError::Draw(e.to_string()))?;
        }
        Ok(svg)
    }

    /// Writes the SVG document to `path`.
    ///
    /// # Errors
    ///
    /// As [`Chart::to_svg_string`], and [`PlotError::Write`] if the file cannot be written.
    pub fn write_svg(&self, path: &Path) -> Result<(), PlotError> {
        let svg = self.to_svg_string()?;
        std::fs::write(path, svg)
            .map_err(|e| PlotError::Write { path: path.display().to_string(), message: e.to_string() })
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, plotters::coord::Shift>) -> Result<(), PlotError> {
        let draw_err = |e: &dyn std::fmt::Display| PlotError::Draw(e.to_string());
        let (x_range, y_range) = self.ranges().ok_or(PlotError::Empty)?;
        root.fill(&WHITE).map_err(|e| draw_err(&e))?;
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(56)
            .build_cartesian_2d(x_range.0..x_range.1, y_range.0..y_range.1)
            .map_err(|e| draw_err(&e))?;
        chart.configure_mesh().x_desc(self.x_label.as_str()).draw().map_err(|e| draw_err(&e))?;
        if let Some(h) = &self.histogram {
            let bars = h.edges.windows(2).zip(&h.heights).map(|(edge, &height)| {
                Rectangle::new([(edge[0], 0.0), (edge[1], height.min(y_range.1))], RGBColor(200, 200, 200).filled())
            });
            chart.draw_series(bars).map_err(|e| draw_err(&e))?;
        }
        for (i, series) in self.series.iter().enumerate() {
            let color = Palette99::pick(i).to_rgba();
            // break the line at non-finite or clipped points rather than drawing through them
            for segment in series.points.split(|(x, y)| !x.is_finite() || !y.is_finite()) {
                let clipped = segment.iter().map(|&(x, y)| (x, y.clamp(y_range.0, y_range.1)));
                chart.draw_series(LineSeries::new(clipped, color.stroke_width(2))).map_err(|e| draw_err(&e))?;
            }
            chart
                .draw_series(std::iter::empty::<PathElement<(f64, f64)>>())
                .map_err(|e| draw_err(&e))?
                .label(series.label.as_str())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2)));
        }
        if !self.series.is_empty() {
            chart
                .configure_series_labels()
                .background_style(WHITE.mix(0.8))
                .border_style(BLACK)
                .draw()
                .map_err(|e| draw_err(&e))?;
        }
        Ok(())
    }

    /// The x range of all points, and a y range that ignores the extreme 2% of values at each end
    /// when they would flatten the rest (a pole such as −log u at 0).
    fn ranges(&self) -> Option<((f64, f64), (f64, f64))> {
        let points: Vec<(f64, f64)> = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().copied())
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .collect();
        let mut xs: Vec<f64> = points.iter().map(|p| p.0).collect();
        let mut ys: Vec<f64> = points.iter().map(|p| p.1).collect();
        if let Some(h) = &self.histogram {
            xs.extend(&h.edges);
            ys.extend(&h.heights);
            ys.push(0.0);
        }
        if xs.is_empty() {
            return None;
        }
        ys.sort_by(f64::total_cmp);
        let (x_lo, x_hi) =
            (xs.iter().copied().fold(f64::INFINITY, f64::min), xs.iter().copied().fold(f64::NEG_INFINITY, f64::max));
        let quantile = |q: f64| ys[((ys.len() - 1) as f64 * q).round() as usize];
        let (full_lo, full_hi) = (ys[0], ys[ys.len() - 1]);
        let (core_lo, core_hi) = (quantile(0.02), quantile(0.98));
        let core = (core_hi - core_lo).max(1e-12);
        let y_lo = if core_lo - full_lo > 2.0 * core { core_lo } else { full_lo };
        let y_hi = if full_hi - core_hi > 2.0 * core { core_hi } else { full_hi };
        let pad = ((y_hi - y_lo) * 0.05).max(1e-9);
        let x_pad = if x_hi > x_lo { 0.0 } else { 1.0 };
        Some(((x_lo - x_pad, x_hi + x_pad), (y_lo - pad, y_hi + pad)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pole_does_not_flatten_the_chart() {
        let chart = Chart::new("-log u", "u").with(Series::sample("f", 0.0, 4.0, 400, |u| -u.ln()));
        let (_, (lo, hi)) = chart.ranges().unwrap();
        assert!(hi < 10.0, "the pole at 0 is clipped: {lo}..{hi}");
        assert!(chart.to_svg_string().unwrap().contains("<polyline"));
    }

    #[test]
    fn empty_charts_are_errors() {
        let chart = Chart::new("nothing", "u").with(Series::sample("f", 0.0, 1.0, 10, |_| f64::NAN));
        assert_eq!(chart.to_svg_string(), Err(PlotError::Empty));
    }

    #[test]
    fn histograms_are_densities() {
        let samples: Vec<f64> = (0..1000).map(|i| i as f64 / 1000.0).collect();
        let h = Histogram::density(&samples, 10).unwrap();
        let area: f64 = h.edges.windows(2).zip(&h.heights).map(|(e, h)| (e[1] - e[0]) * h).sum();
        assert!((area - 1.0).abs() < 1e-12);
        assert!(Histogram::density(&[1.0, 1.0], 5).is_none());
    }
}
