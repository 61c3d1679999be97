use proptest::prelude::*;

use super::*;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// The hand-worked example: M = 10, F_R = 0.3, F_U = 0.6, C_R = 0.4, C_U = 0.3, E_C = 0.8, E_F = 0.2, L = 6,
/// L_av = 4, U = 2, U_av = 2.5.
fn worked() -> Product {
    Product {
        name: "Worked example".to_owned(),
        recycled_input: d("0.3"),
        reused_input: d("0.6"),
        recycled_collection: d("0.4"),
        reused_collection: d("0.3"),
        recycling_efficiency: d("0.8"),
        feedstock_efficiency: d("0.2"),
        lifetime: d("6"),
        average_lifetime: d("4"),
        intensity: d("2"),
        average_intensity: d("2.5"),
        revenue: Some(d("500")),
        ..Product::linear("W1", d("10"))
    }
}

fn invalid_field(product: &Product) -> (String, String) {
    match product.mci() {
        Err(CircularityError::Invalid { field, message, .. }) => (field, message),
        other => panic!("expected an invalid product, got {other:?}"),
    }
}

#[test]
fn linear_product_of_average_utility_scores_one_tenth() {
    let r = Product::linear("P", d("7.5")).mci().unwrap();
    assert_eq!(r.virgin_feedstock, d("7.5"));
    assert_eq!(r.waste_disposed, d("7.5"));
    assert_eq!(r.waste_recycling, Decimal::ZERO);
    assert_eq!(r.waste_feedstock, Decimal::ZERO);
    assert_eq!(r.unrecoverable_waste, d("7.5"));
    assert_eq!(r.linear_flow_index, Decimal::ONE);
    assert_eq!(r.utility, Decimal::ONE);
    assert_eq!(r.utility_factor, d("0.9"));
    assert_eq!(r.mci, d("0.1"));
    assert_eq!(r.mci_unclamped, d("0.1"));
}

#[test]
fn fully_circular_products_score_one() {
    let reused = Product { reused_input: d("1"), reused_collection: d("1"), ..Product::linear("reuse", d("4")) };
    let recycled = Product {
        recycled_input: d("1"),
        recycled_collection: d("1"),
        recycling_efficiency: d("1"),
        feedstock_efficiency: d("1"),
        ..Product::linear("recycle", d("4"))
    };
    for product in [reused, recycled] {
        let r = product.mci().unwrap();
        assert_eq!(r.linear_flow_index, Decimal::ZERO, "{}", product.id);
        assert_eq!(r.mci, Decimal::ONE, "{}", product.id);
        assert_eq!(r.mci_unclamped, Decimal::ONE, "{}", product.id);
    }
}

#[test]
fn short_lived_linear_product_is_clamped_to_zero() {
    // X = (1/2)(1/1) = 0.5, F(X) = 1.8, 1 − 1 × 1.8 = −0.8.
    let product = Product { lifetime: d("1"), average_lifetime: d("2"), ..Product::linear("short", d("1")) };
    let r = product.mci().unwrap();
    assert_eq!(r.utility, d("0.5"));
    assert_eq!(r.utility_factor, d("1.8"));
    assert_eq!(r.mci_unclamped, d("-0.8"));
    assert_eq!(r.mci, Decimal::ZERO);
}

#[test]
fn worked_example_gives_every_intermediate() {
    let r = worked().mci().unwrap();
    assert_eq!(r.product, "W1");
    assert_eq!(r.virgin_feedstock, d("1")); // 10 (1 − 0.3 − 0.6)
    assert_eq!(r.waste_disposed, d("3")); // 10 (1 − 0.4 − 0.3)
    assert_eq!(r.waste_recycling, d("0.8")); // 10 (1 − 0.8) 0.4
    assert_eq!(r.waste_feedstock, d("12")); // 10 (1 − 0.2) 0.3 / 0.2
    assert_eq!(r.unrecoverable_waste, d("9.4")); // 3 + (12 + 0.8) / 2
    assert_eq!(r.linear_flow_index, d("0.40625")); // (1 + 9.4) / (20 + (12 − 0.8) / 2) = 10.4 / 25.6
    assert_eq!(r.utility, d("1.2")); // (6 / 4)(2 / 2.5)
    assert_eq!(r.utility_factor, d("0.75")); // 0.9 / 1.2
    assert_eq!(r.mci_unclamped, d("0.6953125")); // 1 − 0.40625 × 0.75
    assert_eq!(r.mci, d("0.6953125"));
    // Normalised: the JSON form has no trailing zeros.
    assert_eq!(r.virgin_feedstock.to_string(), "1");
}

