use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;
use crate::connect::egar::{GroupKey, GroupTotals, ImportOptions, import_csv};
use crate::kpi::{IndicatorData, KpiOptions};
use crate::waste::{LerCode, OperationCode, ReportingView};

/// Eleven counted guides of ACME (NIF 500000000) in 2025, a cancelled one, another producer's, and one of 2024.
pub(crate) const GUIDES: &str = "\
numeroGuia;codigoEstado;dataEmissao;nifRemetente;codigoApaRemetente;nifDestinatario;codigoApaDestinatario;codigoResiduoLer;codigoOperacao;quantidade
G1;CC;2025-01-10;500000000;APA1;600000001;APA9;150101;R3;10
G2;CC;2025-01-20;500000000;APA1;600000002;;200301;D1;4
G3;CC;2025-02-05;500000000;apa1;600000003;;130205;R9;2
G4;CC;2025-02-10;500000000;APA2;600000004;;150110;R1;1,5
G5;CC;2025-03-01;500000000;APA2;600000001;APA9;170405;R4A;3
G6;CC;2025-03-15;500000000;APA3;600000005;;160601;R13;0.5
G7;CC;2025-03-20;500000000;APA1;600000006;;180103;D10;1
G8;CC;2025-04-01;500000000;APA2;600000002;;170504;R3H;2
G9;CC;2025-04-02;500000000;APA2;600000007;;070101;D9;0.25
G10;CC;2025-05-03;500000000;APA1;600000008;;100101;D12;0.75
G11;AN;2025-05-04;500000000;APA1;600000008;;100101;D1;100
G12;CC;2025-05-05;599999999;APAX;600000008;;100101;D1;5
G13;CC;2024-12-31;500000000;APA1;600000001;APA9;150101;R3;7
";

pub(crate) fn organisation() -> Organisation {
    toml::from_str(
        "id = \"acme\"\nname = \"ACME\"\ntax_id = \"PT 500 000 000\"\n\
         [[site]]\nid = \"north\"\nname = \"North\"\nestablishment = \"APA1\"\n\
         [[site]]\nid = \"south\"\nname = \"South\"\nestablishment = \" APA2 \"\n\
         [[site]]\nid = \"east\"\nname = \"East\"\n",
    )
    .unwrap()
}

