//! Markdown: headings, facts as a list, GitHub tables; every user string escaped so that it renders as text.

use std::fmt::Write as _;

use super::model::{Block, Report, Table};

/// Escapes text for Markdown (and for the HTML a Markdown viewer produces).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn table(out: &mut String, t: &Table) {
    let _ = writeln!(out, "**{}**\n", escape(&t.title));
    if t.rows.is_empty() {
        let _ = writeln!(out, "_{}_\n", escape(&t.empty));
        return;
    }
    let headers: Vec<String> =
        t.columns.iter().map(|c| if c.label.is_empty() { " ".to_owned() } else { escape(&c.label) }).collect();
    let _ = writeln!(out, "| {} |", headers.join(" | "));
    let aligns: Vec<&str> = t
        .columns
        .iter()
        .map(|c| match c.kind {
            super::CellKind::Integer | super::CellKind::Number | super::CellKind::Percent => "---:",
            _ => "---",
        })
        .collect();
    let _ = writeln!(out, "| {} |", aligns.join(" | "));
    for row in &t.rows {
        let cells: Vec<String> = row.iter().map(|c| escape(&c.text)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

pub fn render(report: &Report) -> String {
    let m = &report.meta;
    let mut out = format!(
        "# {}\n\n**{}** — {} · {}\n\n",
        escape(&m.title),
        escape(&m.organisation),
        escape(&m.period_label),
        escape(&m.as_of_label)
    );
    for section in &report.sections {
        let _ = writeln!(out, "## {}\n", escape(&section.title));
        for block in &section.blocks {
            match block {
                Block::Heading { text } => {
                    let _ = writeln!(out, "### {}\n", escape(text));
                }
                Block::Paragraph { text } => {
                    let _ = writeln!(out, "{}\n", escape(text));
                }
                Block::Callout { text, .. } => {
                    let _ = writeln!(out, "> {}\n", escape(text));
                }
                Block::Facts { items } => {
                    for fact in items {
                        let _ = writeln!(out, "- {}: {}", escape(&fact.label), escape(&fact.value.text));
                    }
                    out.push('\n');
                }
                Block::Table(t) => table(&mut out, t),
                Block::Chart(c) => table(&mut out, &c.as_table()),
            }
        }
    }
    let _ = writeln!(out, "---\n\n{} · {} · SHA-256 `{}`", escape(&m.engine), escape(&m.period), m.fingerprint);
    out
}
