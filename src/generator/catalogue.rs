//! The catalogue: named generators of the common f-divergences.
//!
//! Each [`Entry`] has a stable name, aliases, the generator f(u) as text, the closed form of the
//! integrand q·f(p/q) *as stated in the literature* (a fixture for comparison: fdiv derives its
//! own), and a note stating its scaling where conventions differ (`js` is the lecture's
//! ½-scaled Jensen–Shannon divergence, at most log 2; `hellinger` has no ½, range [0, 2]).
//!
//! # Examples
//!
//! ```
//! use fdiv::generator::catalogue;
//! let kl = catalogue::lookup("forward-kl").unwrap();
//! assert_eq!(kl.name, "kl");
//! assert_eq!(kl.generator().f().to_string(), "u*log(u)");
//! ```

use super::Generator;
use crate::expr::Expr;

/// A named generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Stable name, e.g. `kl`.
    pub name: &'static str,
    /// Other names it is found by (case-insensitive), e.g. `forward-kl`.
    pub aliases: &'static [&'static str],
    /// Human-readable title.
    pub title: &'static str,
    /// f(u) as text.
    pub f: &'static str,
    /// The integrand q·f(p/q) as stated in the literature (a comparison fixture).
    pub integrand: &'static str,
    /// Scaling and range conventions.
    pub note: &'static str,
}

impl Entry {
    /// The generator, named.
    pub fn generator(&self) -> Generator {
        // the catalogue's formulas parse (unit-tested)
        Generator::new(Expr::parse(self.f).expect("catalogue formula parses")).named(self.name)
    }

    /// The stated integrand as an expression.
    pub fn stated_integrand(&self) -> Expr {
        Expr::parse(self.integrand).expect("catalogue formula parses")
    }
}