fn groups() -> Vec<Group> {
    import_csv(GUIDES.as_bytes(), "guias.csv", &ImportOptions::default()).unwrap().aggregator.groups()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn t(hazardous: &str, non_hazardous: &str) -> Tonnes {
    Tonnes { hazardous: d(hazardous), non_hazardous: d(non_hazardous), total: d(hazardous) + d(non_hazardous) }
}

fn year() -> Period {
    "2025".parse().unwrap()
}

#[test]
fn measurements_are_monthly_per_site_with_every_class() {
    let m = waste_measurements(&groups(), &organisation(), &ClassPolicy::default()).unwrap();
    // (organisation-wide: 2025-03), north: 2024-12, 01, 02, 03, 05; south: 02, 03, 04 — 9 scopes × 20 metrics.
    assert_eq!(m.rows.len(), 9 * 20);
    let first = &m.rows[0];
    assert_eq!((first.site.as_deref(), first.start.to_string().as_str()), (None, "2025-03-01"));
    let value = |site: Option<&str>, month: &str, metric: &str| {
        m.rows
            .iter()
            .find(|r| r.site.as_deref() == site && r.start.to_string().starts_with(month) && r.metric == metric)
            .map(|r| r.value)
    };
    assert_eq!(value(None, "2025-03", "waste.hazardous.interim"), Some(d("0.5")));
    assert_eq!(value(Some("north"), "2025-01", "waste.non_hazardous.recycling"), Some(d("10")));
    assert_eq!(value(Some("north"), "2025-01", "waste.non_hazardous.landfill"), Some(d("4")));
    assert_eq!(value(Some("north"), "2025-01", "waste.hazardous.landfill"), Some(Decimal::ZERO));
    assert_eq!(value(Some("north"), "2025-02", "waste.hazardous.recycling"), Some(d("2")), "apa1 is APA1");
    assert_eq!(value(Some("south"), "2025-02", "waste.hazardous.energy_recovery"), Some(d("1.5")));
    assert_eq!(value(Some("south"), "2025-03", "waste.non_hazardous.preparation_for_reuse"), Some(d("3")));
    assert_eq!(value(Some("east"), "2025-03", "waste.hazardous.interim"), None);
    let total: Decimal = m.rows.iter().filter(|r| r.start.to_string().as_str() >= "2025").map(|r| r.value).sum();
    assert_eq!(total, d("25"));
}

#[test]
fn the_kpi_engine_computes_the_waste_kpis() {
    let organisation = organisation();
    let mut data = IndicatorData::builtin().unwrap();
    data.add_measurements(waste_measurements(&groups(), &organisation, &ClassPolicy::default()).unwrap()).unwrap();
    let report = data.compute(&organisation, &KpiOptions::new(year()), &Default::default()).unwrap().indicators;
    let value = |id: &str, site: Option<&str>| {
        report.results.iter().find(|r| r.kpi == id && r.site.as_deref() == site).and_then(|r| r.value.value())
    };
    let percent = |n: &str, den: &str| (d(n) / d(den) * Decimal::ONE_HUNDRED).normalize();
    assert_eq!(value("waste-total", None), Some(d("25")));
    assert_eq!(value("waste-hazardous", None), Some(d("5.25")));
    assert_eq!(value("waste-hazardous-share", None), Some(d("21")));
    assert_eq!(value("waste-interim", None), Some(d("0.5")));
    assert_eq!(value("waste-recovery-rate", None), Some(percent("18.5", "24.5")));
    assert_eq!(value("waste-recycling-rate", None), Some(percent("15", "24.5")));
    assert_eq!(value("waste-landfill-diversion-rate", None), Some(percent("19.75", "24.5")));
    assert_eq!(value("waste-landfill-diversion-rate-excl-energy", None), Some(percent("17.25", "24.5")));
    assert_eq!(value("waste-non-recycled", None), Some(d("9.5")));
    assert_eq!(value("waste-non-recycled-share", None), Some(percent("9.5", "24.5")));
    // North: 17.75 t, of which 12 t recycled over 17.75 t final; south: 6.75 t.
    assert_eq!(value("waste-total", Some("north")), Some(d("17.75")));
    assert_eq!(value("waste-recycling-rate", Some("north")), Some(percent("12", "17.75")));
    assert_eq!(value("waste-total", Some("south")), Some(d("6.75")));
    assert_eq!(value("waste-total", Some("east")), None, "no guide: no measurement, not zero");
    // A site whose waste all went to landfill has a recycling rate of 0 %, not an undefined one.
    let landfill_only = "numeroGuia;codigoEstado;dataEmissao;nifRemetente;codigoApaRemetente;nifDestinatario;codigoResiduoLer;codigoOperacao;quantidade\n\
                         L1;CC;2025-06-01;500000000;APA1;600000002;200301;D1;4\n";
    let groups = import_csv(landfill_only.as_bytes(), "l.csv", &ImportOptions::default()).unwrap().aggregator.groups();
    let mut data = IndicatorData::builtin().unwrap();
    data.add_measurements(waste_measurements(&groups, &organisation, &ClassPolicy::default()).unwrap()).unwrap();
    let report = data.compute(&organisation, &KpiOptions::new(year()), &Default::default()).unwrap().indicators;
    let rate = report.results.iter().find(|r| r.kpi == "waste-recycling-rate" && r.site.is_none()).unwrap();
    assert_eq!(rate.value.value(), Some(Decimal::ZERO));
    // Only interim: every rate is undefined (zero denominator), with its reason.
    let interim_only = landfill_only.replace(";D1;", ";R13;");
    let groups = import_csv(interim_only.as_bytes(), "i.csv", &ImportOptions::default()).unwrap().aggregator.groups();
    let mut data = IndicatorData::builtin().unwrap();
    data.add_measurements(waste_measurements(&groups, &organisation, &ClassPolicy::default()).unwrap()).unwrap();
    let report = data.compute(&organisation, &KpiOptions::new(year()), &Default::default()).unwrap().indicators;
    let rate = report.results.iter().find(|r| r.kpi == "waste-recovery-rate" && r.site.is_none()).unwrap();
    assert!(matches!(&rate.value, crate::kpi::KpiValue::Undefined { reason } if reason.contains("is zero")));
}

#[test]
fn the_breakdown_adds_up() {
    let b = WasteBreakdown::compute(&groups(), &organisation(), &ClassPolicy::default(), &year()).unwrap();
    assert_eq!(b.guides, 10);
    assert_eq!(b.total, t("5.25", "19.75"));
    assert_eq!(b.interim, t("0.5", "0"));
    assert_eq!(b.final_fate, t("4.75", "19.75"));
    let class = |c: WasteClass| b.by_class.iter().find(|l| l.class == c).unwrap().tonnes;
    assert_eq!(class(WasteClass::Recycling), t("2", "10"));
    assert_eq!(class(WasteClass::PreparationForReuse), t("0", "3"));
    assert_eq!(class(WasteClass::Backfilling), t("0", "2"));
    assert_eq!(class(WasteClass::EnergyRecovery), t("1.5", "0"));
    assert_eq!(class(WasteClass::PermanentStorage), t("0", "0.75"));
    assert_eq!(class(WasteClass::OtherRecovery), Tonnes::default());
    assert_eq!(b.by_class.len(), 10);
    let round = |v: Option<Decimal>| v.map(|v| v.round_dp(4).to_string());
    assert_eq!(round(b.rates.hazardous_share).as_deref(), Some("0.21"));
    assert_eq!(round(b.rates.recovery_rate).as_deref(), Some("0.7551"));
    assert_eq!(round(b.rates.recycling_rate).as_deref(), Some("0.6122"));
    assert_eq!(round(b.rates.landfill_diversion_rate).as_deref(), Some("0.8061"));
    assert_eq!(round(b.rates.landfill_diversion_rate_excl_energy).as_deref(), Some("0.7041"));
    assert_eq!(round(b.rates.non_recycled_share).as_deref(), Some("0.3878"));

    // ESRS E5-5 (R1 and backfilling are other recovery).
    let e = &b.esrs_e5_5;
    assert_eq!(e.generated, t("5.25", "19.75"));
    assert_eq!(e.diverted.preparation_for_reuse, t("0", "3"));
    assert_eq!(e.diverted.recycling, t("2", "10"));
    assert_eq!(e.diverted.other_recovery, t("1.5", "2"));
    assert_eq!(e.diverted.total, t("3.5", "15"));
    assert_eq!(e.disposal.incineration, t("1", "0"));
    assert_eq!(e.disposal.landfill, t("0", "4"));
    assert_eq!(e.disposal.other_disposal, t("0.25", "0.75"));
    assert_eq!(e.disposal.total, t("1.25", "4.75"));
    assert_eq!(e.not_final, t("0.5", "0"));
    assert_eq!(e.non_recycled, t("2.75", "6.75"));
    assert_eq!(e.diverted.total.total + e.disposal.total.total + e.not_final.total, e.generated.total);

    // GRI 306 (R1 is incineration with energy recovery, directed to disposal).
    let g = &b.gri_306;
    assert_eq!(g.diverted.other_recovery, t("0", "2"));
    assert_eq!(g.diverted.total, t("2", "15"));
    assert_eq!(g.directed.incineration_with_energy_recovery, t("1.5", "0"));
    assert_eq!(g.directed.incineration_without_energy_recovery, t("1", "0"));
    assert_eq!(g.directed.landfilling, t("0", "4"));
    assert_eq!(g.directed.other_disposal, t("0.25", "0.75"));
    assert_eq!(g.directed.total, t("2.75", "4.75"));
    assert_eq!(g.diverted.total.total + g.directed.total.total + g.not_final.total, g.generated.total);

    let chapters: Vec<(String, String)> =
        b.by_chapter.iter().map(|c| (c.code.clone(), c.tonnes.total.to_string())).collect();
    let expected = [
        ("07", "0.25"),
        ("10", "0.75"),
        ("13", "2"),
        ("15", "11.5"),
        ("16", "0.5"),
        ("17", "5"),
        ("18", "1"),
        ("20", "4"),
    ];
    assert_eq!(chapters, expected.map(|(a, b)| (a.to_owned(), b.to_owned())));
    assert_eq!(
        b.by_chapter[3].title.en,
        "Waste packaging; absorbents, wiping cloths, filter materials and protective clothing not otherwise specified"
    );
    assert_eq!(b.by_code.len(), 10);

    let first = &b.by_destination[0];
    assert_eq!((first.nif.as_str(), first.establishment.as_str(), first.guides), ("600000001", "APA9", 2));
    assert_eq!(first.tonnes, t("0", "13"));
    assert_eq!(first.operations.iter().map(ToString::to_string).collect::<Vec<_>>(), ["R3", "R4A"]);
    assert_eq!(b.by_destination[1].nif, "600000002");

    let sites: Vec<(Option<&str>, &str, String)> =
        b.by_site.iter().map(|s| (s.site.as_deref(), s.establishment.as_str(), s.tonnes.total.to_string())).collect();
    assert_eq!(
        sites,
        [
            (Some("north"), "APA1", "17.75".to_owned()),
            (Some("south"), "APA2", "6.75".to_owned()),
            (None, "APA3", "0.5".to_owned())
        ]
    );

    let months: Vec<String> = b.by_month.iter().map(|m| m.tonnes.total.to_string()).collect();
    assert_eq!(months, ["14", "3.5", "4.5", "2.25", "0.75", "0", "0", "0", "0", "0", "0", "0"]);
    let buckets: Vec<&str> = b.by_bucket.iter().map(|l| l.bucket.as_str()).collect();
    assert_eq!(buckets, ["recovery", "disposal", "not_final"]);
    assert_eq!(b.by_month[2].buckets, [d("3"), d("1"), d("0.5")]);
}

#[test]
fn the_policy_switches_classes_and_buckets() {
    let text = "numeroGuia;codigoEstado;dataEmissao;nifRemetente;nifDestinatario;codigoResiduoLer;codigoOperacao;quantidade\n\
                R;CC;2025-06-01;500000000;600000002;020106;R10;4\n";
    let groups = import_csv(text.as_bytes(), "r.csv", &ImportOptions::default()).unwrap().aggregator.groups();
    let policy = ClassPolicy { view: ReportingView::Gri306, alternative_classes: true };
    let b = WasteBreakdown::compute(&groups, &organisation(), &policy, &year()).unwrap();
    assert_eq!(b.rates.recycling_rate, Some(Decimal::ZERO));
    assert_eq!(b.rates.recovery_rate, Some(Decimal::ONE));
    assert_eq!(b.esrs_e5_5.diverted.other_recovery.total, d("4"));
    assert_eq!(b.by_bucket[0].bucket, "diverted_from_disposal");
    assert_eq!(b.by_bucket[0].tonnes.total, d("4"));
    assert_eq!(b.by_site[0].site, None, "no establishment: organisation-wide");
    let m = waste_measurements(&groups, &organisation(), &policy).unwrap();
    assert!(m.rows.iter().any(|r| r.metric == "waste.non_hazardous.other_recovery" && r.value == d("4")));
}

#[test]
fn a_custom_period_leaves_out_straddling_months() {
    let period = Period::Custom("2025-01-15".parse().unwrap(), "2025-03-31".parse().unwrap());
    let b = WasteBreakdown::compute(&groups(), &organisation(), &ClassPolicy::default(), &period).unwrap();
    assert_eq!(b.straddling_guides, 2, "January's two guides");
    assert_eq!(b.by_month.len(), 2);
    assert_eq!(b.total.total, d("8"));
}

#[test]
fn the_organisation_must_be_matchable() {
    let mut o = organisation();
    o.tax_id = None;
    let err = waste_measurements(&groups(), &o, &ClassPolicy::default()).unwrap_err();
    assert_eq!(err.to_string(), "organisation \"acme\" has no tax_id: its guides as producer are found by its NIF");
    let mut o = organisation();
    o.sites[2].establishment = Some("apa1".to_owned());
    let err = WasteBreakdown::compute(&groups(), &o, &ClassPolicy::default(), &year()).unwrap_err();
    assert_eq!(err.to_string(), "sites \"north\" and \"east\" have the same establishment code \"APA1\"");
}

#[test]
fn added_measurements_are_checked() {
    let mut data = IndicatorData::builtin().unwrap();
    let row = |metric: &str, value: &str| Measurement {
        site: None,
        start: "2025-01-01".parse().unwrap(),
        end: "2025-01-31".parse().unwrap(),
        metric: metric.to_owned(),
        value: d(value),
        note: None,
    };
    let err = data
        .add_measurements(Measurements { rows: vec![row("waste.nope", "1"), row("waste.hazardous.landfill", "-1")] })
        .unwrap_err();
    let crate::error::KpiError::Invalid { issues } = err else { panic!("{err:?}") };
    let messages: Vec<String> = issues.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "added measurements: row 1: metric: unknown metric \"waste.nope\"",
            "added measurements: row 2: value: -1: waste.hazardous.landfill cannot be negative"
        ]
    );
    assert!(data.measurements.rows.is_empty());
}

