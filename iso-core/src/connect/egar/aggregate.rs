//! Streaming aggregation of guides: memory grows with the number of groups, never with the number of guides.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use chrono::Datelike;
use rust_decimal::Decimal;
use serde::Serialize;

use super::model::Guide;
use super::options::{AggregateOptions, Role};
use crate::period::Period;
use crate::waste::{LerCode, OperationCode};

/// What a group is keyed by.
///
/// For the producer role, the counterpart is the destination; for the destination role, the producer; for a
/// transporter, the destination (where it delivered). Transporters have no establishment (empty).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct GroupKey {
    /// The role of the party.
    pub role: Role,
    /// The party's NIF.
    pub party: String,
    /// The party's establishment (APA code; empty when the guide gives none, and for transporters).
    pub establishment: String,
    /// The counterpart's NIF.
    pub counterpart: String,
    /// The counterpart's establishment.
    pub counterpart_establishment: String,
    /// The effective LER code.
    pub ler: LerCode,
    /// The effective operation.
    pub operation: OperationCode,
    /// The month of the guide's date (always a [`Period::Month`]).
    pub month: Period,
}

/// The sums of a group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct GroupTotals {
    /// Effective quantity, in tonnes.
    pub tonnes: Decimal,
    /// Number of guides.
    pub guides: u64,
    /// Number of guides whose effective values include a correction by the destination.
    pub corrected: u64,
}

impl GroupTotals {
    fn add(&mut self, other: &GroupTotals) {
        self.tonnes += other.tonnes;
        self.guides += other.guides;
        self.corrected += other.corrected;
    }
}

/// One group of the output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    /// What the group is keyed by.
    pub key: GroupKey,
    /// Its sums.
    pub totals: GroupTotals,
}

/// Interned strings: NIFs and establishment codes repeat across guides, so each is stored once and looked up
/// without allocating.
#[derive(Debug, Clone, Default)]
struct Interner {
    ids: HashMap<Box<str>, u32, Fast>,
    names: Vec<Box<str>>,
}

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(s.into());
        self.ids.insert(s.into(), id);
        id
    }

    fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", |s| s)
    }
}

/// A multiply-and-fold hash over 8-byte words: the keys are short and not adversarial (an attacker controlling the
/// export could only slow down an import of their own data), and SipHash (or a byte-at-a-time hash) dominates the
/// per-guide cost otherwise.
#[derive(Default, Clone, Copy)]
struct FastHasher(u64);

impl FastHasher {
    #[inline]
    fn mix(&mut self, word: u64) {
        let h = (self.0 ^ word).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = h ^ (h >> 29);
    }
}

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        // The length tells `ab` from `ab\0`.
        self.mix(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
    }

    fn write_u8(&mut self, n: u8) {
        self.mix(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.mix(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.mix(n);
    }
}

type Fast = BuildHasherDefault<FastHasher>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    role: Role,
    party: u32,
    establishment: u32,
    counterpart: u32,
    counterpart_establishment: u32,
    ler: LerCode,
    operation: OperationCode,
    /// year × 12 + month − 1.
    month: i32,
}

/// Sums guides by [`GroupKey`], as they stream by.
///
/// ```
/// use iso_core::connect::egar::{Aggregator, AggregateOptions, ImportOptions, Role, import_csv};
/// let csv = "numeroGuia;codigoEstado;dataEmissao;nifRemetente;codigoApaRemetente;nifDestinatario;codigoResiduoLer;codigoOperacao;quantidade\n\
///            PT1;CC;2025-03-04;500000000;APA1;500000001;150101;R3;1.5\n\
///            PT2;CC;2025-03-20;500000000;APA1;500000001;15 01 01;R03;2,25\n\
///            PT3;AN;2025-03-21;500000000;APA1;500000001;150101;R3;9\n";
/// let mut options = ImportOptions::default();
/// options.aggregate.roles = [Role::Producer].into();
/// let import = import_csv(csv.as_bytes(), "guias.csv", &options)?;
/// let groups = import.aggregator.groups();
/// assert_eq!(groups.len(), 1);
/// assert_eq!(groups[0].totals.tonnes.to_string(), "3.75");
/// assert_eq!(groups[0].key.month.to_string(), "2025-03");
/// assert_eq!(import.report.counted, 2);
/// # Ok::<(), iso_core::WasteError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Aggregator {
    options: AggregateOptions,
    strings: Interner,
    groups: HashMap<Key, GroupTotals, Fast>,
    /// The first name seen for each party NIF (interned ids): grows with parties, not guides.
    names: HashMap<u32, u32, Fast>,
    /// Scratch: the distinct transporter NIFs of the current guide.
    seen: Vec<u32>,
}