#[rustfmt::skip]
const ENTRIES: &[Entry] = &[
    Entry { name: "kl", aliases: &["forward-kl", "kl-forward", "kullback-leibler", "relative-entropy"], title: "forward Kullback–Leibler",
        f: "u*log(u)", integrand: "p*log(p/q)", note: "KL(P‖Q) ∈ [0, ∞]" },
    Entry { name: "reverse-kl", aliases: &["rkl", "backward-kl", "kl-reverse"], title: "reverse Kullback–Leibler",
        f: "-log(u)", integrand: "q*log(q/p)", note: "KL(Q‖P)" },
    Entry { name: "pearson", aliases: &["chi2", "chi-squared", "chi-square", "pearson-chi2"], title: "Pearson χ²",
        f: "(u - 1)^2", integrand: "(p - q)^2/q", note: "no ½" },
    Entry { name: "neyman", aliases: &["neyman-chi2", "reverse-chi2"], title: "Neyman χ²",
        f: "(1 - u)^2/u", integrand: "(p - q)^2/p", note: "no ½" },
    Entry { name: "hellinger", aliases: &["squared-hellinger", "hellinger2"], title: "squared Hellinger",
        f: "(sqrt(u) - 1)^2", integrand: "(sqrt(p) - sqrt(q))^2", note: "no ½: range [0, 2]" },
    Entry { name: "tv", aliases: &["total-variation"], title: "total variation",
        f: "1/2*abs(u - 1)", integrand: "1/2*abs(p - q)", note: "with ½: range [0, 1]" },
    Entry { name: "js", aliases: &["jensen-shannon", "jsd"], title: "Jensen–Shannon",
        f: "1/2*(u*log(u) - (u + 1)*log((u + 1)/2))", integrand: "1/2*(p*log(2*p/(p + q)) + q*log(2*q/(p + q)))",
        note: "the lecture's: ½KL(P‖M) + ½KL(Q‖M), M = (P+Q)/2, at most log 2" },
    Entry { name: "jeffreys", aliases: &["symmetric-kl", "j-divergence"], title: "Jeffreys",
        f: "(u - 1)*log(u)", integrand: "(p - q)*log(p/q)", note: "KL(P‖Q) + KL(Q‖P)" },
    Entry { name: "triangular", aliases: &["triangular-discrimination", "vincze-le-cam"], title: "triangular discrimination",
        f: "(u - 1)^2/(u + 1)", integrand: "(p - q)^2/(p + q)", note: "range [0, 2]" },
    Entry { name: "alpha-neg1", aliases: &["alpha=-1"], title: "α-divergence (Amari), α = −1",
        f: "(u^(-1) - 1 - (-1)*(u - 1))/((-1)*(-1 - 1))", integrand: "(p^(-1)*q^2 + p - 2*q)/2",
        note: "(u^α − 1 − α(u−1))/(α(α−1)) at α = −1: ½ Neyman χ²" },
    Entry { name: "alpha-half", aliases: &["alpha=1/2"], title: "α-divergence (Amari), α = ½",
        f: "(u^(1/2) - 1 - 1/2*(u - 1))/(1/2*(1/2 - 1))", integrand: "(p^(1/2)*q^(1/2) - 1/2*p - 1/2*q)/(-1/4)",
        note: "(u^α − 1 − α(u−1))/(α(α−1)) at α = ½: 2× the squared Hellinger" },
    Entry { name: "alpha-2", aliases: &["alpha=2"], title: "α-divergence (Amari), α = 2",
        f: "(u^2 - 1 - 2*(u - 1))/(2*(2 - 1))", integrand: "(p^2*q^(-1) - 2*p + q)/2",
        note: "(u^α − 1 − α(u−1))/(α(α−1)) at α = 2: ½ Pearson χ²" },
    Entry { name: "alpha-3", aliases: &["alpha=3"], title: "α-divergence (Amari), α = 3",
        f: "(u^3 - 1 - 3*(u - 1))/(3*(3 - 1))", integrand: "(p^3*q^(-2) - 3*p + 2*q)/6",
        note: "(u^α − 1 − α(u−1))/(α(α−1)) at α = 3" },
    // TensorFlow Probability's Csiszár functions (tfp.vi) not above, and the f-GAN rows (Nowozin,
    // Cseke & Tomioka 2016, Table 1) not above. Unnormalised published forms are stored as
    // f − f(1) (the divergence changes by the constant f(1)); the note gives the published f(1).
    Entry { name: "js-tfp", aliases: &["jensen-shannon-tfp"], title: "Jensen–Shannon (TFP, normalised)",
        f: "u*log(u) - (1 + u)*log(1 + u) + 2*log(2)", integrand: "p*log(p) + q*log(q) - (p + q)*log(p + q) + 2*log(2)*q",
        note: "tfp.vi.jensen_shannon without self_normalized has f(1) = -2 log 2; stored as f - f(1): 2 JS up to c(u-1)" },
    Entry { name: "arithmetic-geometric", aliases: &["ag"], title: "arithmetic–geometric (TFP, normalised)",
        f: "(1 + u)*log((1 + u)/sqrt(u)) - 2*log(2)", integrand: "(p + q)*log((p + q)/(2*sqrt(p*q)))",
        note: "tfp.vi.arithmetic_geometric has f(1) = 2 log 2; stored as f - f(1)" },
    Entry { name: "t-power-neg1", aliases: &["t-power=-1"], title: "t-power (TFP), t = −1",
        f: "u^(-1) - 1", integrand: "q^2/p - q", note: "s(u^t - 1), s = +1 for t < 0 or t > 1, -1 for 0 < t < 1" },
    Entry { name: "t-power-half", aliases: &["t-power=1/2"], title: "t-power (TFP), t = ½",
        f: "1 - u^(1/2)", integrand: "q - sqrt(p*q)", note: "s(u^t - 1) with s = -1 for 0 < t < 1: ½ the squared Hellinger up to c(u-1)" },
    Entry { name: "t-power-2", aliases: &["t-power=2"], title: "t-power (TFP), t = 2",
        f: "u^2 - 1", integrand: "p^2/q - q", note: "s(u^t - 1), s = +1: Pearson up to c(u-1)" },
    Entry { name: "t-power-3", aliases: &["t-power=3"], title: "t-power (TFP), t = 3",
        f: "u^3 - 1", integrand: "p^3/q^2 - q", note: "s(u^t - 1), s = +1" },
    Entry { name: "log1p-abs", aliases: &["log1p_abs"], title: "log1p-abs (TFP)",
        f: "max(u, 1/u) - 1", integrand: "max(p, q^2/p) - q", note: "tfp.vi.log1p_abs: u^sign(u - 1) - 1" },
    Entry { name: "jeffreys-half", aliases: &["jeffreys-tfp"], title: "Jeffreys (TFP, with ½)",
        f: "1/2*(u - 1)*log(u)", integrand: "1/2*(p - q)*log(p/q)", note: "tfp.vi.jeffreys has the ½: half of jeffreys" },
    Entry { name: "modified-gan", aliases: &["modified_gan"], title: "modified GAN (TFP, normalised)",
        f: "log(1 + u) - log(u) - log(2)", integrand: "q*log((p + q)/(2*p))",
        note: "tfp.vi.modified_gan has f(1) = log 2; stored as f - f(1) (TFP's self_normalized makes f'(1) = 0 instead)" },
    Entry { name: "js-fgan", aliases: &["jensen-shannon-fgan"], title: "Jensen–Shannon (f-GAN)",
        f: "u*log(u) - (u + 1)*log((u + 1)/2)", integrand: "p*log(2*p/(p + q)) + q*log(2*q/(p + q))",
        note: "f-GAN's row is 2 JSD, at most 2 log 2 (js is half of it)" },
    Entry { name: "js-weighted-quarter", aliases: &["js-weighted=1/4"], title: "Jensen–Shannon weighted (f-GAN), π = ¼",
        f: "1/4*u*log(u) - (3/4 + 1/4*u)*log(3/4 + 1/4*u)", integrand: "1/4*p*log(p/(3/4*q + 1/4*p)) + 3/4*q*log(q/(3/4*q + 1/4*p))",
        note: "π u log u - (1 - π + π u) log(1 - π + π u) at π = 1/4" },
    Entry { name: "gan", aliases: &["gan-fgan"], title: "GAN (f-GAN, normalised)",
        f: "u*log(u) - (u + 1)*log(u + 1) + 2*log(2)", integrand: "p*log(p) + q*log(q) - (p + q)*log(p + q) + 2*log(2)*q",
        note: "f-GAN's row has f(1) = -log 4; stored as f - f(1): 2 JSD up to c(u-1)" },
    Entry { name: "le-cam", aliases: &["lecam"], title: "Le Cam",
        f: "(1 - u)^2/(2*(u + 1))", integrand: "(p - q)^2/(2*(p + q))", note: "half the triangular discrimination: range [0, 1]" },
];
/// Every entry, in table order.
pub fn entries() -> &'static [Entry] {
    ENTRIES
}

/// The entry called `name` or one of its aliases (case-insensitive).
pub fn lookup(name: &str) -> Option<&'static Entry> {
    let name = name.trim().to_lowercase();
    ENTRIES.iter().find(|e| e.name == name || e.aliases.contains(&name.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_formula_parses_and_names_are_unique() {
        let mut names = std::collections::HashSet::new();
        for e in entries() {
            assert!(Expr::parse(e.f).is_ok(), "{}", e.name);
            assert!(Expr::parse(e.integrand).is_ok(), "{}", e.name);
            assert!(names.insert(e.name));
            for a in e.aliases {
                assert!(names.insert(a), "alias {a} used twice");
            }
        }
        assert_eq!(lookup("JSD").map(|e| e.name), Some("js"));
        assert_eq!(lookup("nonsense"), None);
    }
}