fn arbitrary_groups() -> impl Strategy<Value = Vec<Group>> {
    let list = crate::waste::WasteList::builtin().unwrap();
    let codes: Vec<LerCode> = list.entries().iter().map(|e| e.code).collect();
    let operations: Vec<OperationCode> =
        crate::waste::WasteOperations::builtin().unwrap().operations().iter().map(|o| o.code).collect();
    let group =
        (0..codes.len(), 0..operations.len(), 1u8..=12, 0usize..4, 0usize..3, 1i64..10_000_000, proptest::bool::ANY)
            .prop_map(move |(c, o, month, establishment, party, milligrams, other_role)| Group {
                key: GroupKey {
                    role: if other_role { Role::Destination } else { Role::Producer },
                    party: ["500000000", "PT500000000", "599999999"][party].to_owned(),
                    establishment: ["APA1", "APA2", "APA3", ""][establishment].to_owned(),
                    counterpart: "600000001".to_owned(),
                    counterpart_establishment: String::new(),
                    ler: codes[c],
                    operation: operations[o],
                    month: Period::Month(2025, month),
                },
                totals: GroupTotals { tonnes: Decimal::new(milligrams, 3), guides: 1, corrected: 0 },
            });
    proptest::collection::vec(group, 0..40)
}

proptest! {
    #[test]
    fn tonnages_partition_and_rates_stay_in_range(groups in arbitrary_groups(), alternative in proptest::bool::ANY) {
        let policy = ClassPolicy { view: ReportingView::Wfd, alternative_classes: alternative };
        let organisation = organisation();
        let b = WasteBreakdown::compute(&groups, &organisation, &policy, &year()).unwrap();
        let own: Decimal = groups.iter().filter(|g| g.key.role == Role::Producer && g.key.party != "599999999")
            .map(|g| g.totals.tonnes).sum();
        prop_assert_eq!(b.total.total, own.normalize());
        prop_assert_eq!(b.total.hazardous + b.total.non_hazardous, b.total.total);
        let classes: Decimal = b.by_class.iter().map(|c| c.tonnes.total).sum();
        prop_assert_eq!(classes, b.total.total);
        let chapters: Decimal = b.by_chapter.iter().map(|c| c.tonnes.total).sum();
        prop_assert_eq!(chapters, b.total.total);
        let sites: Decimal = b.by_site.iter().map(|c| c.tonnes.total).sum();
        prop_assert_eq!(sites, b.total.total);
        let months: Decimal = b.by_month.iter().map(|c| c.tonnes.total).sum();
        prop_assert_eq!(months, b.total.total);
        let e = &b.esrs_e5_5;
        prop_assert_eq!(e.diverted.total.total + e.disposal.total.total + e.not_final.total, b.total.total);
        let g = &b.gri_306;
        prop_assert_eq!(g.diverted.total.total + g.directed.total.total + g.not_final.total, b.total.total);
        let r = b.rates;
        for rate in [r.hazardous_share, r.recovery_rate, r.recycling_rate, r.landfill_diversion_rate,
                     r.landfill_diversion_rate_excl_energy, r.non_recycled_share].into_iter().flatten() {
            prop_assert!(rate >= Decimal::ZERO && rate <= Decimal::ONE, "{}", rate);
        }
        prop_assert_eq!(r.recovery_rate.is_none(), b.final_fate.total.is_zero());

        // The KPI engine agrees, in percent.
        let mut data = IndicatorData::builtin().unwrap();
        data.add_measurements(waste_measurements(&groups, &organisation, &policy).unwrap()).unwrap();
        let mut options = KpiOptions::new(year());
        options.previous = false;
        options.trend = false;
        let report = data.compute(&organisation, &options, &Default::default()).unwrap().indicators;
        for result in report.results.iter().filter(|r| r.kpi.starts_with("waste-")) {
            if let Some(v) = result.value.value() {
                prop_assert!(v >= Decimal::ZERO, "{} {}", result.kpi, v);
                if result.kpi.ends_with("rate") || result.kpi.ends_with("share") || result.kpi.ends_with("energy") {
                    prop_assert!(v <= Decimal::ONE_HUNDRED, "{} {}", result.kpi, v);
                }
            }
        }
        let org = |id: &str| report.results.iter().find(|x| x.kpi == id && x.site.is_none()).and_then(|x| x.value.value());
        prop_assert_eq!(org("waste-total"), groups.iter().any(scope_owns).then_some(b.total.total));
        prop_assert_eq!(org("waste-recycling-rate"), r.recycling_rate.map(|v| (v * Decimal::ONE_HUNDRED).normalize()));
    }
}

fn scope_owns(g: &Group) -> bool {
    g.key.role == Role::Producer && g.key.party != "599999999"
}
