//! `iso catalogue …`: list, show, validate, search, equivalents, schema.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use iso_core::Lang;
use iso_core::catalogue::{Catalogue, ClauseFilter, NormKind, RequirementFilter};

use crate::{Failure, emit};

#[derive(Args)]
pub struct Source {
    /// Add your own catalogue files (a file or a folder of *.toml) to the built-in catalogue.
    #[arg(long = "catalogue", value_name = "PATH")]
    pub extra: Vec<PathBuf>,
}

impl Source {
    pub fn load(&self) -> Result<Catalogue, Failure> {
        let mut builder = Catalogue::builder().with_builtin()?;
        for path in &self.extra {
            builder = builder.with_path(path)?;
        }
        Ok(builder.build()?)
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// Human-readable text.
    Text,
    /// JSON, for programs.
    Json,
}

#[derive(Subcommand)]
pub enum Command {
    /// List the norms.
    List {
        #[command(flatten)]
        source: Source,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Show a norm's clause tree and requirements.
    Show {
        /// Norm id or key: "ISO 14001:2015", ISO14001:2015.
        norm: String,
        /// Language of titles and statements: en, fr, pt.
        #[arg(long, default_value = "en")]
        lang: Lang,
        /// Only this clause and its sub-clauses (a number such as 7.5).
        #[arg(long)]
        clause: Option<String>,
        /// Only the clause tree, without requirements.
        #[arg(long)]
        clauses_only: bool,
        #[command(flatten)]
        source: Source,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Validate catalogue files (exit 2 and every problem listed when invalid).
    Validate {
        /// Files or folders of *.toml.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Validate together with the built-in catalogue (to check mappings onto built-in clauses).
        #[arg(long)]
        with_builtin: bool,
    },
    /// Search clause titles and requirement statements (accents and case ignored).
    Search {
        /// Words that must all occur.
        query: String,
        /// Search only this language.
        #[arg(long)]
        lang: Option<Lang>,
        #[command(flatten)]
        source: Source,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Clauses of other norms that correspond to a clause.
    Equivalents {
        /// A harmonized-structure clause number (7.5), or a clause id (ISO14001:2015/8.2).
        clause: String,
        /// Read CLAUSE as a clause number of this norm.
        #[arg(long)]
        norm: Option<String>,
        /// Language of titles.
        #[arg(long, default_value = "en")]
        lang: Lang,
        #[command(flatten)]
        source: Source,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Write the JSON Schemas of catalogue files and of serialized catalogues.
    Schema {
        /// Output folder.
        #[arg(long, default_value = "catalogues/schema")]
        out: PathBuf,
    },
}

fn json(value: &impl serde::Serialize) -> Result<String, Failure> {
    serde_json::to_string_pretty(value).map(|s| s + "\n").map_err(|e| Failure::Operation(e.to_string()))
}

pub fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::List { source, format } => list(&source.load()?, format),
        Command::Show { norm, lang, clause, clauses_only, source, format } => {
            show(&source.load()?, &norm, lang, clause.as_deref(), clauses_only, format)
        }
        Command::Validate { paths, with_builtin } => validate(&paths, with_builtin),
        Command::Search { query, lang, source, format } => {
            let catalogue = source.load()?;
            let hits = catalogue.search(&query, lang);
            match format {
                Format::Json => emit(&json(&hits)?),
                Format::Text => {
                    let mut out = String::new();
                    for hit in &hits {
                        let _ = writeln!(out, "{:<28} [{} {}] {}", hit.id, hit.field, hit.lang, hit.text);
                    }
                    let _ = writeln!(out, "{} hit{}", hits.len(), if hits.len() == 1 { "" } else { "s" });
                    emit(&out)
                }
            }
        }
        Command::Equivalents { clause, norm, lang, source, format } => {
            let catalogue = source.load()?;
            let id = match (&norm, clause.contains('/')) {
                (Some(norm), false) => format!("{}/{clause}", catalogue.resolve_norm(norm)?.key),
                (None, false) => format!("HS/{clause}"),
                (_, true) => clause.clone(),
            };
            let equivalents = catalogue.equivalents(&id)?;
            match format {
                Format::Json => emit(&json(&equivalents)?),
                Format::Text => {
                    let mut out = String::new();
                    let heading = match id.strip_prefix("HS/") {
                        Some(number) => catalogue
                            .structure()
                            .and_then(|s| s.clauses.iter().find(|c| c.number == number))
                            .map_or_else(|| id.clone(), |c| format!("{id} {}", c.title.get(lang))),
                        None => {
                            catalogue.clause(&id).map_or_else(|| id.clone(), |c| format!("{id} {}", c.title.get(lang)))
                        }
                    };
                    let _ = writeln!(out, "{heading}");
                    for e in &equivalents {
                        let title = catalogue.clause(&e.clause).map_or("", |c| c.title.get(lang));
                        let _ = writeln!(out, "  {:<26} {:<10} via {:<8} {title}", e.clause, e.relation, e.via);
                    }
                    if equivalents.is_empty() {
                        let _ = writeln!(out, "  (no equivalent clause)");
                    }
                    emit(&out)
                }
            }
        }
        Command::Schema { out } => {
            std::fs::create_dir_all(&out)
                .map_err(|e| Failure::Operation(format!("cannot create {}: {e}", out.display())))?;
            for (name, schema) in [
                ("catalogue-file.schema.json", Catalogue::file_schema()),
                ("catalogue.schema.json", Catalogue::data_schema()),
            ] {
                let path = out.join(name);
                std::fs::write(&path, json(&schema)?)
                    .map_err(|e| Failure::Operation(format!("cannot write {}: {e}", path.display())))?;
                eprintln!("wrote {}", path.display());
            }
            Ok(())
        }
    }
}

fn list(catalogue: &Catalogue, format: Format) -> Result<(), Failure> {
    if let Format::Json = format {
        let rows: Vec<_> = catalogue
            .norms()
            .iter()
            .map(|n| {
                let filter = RequirementFilter::new().norm(n.id.as_str());
                serde_json::json!({
                    "id": n.id, "key": n.key, "kind": n.kind, "title": n.title,
                    "clauses": catalogue.find_clauses(&ClauseFilter::new().norm(n.id.as_str())).map(|c| c.len()).unwrap_or(0),
                    "requirements": catalogue.find_requirements(&filter).map(|r| r.len()).unwrap_or(0),
                    "data_version": n.data_version,
                })
            })
            .collect();
        return emit(&json(&rows)?);
    }
    let mut out = format!("{:<16} {:<12} {:>7} {:>12}  {}\n", "NORM", "KIND", "CLAUSES", "REQUIREMENTS", "TITLE");
    for n in catalogue.norms() {
        let clauses = catalogue.find_clauses(&ClauseFilter::new().norm(n.id.as_str()))?.len();
        let requirements = catalogue.find_requirements(&RequirementFilter::new().norm(n.id.as_str()))?.len();
        let kind = match n.kind {
            NormKind::Requirements => "requirements",
            NormKind::Guidance => "guidance",
        };
        let _ = writeln!(out, "{:<16} {kind:<12} {clauses:>7} {requirements:>12}  {}", n.id, n.title.en);
    }
    emit(&out)
}

fn show(
    catalogue: &Catalogue,
    norm: &str,
    lang: Lang,
    clause: Option<&str>,
    clauses_only: bool,
    format: Format,
) -> Result<(), Failure> {
    let norm = catalogue.resolve_norm(norm)?;
    let mut filter = ClauseFilter::new().norm(norm.id.as_str());
    if let Some(clause) = clause {
        filter = filter.clause(clause);
    }
    let clauses = catalogue.find_clauses(&filter)?;
    if clauses.is_empty() {
        return Err(Failure::Input(format!("{} has no clause {:?}", norm.id, clause.unwrap_or_default())));
    }
    if let Format::Json = format {
        let requirements: Vec<_> = if clauses_only {
            Vec::new()
        } else {
            clauses.iter().flat_map(|c| catalogue.requirements().iter().filter(move |r| r.clause == c.id)).collect()
        };
        return emit(&json(&serde_json::json!({ "norm": norm, "clauses": clauses, "requirements": requirements }))?);
    }
    let mut out = format!("{} — {}\n", norm.id, norm.title.get(lang));
    if !norm.amendments.is_empty() {
        let _ = writeln!(out, "including {}", norm.amendments.join(", "));
    }
    for level in &norm.maturity {
        let _ =
            writeln!(out, "  maturity {}: {} — {}", level.level, level.label.get(lang), level.description.get(lang));
    }
    for c in clauses {
        let depth = c.number.matches('.').count();
        let hs =
            c.hs.as_ref()
                .map(|h| {
                    format!(
                        "  [HS {h}{}]",
                        if c.hs_relation == iso_core::catalogue::Relation::Equal {
                            String::new()
                        } else {
                            format!(", {}", c.hs_relation)
                        }
                    )
                })
                .unwrap_or_default();
        let _ = writeln!(out, "{}{} {}{hs}", "  ".repeat(depth), c.number, c.title.get(lang));
        if clauses_only {
            continue;
        }
        for r in catalogue.requirements().iter().filter(|r| r.clause == c.id) {
            let mut flags = Vec::new();
            if r.documented.is_required() {
                let what = r.information.as_ref().map(|i| format!(": {}", i.get(lang))).unwrap_or_default();
                flags.push(format!("{}{what}", r.documented.as_str()));
            }
            if r.excludable {
                flags.push("excludable".to_owned());
            }
            let flags = if flags.is_empty() { String::new() } else { format!("  [{}]", flags.join("; ")) };
            let _ = writeln!(out, "{}  - {}) {}{flags}", "  ".repeat(depth), r.item, r.statement.get(lang));
        }
    }
    emit(&out)
}

fn validate(paths: &[PathBuf], with_builtin: bool) -> Result<(), Failure> {
    let mut builder = if with_builtin { Catalogue::builder().with_builtin()? } else { Catalogue::builder() };
    for path in paths {
        builder = builder.with_path(path)?;
    }
    let catalogue = builder.build()?;
    let builtin: Vec<String> =
        if with_builtin { Catalogue::builtin()?.norms().iter().map(|n| n.id.clone()).collect() } else { Vec::new() };
    let mut out = String::new();
    for norm in catalogue.norms().iter().filter(|n| !builtin.contains(&n.id)) {
        let clauses = catalogue.find_clauses(&ClauseFilter::new().norm(norm.id.as_str()))?.len();
        let requirements = catalogue.find_requirements(&RequirementFilter::new().norm(norm.id.as_str()))?.len();
        let _ = writeln!(out, "ok: {} ({}): {clauses} clauses, {requirements} requirements", norm.id, norm.source);
    }
    if let Some(structure) = catalogue.structure() {
        let _ = writeln!(
            out,
            "ok: {}: {} clauses, {} mapping rows",
            structure.id,
            structure.clauses.len(),
            catalogue.data().maps.len()
        );
    }
    emit(&out)
}
