//! A compact HTML summary of an assessment (notebooks show it; the full report lives in `report`).

use std::fmt::Write as _;

use rust_decimal::{Decimal, RoundingStrategy};

use super::model::Assessment;

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
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

fn percent(value: Option<Decimal>) -> String {
    value.map_or_else(
        || "—".to_owned(),
        |v| {
            format!(
                "{} %",
                (v * Decimal::ONE_HUNDRED).round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
            )
        },
    )
}

impl Assessment {
    /// A compact HTML table: per norm and site, the score and the result counts, then the readiness verdicts.
    /// Every string from the register is escaped.
    pub fn summary_html(&self) -> String {
        let mut out = String::new();
        let _ = write!(
            out,
            "<div class=\"iso-assessment\"><p><strong>{}</strong> — assessment as of {}</p>\
             <table><thead><tr><th>norm / site</th><th>score</th><th>conforming</th><th>partial</th>\
             <th>nonconforming</th><th>not assessed</th><th>N/A</th></tr></thead><tbody>",
            escape_html(&self.organisation_name),
            self.as_of
        );
        for norm in &self.norms {
            let row = |out: &mut String, label: &str, score: &super::Score, bold: bool| {
                let c = &score.counts;
                let (open, close) = if bold { ("<strong>", "</strong>") } else { ("", "") };
                let _ = write!(
                    out,
                    "<tr><td>{open}{}{close}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    escape_html(label),
                    percent(score.value),
                    c.conforming,
                    c.partially_conforming,
                    c.nonconforming,
                    c.not_assessed,
                    c.not_applicable
                );
            };
            row(&mut out, &norm.norm, &norm.score, true);
            for site in &norm.sites {
                row(&mut out, &format!("  {}", site.site), &site.score, false);
            }
        }
        out.push_str("</tbody></table><ul>");
        for r in &self.readiness {
            let _ = write!(
                out,
                "<li>{}: {} for an audit on {} ({} reason{})</li>",
                escape_html(&r.norm),
                if r.ready { "ready" } else { "<strong>not ready</strong>" },
                r.audit_date,
                r.reasons.len(),
                if r.reasons.len() == 1 { "" } else { "s" }
            );
        }
        let _ = write!(
            out,
            "</ul><p>{} gaps; {} evidence expiring soon; {} overdue actions</p></div>",
            self.gaps.len(),
            self.expiring.len(),
            self.overdue_actions.len()
        );
        out
    }
}
