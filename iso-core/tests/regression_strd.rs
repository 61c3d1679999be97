//! The exact least-squares solver against the NIST Statistical Reference Datasets for linear regression
//! (<https://www.itl.nist.gov/div898/strd/lls/lls.shtml>), stored in `tests/data/strd/` (see the README there).
//!
//! Every certified value is read from the dataset file, never written here. Because the solver is exact, every
//! certified digit is asserted: estimates, standard deviations of the estimates, residual standard deviation,
//! R², residual sum of squares and F statistic, each rounded from the exact rational result to the number of digits
//! NIST publishes. The `f64` fields of [`Regression`] (standard errors, residual SD) are checked to at least 12
//! significant digits, and the [`Decimal`] fields to the digits a `Decimal` holds.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::time::Instant;

use iso_core::kpi::regression::{ExactFit, Regression, fit, fit_exact, to_decimal, to_rational};
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use rust_decimal::Decimal;

/// A certified number as printed in the file: its exact value and its number of significant digits.
#[derive(Debug, Clone)]
struct Certified {
    text: String,
    value: BigRational,
    digits: u32,
}

impl Certified {
    fn parse(text: &str) -> Self {
        Certified { text: text.to_owned(), value: exact(text), digits: significant_digits(text) }
    }
}

/// A dataset: its certified values and its data, as read from its file.
struct Dataset {
    name: String,
    observations: usize,
    /// (estimate, standard deviation of the estimate) of B0 (when present), B1, …
    parameters: Vec<(String, Certified, Certified)>,
    residual_sd: Certified,
    r_squared: Certified,
    /// `None` when certified as `Infinity`.
    f_statistic: Option<Certified>,
    residual_ss: Certified,
    /// The data rows: y, then the predictors.
    rows: Vec<Vec<BigRational>>,
}

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/strd")
}

fn load(name: &str) -> Dataset {
    let path = data_dir().join(format!("{name}.dat"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut observations = None;
    let mut parameters = Vec::new();
    let (mut residual_sd, mut r_squared, mut f_statistic, mut residual_ss) = (None, None, None, None);
    let mut columns: Option<usize> = None;
    let mut rows = Vec::new();
    for line in text.lines() {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        if let Some(count) = columns {
            if tokens.is_empty() {
                continue;
            }
            assert_eq!(tokens.len(), count, "{name}: malformed data row {line:?}");
            rows.push(tokens.iter().map(|t| exact(t)).collect());
            continue;
        }
        match tokens.as_slice() {
            [count, "Observations"] => observations = Some(count.parse::<usize>().unwrap()),
            [b, estimate, sd] if b.len() > 1 && b.starts_with('B') && b[1..].chars().all(|c| c.is_ascii_digit()) => {
                parameters.push(((*b).to_owned(), Certified::parse(estimate), Certified::parse(sd)));
            }
            ["Standard", "Deviation", value] => residual_sd = Some(Certified::parse(value)),
            ["R-Squared", value] => r_squared = Some(Certified::parse(value)),
            ["Regression", _, _, _, f] => f_statistic = Some((*f != "Infinity").then(|| Certified::parse(f))),
            ["Residual", _, ss, _] => residual_ss = Some(Certified::parse(ss)),
            ["Data:", "y", rest @ ..] => columns = Some(rest.len() + 1),
            _ => {}
        }
    }
    Dataset {
        name: name.to_owned(),
        observations: observations.expect("number of observations"),
        parameters,
        residual_sd: residual_sd.expect("certified residual standard deviation"),
        r_squared: r_squared.expect("certified R-squared"),
        f_statistic: f_statistic.expect("certified F statistic"),
        residual_ss: residual_ss.expect("certified residual sum of squares"),
        rows,
    }
}

/// The exact value of a number written in decimal, with an optional exponent (`-0.316081871345029E-14`, `.11019`,
/// `760.`).
fn exact(text: &str) -> BigRational {
    let (mantissa, exponent) = match text.find(['E', 'e']) {
        Some(i) => (&text[..i], text[i + 1..].parse::<i32>().unwrap()),
        None => (text, 0),
    };
    let (negative, unsigned) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa.strip_prefix('+').unwrap_or(mantissa)),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = format!("{whole}{fraction}");
    assert!(!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()), "not a number: {text:?}");
    let integer: BigInt = digits.parse().unwrap();
    let scale = exponent - i32::try_from(fraction.len()).unwrap();
    let value = if scale >= 0 {
        BigRational::from_integer(integer * pow10(scale.unsigned_abs()))
    } else {
        BigRational::new(integer, pow10(scale.unsigned_abs()))
    };
    if negative { -value } else { value }
}

