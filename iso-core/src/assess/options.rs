//! The declared rules of an assessment: points, weights, aggregation, multi-site roll-up, thresholds.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::AssessError;

/// Points given to each result (N/A is neutral: it counts in neither numerator nor denominator).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Points {
    /// Conforming (default 1).
    #[schemars(with = "String")]
    pub conforming: Decimal,
    /// Partially conforming (default 0.5).
    #[schemars(with = "String")]
    pub partially_conforming: Decimal,
    /// Nonconforming (default 0).
    #[schemars(with = "String")]
    pub nonconforming: Decimal,
    /// Not assessed: no evidence and no finding (default 0: what is not shown is not credited).
    #[schemars(with = "String")]
    pub not_assessed: Decimal,
}

impl Default for Points {
    fn default() -> Self {
        Points {
            conforming: Decimal::ONE,
            partially_conforming: Decimal::new(5, 1),
            nonconforming: Decimal::ZERO,
            not_assessed: Decimal::ZERO,
        }
    }
}

/// How requirement results become a norm's score at a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// Σ weight × points / Σ weight over the applicable requirements.
    #[default]
    WeightedMean,
    /// The mean of the top-level clause scores (4 to 10), each the weighted mean of its requirements: every clause
    /// counts the same, however many requirements it has.
    MeanOfClauseMeans,
}

/// How site scores become the organisation's score for a norm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SiteRollup {
    /// The mean of the site scores.
    #[default]
    Mean,
    /// The mean weighted by each site's headcount.
    Headcount,
    /// The lowest site score (a chain is as strong as its weakest link).
    Worst,
}

/// The declared rules of an assessment. Every option is echoed in the assessment's output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AssessOptions {
    /// Points per result.
    pub points: Points,
    /// Weights of requirements: a requirement id or a clause id (all its requirements) → weight. The most specific
    /// entry wins; unlisted requirements weigh 1.
    #[schemars(with = "BTreeMap<String, String>")]
    pub weights: BTreeMap<String, Decimal>,
    /// From requirement results to a norm's score at a site.
    pub aggregation: Aggregation,
    /// From site scores to the organisation's score.
    pub site_rollup: SiteRollup,
    /// The score a norm needs for the readiness verdict (default 0.8).
    #[schemars(with = "String")]
    pub threshold: Decimal,
    /// Evidence expiring within this many days of the as-of date is listed (default 90).
    pub expiring_within_days: u32,
    /// Whether evidence linked to a clause also serves the corresponding clauses of the other norms run (through the
    /// harmonized structure and mapping rows): fully where the other clause asks for no more, partially otherwise.
    /// Default true (an integrated management system).
    pub share_evidence: bool,
    /// The audit date the readiness verdict is for; the as-of date when absent.
    #[schemars(with = "Option<String>")]
    pub audit_date: Option<NaiveDate>,
    /// Internal audits and management reviews must have been held within this many months before the audit date
    /// (default 12).
    pub review_interval_months: u32,
    /// Only these norms (ids or keys); every norm the organisation runs when empty.
    pub norms: Vec<String>,
}

impl Default for AssessOptions {
    fn default() -> Self {
        AssessOptions {
            points: Points::default(),
            weights: BTreeMap::new(),
            aggregation: Aggregation::default(),
            site_rollup: SiteRollup::default(),
            threshold: Decimal::new(8, 1),
            expiring_within_days: 90,
            share_evidence: true,
            audit_date: None,
            review_interval_months: 12,
            norms: Vec::new(),
        }
    }
}

impl AssessOptions {
    /// Checks that points are ordered and within [0, 1], weights positive, the threshold within [0, 1].
    pub fn check(&self) -> Result<(), AssessError> {
        let p = &self.points;
        let unit = |d: Decimal| (Decimal::ZERO..=Decimal::ONE).contains(&d);
        if ![p.conforming, p.partially_conforming, p.nonconforming, p.not_assessed].into_iter().all(unit) {
            return Err(AssessError::Options("points must be between 0 and 1".to_owned()));
        }
        if !(p.conforming >= p.partially_conforming
            && p.partially_conforming >= p.nonconforming
            && p.partially_conforming >= p.not_assessed)
        {
            return Err(AssessError::Options(
                "points must not decrease with conformity (conforming ≥ partially conforming ≥ nonconforming, not assessed)"
                    .to_owned(),
            ));
        }
        if let Some((id, w)) = self.weights.iter().find(|(_, w)| **w <= Decimal::ZERO) {
            return Err(AssessError::Options(format!("weight of {id} is {w}: weights must be positive")));
        }
        if !unit(self.threshold) {
            return Err(AssessError::Options(format!("threshold {} is not between 0 and 1", self.threshold)));
        }
        Ok(())
    }
}
