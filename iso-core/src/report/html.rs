//! HTML: the built-in template (or a user's) rendered with minijinja, autoescaping on and undefined variables refused.

use std::collections::BTreeMap;

use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};

use super::model::{Block, Report};
use super::svg;
use crate::error::ReportError;

const TEMPLATE: &str = include_str!("templates/report.html");
/// The built-in stylesheet (also given to user templates as `css`).
pub const CSS: &str = include_str!("templates/report.css");

fn template_error(e: &minijinja::Error) -> ReportError {
    let mut message = e.to_string();
    if let Some(detail) = e.detail() {
        if !message.contains(detail) {
            message = format!("{message}: {detail}");
        }
    }
    ReportError::Template { message, line: e.line().and_then(|l| u32::try_from(l).ok()) }
}

pub fn render(report: &Report, template: Option<&str>) -> Result<String, ReportError> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.add_template("report.html", template.unwrap_or(TEMPLATE)).map_err(|e| template_error(&e))?;
    let charts: BTreeMap<String, Value> = report
        .sections
        .iter()
        .flat_map(|s| s.blocks.iter())
        .filter_map(|b| match b {
            Block::Chart(c) => Some((c.id.clone(), Value::from_safe_string(svg::render(c)))),
            _ => None,
        })
        .collect();
    let context = minijinja::context! {
        report => Value::from(Serde(report)),
        charts => charts,
        css => Value::from_safe_string(CSS.to_owned()),
    };
    let template = env.get_template("report.html").map_err(|e| template_error(&e))?;
    template.render(context).map_err(|e| template_error(&e))
}