/// The number of significant digits of a number as written: its mantissa's digits from the first non-zero one
/// (trailing zeros count). 0 for zero.
fn significant_digits(text: &str) -> u32 {
    let mantissa = text.split(['E', 'e']).next().unwrap();
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    u32::try_from(digits.trim_start_matches('0').len()).unwrap()
}

fn pow10(exponent: u32) -> BigInt {
    BigInt::from(10u32).pow(exponent)
}

fn pow10_rational(exponent: i64) -> BigRational {
    let power = BigRational::from_integer(pow10(u32::try_from(exponent.unsigned_abs()).unwrap()));
    if exponent >= 0 { power } else { power.recip() }
}

/// ⌊log10 |q|⌋ for q ≠ 0, exactly.
fn floor_log10(q: &BigRational) -> i64 {
    let q = q.abs();
    let numer_digits = i64::try_from(q.numer().to_string().len()).unwrap();
    let denom_digits = i64::try_from(q.denom().to_string().len()).unwrap();
    let mut e = numer_digits - denom_digits;
    while pow10_rational(e) > q {
        e -= 1;
    }
    while pow10_rational(e + 1) <= q {
        e += 1;
    }
    e
}

/// `q` rounded to `digits` significant digits, half away from zero.
fn round_significant(q: &BigRational, digits: u32) -> BigRational {
    if q.is_zero() {
        return BigRational::zero();
    }
    let scale = i64::from(digits) - 1 - floor_log10(q);
    let scaled = q.abs() * pow10_rational(scale);
    let rounded = (scaled + BigRational::new(BigInt::one(), BigInt::from(2))).floor();
    let result = rounded * pow10_rational(-scale);
    if q.is_negative() { -result } else { result }
}

/// `√q` (q ≥ 0, exact) rounded to `digits` significant digits, half up, computed exactly with integer square roots.
fn sqrt_significant(q: &BigRational, digits: u32) -> BigRational {
    assert!(!q.is_negative());
    if q.is_zero() {
        return BigRational::zero();
    }
    // ⌊log10 √q⌋ = ⌊(⌊log10 q⌋)/2⌋.
    let e = floor_log10(q).div_euclid(2);
    let scale = i64::from(digits) - 1 - e;
    let v = q * pow10_rational(2 * scale);
    let floor = v.numer() / v.denom();
    let mut root = floor.sqrt();
    // Round: √v ≥ root + 1/2 ⇔ 4v ≥ (2·root + 1)².
    let twice = &root * 2u32 + 1u32;
    if BigRational::from_integer(BigInt::from(4)) * &v >= BigRational::from_integer(&twice * &twice) {
        root += 1u32;
    }
    BigRational::from_integer(root) * pow10_rational(-scale)
}

/// The number of correct significant digits of an approximation (log relative error); infinite when exact.
fn correct_digits(got: f64, want: &BigRational) -> f64 {
    let got_exact = BigRational::from_float(got).expect("finite value");
    let error = (got_exact - want).abs();
    if error.is_zero() {
        return f64::INFINITY;
    }
    if want.is_zero() {
        return -error.to_f64().unwrap().log10();
    }
    -(error / want.abs()).to_f64().unwrap().log10()
}

/// Named columns of exact values.
type Variables = Vec<(String, Vec<BigRational>)>;

/// The design of a dataset: y, then the variables (the predictors, or the powers of the single predictor for the
/// polynomial models), and whether the model has an intercept.
fn design(data: &Dataset) -> (Vec<BigRational>, Variables, bool) {
    let intercept = data.parameters.iter().any(|(name, _, _)| name == "B0");
    let k = data.parameters.len() - usize::from(intercept);
    let y: Vec<BigRational> = data.rows.iter().map(|row| row[0].clone()).collect();
    let predictors = data.rows[0].len() - 1;
    let variables = if predictors == k {
        (1..=k).map(|j| (format!("x{j}"), data.rows.iter().map(|row| row[j].clone()).collect())).collect()
    } else {
        assert_eq!(predictors, 1, "{}: {k} parameters for {predictors} predictors", data.name);
        (1..=k)
            .map(|power| {
                let name = if power == 1 { "x".to_owned() } else { format!("x^{power}") };
                let powers = data.rows.iter().map(|row| (0..power).fold(BigRational::one(), |acc, _| acc * &row[1]));
                (name, powers.collect())
            })
            .collect()
    };
    (y, variables, intercept)
}

/// The value as a `Decimal` when a `Decimal` holds it exactly.
fn as_decimal(q: &BigRational) -> Option<Decimal> {
    to_decimal(q).ok().filter(|d| to_rational(*d) == *q)
}

/// NIST certifies the linear-regression statistics to 15 significant digits.
const CERTIFIED_DIGITS: u32 = 15;

