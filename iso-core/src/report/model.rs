//! The report model: plain data that every renderer reads. Cells carry both their typed value and their text in
//! the report's language, so renderers never format numbers themselves.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::text::Lang;

/// A report: metadata and sections, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Report {
    /// Who, when, what.
    pub meta: Meta,
    /// The sections, in reading order.
    pub sections: Vec<Section>,
}

/// Report metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Meta {
    /// Title.
    pub title: String,
    /// Language.
    pub lang: Lang,
    /// Organisation name.
    pub organisation: String,
    /// The period, as written (`2025`).
    pub period: String,
    /// The period in words.
    pub period_label: String,
    /// First day of the period.
    #[schemars(with = "String")]
    pub period_start: NaiveDate,
    /// Last day of the period.
    #[schemars(with = "String")]
    pub period_end: NaiveDate,
    /// The date of the situation reported.
    #[schemars(with = "String")]
    pub as_of: NaiveDate,
    /// The date of the situation, written out in the report's language.
    pub as_of_label: String,
    /// `iso-core 0.1.0`.
    pub engine: String,
    /// SHA-256 of the canonical inputs (catalogue, register, options, indicator data, waste data), hexadecimal.
    pub fingerprint: String,
}

/// A section of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Section {
    /// Stable id: `cover`, `summary`, `conformity`, `evidence`, `findings`, `review`, `indicators`, `waste`,
    /// `maturity`, `methodology`.
    pub id: String,
    /// Heading.
    pub title: String,
    /// Content, in order.
    pub blocks: Vec<Block>,
}

/// A block of content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A sub-heading.
    Heading {
        /// Text.
        text: String,
    },
    /// A paragraph of text.
    Paragraph {
        /// Text.
        text: String,
    },
    /// Label–value pairs.
    Facts {
        /// The pairs.
        items: Vec<Fact>,
    },
    /// A highlighted message.
    Callout {
        /// Good, warning or bad news.
        tone: Tone,
        /// Text.
        text: String,
    },
    /// A table.
    Table(Table),
    /// A chart (rendered as SVG in HTML; its data is also a table in the other formats).
    Chart(Chart),
}

/// How good or bad something is: drives colours in HTML and XLSX.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    /// Neutral.
    Neutral,
    /// Good.
    Good,
    /// Needs attention.
    Warning,
    /// Bad.
    Bad,
}

/// A label and a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Fact {
    /// Label.
    pub label: String,
    /// Value.
    pub value: Cell,
}

/// What a column holds (drives alignment and spreadsheet number formats).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CellKind {
    /// Text.
    Text,
    /// An integer.
    Integer,
    /// A decimal number.
    Number,
    /// A score in [0, 1], shown as a percentage.
    Percent,
    /// A day.
    Date,
}

/// A table column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Column {
    /// Stable key (`score`, `site`).
    pub key: String,
    /// Heading in the report's language.
    pub label: String,
    /// What it holds.
    pub kind: CellKind,
}

/// A table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Table {
    /// Stable id, unique in the report (`summary-scores`); names the CSV file and the XLSX sheet.
    pub id: String,
    /// Caption.
    pub title: String,
    /// Columns.
    pub columns: Vec<Column>,
    /// Rows of cells, one per column.
    pub rows: Vec<Vec<Cell>>,
    /// Shown instead of an empty table.
    pub empty: String,
}

/// A typed value and its text in the report's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Cell {
    /// The value as shown (`87,1 %`).
    pub text: String,
    /// The value as data: a string for text and dates (ISO), an exact decimal string for numbers, null when empty or
    /// undefined.
    pub value: Option<String>,
    /// Colour hint.
    #[serde(default)]
    pub tone: Option<Tone>,
}

impl Cell {
    /// A text cell.
    pub fn text(text: impl Into<String>) -> Cell {
        let text = text.into();
        Cell { value: (!text.is_empty()).then(|| text.clone()), text, tone: None }
    }