impl Aggregator {
    /// An empty aggregator.
    pub fn new(options: AggregateOptions) -> Self {
        Aggregator { options, ..Aggregator::default() }
    }

    /// Adds a guide's effective values to its groups (one per role, and per distinct transporter). A guide
    /// without a date adds nothing (imported guides always have one).
    pub fn add(&mut self, guide: &Guide) {
        let Some(date) = guide.date() else { return };
        let month = date.year() * 12 + i32::try_from(date.month0()).unwrap_or(0);
        let totals = GroupTotals { tonnes: guide.tonnes(), guides: 1, corrected: u64::from(guide.is_corrected()) };
        let (ler, operation) = (guide.ler(), guide.operation());
        let (producer, destination) = (&guide.producer, &guide.destination);
        self.remember_name(&producer.nif, &producer.name);
        self.remember_name(&destination.nif, &destination.name);
        // (role, party, its establishment, counterpart, its establishment)
        let sides = [
            (Role::Producer, producer, destination.nif.as_str(), destination.establishment.as_str()),
            (Role::Destination, destination, producer.nif.as_str(), producer.establishment.as_str()),
        ];
        for (role, party, counterpart, counterpart_establishment) in sides {
            if !self.wants(role, &party.nif) {
                continue;
            }
            let key = Key {
                role,
                party: self.strings.id(&party.nif),
                establishment: self.strings.id(&party.establishment),
                counterpart: self.strings.id(counterpart),
                counterpart_establishment: self.strings.id(counterpart_establishment),
                ler,
                operation,
                month,
            };
            self.groups.entry(key).or_default().add(&totals);
        }
        if self.options.roles.contains(&Role::Transporter) {
            self.seen.clear();
            for t in &guide.transporters {
                if !self.options.parties.is_empty() && !self.options.parties.contains(&t.nif) {
                    continue;
                }
                let party = self.strings.id(&t.nif);
                if self.seen.contains(&party) {
                    continue;
                }
                self.seen.push(party);
                let key = Key {
                    role: Role::Transporter,
                    party,
                    establishment: self.strings.id(""),
                    counterpart: self.strings.id(&destination.nif),
                    counterpart_establishment: self.strings.id(&destination.establishment),
                    ler,
                    operation,
                    month,
                };
                self.groups.entry(key).or_default().add(&totals);
            }
        }
    }

    fn wants(&self, role: Role, nif: &str) -> bool {
        self.options.roles.contains(&role) && (self.options.parties.is_empty() || self.options.parties.contains(nif))
    }

    /// Adds another aggregator's groups (e.g. of another file) to this one.
    pub fn merge(&mut self, other: &Aggregator) {
        for group in other.groups() {
            let k = group.key;
            let key = Key {
                role: k.role,
                party: self.strings.id(&k.party),
                establishment: self.strings.id(&k.establishment),
                counterpart: self.strings.id(&k.counterpart),
                counterpart_establishment: self.strings.id(&k.counterpart_establishment),
                ler: k.ler,
                operation: k.operation,
                month: match k.month {
                    Period::Month(y, m) => y * 12 + i32::from(m) - 1,
                    _ => 0,
                },
            };
            self.groups.entry(key).or_default().add(&group.totals);
        }
        for (nif, name) in other.names() {
            self.remember_name(&nif, &name);
        }
    }