/// The exact value, rounded to the digits the certified value is printed with, is the certified value.
///
/// Two F statistics are printed with more than 15 digits: NoInt2's `298.6666666666667` (896/3, right to its 16
/// digits) and Wampler5's `6.7552445824012241E-03`, a double-precision printout whose last two digits are wrong (the
/// exact value is 6.75524458240122455…E-03, as an independent rational computation confirms). A value printed with
/// more than 15 digits must match at every digit or, failing that, at the 15 certified ones (with a note).
fn assert_digits(what: &str, exact: &BigRational, certified: &Certified) {
    let mut rounded = if certified.digits == 0 { exact.clone() } else { round_significant(exact, certified.digits) };
    if rounded != certified.value && certified.digits > CERTIFIED_DIGITS {
        let ours = round_significant(exact, CERTIFIED_DIGITS);
        if ours == round_significant(&certified.value, CERTIFIED_DIGITS) {
            println!(
                "note: {what}: NIST prints {} ({} digits); the exact value {} agrees to the {CERTIFIED_DIGITS} certified digits",
                certified.text,
                certified.digits,
                to_decimal(exact).map_or_else(|_| format!("{:e}", exact.to_f64().unwrap()), |d| d.to_string()),
            );
            rounded = certified.value.clone();
        }
    }
    assert_eq!(
        rounded,
        certified.value,
        "{what}: exact result {} rounds to {} at {} digits, certified {}",
        exact.to_f64().unwrap(),
        rounded.to_f64().unwrap(),
        certified.digits,
        certified.text,
    );
}

/// The `Decimal` is the exact value rounded to 28 significant digits or 28 decimal places.
fn assert_decimal_close(what: &str, decimal: Decimal, exact: &BigRational) {
    let error = (to_rational(decimal) - exact).abs();
    let tolerance =
        BigRational::new(BigInt::one(), pow10(28) * 2u32) * (BigRational::one() + exact.abs() * BigInt::from(10));
    assert!(error <= tolerance, "{what}: decimal {decimal} is not the exact value {}", exact.to_f64().unwrap());
}

fn check(name: &str) {
    let data = load(name);
    assert_eq!(data.rows.len(), data.observations, "{name}: observations");
    let (y, variables, intercept) = design(&data);

    let started = Instant::now();
    let exact: ExactFit = fit_exact(&y, &variables, intercept).unwrap();
    let model: Regression = exact.regression().unwrap();
    let elapsed = started.elapsed();

    // Estimates and their standard deviations, to every certified digit, from the exact results.
    assert_eq!(exact.coefficients.len(), data.parameters.len());
    let mut se_digits = f64::INFINITY;
    for (j, (label, estimate, sd)) in data.parameters.iter().enumerate() {
        assert_digits(&format!("{name} {label} estimate"), &exact.coefficients[j], estimate);
        let variance = exact.estimate_variance(j).unwrap();
        let sd_exact = if sd.digits == 0 { BigRational::zero() } else { sqrt_significant(&variance, sd.digits) };
        assert_eq!(sd_exact, sd.value, "{name} {label} standard deviation: certified {}", sd.text);
        // The f64 standard error, to at least 12 digits.
        let coefficient = &model.coefficients[j];
        let digits = correct_digits(coefficient.std_error, &sd.value);
        assert!(
            digits >= 12.0,
            "{name} {label}: std error {} vs {} ({digits:.1} digits)",
            coefficient.std_error,
            sd.text
        );
        se_digits = se_digits.min(digits);
        assert_decimal_close(&format!("{name} {label} decimal estimate"), coefficient.estimate, &exact.coefficients[j]);
    }

    // Residual standard deviation: exact to every digit, f64 to at least 12.
    let residual_variance = exact.residual_variance();
    let sd = &data.residual_sd;
    let sd_exact = if sd.digits == 0 { BigRational::zero() } else { sqrt_significant(&residual_variance, sd.digits) };
    assert_eq!(sd_exact, sd.value, "{name} residual standard deviation: certified {}", sd.text);
    let residual_sd_digits = correct_digits(model.residual_sd, &sd.value);
    assert!(residual_sd_digits >= 12.0, "{name}: residual sd {} vs {}", model.residual_sd, sd.text);

    // R², residual sum of squares, F: exact values and their decimals, to every certified digit.
    assert_digits(&format!("{name} R-squared"), &exact.r_squared(), &data.r_squared);
    assert_digits(&format!("{name} decimal R-squared"), &to_rational(model.r_squared), &data.r_squared);
    assert_digits(&format!("{name} residual sum of squares"), &exact.sse, &data.residual_ss);
    assert_digits(&format!("{name} decimal residual sum of squares"), &to_rational(model.sse), &data.residual_ss);
    match (&data.f_statistic, model.f_statistic) {
        (Some(certified), Some(f)) => assert_digits(&format!("{name} F statistic"), &to_rational(f), certified),
        (None, None) => {}
        (certified, got) => panic!("{name}: F statistic {got:?}, certified {:?}", certified.as_ref().map(|c| &c.text)),
    }
    assert_eq!(model.degrees_of_freedom, data.observations - data.parameters.len());

    // Through the decimal API, when the design fits decimals (all but Filip, whose powers of x have up to 90
    // decimals): the same model.
    let decimal_y: Option<Vec<Decimal>> = y.iter().map(as_decimal).collect();
    let decimal_x: Option<Vec<(String, Vec<Decimal>)>> = variables
        .iter()
        .map(|(name, values)| values.iter().map(as_decimal).collect::<Option<Vec<_>>>().map(|v| (name.clone(), v)))
        .collect();
    let through_decimals = match (decimal_y, decimal_x) {
        (Some(decimal_y), Some(decimal_x)) => {
            assert_eq!(fit(&decimal_y, &decimal_x, intercept).unwrap(), model, "{name}: decimal API");
            true
        }
        _ => false,
    };

    let estimate_digits = data.parameters.iter().map(|(_, e, _)| e.digits).min().unwrap();
    println!(
        "{name}: {} estimates to {estimate_digits} digits, standard deviations exact to {} digits (f64 ≥ {se_digits:.1}), \
         residual SD f64 {residual_sd_digits:.1} digits, R² {} digits; decimal API {}; fitted in {elapsed:?}",
        data.parameters.len(),
        data.parameters.iter().map(|(_, _, sd)| sd.digits).min().unwrap(),
        data.r_squared.digits,
        if through_decimals { "identical" } else { "not applicable" },
    );
}