    /// An empty cell.
    pub fn empty() -> Cell {
        Cell { text: String::new(), value: None, tone: None }
    }

    /// An undefined value: shown as a dash, with the reason kept as its value for machine outputs.
    pub fn with_reason(mut self, reason: &str) -> Cell {
        self.value = Some(format!("undefined: {reason}"));
        self
    }

    /// A cell with a colour hint.
    pub fn with_tone(mut self, tone: Tone) -> Cell {
        self.tone = Some(tone);
        self
    }

    /// A decimal number shown with `places` decimals.
    pub fn number(value: Decimal, places: u32, lang: Lang) -> Cell {
        Cell { text: super::i18n::decimal(value, places, lang), value: Some(value.normalize().to_string()), tone: None }
    }

    /// An integer.
    pub fn integer(value: i64, lang: Lang) -> Cell {
        Cell { text: super::i18n::decimal(Decimal::from(value), 0, lang), value: Some(value.to_string()), tone: None }
    }

    /// A score in [0, 1] as a percentage; undefined is an em dash.
    pub fn percent(value: Option<Decimal>, lang: Lang) -> Cell {
        Cell { text: super::i18n::percent(value, lang), value: value.map(|v| v.normalize().to_string()), tone: None }
    }

    /// A day, written out.
    pub fn date(value: Option<NaiveDate>, lang: Lang) -> Cell {
        match value {
            Some(d) => Cell { text: super::i18n::date(d, lang), value: Some(d.to_string()), tone: None },
            None => Cell::empty(),
        }
    }
}

/// Chart data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Chart {
    /// Stable id, unique in the report.
    pub id: String,
    /// Caption.
    pub title: String,
    /// Bars, heat map, lines or stacked columns.
    pub kind: ChartKind,
    /// Category labels (x axis, or heat-map columns).
    pub categories: Vec<String>,
    /// Series (bars, lines), or heat-map rows; values aligned with `categories`, absent when undefined.
    pub series: Vec<Series>,
    /// How values are shown (percent for scores).
    pub unit: CellKind,
}

/// The kind of chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// Horizontal bars, one group per category.
    Bar,
    /// A grid coloured by value: series are rows, categories columns.
    HeatMap,
    /// Lines over the categories (months).
    Line,
    /// Vertical columns, one per category (months), each stacking the series' values (tonnes by fate).
    StackedBar,
}

/// One series of a chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Series {
    /// Name.
    pub name: String,
    /// Values aligned with the chart's categories.
    #[schemars(with = "Vec<Option<String>>")]
    pub values: Vec<Option<Decimal>>,
    /// The values as shown.
    pub labels: Vec<String>,
}

impl Report {
    /// Every table of the report, charts included as tables of their data, in order.
    pub fn tables(&self) -> Vec<Table> {
        let mut out = Vec::new();
        for section in &self.sections {
            for block in &section.blocks {
                match block {
                    Block::Table(t) => out.push(t.clone()),
                    Block::Chart(c) => out.push(c.as_table()),
                    _ => {}
                }
            }
        }
        out
    }
}

impl Chart {
    /// The chart's data as a table: one row per series, one column per category.
    pub fn as_table(&self) -> Table {
        let mut columns = vec![Column { key: "series".to_owned(), label: String::new(), kind: CellKind::Text }];
        columns.extend(self.categories.iter().enumerate().map(|(i, c)| Column {
            key: format!("c{i}"),
            label: c.clone(),
            kind: self.unit,
        }));
        let rows = self
            .series
            .iter()
            .map(|s| {
                std::iter::once(Cell::text(&s.name))
                    .chain(s.values.iter().zip(&s.labels).map(|(v, label)| Cell {
                        text: label.clone(),
                        value: v.map(|v| v.normalize().to_string()),
                        tone: None,
                    }))
                    .collect()
            })
            .collect();
        Table { id: self.id.clone(), title: self.title.clone(), columns, rows, empty: String::new() }
    }
}