#[test]
fn non_terminating_quotients_carry_28_digits() {
    // M = 12, F_R = 0.5 (E_F = 0.8), C_R = 0.5 (E_C = 0.9): LFI = 13.05 / 24.45 = 87/163, MCI = 847/1630.
    let product = Product {
        recycled_input: d("0.5"),
        feedstock_efficiency: d("0.8"),
        recycled_collection: d("0.5"),
        recycling_efficiency: d("0.9"),
        ..Product::linear("P", d("12"))
    };
    let r = product.mci().unwrap();
    assert_eq!(r.linear_flow_index.round_dp(25), d("0.5337423312883435582822086"));
    assert_eq!(r.mci.round_dp(25), d("0.5196319018404907975460123"));
    assert!(r.linear_flow_index.scale() >= 27, "{}", r.linear_flow_index);
}

#[test]
fn zero_feedstock_efficiency_without_recycled_input_is_fine() {
    let product = Product { feedstock_efficiency: Decimal::ZERO, ..Product::linear("P", d("2")) };
    let r = product.mci().unwrap();
    assert_eq!(r.waste_feedstock, Decimal::ZERO);
    assert_eq!(r.mci, d("0.1"));
}

#[test]
fn rejects_zero_feedstock_efficiency_with_recycled_input() {
    let product = Product { recycled_input: d("0.2"), feedstock_efficiency: Decimal::ZERO, ..worked() };
    let err = product.mci().unwrap_err();
    assert_eq!(
        err.to_string(),
        "product \"W1\": feedstock_efficiency: 0 with recycled_input 0.2: no recycled feedstock comes out of a \
         process of efficiency 0"
    );
}

#[test]
fn rejects_fractions_outside_zero_one() {
    for field in PRODUCT_COLUMNS.into_iter().filter(|c| is_fraction(c)) {
        for value in ["-0.1", "1.01"] {
            let mut product = Product::linear("P", d("1"));
            let slot = match field {
                "recycled_input" => &mut product.recycled_input,
                "reused_input" => &mut product.reused_input,
                "recycled_collection" => &mut product.recycled_collection,
                "reused_collection" => &mut product.reused_collection,
                "recycling_efficiency" => &mut product.recycling_efficiency,
                _ => &mut product.feedstock_efficiency,
            };
            *slot = d(value);
            assert_eq!(
                invalid_field(&product),
                (field.to_owned(), format!("{value} is not a fraction between 0 and 1")),
                "{field}"
            );
        }
    }
}

#[test]
fn rejects_non_positive_mass_lifetime_and_intensity() {
    for field in ["mass_kg", "lifetime", "average_lifetime", "intensity", "average_intensity"] {
        for value in ["0", "-2"] {
            let mut product = Product::linear("P", d("1"));
            let slot = match field {
                "mass_kg" => &mut product.mass_kg,
                "lifetime" => &mut product.lifetime,
                "average_lifetime" => &mut product.average_lifetime,
                "intensity" => &mut product.intensity,
                _ => &mut product.average_intensity,
            };
            *slot = d(value);
            assert_eq!(invalid_field(&product), (field.to_owned(), format!("{value} is not greater than 0")));
        }
    }
}

#[test]
fn rejects_input_and_collection_sums_above_one() {
    let input = Product { recycled_input: d("0.7"), reused_input: d("0.4"), ..worked() };
    assert_eq!(
        invalid_field(&input),
        ("reused_input".to_owned(), "recycled_input + reused_input = 1.1 exceeds 1".to_owned())
    );
    let collection = Product { recycled_collection: d("0.5"), reused_collection: d("0.55"), ..worked() };
    assert_eq!(
        invalid_field(&collection),
        ("reused_collection".to_owned(), "recycled_collection + reused_collection = 1.05 exceeds 1".to_owned())
    );
    // Exactly 1 is allowed.
    assert!(Product { recycled_input: d("0.4"), ..worked() }.mci().is_ok());
}

