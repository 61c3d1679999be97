//! The human-editable TOML catalogue file format (documented in `catalogues/FORMAT.md`) and its conversion into the
//! catalogue model. Every entry keeps its position so that validation errors name file, line and column.

use serde::Deserialize;
use toml::Spanned;

use super::model::{ClauseMap, DocumentedInfo, HsClause, MaturityLevel, Norm, NormKind, Relation, Structure};
use super::{Clause, Requirement};
use crate::error::{CatalogueError, LineIndex, Location};
use crate::text::Text;

/// A catalogue file as written: a norm (`[norm]` with clauses, requirements and maturity levels), and/or the
/// harmonized structure (`[structure]`), and/or clause mapping rows (`[[map]]`).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "iso-core catalogue file",
    description = "A norm, the harmonized structure, or clause mappings (see FORMAT.md)"
)]
pub struct CatalogueFile {
    /// The norm this file describes.
    #[schemars(with = "Option<NormEntry>")]
    pub norm: Option<Spanned<NormEntry>>,
    /// For guidance norms: the maturity scale.
    #[serde(default)]
    #[schemars(with = "Vec<MaturityEntry>")]
    pub maturity: Vec<Spanned<MaturityEntry>>,
    /// The norm's clauses.
    #[serde(default)]
    #[schemars(with = "Vec<ClauseEntry>")]
    pub clause: Vec<Spanned<ClauseEntry>>,
    /// The norm's requirements.
    #[serde(default)]
    #[schemars(with = "Vec<RequirementEntry>")]
    pub requirement: Vec<Spanned<RequirementEntry>>,
    /// The harmonized structure shared by management-system norms.
    #[schemars(with = "Option<StructureEntry>")]
    pub structure: Option<Spanned<StructureEntry>>,
    /// Direct relations between clauses of different norms.
    #[serde(default)]
    #[schemars(with = "Vec<MapEntry>")]
    pub map: Vec<Spanned<MapEntry>>,
}

/// A text given in English and optionally French and Portuguese (which default to the English).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TextEntry {
    /// English (required, not blank).
    pub en: String,
    /// French.
    pub fr: Option<String>,
    /// Portuguese.
    pub pt: Option<String>,
}

impl TextEntry {
    fn into_text(self) -> Text {
        let fallback =
            |t: Option<String>, en: &str| t.filter(|t| !t.trim().is_empty()).unwrap_or_else(|| en.to_owned());
        let fr = fallback(self.fr, &self.en);
        let pt = fallback(self.pt, &self.en);
        Text { en: self.en, fr, pt }
    }
}

/// The `[norm]` table.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NormEntry {
    /// Display id, unique: `ISO 14001:2015`.
    pub id: String,
    /// Id prefix without spaces or `/`: `ISO14001:2015`.
    pub key: String,
    /// `requirements` or `guidance`.
    pub kind: NormKind,
    /// Full title.
    pub title: TextEntry,
    /// Version of this data file.
    #[serde(default)]
    pub data_version: String,
    /// Amendments folded into the file.
    #[serde(default)]
    pub amendments: Vec<String>,
}

/// A `[[maturity]]` level.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MaturityEntry {
    /// Integer level.
    pub level: u8,
    /// Short label.
    pub label: TextEntry,
    /// What the level means.
    pub description: TextEntry,
}

/// A `[[clause]]`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClauseEntry {
    /// Number, unique within the norm.
    pub number: String,
    /// Title.
    pub title: TextEntry,
    /// Parent clause number; by default the number without its last dotted segment.
    pub parent: Option<String>,
    /// Harmonized-structure clause number.
    pub hs: Option<String>,
    /// Relation of this clause's requirements to the harmonized-structure clause's (default `equal`).
    #[serde(default)]
    pub hs_relation: Relation,
}

/// A `[[requirement]]`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequirementEntry {
    /// The clause number.
    pub clause: String,
    /// The item, unique within the clause.
    pub item: String,
    /// Auditable statement.
    pub statement: TextEntry,
    /// `none` (default), `maintain` or `retain`.
    #[serde(default)]
    pub documented: DocumentedInfo,
    /// What must be documented.
    pub information: Option<TextEntry>,
    /// May the requirement be declared not applicable?
    #[serde(default)]
    pub excludable: bool,
    /// The amendment that introduced it.
    pub amendment: Option<String>,
}

/// The `[structure]` table: the harmonized structure.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StructureEntry {
    /// Always `HS`.
    pub id: String,
    /// Version of the data.
    #[serde(default)]
    pub data_version: String,
    /// Title.
    pub title: TextEntry,
    /// The structure's clauses.
    #[serde(default)]
    #[schemars(with = "Vec<StructureClauseEntry>")]
    pub clause: Vec<Spanned<StructureClauseEntry>>,
}

/// A `[[structure.clause]]`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StructureClauseEntry {
    /// Number: `7.5`.
    pub number: String,
    /// Title.
    pub title: TextEntry,
}

/// A `[[map]]` row.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MapEntry {
    /// Clause id.
    pub from: String,
    /// Clause id.
    pub to: String,
    /// `from`'s requirements relative to `to`'s.
    pub relation: Relation,
    /// Why.
    pub note: Option<String>,
}

