//! Deterministic synthetic data for benchmarks, load tests and demos: the same parameters always give the same
//! records, on every platform (a SplitMix64 generator, no system randomness).

use chrono::{Days, NaiveDate};

use crate::catalogue::{Catalogue, DocumentedInfo, NormKind};
use crate::register::{
    Action, Evidence, EvidenceKind, EvidenceStatus, Finding, FindingSource, FindingStatus, Grade, ManagementSystem,
    Organisation, Register, Site, SystemStatus,
};

/// SplitMix64: small, fast, and identical everywhere.
#[derive(Debug, Clone)]
pub struct Random(u64);

impl Random {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Random(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// An element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(usize::try_from(self.below(items.len() as u64)).unwrap_or(0))
    }
}

/// The size of a synthetic register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegisterSpec {
    /// Number of sites.
    pub sites: usize,
    /// Number of evidence records.
    pub evidence: usize,
    /// Number of findings (nonconformities get one corrective action each).
    pub findings: usize,
    /// Seed.
    pub seed: u64,
}

impl Default for RegisterSpec {
    /// The benchmark's organisation: 50 sites, 200 000 evidence records, 5 000 findings.
    fn default() -> Self {
        RegisterSpec { sites: 50, evidence: 200_000, findings: 5_000, seed: 2026 }
    }
}

/// A register over every requirements norm of the catalogue: records spread over 2023–2026, mostly site-specific,
/// mostly approved, a realistic share expired, drafts and superseded versions, findings of every grade.
///
/// ```
/// use iso_core::synthetic::{RegisterSpec, register};
/// let catalogue = iso_core::Catalogue::builtin()?;
/// let spec = RegisterSpec { sites: 3, evidence: 500, findings: 40, seed: 1 };
/// let a = register(&catalogue, spec);
/// assert_eq!(a.evidence.len(), 500);
/// assert!(a.validate(&catalogue).is_ok());
/// assert_eq!(serde_json::to_string(&a)?, serde_json::to_string(&register(&catalogue, spec))?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn register(catalogue: &Catalogue, spec: RegisterSpec) -> Register {
    let mut rng = Random::new(spec.seed);
    let sites: Vec<Site> = (0..spec.sites.max(1))
        .map(|i| Site {
            id: format!("S{i:03}"),
            name: format!("Site {i}"),
            headcount: u32::try_from(20 + rng.below(400)).unwrap_or(20),
            address: None,
            establishment: None,
        })
        .collect();
    let norms: Vec<&str> =
        catalogue.norms().iter().filter(|n| n.kind == NormKind::Requirements).map(|n| n.id.as_str()).collect();
    let systems = norms
        .iter()
        .map(|n| ManagementSystem {
            norm: (*n).to_owned(),
            status: SystemStatus::Implementing,
            scope: "synthetic".to_owned(),
            sites: Vec::new(),
            exclusions: Vec::new(),
            certification: None,
        })
        .collect();
    let organisation = Organisation {
        id: "synthetic".to_owned(),
        name: "Synthetic Organisation".to_owned(),
        tax_id: None,
        country: None,
        sites,
        systems,
    };

    let requirements: Vec<(&str, DocumentedInfo)> = catalogue
        .requirements()
        .iter()
        .filter(|r| norms.contains(&r.norm.as_str()))
        .map(|r| (r.id.as_str(), r.documented))
        .collect();
    let clauses: Vec<&str> =
        catalogue.clauses().iter().filter(|c| norms.contains(&c.norm.as_str())).map(|c| c.id.as_str()).collect();
    let hs: Vec<String> =
        catalogue.structure().map(|s| s.clauses.iter().map(|c| c.id.clone()).collect()).unwrap_or_default();
    let start = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or(NaiveDate::MIN);

    let mut register = Register::new(organisation);
    for i in 0..spec.evidence {
        let organisation_wide = rng.chance(2);
        let (link, kind) = match rng.below(10) {
            0 if !hs.is_empty() => (rng.pick(&hs).cloned().unwrap_or_default(), EvidenceKind::Procedure),
            1 | 2 => (rng.pick(&clauses).map(|c| (*c).to_owned()).unwrap_or_default(), EvidenceKind::Record),
            _ => {
                let (id, documented) = rng.pick(&requirements).copied().unwrap_or(("", DocumentedInfo::None));
                let kind = match documented {
                    DocumentedInfo::Maintain => EvidenceKind::Procedure,
                    DocumentedInfo::Retain => *rng
                        .pick(&[
                            EvidenceKind::Record,
                            EvidenceKind::TrainingRecord,
                            EvidenceKind::Calibration,
                            EvidenceKind::Measurement,
                        ])
                        .unwrap_or(&EvidenceKind::Record),
                    DocumentedInfo::None => *rng.pick(&EvidenceKind::ALL).unwrap_or(&EvidenceKind::Other),
                };
                (id.to_owned(), kind)
            }
        };
        let mut e = Evidence::new(format!("EV{i:07}"), format!("Synthetic evidence {i}"), kind, [link]);
        e.status = match rng.below(100) {
            0..=84 => EvidenceStatus::Approved,
            85..=91 => EvidenceStatus::Superseded,
            92..=96 => EvidenceStatus::Draft,
            97..=98 => EvidenceStatus::InReview,
            _ => EvidenceStatus::Rejected,
        };
        e.site = (!organisation_wide).then(|| format!("S{:03}", rng.below(spec.sites.max(1) as u64)));
        let effective = start + Days::new(rng.below(1300));
        e.effective = Some(effective);
        if rng.chance(50) {
            e.expires = Some(effective + Days::new(180 + rng.below(900)));
        }
        e.owner = Some(format!("owner{}", rng.below(200)));
        register.evidence.push(e);
    }
    let targets: Vec<&str> = requirements.iter().map(|(id, _)| *id).chain(clauses.iter().copied()).collect();
    for i in 0..spec.findings {
        let grade = match rng.below(100) {
            0..=2 => Grade::MajorNonconformity,
            3..=39 => Grade::MinorNonconformity,
            40..=69 => Grade::Observation,
            70..=92 => Grade::OpportunityForImprovement,
            _ => Grade::GoodPractice,
        };
        let raised = start + Days::new(rng.below(1300));
        let closed = rng.chance(70).then(|| raised + Days::new(10 + rng.below(200)));
        let id = format!("F{i:06}");
        register.findings.push(Finding {
            id: id.clone(),
            source: if rng.chance(70) { FindingSource::Internal } else { FindingSource::CertificationBody },
            raised,
            grade,
            requirement: rng.pick(&targets).map(|t| (*t).to_owned()).unwrap_or_default(),
            site: rng.chance(80).then(|| format!("S{:03}", rng.below(spec.sites.max(1) as u64))),
            statement: format!("Synthetic finding {i}"),
            status: if closed.is_some() { FindingStatus::Closed } else { FindingStatus::Open },
            closed,
        });
        if grade.is_nonconformity() {
            let done = closed.or_else(|| rng.chance(30).then(|| raised + Days::new(5 + rng.below(100))));
            register.actions.push(Action {
                id: format!("A{i:06}"),
                finding: id,
                root_cause: "synthetic".to_owned(),
                action: format!("Corrective action {i}"),
                owner: Some(format!("owner{}", rng.below(200))),
                due: raised + Days::new(30 + rng.below(90)),
                done,
                verified: None,
                effective: None,
            });
        }
    }
    register
}