#[test]
fn rejects_empty_id_and_negative_revenue() {
    assert_eq!(invalid_field(&Product::linear(" ", d("1"))).0, "id");
    let product = Product { revenue: Some(d("-1")), ..worked() };
    assert_eq!(invalid_field(&product), ("revenue".to_owned(), "-1 is negative".to_owned()));
    assert!(Product { revenue: Some(Decimal::ZERO), ..worked() }.mci().is_ok());
}

#[test]
fn out_of_range_quantities_are_errors_not_panics() {
    let cases = [
        (Product::linear("huge", Decimal::MAX), "LFI"),
        (
            Product {
                recycled_input: d("1"),
                feedstock_efficiency: Decimal::new(1, 28),
                ..Product::linear("tiny-efficiency", d("10000000000"))
            },
            "W_F",
        ),
        (
            Product { lifetime: Decimal::MAX, average_lifetime: Decimal::new(1, 28), ..Product::linear("x", d("1")) },
            "X",
        ),
        (
            Product {
                lifetime: Decimal::new(1, 28),
                average_lifetime: Decimal::MAX,
                ..Product::linear("tiny-utility", d("1"))
            },
            "F(X)",
        ),
    ];
    for (product, quantity) in cases {
        match product.mci() {
            Err(CircularityError::OutOfRange { product: id, quantity: q }) => {
                assert_eq!((id.as_str(), q.as_str()), (product.id.as_str(), quantity));
            }
            other => panic!("{}: expected out of range {quantity}, got {other:?}", product.id),
        }
    }
}

#[test]
fn company_mean_weighted_by_mass() {
    let linear = Product::linear("linear", d("3"));
    let company = company_mci(&[linear, worked()], Weighting::Mass).unwrap();
    // (3 × 0.1 + 10 × 0.6953125) / 13 = 7.253125 / 13
    assert_eq!(company.total_weight, d("13"));
    assert_eq!(company.mci, d("7.253125") / d("13"));
    assert_eq!(company.mci_unclamped, company.mci);
    assert_eq!(company.products[0].weight, d("3"));
    assert_eq!(company.products[1].weight, d("10"));
    assert_eq!(company.products[1].result, worked().mci().unwrap());
    assert_eq!(company.products[0].share + company.products[1].share, Decimal::ONE);
}

#[test]
fn company_mean_weighted_by_revenue() {
    let other = Product { revenue: Some(d("1500")), ..Product::linear("linear", d("1000")) };
    let company = company_mci(&[worked(), other], Weighting::Revenue).unwrap();
    // (500 × 0.6953125 + 1500 × 0.1) / 2000
    assert_eq!(company.weighting, Weighting::Revenue);
    assert_eq!(company.mci, d("0.248828125"));
    assert_eq!(company.products[0].share, d("0.25"));
    assert_eq!(company.products[1].share, d("0.75"));
}

#[test]
fn company_mean_uses_clamped_product_values() {
    let short = Product { lifetime: d("1"), average_lifetime: d("2"), ..Product::linear("short", d("1")) };
    let company = company_mci(&[short, Product::linear("linear", d("1"))], Weighting::Mass).unwrap();
    assert_eq!(company.mci, d("0.05")); // (0 + 0.1) / 2
    assert_eq!(company.mci_unclamped, d("-0.35")); // (−0.8 + 0.1) / 2
}

