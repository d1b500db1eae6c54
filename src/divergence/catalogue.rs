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
//! use fdiv::divergence::catalogue;
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
    Entry { name: "kl", aliases: &["forward-kl", "kullback-leibler", "relative-entropy"], title: "forward Kullback–Leibler",
        f: "u*log(u)", integrand: "p*log(p/q)", note: "KL(P‖Q) ∈ [0, ∞]" },
    Entry { name: "reverse-kl", aliases: &["rkl", "backward-kl"], title: "reverse Kullback–Leibler",
        f: "-log(u)", integrand: "q*log(q/p)", note: "KL(Q‖P)" },
    Entry { name: "pearson", aliases: &["chi2", "chi-squared", "pearson-chi2"], title: "Pearson χ²",
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