/// What [`measurements_csv`] generates.
#[derive(Debug, Clone)]
pub struct MeasurementSpec {
    /// Sites `s01`, `s02`, ….
    pub sites: usize,
    /// The first year; every month of `years` years is measured.
    pub first_year: i32,
    /// Years of monthly data.
    pub years: i32,
    /// Seed of the generator.
    pub seed: u64,
}

impl Default for MeasurementSpec {
    /// 50 sites, ten years of months (2016–2025).
    fn default() -> Self {
        MeasurementSpec { sites: 50, first_year: 2016, years: 10, seed: 2025 }
    }
}

/// The organisation of [`measurements_csv`]: sites `s01`…
pub fn measurement_organisation(spec: &MeasurementSpec) -> Organisation {
    Organisation {
        id: "synthetic".to_owned(),
        name: "Synthetic organisation".to_owned(),
        tax_id: None,
        country: None,
        sites: (1..=spec.sites)
            .map(|i| Site {
                id: format!("s{i:02}"),
                name: format!("Site {i}"),
                headcount: 100,
                address: None,
                establishment: None,
            })
            .collect(),
        systems: Vec::new(),
    }
}

/// A long-form measurement sheet (`site,period,metric,value,unit`): every metric of `metrics` (id and unit) for
/// every site and month, with plausible magnitudes (hours in the tens of thousands, incident counts of 0–3,
/// energy in the hundreds of MWh) so that every indicator is defined.
pub fn measurements_csv(spec: &MeasurementSpec, metrics: &[(&str, &str)]) -> String {
    use std::fmt::Write;
    let mut random = Random::new(spec.seed);
    let mut out = String::from("site,period,metric,value,unit\n");
    for year in spec.first_year..spec.first_year + spec.years {
        for month in 1..=12 {
            for site in 1..=spec.sites {
                for (metric, unit) in metrics {
                    let value = match *metric {
                        m if m.starts_with("hs.hours") => 12_000 + random.below(8_000),
                        m if m.starts_with("hs.days_lost") => random.below(20),
                        m if m.starts_with("hs.") => u64::from(random.chance(20)) + u64::from(random.chance(5)),
                        m if m.ends_with("_defective") || m.ends_with("complaints") => random.below(5),
                        m if m.starts_with("quality.deliveries") || m.starts_with("quality.units") => {
                            // on time ≤ deliveries: a high base plus a small spread.
                            900 + random.below(100)
                                + if m.ends_with("deliveries") || m.ends_with("started") { 100 } else { 0 }
                        }
                        m if m.starts_with("weather.") => random.below(300),
                        _ => 1_000 + random.below(100_000),
                    };
                    let _ = writeln!(out, "s{site:02},{year}-{month:02},{metric},{value},{unit}");
                }
            }
        }
    }
    out
}