#[test]
fn revenue_weighting_needs_every_revenue() {
    let missing = company_mci(&[worked(), Product::linear("bare", d("1"))], Weighting::Revenue).unwrap_err();
    assert_eq!(missing, CircularityError::MissingRevenue { product: "bare".to_owned(), revenue: None });
    assert_eq!(
        missing.to_string(),
        "product \"bare\" has no revenue: revenue weighting needs a revenue greater than 0 for every product"
    );
    let zero = Product { revenue: Some(Decimal::ZERO), ..Product::linear("free", d("1")) };
    let err = company_mci(&[zero], Weighting::Revenue).unwrap_err();
    assert!(err.to_string().starts_with("product \"free\" has revenue 0:"), "{err}");
    // Mass weighting does not need revenues.
    assert!(company_mci(&[Product::linear("bare", d("1"))], Weighting::Mass).is_ok());
}

#[test]
fn company_errors_name_the_problem() {
    assert_eq!(company_mci(&[], Weighting::Mass).unwrap_err(), CircularityError::NoProducts);
    let twice = company_mci(&[worked(), worked()], Weighting::Mass).unwrap_err();
    assert_eq!(twice.to_string(), "product \"W1\" is listed twice");
    let bad = Product { mass_kg: Decimal::ZERO, ..Product::linear("bad", d("1")) };
    let err = company_mci(&[worked(), bad], Weighting::Mass).unwrap_err();
    assert_eq!(err.to_string(), "product \"bad\": mass_kg: 0 is not greater than 0");
    let big = ["a", "b", "c", "d"].map(|id| Product::linear(id, Decimal::MAX / d("3")));
    let err = company_mci(&big, Weighting::Mass).unwrap_err();
    assert_eq!(err.to_string(), "product \"d\": the total weight is out of the range of exact decimals");
}

#[test]
fn json_form_uses_the_column_names_and_refuses_unknown_keys() {
    let product = worked();
    let json = serde_json::to_value(&product).unwrap();
    assert_eq!(json["recycled_input"], "0.3");
    assert_eq!(json["mass_kg"], "10");
    let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    let mut columns = PRODUCT_COLUMNS.to_vec();
    columns.sort_unstable();
    assert_eq!(keys, columns);
    assert_eq!(serde_json::from_value::<Product>(json.clone()).unwrap(), product);
    let mut typo = json;
    typo["recycled_imput"] = "0.1".into();
    let err = serde_json::from_value::<Product>(typo).unwrap_err().to_string();
    assert!(err.contains("unknown field `recycled_imput`"), "{err}");
    let weighting: Weighting = serde_json::from_str("\"revenue\"").unwrap();
    assert_eq!(weighting, Weighting::Revenue);
    let result = worked().mci().unwrap();
    let back: ProductMci = serde_json::from_value(serde_json::to_value(&result).unwrap()).unwrap();
    assert_eq!(back, result);
}

const HEADER: &str = "id,name,mass_kg,recycled_input,reused_input,recycled_collection,reused_collection,\
                      recycling_efficiency,feedstock_efficiency,lifetime,average_lifetime,intensity,average_intensity,revenue";

/// A sheet issue as (line, product id, column, message).
type Found = (Option<u32>, Option<String>, Option<String>, String);

fn issues(result: Result<Vec<Product>, CircularityError>) -> Vec<Found> {
    match result {
        Err(CircularityError::Sheet { issues }) => {
            issues.into_iter().map(|i| (i.location.line, i.id, i.field, i.message)).collect()
        }
        other => panic!("expected sheet issues, got {other:?}"),
    }
}

#[test]
fn sheet_rows_become_products() {
    let text = format!(
        "{HEADER}\nW1,Worked example,10,0.3,0.6,0.4,0.3,0.8,0.2,6,4,2,2.5,500\n\n,,,,\nL,,3,0,0,0,0,1,1,1,1,1,1,\n"
    );
    let products = products_from_csv("products.csv", &text).unwrap();
    assert_eq!(products, vec![worked(), Product::linear("L", d("3"))]);
}

#[test]
fn sheet_accepts_semicolons_percentages_decimal_commas_bom_and_loose_headers() {
    let text = "\u{feff}ID;Mass kg;Recycled-Input;reused_input;Recycled_Collection;reused_collection;\
                recycling_efficiency;feedstock_efficiency;lifetime;average_lifetime;intensity;average_intensity\n\
                W1;10;30%;60 %;0,4;0.3;80%;0.2;6;4;2;2,5\n";
    let products = products_from_csv("p.csv", text).unwrap();
    let expected = Product { name: String::new(), revenue: None, ..worked() };
    assert_eq!(products, vec![expected]);
}