/// Parses one file's text. Only syntax and types are checked here; rules are checked when the catalogue is built.
pub(crate) fn parse(name: &str, text: &str) -> Result<CatalogueFile, CatalogueError> {
    let limit = super::MAX_FILE_BYTES;
    if text.len() as u64 > limit {
        return Err(CatalogueError::TooLarge { file: name.to_owned(), size: text.len() as u64, limit });
    }
    toml::from_str(text).map_err(|e| {
        let location = match e.span() {
            Some(span) => Location::at_offset(name, text, span.start),
            None => Location::file(name),
        };
        CatalogueError::Syntax { location, message: e.message().trim_end_matches(['\n', '.']).to_owned() }
    })
}

/// Parts of a catalogue with, for each entry, where it was defined.
#[derive(Debug, Default)]
pub(crate) struct Draft {
    pub norms: Vec<(Norm, Location)>,
    /// The structure, where it was defined, and where each of its clauses was.
    pub structure: Option<(Structure, Location, Vec<Location>)>,
    /// How many `[structure]` tables were seen (more than one is an error).
    pub structure_count: usize,
    pub clauses: Vec<(Clause, Location)>,
    pub requirements: Vec<(Requirement, Location)>,
    pub maps: Vec<(ClauseMap, Location)>,
    /// Entries found without a `[norm]` (reported at validation).
    pub orphans: Vec<(String, Location)>,
}

impl Draft {
    /// Adds one parsed file to the draft. `text` is the file's text, for positions.
    pub fn add(&mut self, name: &str, text: &str, file: CatalogueFile) {
        let lines = LineIndex::new(text);
        let at = |offset: usize| lines.locate(name, offset);
        match file.norm {
            Some(norm) => {
                let norm_at = at(norm.span().start);
                let entry = norm.into_inner();
                let key = entry.key.clone();
                let norm_id = entry.id.clone();
                let maturity = file
                    .maturity
                    .into_iter()
                    .map(|m| {
                        let m = m.into_inner();
                        MaturityLevel {
                            level: m.level,
                            label: m.label.into_text(),
                            description: m.description.into_text(),
                        }
                    })
                    .collect();
                self.norms.push((
                    Norm {
                        id: entry.id,
                        key: entry.key,
                        kind: entry.kind,
                        title: entry.title.into_text(),
                        data_version: entry.data_version,
                        amendments: entry.amendments,
                        maturity,
                        source: name.to_owned(),
                    },
                    norm_at,
                ));
                for clause in file.clause {
                    let location = at(clause.span().start);
                    let c = clause.into_inner();
                    let parent_number = c.parent.or_else(|| c.number.rsplit_once('.').map(|(p, _)| p.to_owned()));
                    self.clauses.push((
                        Clause {
                            id: format!("{key}/{}", c.number),
                            norm: norm_id.clone(),
                            parent: parent_number.map(|p| format!("{key}/{p}")),
                            number: c.number,
                            title: c.title.into_text(),
                            hs: c.hs,
                            hs_relation: c.hs_relation,
                        },
                        location,
                    ));
                }
                for requirement in file.requirement {
                    let location = at(requirement.span().start);
                    let r = requirement.into_inner();
                    self.requirements.push((
                        Requirement {
                            id: format!("{key}/{}/{}", r.clause, r.item),
                            norm: norm_id.clone(),
                            clause: format!("{key}/{}", r.clause),
                            item: r.item,
                            statement: r.statement.into_text(),
                            documented: r.documented,
                            information: r.information.map(TextEntry::into_text),
                            excludable: r.excludable,
                            amendment: r.amendment,
                        },
                        location,
                    ));
                }
            }
            None => {
                let orphans = file.clause.iter().map(|c| (c.get_ref().number.clone(), c.span().start));
                let orphans = orphans.chain(file.requirement.iter().map(|r| {
                    let entry = r.get_ref();
                    (format!("{}/{}", entry.clause, entry.item), r.span().start)
                }));
                let orphans = orphans
                    .chain(file.maturity.iter().map(|m| (format!("maturity {}", m.get_ref().level), m.span().start)));
                let orphans: Vec<_> = orphans.map(|(id, offset)| (id, at(offset))).collect();
                self.orphans.extend(orphans);
            }
        }
        if let Some(structure) = file.structure {
            self.structure_count += 1;
            let structure_at = at(structure.span().start);
            let entry = structure.into_inner();
            let (clauses, locations): (Vec<_>, Vec<_>) = entry
                .clause
                .into_iter()
                .map(|c| {
                    let location = at(c.span().start);
                    let c = c.into_inner();
                    (
                        HsClause {
                            id: format!("{}/{}", entry.id, c.number),
                            number: c.number,
                            title: c.title.into_text(),
                        },
                        location,
                    )
                })
                .unzip();
            if self.structure.is_none() {
                let structure = Structure {
                    id: entry.id,
                    title: entry.title.into_text(),
                    data_version: entry.data_version,
                    clauses,
                };
                self.structure = Some((structure, structure_at, locations));
            }
        }
        for map in file.map {
            let location = at(map.span().start);
            let m = map.into_inner();
            self.maps.push((ClauseMap { from: m.from, to: m.to, relation: m.relation, note: m.note }, location));
        }
    }
}