#[test]
fn norris_matches_certified_values() {
    check("Norris");
}

#[test]
fn pontius_matches_certified_values() {
    check("Pontius");
}

#[test]
fn noint1_matches_certified_values() {
    check("NoInt1");
}

#[test]
fn noint2_matches_certified_values() {
    check("NoInt2");
}

#[test]
fn filip_matches_certified_values() {
    check("Filip");
}

#[test]
fn longley_matches_certified_values() {
    check("Longley");
}

#[test]
fn wampler1_matches_certified_values() {
    check("Wampler1");
}

#[test]
fn wampler2_matches_certified_values() {
    check("Wampler2");
}

#[test]
fn wampler3_matches_certified_values() {
    check("Wampler3");
}

#[test]
fn wampler4_matches_certified_values() {
    check("Wampler4");
}

#[test]
fn wampler5_matches_certified_values() {
    check("Wampler5");
}

#[test]
fn the_rounding_helpers_round_as_printed() {
    assert_eq!(round_significant(&exact("-0.3160818713450294"), 15), exact("-0.316081871345029"));
    assert_eq!(round_significant(&exact("2.0743801652892562"), 15), exact("2.07438016528926"));
    assert_eq!(round_significant(&exact("999.96"), 4), exact("1000"));
    assert_eq!(sqrt_significant(&exact("2"), 6), exact("1.41421"));
    assert_eq!(sqrt_significant(&exact("0.0004"), 3), exact("0.0200"));
    assert_eq!(sqrt_significant(&exact("0.5625"), 2), exact("0.75"));
    assert_eq!(significant_digits("0.000000000000000"), 0);
    assert_eq!(significant_digits("-0.402962525080404E-04"), 15);
    assert_eq!(significant_digits("83554268.0000000"), 15);
    assert_eq!(exact("760."), exact("760"));
    assert_eq!(exact(".11019"), BigRational::new(BigInt::from(11019), BigInt::from(100_000)));
    assert_eq!(exact("0.835542680000000E+16"), exact("8355426800000000"));
}

#[test]
fn a_five_variable_baseline_of_120_points_is_fast() {
    // Deterministic pseudo-random data (a linear congruential generator), two decimals per value.
    let mut state: u64 = 12_345;
    let mut next = move || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        Decimal::new(i64::try_from(state >> 44).unwrap(), 2)
    };
    let variables: Vec<(String, Vec<Decimal>)> =
        (1..=5).map(|j| (format!("x{j}"), (0..120).map(|_| next()).collect())).collect();
    let y: Vec<Decimal> = (0..120)
        .map(|i| variables.iter().enumerate().map(|(j, (_, v))| v[i] * Decimal::from(j + 1)).sum::<Decimal>() + next())
        .collect();
    let started = Instant::now();
    let model = fit(&y, &variables, true).unwrap();
    let elapsed = started.elapsed();
    println!("5 variables × 120 points: fitted in {elapsed:?}");
    assert_eq!(model.coefficients.len(), 6);
    assert!(elapsed.as_millis() < 200, "{elapsed:?}");
}