#[test]
fn sheet_header_problems_are_all_listed() {
    let text = "id,name,name,mass,recycled_input\n";
    let found = issues(products_from_csv("p.csv", text));
    assert_eq!(found[0], (Some(1), None, Some("name".to_owned()), "the column appears twice".to_owned()));
    assert_eq!(found[1].2.as_deref(), Some("mass"));
    assert!(found[1].3.starts_with("unknown column \"mass\" (the columns are id, name, mass_kg,"), "{}", found[1].3);
    let missing: Vec<&str> = found[2..].iter().filter_map(|i| i.2.as_deref()).collect();
    let required = PRODUCT_COLUMNS.into_iter().filter(|c| !["id", "name", "recycled_input", "revenue"].contains(c));
    assert_eq!(missing, required.collect::<Vec<_>>());
    assert!(found[2..].iter().all(|i| i.3 == "missing required column"));
    assert!(matches!(products_from_csv("p.csv", ""), Err(CircularityError::Sheet { .. })));
}

#[test]
fn sheet_value_problems_carry_line_id_and_column() {
    let text = format!(
        "{HEADER}\n\
         A,,10,25,0,0,0,1,1,1,1,1,1,\n\
         B,,5%,0.5,0.6,0,0,1,1,1,1,1,1,\n\
         C,,1,0.2,0,0,0,1,0,1,1,1,x,\n\
         A,,1,0,0,0,0,1,1,1,1,1,,\n\
         ,,1,0,0,0,0,1,1,1,1,1,1,-3\n\
         D,,1.234,0,0,0,0,1,1,1,1,1,1,1 000\n"
    );
    let found = issues(products_from_csv("products.csv", &text));
    let row = |line: u32, id: Option<&str>, field: &str, message: &str| {
        (Some(line), id.map(str::to_owned), Some(field.to_owned()), message.to_owned())
    };
    assert_eq!(
        found,
        vec![
            row(
                2,
                Some("A"),
                "recycled_input",
                "\"25\" is not a fraction between 0 and 1: write 0.25, or 25% for a percentage"
            ),
            row(3, Some("B"), "mass_kg", "\"5%\": only the fraction columns take a percentage"),
            row(3, Some("B"), "reused_input", "recycled_input + reused_input = 1.1 exceeds 1"),
            row(4, Some("C"), "average_intensity", "\"x\" is not a number: not a valid number"),
            row(
                4,
                Some("C"),
                "feedstock_efficiency",
                "0 with recycled_input 0.2: no recycled feedstock comes out of a process of efficiency 0"
            ),
            row(5, Some("A"), "id", "duplicate product id (first on line 2)"),
            row(5, Some("A"), "average_intensity", "missing value"),
            row(6, None, "id", "the product id is empty"),
            row(6, None, "revenue", "-3 is negative"),
            row(7, Some("D"), "revenue", "\"1 000\" is not a number: remove the thousands separators (write 1234.5)"),
        ]
    );
    let err = products_from_csv("products.csv", &text).unwrap_err();
    assert_eq!(err.location().map(ToString::to_string).as_deref(), Some("products.csv:2"));
    assert!(err.to_string().starts_with("products.csv:2: A: recycled_input: \"25\""), "{err}");
    assert!(err.to_string().ends_with("(and 9 more problems)"), "{err}");
}

#[test]
fn sheet_with_an_unterminated_quote_reports_the_missing_values() {
    let text = format!("{HEADER}\nA,\"unterminated,1,0,0,0,0,1,1,1,1,1,1,\n");
    // The csv reader takes an unterminated quote to the end of the input: the row then lacks its values.
    let found = issues(products_from_csv("p.csv", &text));
    assert_eq!(found[0], (Some(2), Some("A".to_owned()), Some("mass_kg".to_owned()), "missing value".to_owned()));
}

fn fraction() -> impl Strategy<Value = Decimal> {
    (0i64..=1000).prop_map(|k| Decimal::new(k, 3))
}