    fn remember_name(&mut self, nif: &str, name: &str) {
        let name = name.trim();
        if name.is_empty() {
            return;
        }
        let nif = self.strings.id(nif);
        if !self.names.contains_key(&nif) {
            let name = self.strings.id(name);
            self.names.insert(nif, name);
        }
    }

    /// The name of each producer and destination NIF, as first seen in the guides (guides name the parties; the
    /// groups keep only NIFs). Every party seen is named, also outside a `parties` filter: the counterparts of the
    /// organisation's own groups are named too.
    pub fn names(&self) -> BTreeMap<String, String> {
        self.names
            .iter()
            .map(|(&nif, &name)| (self.strings.name(nif).to_owned(), self.strings.name(name).to_owned()))
            .collect()
    }

    /// The number of groups.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether no guide was added.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The groups, sorted by key (role, party, establishment, counterpart, LER code, operation, month).
    pub fn groups(&self) -> Vec<Group> {
        let mut out: Vec<Group> = self
            .groups
            .iter()
            .map(|(k, totals)| Group {
                key: GroupKey {
                    role: k.role,
                    party: self.strings.name(k.party).to_owned(),
                    establishment: self.strings.name(k.establishment).to_owned(),
                    counterpart: self.strings.name(k.counterpart).to_owned(),
                    counterpart_establishment: self.strings.name(k.counterpart_establishment).to_owned(),
                    ler: k.ler,
                    operation: k.operation,
                    month: Period::Month(k.month.div_euclid(12), u8::try_from(k.month.rem_euclid(12) + 1).unwrap_or(1)),
                },
                totals: *totals,
            })
            .collect();
        out.sort_by(|a, b| a.key.cmp(&b.key));
        out
    }

    /// The sums of every group of a role.
    pub fn total(&self, role: Role) -> GroupTotals {
        let mut sum = GroupTotals::default();
        self.groups.iter().filter(|(k, _)| k.role == role).for_each(|(_, t)| sum.add(t));
        sum
    }
}

/// The columns of [`groups_csv`].
pub const GROUP_COLUMNS: [&str; 13] = [
    "role",
    "party",
    "establishment",
    "counterpart",
    "counterpart_establishment",
    "ler",
    "hazardous",
    "operation",
    "class",
    "month",
    "tonnes",
    "guides",
    "corrected",
];

/// The groups as CSV (RFC 4180, one row per group, columns [`GROUP_COLUMNS`]); `class` is the operation's KPI
/// class under `policy`; text cells a spreadsheet would run as a formula are neutralised.
///
/// ```
/// use iso_core::connect::egar::{ImportOptions, groups_csv, import_bytes};
/// use iso_core::waste::ClassPolicy;
/// let csv = "numeroGuia;codigoEstado;dataEmissao;nifRemetente;nifDestinatario;codigoResiduoLer;codigoOperacao;quantidade\n\
///            PT1;CC;2025-02-03;500000000;500000001;150101;R3;2\n";
/// let import = import_bytes(csv.as_bytes(), "a.csv", &ImportOptions::default())?;
/// let out = groups_csv(&import.aggregator.groups(), &ClassPolicy::default());
/// assert!(out.contains("producer,500000000,,500000001,,15 01 01,false,R3,recycling,2025-02,2,1,0"));
/// # Ok::<(), iso_core::WasteError>(())
/// ```
pub fn groups_csv(groups: &[Group], policy: &crate::waste::ClassPolicy) -> String {
    use crate::report::neutralise;
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = writer.write_record(GROUP_COLUMNS);
    for g in groups {
        let (k, t) = (&g.key, &g.totals);
        let _ = writer.write_record([
            k.role.id().to_owned(),
            neutralise(&k.party),
            neutralise(&k.establishment),
            neutralise(&k.counterpart),
            neutralise(&k.counterpart_establishment),
            k.ler.to_string(),
            k.ler.is_hazardous().to_string(),
            k.operation.to_string(),
            policy.class_of(k.operation).id().to_owned(),
            k.month.to_string(),
            t.tonnes.to_string(),
            t.guides.to_string(),
            t.corrected.to_string(),
        ]);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}