/// Two fractions (thousandths) whose sum is at most 1.
fn pair() -> impl Strategy<Value = (i64, i64)> {
    (0i64..=1000).prop_flat_map(|a| (Just(a), 0..=1000 - a))
}

fn positive() -> impl Strategy<Value = Decimal> {
    (1i64..=1_000_000).prop_map(|k| Decimal::new(k, 2))
}

prop_compose! {
    fn product()(
        mass in (1i64..=1_000_000_000).prop_map(|k| Decimal::new(k, 3)),
        (f_r, f_u) in pair(),
        (c_r, c_u) in pair(),
        e_c in fraction(),
        e_f in (1i64..=1000).prop_map(|k| Decimal::new(k, 3)),
        l in positive(), l_av in positive(), u in positive(), u_av in positive(),
    ) -> Product {
        Product {
            id: "P".to_owned(),
            name: String::new(),
            mass_kg: mass,
            recycled_input: Decimal::new(f_r, 3),
            reused_input: Decimal::new(f_u, 3),
            recycled_collection: Decimal::new(c_r, 3),
            reused_collection: Decimal::new(c_u, 3),
            recycling_efficiency: e_c,
            feedstock_efficiency: e_f,
            lifetime: l,
            average_lifetime: l_av,
            intensity: u,
            average_intensity: u_av,
            revenue: None,
        }
    }
}

proptest! {
    #[test]
    fn mci_lies_in_zero_one(product in product()) {
        let r = product.mci().unwrap();
        prop_assert!(r.mci >= Decimal::ZERO && r.mci <= Decimal::ONE, "{}", r.mci);
        prop_assert_eq!(r.mci, r.mci_unclamped.max(Decimal::ZERO));
        prop_assert!(r.linear_flow_index >= Decimal::ZERO && r.linear_flow_index <= Decimal::ONE);
    }

    #[test]
    fn more_recycled_input_never_lowers_mci_when_feedstock_efficiency_is_one(
        product in product(),
        step in 0i64..=1000,
    ) {
        let base = Product { feedstock_efficiency: Decimal::ONE, ..product };
        let room = Decimal::ONE - base.recycled_input - base.reused_input;
        let more = Product { recycled_input: base.recycled_input + room * Decimal::new(step, 3), ..base.clone() };
        let (before, after) = (base.mci().unwrap(), more.mci().unwrap());
        prop_assert!(after.mci >= before.mci, "{} < {}", after.mci, before.mci);
        prop_assert!(after.mci_unclamped >= before.mci_unclamped);
    }

    #[test]
    fn longer_lifetime_never_lowers_mci(product in product(), extra in 0i64..=1_000_000) {
        let longer = Product { lifetime: product.lifetime + Decimal::new(extra, 2), ..product.clone() };
        let (before, after) = (product.mci().unwrap(), longer.mci().unwrap());
        prop_assert!(after.mci >= before.mci, "{} < {}", after.mci, before.mci);
        prop_assert!(after.mci_unclamped >= before.mci_unclamped);
    }

    #[test]
    fn product_mci_does_not_depend_on_the_scale_of_the_mass(product in product(), factor in 1i64..=1000) {
        let scaled = Product { mass_kg: product.mass_kg * Decimal::from(factor), ..product.clone() };
        prop_assert_eq!(scaled.mci().unwrap().mci.round_dp(20), product.mci().unwrap().mci.round_dp(20));
    }

    #[test]
    fn company_mci_lies_between_the_product_values(products in prop::collection::vec(product(), 1..6)) {
        let products: Vec<Product> =
            products.into_iter().enumerate().map(|(i, p)| Product { id: format!("P{i}"), ..p }).collect();
        let company = company_mci(&products, Weighting::Mass).unwrap();
        let values = company.products.iter().map(|p| p.result.mci);
        let (low, high) = (values.clone().min().unwrap(), values.max().unwrap());
        // A mean lies between its extremes, give or take the last of the 28 digits.
        let slack = Decimal::new(1, 20);
        prop_assert!(company.mci >= low - slack && company.mci <= high + slack, "{} not in [{}, {}]", company.mci, low, high);
    }
}
