//! Exact ordinary least squares for energy baselines (ISO 50006, DOE SEP M&V protocol, ASHRAE Guideline 14).
//!
//! A regression energy baseline is the model `E = β0 + Σ βj·xj` fitted by ordinary least squares. Real baseline data
//! is often ill-conditioned (relevant variables such as heating and cooling degree-days, production and shifts move
//! together), and solving the normal equations in `f64` can then lose every significant digit. This module never
//! does: every input is turned into an exact rational number, `X'X` and `X'y` are formed exactly (as integers, after
//! scaling each column by the common denominator of its values), and the system is solved by fraction-free
//! Gauss–Jordan elimination (Bareiss), which also yields `(X'X)⁻¹` exactly. The estimates, the residual sum of
//! squares, R², adjusted R², the F statistic and NMBE are therefore exact rational numbers, rounded only once, at the
//! end, to a [`Decimal`] (28 significant digits, or 28 decimal places for values below 1 — the limit of the type —
//! rounded half to even). The results are checked against the NIST Statistical Reference Datasets for linear
//! regression, Filip and Longley included, to every certified digit.
//!
//! What cannot be exact is computed in `f64` and marked *approximate*: standard errors, t statistics, p-values
//! (Student t and F distributions, through the regularized incomplete beta function), the residual standard
//! deviation and CV(RMSE). Each is computed from exact quantities, so it is accurate to about 15 significant digits
//! (p-values to about 12).
//!
//! ```
//! use iso_core::kpi::regression::{fit, AcceptanceRules};
//! use rust_decimal::Decimal;
//!
//! // Monthly electricity (kWh) against heating degree-days.
//! let kwh: Vec<Decimal> = [1210, 1190, 980, 820, 640, 520, 500, 510, 610, 830, 1010, 1180].map(Decimal::from).to_vec();
//! let hdd: Vec<Decimal> = [420, 400, 300, 220, 120, 60, 40, 45, 100, 210, 320, 410].map(Decimal::from).to_vec();
//! let model = fit(&kwh, &[("hdd".to_owned(), hdd)], true).unwrap();
//!
//! assert_eq!(model.coefficients[0].name, "intercept");
//! assert!(model.r_squared > Decimal::new(99, 2));
//! assert_eq!(model.nmbe, Some(Decimal::ZERO)); // OLS with an intercept is unbiased on its own data
//! let january = model.predict(&[Decimal::from(430)]).unwrap();
//! assert!(january > Decimal::from(1200));
//! assert!(model.acceptance(&AcceptanceRules::default()).accepted);
//! ```

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::error::RegressionError;

/// The name given to the intercept in [`Regression::coefficients`].
pub const INTERCEPT: &str = "intercept";

/// A fitted least-squares model and its statistics.
///
/// Exact fields ([`Decimal`]) are computed in rational arithmetic and rounded once; `f64` fields are approximate
/// (about 15 significant digits; p-values about 12).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Regression {
    /// Number of observations.
    pub n: usize,
    /// Whether the model has an intercept.
    pub intercept: bool,
    /// The coefficients: the intercept first (named [`INTERCEPT`]) when there is one, then the variables in the
    /// order they were given.
    pub coefficients: Vec<Coefficient>,
    /// Coefficient of determination, exact: `1 − SSE/SST`, with `SST = Σ(y − ȳ)²` for a model with an intercept and
    /// the uncentred `SST = Σy²` for a model without (the NIST StRD convention). Zero when `SST = 0` (all `y` equal,
    /// nothing to explain).
    #[schemars(with = "String")]
    pub r_squared: Decimal,
    /// Adjusted R², exact: `1 − (1 − R²)(n − 1)/(n − k − 1)` with an intercept; without one, the uncentred analogue
    /// `1 − (1 − R²)·n/(n − k)` (total and residual degrees of freedom `n` and `n − k`). May be negative.
    #[schemars(with = "String")]
    pub adjusted_r_squared: Decimal,
    /// F statistic, exact: `(R²/k)/((1 − R²)/(n − p))` on `k` and `n − p` degrees of freedom (`p` coefficients).
    /// `None` when there are no variables (`k = 0`) or the fit is perfect (`R² = 1`, F infinite).
    #[schemars(with = "Option<String>")]
    pub f_statistic: Option<Decimal>,
    /// p-value of the F statistic under F(k, n − p), approximate. 1 when `k = 0` or `SST = 0`; 0 for a perfect fit.
    pub model_p: f64,
    /// Residual sum of squares `Σ(y − ŷ)²`, exact.
    #[schemars(with = "String")]
    pub sse: Decimal,
    /// Residual standard deviation `√(SSE/(n − p))`, approximate (the square root of an exact ratio).
    pub residual_sd: f64,
    /// ASHRAE Guideline 14 CV(RMSE) in percent, `100·√(SSE/(n − p))/ȳ`, approximate. `None` when `ȳ = 0`.
    pub cv_rmse: Option<f64>,
    /// ASHRAE Guideline 14 NMBE in percent, `100·Σ(y − ŷ)/((n − p)·ȳ)`, exact. Exactly 0 for a model with an
    /// intercept (its residuals sum to zero). `None` when `ȳ = 0`.
    #[schemars(with = "Option<String>")]
    pub nmbe: Option<Decimal>,
    /// Residual degrees of freedom `n − p`, where `p` counts the coefficients (intercept included).
    pub degrees_of_freedom: usize,
}

/// One estimated coefficient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Coefficient {
    /// [`INTERCEPT`], or the variable's name.
    pub name: String,
    /// The estimate: exact, rounded once to a [`Decimal`].
    #[schemars(with = "String")]
    pub estimate: Decimal,
    /// Standard error `√(σ̂²·(X'X)⁻¹jj)` with `σ̂² = SSE/(n − p)`, approximate (the square root of an exact product).
    pub std_error: f64,
    /// t statistic `estimate / std_error`, approximate. Infinite when the standard error is 0 and the estimate is
    /// not (a perfect fit); 0 when both are 0.
    pub t: f64,
    /// Two-sided p-value of `t` under Student's t with `n − p` degrees of freedom, approximate.
    pub p: f64,
}

impl Regression {
    /// The coefficients of the variables (all but the intercept), in the order the variables were given.
    pub fn variable_coefficients(&self) -> &[Coefficient] {
        self.coefficients.get(usize::from(self.intercept)..).unwrap_or(&[])
    }

    /// The intercept's estimate, when the model has one.
    pub fn intercept_estimate(&self) -> Option<Decimal> {
        if self.intercept { self.coefficients.first().map(|c| c.estimate) } else { None }
    }

    /// The model's prediction `β0 + Σ βj·xj` for one observation, from the (rounded) estimates, computed exactly and
    /// rounded once. `values` are the variables' values in the order the model was fitted with.
    ///
    /// `None` when `values` does not have one value per variable, or when the prediction does not fit a [`Decimal`].
    ///
    /// ```
    /// # use iso_core::kpi::regression::fit;
    /// # use rust_decimal::Decimal;
    /// let y = [3, 5, 7, 9].map(Decimal::from);
    /// let x = [1, 2, 3, 4].map(Decimal::from).to_vec();
    /// let model = fit(&y, &[("x".to_owned(), x)], true).unwrap();
    /// assert_eq!(model.predict(&[Decimal::from(10)]), Some(Decimal::from(21)));
    /// assert_eq!(model.predict(&[]), None);
    /// ```
    pub fn predict(&self, values: &[Decimal]) -> Option<Decimal> {
        let variables = self.variable_coefficients();
        if values.len() != variables.len() {
            return None;
        }
        let mut sum = self.intercept_estimate().map_or_else(BigRational::zero, to_rational);
        for (c, v) in variables.iter().zip(values) {
            sum += to_rational(c.estimate) * to_rational(*v);
        }
        to_decimal(&sum).ok()
    }

    /// The residuals `y − ŷ` of observations, with `ŷ` from [`Regression::predict`] (so from the rounded estimates:
    /// their sum is zero only to within the rounding of the estimates).
    ///
    /// `variables` are given as to [`fit`], in the same order. `None` when the lengths do not match the model or a
    /// value does not fit a [`Decimal`].
    pub fn residuals(&self, y: &[Decimal], variables: &[(String, Vec<Decimal>)]) -> Option<Vec<Decimal>> {
        if variables.len() != self.variable_coefficients().len() || variables.iter().any(|(_, v)| v.len() != y.len()) {
            return None;
        }
        (0..y.len())
            .map(|i| {
                let row: Option<Vec<Decimal>> = variables.iter().map(|(_, v)| v.get(i).copied()).collect();
                let fitted = self.predict(&row?)?;
                y.get(i)?.checked_sub(fitted)
            })
            .collect()
    }

    /// Checks the model against the acceptance rules of the DOE Superior Energy Performance M&V protocol (and,
    /// optionally, the ASHRAE Guideline 14 CV(RMSE) limit). Every check is listed, passed or not, in a stable order:
    /// `min_points`, `model_p`, one `variable_p` per variable, `one_variable_p`, `r_squared`, then `cv_rmse` when
    /// [`AcceptanceRules::cv_rmse_max`] is set.
    ///
    /// ```
    /// # use iso_core::kpi::regression::{fit, AcceptanceRules};
    /// # use rust_decimal::Decimal;
    /// let y = [3, 5, 7, 10].map(Decimal::from);
    /// let x = [1, 2, 3, 4].map(Decimal::from).to_vec();
    /// let model = fit(&y, &[("x".to_owned(), x)], true).unwrap();
    /// let verdict = model.acceptance(&AcceptanceRules::default());
    /// assert!(!verdict.accepted); // 4 points: fewer than the 10 the protocol asks for
    /// assert!(verdict.checks.iter().all(|c| c.passed || c.name == "min_points"));
    /// ```
    pub fn acceptance(&self, rules: &AcceptanceRules) -> Acceptance {
        let mut checks = vec![
            Check {
                name: "min_points".to_owned(),
                variable: None,
                passed: self.n >= rules.min_points,
                value: self.n.to_string(),
                limit: format!("≥ {}", rules.min_points),
            },
            Check {
                name: "model_p".to_owned(),
                variable: None,
                passed: self.model_p < rules.model_p_max,
                value: format_p(self.model_p),
                limit: format!("< {}", rules.model_p_max),
            },
        ];
        let variables = self.variable_coefficients();
        for c in variables {
            checks.push(Check {
                name: "variable_p".to_owned(),
                variable: Some(c.name.clone()),
                passed: c.p <= rules.variable_p_max,
                value: format_p(c.p),
                limit: format!("≤ {}", rules.variable_p_max),
            });
        }
        let best = variables.iter().filter(|c| !c.p.is_nan()).min_by(|a, b| a.p.total_cmp(&b.p));
        let (operator, passes): (&str, fn(f64, f64) -> bool) =
            if rules.one_variable_strict { ("<", |p, max| p < max) } else { ("≤", |p, max| p <= max) };
        checks.push(Check {
            name: "one_variable_p".to_owned(),
            variable: best.map(|c| c.name.clone()),
            passed: best.is_some_and(|c| passes(c.p, rules.one_variable_p_max)),
            value: best.map_or_else(|| "no variable".to_owned(), |c| format_p(c.p)),
            limit: format!("{operator} {}", rules.one_variable_p_max),
        });
        checks.push(Check {
            name: "r_squared".to_owned(),
            variable: None,
            passed: self.r_squared >= rules.r_squared_min,
            value: self.r_squared.round_dp_with_strategy(4, RoundingStrategy::ToZero).normalize().to_string(),
            limit: format!("≥ {}", rules.r_squared_min.normalize()),
        });
        if let Some(max) = rules.cv_rmse_max {
            checks.push(Check {
                name: "cv_rmse".to_owned(),
                variable: None,
                passed: self.cv_rmse.is_some_and(|cv| cv <= max),
                value: self.cv_rmse.map_or_else(|| "undefined (mean of y is 0)".to_owned(), |cv| format!("{cv:.2} %")),
                limit: format!("≤ {max} %"),
            });
        }
        Acceptance { accepted: checks.iter().all(|c| c.passed), checks }
    }
}

/// Formats a p-value for a check: four decimals, or scientific notation below 0.0001.
fn format_p(p: f64) -> String {
    if p == 0.0 || p.abs() >= 1e-4 || !p.is_finite() { format!("{p:.4}") } else { format!("{p:.2e}") }
}

/// The rules a baseline model must meet. [`Default`] gives the DOE Superior Energy Performance M&V protocol as coded
/// in the DOE EnPI tool: model p < 0.1, every variable p ≤ 0.2, at least one variable p ≤ 0.1, R² ≥ 0.5, at least 10
/// data points, and no CV(RMSE) limit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AcceptanceRules {
    /// The model's p-value must be strictly below this (0.1).
    pub model_p_max: f64,
    /// Every variable's p-value must be at most this (0.2).
    pub variable_p_max: f64,
    /// At least one variable's p-value must be at most (or, when [`AcceptanceRules::one_variable_strict`], strictly
    /// below) this (0.1).
    pub one_variable_p_max: f64,
    /// `false` (the default): at least one variable p ≤ 0.1, as in DOE EnPI; `true`: p < 0.1, as in DOE VERIFI.
    pub one_variable_strict: bool,
    /// R² must be at least this (0.5).
    #[schemars(with = "String")]
    pub r_squared_min: Decimal,
    /// At least this many observations (10).
    pub min_points: usize,
    /// When set, CV(RMSE) in percent must be at most this (ASHRAE Guideline 14: see
    /// [`AcceptanceRules::ashrae_cv_rmse_max`]).
    pub cv_rmse_max: Option<f64>,
}

impl Default for AcceptanceRules {
    fn default() -> Self {
        AcceptanceRules {
            model_p_max: 0.1,
            variable_p_max: 0.2,
            one_variable_p_max: 0.1,
            one_variable_strict: false,
            r_squared_min: Decimal::new(5, 1),
            min_points: 10,
            cv_rmse_max: None,
        }
    }
}

impl AcceptanceRules {
    /// The DOE VERIFI variant of the defaults: at least one variable with p strictly below 0.1.
    pub fn verifi() -> Self {
        AcceptanceRules { one_variable_strict: true, ..AcceptanceRules::default() }
    }

    /// The ASHRAE Guideline 14 maximum CV(RMSE), in percent, of an energy baseline model, by the number of months of
    /// post-retrofit (reporting) data: 20 % below 12 months, 25 % from 12 to 60 months, 30 % above 60.
    pub fn ashrae_cv_rmse_max(reporting_months: u32) -> f64 {
        match reporting_months {
            0..12 => 20.0,
            12..=60 => 25.0,
            _ => 30.0,
        }
    }
}

/// The verdict of [`Regression::acceptance`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Acceptance {
    /// Whether every check passed.
    pub accepted: bool,
    /// Every check, in a stable order.
    pub checks: Vec<Check>,
}

/// One acceptance check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Check {
    /// Stable identifier: `min_points`, `model_p`, `variable_p`, `one_variable_p`, `r_squared`, `cv_rmse`.
    pub name: String,
    /// The variable checked (`variable_p`), or the variable with the lowest p-value (`one_variable_p`).
    pub variable: Option<String>,
    /// Whether the check passed.
    pub passed: bool,
    /// The value checked, as text (p-values to four decimals, R² truncated to four decimals).
    pub value: String,
    /// The limit, as text (`< 0.1`, `≥ 0.5`).
    pub limit: String,
}

/// The SEP range check of one variable: is a period's mean of the variable within the model data's range?
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RangeCheck {
    /// The variable.
    pub variable: String,
    /// The period's mean of the variable (baseline or reporting period).
    #[schemars(with = "String")]
    pub mean: Decimal,
    /// The smallest value of the variable in the model data.
    #[schemars(with = "String")]
    pub min: Decimal,
    /// The largest value of the variable in the model data.
    #[schemars(with = "String")]
    pub max: Decimal,
    /// The mean of the variable in the model data (exact, rounded once).
    #[schemars(with = "String")]
    pub model_mean: Decimal,
    /// The sample standard deviation `s` of the variable in the model data (divisor `n − 1`; 0 for one value),
    /// approximate.
    pub model_sd: f64,
    /// `model_mean − 3s`, approximate.
    pub lower_3sd: f64,
    /// `model_mean + 3s`, approximate.
    pub upper_3sd: f64,
    /// `min ≤ mean ≤ max` (exact).
    pub within_min_max: bool,
    /// `model_mean − 3s ≤ mean ≤ model_mean + 3s`.
    pub within_3sd: bool,
    /// The SEP rule: within `[min, max]` or within `mean ± 3s`.
    pub passed: bool,
}

/// The SEP range check: for each period mean, whether it lies within the model data's `[min, max]` or within the
/// model data's `mean ± 3s` (DOE SEP M&V protocol).
///
/// `model_x` are the model's variables and their data (as given to [`fit`]); `period_means` are a period's means of
/// the same variables, matched by name. The result follows the order of `period_means`; a period mean whose variable
/// is not in `model_x`, or whose model data is empty, has no range to be checked against and is left out.
///
/// ```
/// # use iso_core::kpi::regression::range_check;
/// # use rust_decimal::Decimal;
/// let hdd = [420, 400, 300, 220, 120, 60].map(Decimal::from).to_vec();
/// let checks = range_check(&[("hdd".to_owned(), hdd)], &[("hdd".to_owned(), Decimal::from(450))]);
/// assert!(!checks[0].within_min_max); // above the largest model value, 420
/// assert!(checks[0].within_3sd); // but within mean ± 3 s
/// assert!(checks[0].passed);
/// ```
pub fn range_check(model_x: &[(String, Vec<Decimal>)], period_means: &[(String, Decimal)]) -> Vec<RangeCheck> {
    period_means
        .iter()
        .filter_map(|(variable, mean)| {
            let (_, values) = model_x.iter().find(|(name, _)| name == variable)?;
            let min = values.iter().min()?;
            let max = values.iter().max()?;
            let exact: Vec<BigRational> = values.iter().map(|v| to_rational(*v)).collect();
            let n = BigRational::from_integer(BigInt::from(exact.len()));
            let model_mean = exact.iter().sum::<BigRational>() / &n;
            let squares: BigRational = exact.iter().map(|v| (v - &model_mean) * (v - &model_mean)).sum();
            let variance = if exact.len() > 1 { squares / (n - BigRational::one()) } else { BigRational::zero() };
            let model_sd = to_f64(&variance).sqrt();
            let centre = to_f64(&model_mean);
            let (lower_3sd, upper_3sd) = (centre - 3.0 * model_sd, centre + 3.0 * model_sd);
            let period = to_f64(&to_rational(*mean));
            let within_min_max = min <= mean && mean <= max;
            let within_3sd = lower_3sd <= period && period <= upper_3sd;
            Some(RangeCheck {
                variable: variable.clone(),
                mean: *mean,
                min: *min,
                max: *max,
                // A mean of decimals lies between their smallest and largest, so it always fits a decimal.
                model_mean: to_decimal(&model_mean).unwrap_or_default(),
                model_sd,
                lower_3sd,
                upper_3sd,
                within_min_max,
                within_3sd,
                passed: within_min_max || within_3sd,
            })
        })
        .collect()
}

/// Fits `y = β0 + Σ βj·xj` (or `y = Σ βj·xj` when `intercept` is `false`) by ordinary least squares, exactly.
///
/// `variables` are the explanatory variables, each a name and one value per observation of `y`.
///
/// # Errors
///
/// - [`RegressionError::LengthMismatch`] when a variable does not have one value per observation;
/// - [`RegressionError::TooFewPoints`] when there are fewer observations than coefficients plus one (the residual
///   degrees of freedom `n − p` must be at least 1);
/// - [`RegressionError::Collinear`] when a variable is constant (in a model with an intercept), zero, or an exact
///   linear combination of the others, naming the variables involved;
/// - [`RegressionError::OutOfRange`] when a result does not fit a [`Decimal`], or when a model without intercept has no
///   variable (nothing to fit).
///
/// ```
/// # use iso_core::kpi::regression::fit;
/// # use rust_decimal::Decimal;
/// let y = [1, 2, 2].map(Decimal::from);
/// let x = [1, 2, 3].map(Decimal::from).to_vec();
/// let model = fit(&y, &[("x".to_owned(), x)], true).unwrap();
/// assert_eq!(model.coefficients[1].estimate, Decimal::new(5, 1)); // slope exactly 1/2
/// assert_eq!(model.r_squared, Decimal::new(75, 2)); // exactly 3/4
/// ```
pub fn fit(
    y: &[Decimal],
    variables: &[(String, Vec<Decimal>)],
    intercept: bool,
) -> Result<Regression, RegressionError> {
    let y: Vec<BigRational> = y.iter().map(|v| to_rational(*v)).collect();
    let variables: Vec<(String, Vec<BigRational>)> = variables
        .iter()
        .map(|(name, values)| (name.clone(), values.iter().map(|v| to_rational(*v)).collect()))
        .collect();
    fit_exact(&y, &variables, intercept)?.regression()
}

/// The exact solution of a least-squares problem, before any rounding: what [`fit`] computes before it rounds.
///
/// Use it to work beyond [`Decimal`]'s 28 digits (the NIST StRD tests compare it with certified values), or to fit
/// data that a [`Decimal`] cannot hold (powers of a variable with many decimals).
#[derive(Debug, Clone, PartialEq)]
pub struct ExactFit {
    /// Number of observations.
    pub n: usize,
    /// Whether the model has an intercept.
    pub intercept: bool,
    /// The coefficients' names: [`INTERCEPT`] first when there is one, then the variables.
    pub names: Vec<String>,
    /// The estimates, in the order of `names`.
    pub coefficients: Vec<BigRational>,
    /// The diagonal of `(X'X)⁻¹`, in the order of `names`.
    pub inverse_diagonal: Vec<BigRational>,
    /// Residual sum of squares `Σ(y − ŷ)²`.
    pub sse: BigRational,
    /// Total sum of squares: `Σ(y − ȳ)²` with an intercept, `Σy²` without.
    pub sst: BigRational,
    /// Sum of the residuals `Σ(y − ŷ)` (zero with an intercept).
    pub residual_sum: BigRational,
    /// Sum of the observations `Σy`.
    pub y_sum: BigRational,
}

/// Fits a least-squares model on exact rational data; see [`fit`], which rounds the result of this function.
///
/// # Errors
///
/// As [`fit`], except that nothing is rounded here, so [`RegressionError::OutOfRange`] only reports a model without
/// intercept and without variables.
pub fn fit_exact(
    y: &[BigRational],
    variables: &[(String, Vec<BigRational>)],
    intercept: bool,
) -> Result<ExactFit, RegressionError> {
    let n = y.len();
    for (name, values) in variables {
        if values.len() != n {
            return Err(RegressionError::LengthMismatch { variable: name.clone(), got: values.len(), expected: n });
        }
    }
    let p = variables.len() + usize::from(intercept);
    if p == 0 {
        return Err(RegressionError::OutOfRange(
            "a model without intercept needs at least one variable: there is no coefficient to fit".to_owned(),
        ));
    }
    if n < p + 1 {
        return Err(RegressionError::TooFewPoints { n, coefficients: p, needed: p + 1 });
    }

    // Scale every column (and y) by the common denominator of its values: the problem becomes an integer one, whose
    // normal equations are formed without a single gcd.
    let mut names = Vec::with_capacity(p);
    let mut columns: Vec<Vec<BigInt>> = Vec::with_capacity(p);
    let mut scales: Vec<BigInt> = Vec::with_capacity(p);
    if intercept {
        names.push(INTERCEPT.to_owned());
        columns.push(vec![BigInt::one(); n]);
        scales.push(BigInt::one());
    }
    for (name, values) in variables {
        let (column, scale) = integer_column(values);
        names.push(name.clone());
        columns.push(column);
        scales.push(scale);
    }
    let (b, y_scale) = integer_column(y);

    // X'X, X'y and the column sums, exactly.
    let mut matrix = vec![vec![BigInt::zero(); 2 * p + 1]; p];
    for i in 0..p {
        for j in i..p {
            let dot = dot(&columns[i], &columns[j]);
            matrix[j][i] = dot.clone();
            matrix[i][j] = dot;
        }
        matrix[i][p + i] = BigInt::one();
    }
    let projections: Vec<BigInt> = columns.iter().map(|c| dot(c, &b)).collect();
    for (row, h) in matrix.iter_mut().zip(&projections) {
        row[2 * p] = h.clone();
    }
    let column_sums: Vec<BigInt> = columns.iter().map(|c| c.iter().sum()).collect();
    let b_sum: BigInt = b.iter().sum();
    let b_squares = dot(&b, &b);

    let det = eliminate(&mut matrix).map_err(|k| collinear(&matrix, k, &names, intercept))?;

    // Undo the scaling: with X = A·S⁻¹ (S = diag(scales)) and y = b/t, β = S·β̃/t and (X'X)⁻¹ = S·(A'A)⁻¹·S.
    let y_scale = BigRational::from_integer(y_scale);
    let mut coefficients = Vec::with_capacity(p);
    let mut inverse_diagonal = Vec::with_capacity(p);
    for (j, scale) in scales.iter().enumerate() {
        let scale = BigRational::from_integer(scale.clone());
        coefficients.push(BigRational::new(matrix[j][2 * p].clone(), det.clone()) * &scale / &y_scale);
        inverse_diagonal.push(BigRational::new(matrix[j][p + j].clone(), det.clone()) * &scale * &scale);
    }
    // With β̃ = num/det the exact solution of the scaled normal equations, SSE = b'b − β̃'A'b and Σ(b − Aβ̃) =
    // Σb − β̃'(A'1), both exact identities.
    let mut fitted_dot = BigInt::zero();
    let mut fitted_sum = BigInt::zero();
    for j in 0..p {
        fitted_dot += &matrix[j][2 * p] * &projections[j];
        fitted_sum += &matrix[j][2 * p] * &column_sums[j];
    }
    let y_scale_sq = &y_scale * &y_scale;
    let sse = BigRational::new(&det * &b_squares - fitted_dot, det.clone()) / &y_scale_sq;
    let residual_sum = BigRational::new(&det * &b_sum - fitted_sum, det) / &y_scale;
    let y_sum = BigRational::from_integer(b_sum.clone()) / &y_scale;
    let sst = if intercept {
        let n_r = BigRational::from_integer(BigInt::from(n));
        (BigRational::from_integer(b_squares) - BigRational::from_integer(&b_sum * &b_sum) / n_r) / &y_scale_sq
    } else {
        BigRational::from_integer(b_squares) / &y_scale_sq
    };
    Ok(ExactFit { n, intercept, names, coefficients, inverse_diagonal, sse, sst, residual_sum, y_sum })
}

impl ExactFit {
    /// Residual degrees of freedom `n − p`.
    pub fn degrees_of_freedom(&self) -> usize {
        self.n - self.coefficients.len()
    }

    /// Number of variables `k` (coefficients other than the intercept).
    pub fn variable_count(&self) -> usize {
        self.coefficients.len() - usize::from(self.intercept)
    }

    /// `1 − SSE/SST` (0 when `SST = 0`).
    pub fn r_squared(&self) -> BigRational {
        if self.sst.is_zero() { BigRational::zero() } else { BigRational::one() - &self.sse / &self.sst }
    }

    /// The residual variance `σ̂² = SSE/(n − p)`.
    pub fn residual_variance(&self) -> BigRational {
        &self.sse / BigRational::from_integer(BigInt::from(self.degrees_of_freedom()))
    }

    /// The exact variance of the estimate `j`: `σ̂²·(X'X)⁻¹jj` (its square root is the standard error).
    pub fn estimate_variance(&self, j: usize) -> Option<BigRational> {
        self.inverse_diagonal.get(j).map(|d| self.residual_variance() * d)
    }

    /// Rounds the exact results into a [`Regression`] and adds the approximate statistics.
    ///
    /// # Errors
    ///
    /// [`RegressionError::OutOfRange`] when an exact result does not fit a [`Decimal`].
    pub fn regression(&self) -> Result<Regression, RegressionError> {
        let n = self.n;
        let df = self.degrees_of_freedom();
        let k = self.variable_count();
        let df_f = df as f64;
        let variance = self.residual_variance();

        let mut coefficients = Vec::with_capacity(self.coefficients.len());
        for (j, (name, beta)) in self.names.iter().zip(&self.coefficients).enumerate() {
            let estimate = decimal(beta, || format!("the coefficient of {name}"))?;
            let std_error = self.estimate_variance(j).map_or(f64::NAN, |v| to_f64(&v).sqrt());
            let beta_f = to_f64(beta);
            let (t, p) = if std_error == 0.0 {
                if beta.is_zero() { (0.0, 1.0) } else { (f64::INFINITY.copysign(beta_f), 0.0) }
            } else {
                let t = beta_f / std_error;
                (t, student_t_two_sided_p(t, df_f))
            };
            coefficients.push(Coefficient { name: name.clone(), estimate, std_error, t, p });
        }

        let r2 = self.r_squared();
        let r_squared = decimal(&r2, || "R²".to_owned())?;
        let one = BigRational::one();
        let n_total = BigRational::from_integer(BigInt::from(n - usize::from(self.intercept)));
        let df_r = BigRational::from_integer(BigInt::from(df));
        let adjusted = &one - (&one - &r2) * n_total / &df_r;
        let adjusted_r_squared = decimal(&adjusted, || "adjusted R²".to_owned())?;
        let perfect = self.sse.is_zero() && !self.sst.is_zero();
        let f_statistic = if k == 0 || perfect {
            None
        } else {
            let k_r = BigRational::from_integer(BigInt::from(k));
            let f = (&r2 / k_r) / ((&one - &r2) / &df_r);
            Some(decimal(&f, || "the F statistic".to_owned())?)
        };
        let model_p = if k == 0 || self.sst.is_zero() {
            1.0
        } else if perfect {
            0.0
        } else {
            // P(F > f) = I_{(n−p)/(n−p+k·f)}((n−p)/2, k/2), and (n−p)/(n−p+k·f) = 1 − R² = SSE/SST exactly.
            regularized_incomplete_beta(df_f / 2.0, k as f64 / 2.0, to_f64(&(&self.sse / &self.sst)))
        };

        let sse = decimal(&self.sse, || "the residual sum of squares".to_owned())?;
        let residual_sd = to_f64(&variance).sqrt();
        let (cv_rmse, nmbe) = if self.y_sum.is_zero() {
            (None, None)
        } else {
            let mean = &self.y_sum / BigRational::from_integer(BigInt::from(n));
            let cv = 100.0 * residual_sd / to_f64(&mean);
            let nmbe = BigRational::from_integer(BigInt::from(100)) * &self.residual_sum / (df_r * mean);
            (Some(cv), Some(decimal(&nmbe, || "NMBE".to_owned())?))
        };

        Ok(Regression {
            n,
            intercept: self.intercept,
            coefficients,
            r_squared,
            adjusted_r_squared,
            f_statistic,
            model_p,
            sse,
            residual_sd,
            cv_rmse,
            nmbe,
            degrees_of_freedom: df,
        })
    }
}

/// `Σ a_i·b_i`.
fn dot(a: &[BigInt], b: &[BigInt]) -> BigInt {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The values of a column times the least common multiple `L` of their denominators (all integers), and `L`.
fn integer_column(values: &[BigRational]) -> (Vec<BigInt>, BigInt) {
    let mut lcm = BigInt::one();
    for v in values {
        // lcm(L, d) = L·d/gcd(L, d), and d/gcd(L, d) is the denominator of L/d in lowest terms.
        if !(&lcm % v.denom()).is_zero() {
            let reduced = BigRational::new(lcm.clone(), v.denom().clone());
            lcm = &lcm * reduced.denom().abs();
        }
    }
    let column = values.iter().map(|v| v.numer() * (&lcm / v.denom())).collect();
    (column, lcm)
}

/// Fraction-free Gauss–Jordan elimination (Bareiss) of `[G | I | h]`, `G` a `p × p` Gram matrix. On success the left
/// block is `det(G)·I`, the middle block `adj(G) = det(G)·G⁻¹` and the last column `det(G)·G⁻¹h`; every division is
/// exact, so every entry stays an integer (a minor of the augmented matrix). Returns `det(G)`.
///
/// A Gram matrix needs no pivoting: its leading principal minors are the Gram determinants of the first columns,
/// zero exactly when those columns are linearly dependent. On a zero pivot at step `k`, returns `Err(k)`: column `k`
/// is a combination of the columns before it, with coefficients `matrix[i][k] / det` (`i < k`).
fn eliminate(matrix: &mut [Vec<BigInt>]) -> Result<BigInt, usize> {
    let p = matrix.len();
    let mut previous = BigInt::one();
    for k in 0..p {
        let pivot_row = matrix[k].clone();
        let pivot = pivot_row[k].clone();
        if pivot.is_zero() {
            return Err(k);
        }
        for (i, row) in matrix.iter_mut().enumerate() {
            if i == k {
                continue;
            }
            let factor = std::mem::take(&mut row[k]);
            for (j, (entry, pivot_entry)) in row.iter_mut().zip(&pivot_row).enumerate() {
                if j == k || (entry.is_zero() && (factor.is_zero() || pivot_entry.is_zero())) {
                    continue;
                }
                *entry = (&pivot * &*entry - &factor * pivot_entry) / &previous;
            }
        }
        previous = pivot;
    }
    Ok(previous)
}

/// The error for a zero pivot at step `k`: column `k` and the earlier columns it depends on.
fn collinear(matrix: &[Vec<BigInt>], k: usize, names: &[String], intercept: bool) -> RegressionError {
    let involved: Vec<&str> = (0..=k)
        .filter(|&i| i == k || !matrix[i][k].is_zero())
        .filter(|&i| !(intercept && i == 0))
        .filter_map(|i| names.get(i).map(String::as_str))
        .collect();
    RegressionError::Collinear { variables: involved.join(", ") }
}

/// The exact value of a [`Decimal`].
pub fn to_rational(value: Decimal) -> BigRational {
    BigRational::new(BigInt::from(value.mantissa()), BigInt::from(10u32).pow(value.scale()))
}

/// Rounds an exact value to a [`Decimal`]: 28 significant digits, or 28 decimal places for values below 1 (values
/// smaller than 0.5·10⁻²⁸ become 0), half to even, trailing zeros removed.
///
/// # Errors
///
/// [`RegressionError::OutOfRange`] when the value exceeds [`Decimal::MAX`] in magnitude.
pub fn to_decimal(value: &BigRational) -> Result<Decimal, RegressionError> {
    if value.is_zero() {
        return Ok(Decimal::ZERO);
    }
    let numer = value.numer().abs();
    let denom = value.denom().abs();
    let too_large = || RegressionError::OutOfRange(format!("{:e} does not fit in a decimal", to_f64(value)));
    // e = ⌊log10 |value|⌋, estimated from bit lengths and then corrected.
    let bits = i64::try_from(numer.bits()).unwrap_or(i64::MAX) - i64::try_from(denom.bits()).unwrap_or(i64::MAX);
    let mut e = (bits as f64 * std::f64::consts::LOG10_2).floor() as i64;
    loop {
        if compare_pow10(&numer, &denom, e) == Ordering::Less {
            e -= 1;
        } else if compare_pow10(&numer, &denom, e + 1) != Ordering::Less {
            e += 1;
        } else {
            break;
        }
    }
    if e > 29 {
        return Err(too_large());
    }
    let scale = u32::try_from((27 - e).clamp(0, 28)).unwrap_or(28);
    let scaled = &numer * BigInt::from(10u32).pow(scale);
    let mut quotient = &scaled / &denom;
    let twice_remainder = (scaled - &quotient * &denom) * 2u32;
    match twice_remainder.cmp(&denom) {
        Ordering::Greater => quotient += 1u32,
        Ordering::Equal if quotient.bit(0) => quotient += 1u32,
        _ => {}
    }
    let mantissa = quotient.to_i128().ok_or_else(too_large)?;
    let signed = if value.is_negative() { -mantissa } else { mantissa };
    Decimal::try_from_i128_with_scale(signed, scale).map(|d| d.normalize()).map_err(|_| too_large())
}

/// Compares `numer/denom` (both positive) with `10^e`.
fn compare_pow10(numer: &BigInt, denom: &BigInt, e: i64) -> Ordering {
    let power = BigInt::from(10u32).pow(u32::try_from(e.unsigned_abs()).unwrap_or(u32::MAX));
    if e >= 0 { numer.cmp(&(denom * power)) } else { (numer * power).cmp(denom) }
}

/// Rounds an exact value to a [`Decimal`], naming it in the error.
fn decimal(value: &BigRational, what: impl FnOnce() -> String) -> Result<Decimal, RegressionError> {
    to_decimal(value).map_err(|e| match e {
        RegressionError::OutOfRange(message) => RegressionError::OutOfRange(format!("{}: {message}", what())),
        other => other,
    })
}

/// The nearest `f64` to an exact value (infinite beyond the range of `f64`).
fn to_f64(value: &BigRational) -> f64 {
    value.to_f64().unwrap_or(f64::NAN)
}

/// Two-sided p-value `P(|T| ≥ |t|)` of Student's t distribution with `df` degrees of freedom, approximate:
/// `I_{df/(df+t²)}(df/2, 1/2)`. NaN when `t` is NaN or `df ≤ 0`.
///
/// ```
/// # use iso_core::kpi::regression::student_t_two_sided_p;
/// assert!((student_t_two_sided_p(2.228, 10.0) - 0.05).abs() < 1e-4);
/// ```
pub fn student_t_two_sided_p(t: f64, df: f64) -> f64 {
    if t.is_nan() || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if t.is_infinite() {
        return 0.0;
    }
    regularized_incomplete_beta(df / 2.0, 0.5, df / (df + t * t))
}

/// Upper-tail p-value `P(F ≥ f)` of the F distribution with `d1` and `d2` degrees of freedom, approximate:
/// `I_{d2/(d2+d1·f)}(d2/2, d1/2)`. 1 for `f ≤ 0`; NaN when `f` is NaN or a degree of freedom is not positive.
///
/// ```
/// # use iso_core::kpi::regression::f_upper_p;
/// assert!((f_upper_p(4.10, 2.0, 10.0) - 0.05).abs() < 1e-3);
/// ```
pub fn f_upper_p(f: f64, d1: f64, d2: f64) -> f64 {
    if f.is_nan() || d1.is_nan() || d2.is_nan() || d1 <= 0.0 || d2 <= 0.0 {
        return f64::NAN;
    }
    if f <= 0.0 {
        return 1.0;
    }
    if f.is_infinite() {
        return 0.0;
    }
    regularized_incomplete_beta(d2 / 2.0, d1 / 2.0, d2 / (d2 + d1 * f))
}

/// The regularized incomplete beta function `I_x(a, b)`, approximate (about 13 significant digits): the continued
/// fraction of Numerical Recipes (`betacf`) evaluated by the modified Lentz method, with `ln Γ` by the Lanczos
/// approximation. NaN unless `a > 0`, `b > 0` and `0 ≤ x ≤ 1`.
///
/// ```
/// # use iso_core::kpi::regression::regularized_incomplete_beta;
/// assert!((regularized_incomplete_beta(1.0, 1.0, 0.3) - 0.3).abs() < 1e-14); // I_x(1, 1) = x
/// ```
pub fn regularized_incomplete_beta(a: f64, b: f64, x: f64) -> f64 {
    if !(a > 0.0 && b > 0.0 && (0.0..=1.0).contains(&x)) || a.is_infinite() || b.is_infinite() {
        return f64::NAN;
    }
    if x == 0.0 {
        return 0.0;
    }
    if x == 1.0 {
        return 1.0;
    }
    let front = (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (-x).ln_1p()).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_continued_fraction(a, b, x) / a
    } else {
        1.0 - front * beta_continued_fraction(b, a, 1.0 - x) / b
    }
}

/// The continued fraction of `I_x(a, b)` (Numerical Recipes, 3rd ed., §6.4), by the modified Lentz method.
fn beta_continued_fraction(a: f64, b: f64, x: f64) -> f64 {
    const MAX_ITERATIONS: u32 = 10_000;
    const EPSILON: f64 = f64::EPSILON;
    const TINY: f64 = 1e-300;
    let guard = |v: f64| if v.abs() < TINY { TINY } else { v };
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / guard(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..=MAX_ITERATIONS {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let even = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 / guard(1.0 + even * d);
        c = guard(1.0 + even / c);
        h *= d * c;
        let odd = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 / guard(1.0 + odd * d);
        c = guard(1.0 + odd / c);
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() <= EPSILON {
            break;
        }
    }
    h
}

/// `ln Γ(x)` for `x > 0`, by the Lanczos approximation (g = 7, 9 terms; relative error about 10⁻¹⁵), with the
/// reflection formula below 1/2.
fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const COEFFICIENTS: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin().abs()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let t = x + G + 0.5;
    let mut sum = COEFFICIENTS[0];
    for (i, c) in COEFFICIENTS.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn column(name: &str, values: &[i64]) -> (String, Vec<Decimal>) {
        (name.to_owned(), values.iter().map(|v| Decimal::from(*v)).collect())
    }

    fn ints(values: &[i64]) -> Vec<Decimal> {
        values.iter().map(|v| Decimal::from(*v)).collect()
    }

    fn q(numer: i64, denom: i64) -> BigRational {
        BigRational::new(BigInt::from(numer), BigInt::from(denom))
    }

    #[test]
    fn solves_a_three_point_example_exactly() {
        // y = 1, 2, 2 at x = 1, 2, 3: x̄ = 2, ȳ = 5/3, Sxy = 1, Sxx = 2, so β1 = 1/2 and β0 = 5/3 − 1 = 2/3.
        // Residuals −1/6, 1/3, −1/6: SSE = 1/6; SST = 4/9 + 1/9 + 1/9 = 2/3; R² = 1 − (1/6)/(2/3) = 3/4.
        // X'X = [[3, 6], [6, 14]], det 6, (X'X)⁻¹ diagonal 14/6 = 7/3 and 3/6 = 1/2.
        let y: Vec<BigRational> = [1, 2, 2].iter().map(|v| q(*v, 1)).collect();
        let x: Vec<BigRational> = [1, 2, 3].iter().map(|v| q(*v, 1)).collect();
        let exact = fit_exact(&y, &[("x".to_owned(), x)], true).unwrap();
        assert_eq!(exact.coefficients, vec![q(2, 3), q(1, 2)]);
        assert_eq!(exact.inverse_diagonal, vec![q(7, 3), q(1, 2)]);
        assert_eq!(exact.sse, q(1, 6));
        assert_eq!(exact.sst, q(2, 3));
        assert_eq!(exact.r_squared(), q(3, 4));
        assert_eq!(exact.residual_sum, q(0, 1));

        let model = exact.regression().unwrap();
        assert_eq!(model.coefficients[0].estimate, d("0.6666666666666666666666666667"));
        assert_eq!(model.coefficients[1].estimate, d("0.5"));
        assert_eq!(model.r_squared, d("0.75"));
        // 1 − (1/4)·(3 − 1)/(3 − 2) = 1/2.
        assert_eq!(model.adjusted_r_squared, d("0.5"));
        // F = (3/4 / 1)/((1/4)/1) = 3.
        assert_eq!(model.f_statistic, Some(d("3")));
        assert_eq!(model.sse, d("0.1666666666666666666666666667"));
        assert_eq!(model.degrees_of_freedom, 1);
        // SE(β1) = √(1/6 · 1/2) = √(1/12), t = (1/2)/√(1/12) = √3; with 1 degree of freedom t is Cauchy, and
        // P(|T| ≥ √3) = 1 − (2/π)·atan(√3) = 1 − (2/π)(π/3) = 1/3. F(1, 1) = t², so the model p is 1/3 too.
        let slope = &model.coefficients[1];
        assert!((slope.std_error - (1.0f64 / 12.0).sqrt()).abs() < 1e-15);
        assert!((slope.t - 3.0f64.sqrt()).abs() < 1e-14);
        assert!((slope.p - 1.0 / 3.0).abs() < 1e-13, "{}", slope.p);
        assert!((model.model_p - 1.0 / 3.0).abs() < 1e-13, "{}", model.model_p);
        assert!((model.coefficients[0].std_error - (7.0f64 / 18.0).sqrt()).abs() < 1e-15);
        // ȳ = 5/3, σ̂ = √(1/6): CV(RMSE) = 100·√(1/6)/(5/3).
        assert!((model.cv_rmse.unwrap() - 100.0 * (1.0f64 / 6.0).sqrt() * 3.0 / 5.0).abs() < 1e-12);
        assert_eq!(model.nmbe, Some(Decimal::ZERO));
    }

    #[test]
    fn fits_through_the_origin_without_intercept() {
        // y = 2x exactly except the last point: β = Σxy/Σx² = (2 + 8 + 21)/(1 + 4 + 9) = 31/14.
        let model = fit(&ints(&[2, 4, 7]), &[column("x", &[1, 2, 3])], false).unwrap();
        assert!(!model.intercept);
        assert_eq!(model.coefficients.len(), 1);
        assert_eq!(model.coefficients[0].name, "x");
        assert_eq!(model.coefficients[0].estimate, to_decimal(&q(31, 14)).unwrap());
        assert_eq!(model.degrees_of_freedom, 2);
        // Residuals 2 − 31/14, 4 − 62/14, 7 − 93/14 = −3/14, −6/14, 5/14: sum −4/14, SSE 70/196 = 5/14.
        assert_eq!(model.sse, to_decimal(&q(5, 14)).unwrap());
        // Uncentred SST = 4 + 16 + 49 = 69, R² = 1 − (5/14)/69.
        assert_eq!(model.r_squared, to_decimal(&(q(1, 1) - q(5, 14 * 69))).unwrap());
        // NMBE = 100·(−4/14)/(2·13/3).
        assert_eq!(model.nmbe, Some(to_decimal(&(q(100, 1) * q(-4, 14) / q(26, 3))).unwrap()));
        // The prediction uses the rounded estimate: 2 × 2.214285714285714285714285714.
        assert_eq!(model.predict(&[d("2")]), Some(d("4.428571428571428571428571428")));
    }

    #[test]
    fn residuals_sum_to_zero_and_nmbe_is_zero_with_an_intercept() {
        let y = [d("12.5"), d("14.25"), d("9.125"), d("20"), d("17.75"), d("11")];
        let model = fit(
            &y,
            &[
                ("hdd".to_owned(), [d("3.5"), d("4"), d("1.25"), d("8"), d("6.5"), d("2")].to_vec()),
                ("days".to_owned(), ints(&[30, 31, 28, 31, 30, 31])),
            ],
            true,
        )
        .unwrap();
        assert_eq!(model.nmbe, Some(Decimal::ZERO));
        let residuals = model
            .residuals(
                &y,
                &[
                    ("hdd".to_owned(), [d("3.5"), d("4"), d("1.25"), d("8"), d("6.5"), d("2")].to_vec()),
                    ("days".to_owned(), ints(&[30, 31, 28, 31, 30, 31])),
                ],
            )
            .unwrap();
        let total: Decimal = residuals.iter().sum();
        assert!(total.abs() < d("0.0000000000000000000001"), "{total}");
    }

    #[test]
    fn names_collinear_variables() {
        let err = fit(
            &ints(&[1, 3, 2, 5, 4]),
            &[column("a", &[1, 2, 3, 4, 5]), column("b", &[5, 1, 4, 2, 2]), column("twice_a", &[2, 4, 6, 8, 10])],
            true,
        )
        .unwrap_err();
        assert_eq!(err, RegressionError::Collinear { variables: "a, twice_a".to_owned() });

        let err = fit(
            &ints(&[1, 3, 2, 5, 4, 6]),
            &[column("a", &[1, 2, 3, 4, 5, 1]), column("b", &[5, 1, 4, 2, 2, 7]), column("sum", &[6, 3, 7, 6, 7, 8])],
            false,
        )
        .unwrap_err();
        assert_eq!(err, RegressionError::Collinear { variables: "a, b, sum".to_owned() });

        // a + b = 10 on every row: collinear with the intercept.
        let err =
            fit(&ints(&[1, 3, 2, 5]), &[column("a", &[1, 2, 3, 4]), column("b", &[9, 8, 7, 6])], true).unwrap_err();
        assert_eq!(err, RegressionError::Collinear { variables: "a, b".to_owned() });
    }

    #[test]
    fn rejects_a_constant_variable_with_an_intercept() {
        let err = fit(&ints(&[1, 3, 2, 5]), &[column("x", &[1, 2, 3, 4]), column("days", &[30, 30, 30, 30])], true)
            .unwrap_err();
        assert_eq!(err, RegressionError::Collinear { variables: "days".to_owned() });
        assert!(err.to_string().contains("days"));
        // Without intercept a constant is a legitimate regressor.
        assert!(
            fit(&ints(&[1, 3, 2, 5]), &[column("x", &[1, 2, 3, 4]), column("days", &[30, 30, 30, 30])], false).is_ok()
        );
        // A zero column is collinear either way.
        let err = fit(&ints(&[1, 3, 2, 5]), &[column("zero", &[0, 0, 0, 0])], false).unwrap_err();
        assert_eq!(err, RegressionError::Collinear { variables: "zero".to_owned() });
    }

    #[test]
    fn rejects_too_few_points() {
        // 2 variables + intercept = 3 coefficients: 4 observations needed.
        let err = fit(&ints(&[1, 2, 3]), &[column("a", &[1, 2, 4]), column("b", &[3, 1, 2])], true).unwrap_err();
        assert_eq!(err, RegressionError::TooFewPoints { n: 3, coefficients: 3, needed: 4 });
        let err = fit(&ints(&[1]), &[column("a", &[1])], false).unwrap_err();
        assert_eq!(err, RegressionError::TooFewPoints { n: 1, coefficients: 1, needed: 2 });
        assert!(fit(&ints(&[1, 2]), &[column("a", &[1, 3])], false).is_ok());
        let err = fit(&[], &[], true).unwrap_err();
        assert_eq!(err, RegressionError::TooFewPoints { n: 0, coefficients: 1, needed: 2 });
    }

    #[test]
    fn rejects_mismatched_lengths_and_empty_models() {
        let err = fit(&ints(&[1, 2, 3]), &[column("a", &[1, 2])], true).unwrap_err();
        assert_eq!(err, RegressionError::LengthMismatch { variable: "a".to_owned(), got: 2, expected: 3 });
        assert!(matches!(fit(&ints(&[1, 2, 3]), &[], false), Err(RegressionError::OutOfRange(_))));
    }

    #[test]
    fn fits_the_mean_without_variables() {
        let model = fit(&ints(&[1, 2, 6]), &[], true).unwrap();
        assert_eq!(model.coefficients[0].estimate, d("3"));
        assert_eq!(model.f_statistic, None);
        assert_eq!(model.model_p, 1.0);
        assert_eq!(model.r_squared, Decimal::ZERO);
        assert_eq!(model.predict(&[]), Some(d("3")));
    }

    #[test]
    fn handles_perfect_and_flat_fits() {
        let model = fit(&ints(&[3, 5, 7, 9]), &[column("x", &[1, 2, 3, 4])], true).unwrap();
        assert_eq!(model.r_squared, Decimal::ONE);
        assert_eq!(model.f_statistic, None);
        assert_eq!(model.model_p, 0.0);
        assert_eq!(model.coefficients[1].std_error, 0.0);
        assert_eq!(model.coefficients[1].t, f64::INFINITY);
        assert_eq!(model.coefficients[1].p, 0.0);
        // Constant y: nothing to explain.
        let model = fit(&ints(&[4, 4, 4, 4]), &[column("x", &[1, 2, 3, 4])], true).unwrap();
        assert_eq!(model.r_squared, Decimal::ZERO);
        assert_eq!(model.coefficients[1].estimate, Decimal::ZERO);
        assert_eq!(model.coefficients[1].t, 0.0);
        assert_eq!(model.coefficients[1].p, 1.0);
        assert_eq!(model.model_p, 1.0);
        // ȳ = 0: CV(RMSE) and NMBE are undefined.
        let model = fit(&ints(&[-1, 2, -2, 1]), &[column("x", &[1, 2, 3, 5])], true).unwrap();
        assert_eq!(model.cv_rmse, None);
        assert_eq!(model.nmbe, None);
    }

    #[test]
    fn reports_results_beyond_decimal_range() {
        let huge = Decimal::MAX;
        let err = fit(&[huge, -huge, huge], &[column("x", &[0, 1, 2])], false).unwrap_err();
        assert!(matches!(err, RegressionError::OutOfRange(ref m) if m.contains("sum of squares")), "{err}");
    }

    #[test]
    fn converts_exactly_between_decimals_and_rationals() {
        assert_eq!(to_rational(d("-12.340")), q(-1234, 100));
        assert_eq!(to_decimal(&q(-1234, 100)).unwrap(), d("-12.34"));
        assert_eq!(to_decimal(&q(1, 3)).unwrap(), d("0.3333333333333333333333333333"));
        assert_eq!(to_decimal(&q(200, 3)).unwrap(), d("66.66666666666666666666666667"));
        assert_eq!(to_decimal(&q(5, 100_000_000)).unwrap().to_string(), "0.00000005");
        // Half to even on an exact tie at the 28th decimal: 2.5·10⁻²⁸ → 2·10⁻²⁸, 3.5·10⁻²⁸ → 4·10⁻²⁸.
        let tenth = to_rational(d("0.0000000000000000000000000001")) / q(10, 1);
        assert_eq!(to_decimal(&(&tenth * q(25, 1))).unwrap(), d("0.0000000000000000000000000002"));
        assert_eq!(to_decimal(&(&tenth * q(35, 1))).unwrap(), d("0.0000000000000000000000000004"));
        assert_eq!(
            to_decimal(&(q(1, 1) / BigRational::from_integer(BigInt::from(10u32).pow(40)))).unwrap(),
            Decimal::ZERO
        );
        assert_eq!(to_decimal(&to_rational(Decimal::MAX)).unwrap(), Decimal::MAX);
        assert_eq!(to_decimal(&to_rational(Decimal::MIN)).unwrap(), Decimal::MIN);
        assert!(to_decimal(&(to_rational(Decimal::MAX) + q(1, 1))).is_err());
        assert!(to_decimal(&BigRational::from_integer(BigInt::from(10u32).pow(40))).is_err());
        // 28 significant digits for large values.
        assert_eq!(
            to_decimal(&(q(10_000_000_000, 3) * q(10_000_000_000, 1))).unwrap(),
            d("33333333333333333333.33333333")
        );
    }

    #[test]
    fn computes_incomplete_beta_and_distribution_tails() {
        // Closed forms: I_x(1, 1) = x, I_x(a, 1) = x^a, I_x(1, b) = 1 − (1 − x)^b.
        for x in [0.01, 0.3, 0.5, 0.77, 0.999] {
            assert!((regularized_incomplete_beta(1.0, 1.0, x) - x).abs() < 1e-14);
            assert!((regularized_incomplete_beta(3.5, 1.0, x) - x.powf(3.5)).abs() < 1e-13);
            assert!((regularized_incomplete_beta(1.0, 4.0, x) - (1.0 - (1.0 - x).powi(4))).abs() < 1e-13);
        }
        // t with 1 degree of freedom is Cauchy: P(|T| ≥ t) = 1 − (2/π)·atan(t); with 2: 1 − t/√(2 + t²).
        for t in [0.1, 1.0, 2.5, 12.0, 300.0] {
            let cauchy = 1.0 - 2.0 / std::f64::consts::PI * f64::atan(t);
            assert!((student_t_two_sided_p(t, 1.0) - cauchy).abs() < 1e-13 * cauchy.max(1e-3), "t = {t}");
            let two = 1.0 - t / (2.0 + t * t).sqrt();
            assert!((student_t_two_sided_p(-t, 2.0) - two).abs() < 1e-12 * two.max(1e-3), "t = {t}");
        }
        // F(2, d2) upper tail: (1 + 2f/d2)^(−d2/2).
        for (f, d2) in [(0.5, 3.0), (4.1, 10.0), (30.0, 25.0)] {
            let exact = f64::powf(1.0 + 2.0 * f / d2, -d2 / 2.0);
            assert!((f_upper_p(f, 2.0, d2) - exact).abs() < 1e-13 * exact.max(1e-3), "f = {f}");
        }
        // Critical values from printed tables (NIST/SEMATECH e-Handbook of Statistical Methods, §1.3.6.7.2 and
        // §1.3.6.7.3): t(0.975; 10) = 2.228, F(0.95; 2, 10) = 4.103, t(0.995; 30) = 2.750, F(0.99; 5, 20) = 4.103.
        assert!((student_t_two_sided_p(2.228, 10.0) - 0.05).abs() < 1e-4);
        assert!((f_upper_p(4.103, 2.0, 10.0) - 0.05).abs() < 1e-4);
        assert!((student_t_two_sided_p(2.750, 30.0) - 0.01).abs() < 1e-4);
        assert!((f_upper_p(4.103, 5.0, 20.0) - 0.01).abs() < 1e-4);
        // Reference values computed with mpmath 1.3.0 (mp.dps = 30), `betainc(a, b, 0, x, regularized=True)`:
        //   I_0.4(2.5, 7.25)                            = 0.849870230134115906…
        //   t = 2, df = 34:     I_{34/38}(17, 1/2)       = 0.0535398354704504314…
        //   F = 12, df (3, 120): I_{120/156}(60, 3/2)    = 6.31881917532403440…e-7
        // (the last two confirmed by numerical integration of the t and F densities with `mpmath.quad`).
        let cases = [
            (regularized_incomplete_beta(2.5, 7.25, 0.4), 0.849_870_230_134_115_9),
            (student_t_two_sided_p(2.0, 34.0), 0.053_539_835_470_450_43),
            (f_upper_p(12.0, 3.0, 120.0), 6.318_819_175_324_034e-7),
        ];
        for (got, want) in cases {
            assert!(((got - want) / want).abs() < 1e-11, "{got} vs {want}");
        }
        assert!(student_t_two_sided_p(f64::NAN, 3.0).is_nan());
        assert_eq!(student_t_two_sided_p(f64::INFINITY, 3.0), 0.0);
        assert_eq!(student_t_two_sided_p(0.0, 3.0), 1.0);
        assert_eq!(f_upper_p(0.0, 1.0, 3.0), 1.0);
        assert!(regularized_incomplete_beta(-1.0, 1.0, 0.5).is_nan());
    }

    fn model_for_acceptance() -> Regression {
        let coefficient = |name: &str, p: f64| Coefficient {
            name: name.to_owned(),
            estimate: Decimal::ONE,
            std_error: 0.5,
            t: 2.0,
            p,
        };
        Regression {
            n: 12,
            intercept: true,
            coefficients: vec![coefficient(INTERCEPT, 0.9), coefficient("hdd", 0.01), coefficient("production", 0.15)],
            r_squared: d("0.8"),
            adjusted_r_squared: d("0.75"),
            f_statistic: Some(d("20")),
            model_p: 0.001,
            sse: d("100"),
            residual_sd: 3.3,
            cv_rmse: Some(8.0),
            nmbe: Some(Decimal::ZERO),
            degrees_of_freedom: 9,
        }
    }

    fn failed(model: &Regression, rules: &AcceptanceRules) -> Vec<String> {
        let verdict = model.acceptance(rules);
        let failed: Vec<String> = verdict.checks.iter().filter(|c| !c.passed).map(|c| c.name.clone()).collect();
        assert_eq!(verdict.accepted, failed.is_empty());
        failed
    }

    #[test]
    fn applies_the_doe_sep_acceptance_rules_one_at_a_time() {
        let rules = AcceptanceRules::default();
        let good = model_for_acceptance();
        let verdict = good.acceptance(&rules);
        assert!(verdict.accepted);
        let names: Vec<&str> = verdict.checks.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["min_points", "model_p", "variable_p", "variable_p", "one_variable_p", "r_squared"]);
        assert_eq!(verdict.checks[4].variable.as_deref(), Some("hdd"));
        assert_eq!(verdict.checks[1].limit, "< 0.1");

        let mut m = good.clone();
        m.n = 9;
        assert_eq!(failed(&m, &rules), ["min_points"]);

        let mut m = good.clone();
        m.model_p = 0.1; // strict: p < 0.1
        assert_eq!(failed(&m, &rules), ["model_p"]);

        let mut m = good.clone();
        m.coefficients[2].p = 0.2000001;
        assert_eq!(failed(&m, &rules), ["variable_p"]);
        m.coefficients[2].p = 0.2; // p ≤ 0.2 passes
        assert!(failed(&m, &rules).is_empty());

        // The intercept's p-value is not checked.
        let mut m = good.clone();
        m.coefficients[0].p = 0.99;
        assert!(failed(&m, &rules).is_empty());

        let mut m = good.clone();
        m.coefficients[1].p = 0.12;
        assert_eq!(failed(&m, &rules), ["one_variable_p"]);
        // Exactly 0.1: passes for DOE EnPI (≤), fails for DOE VERIFI (<).
        m.coefficients[1].p = 0.1;
        assert!(failed(&m, &rules).is_empty());
        assert_eq!(failed(&m, &AcceptanceRules::verifi()), ["one_variable_p"]);

        let mut m = good.clone();
        m.r_squared = d("0.4999");
        assert_eq!(failed(&m, &rules), ["r_squared"]);
        m.r_squared = d("0.5");
        assert!(failed(&m, &rules).is_empty());

        let ashrae = AcceptanceRules { cv_rmse_max: Some(AcceptanceRules::ashrae_cv_rmse_max(6)), ..rules.clone() };
        assert!(failed(&good, &ashrae).is_empty());
        let mut m = good.clone();
        m.cv_rmse = Some(20.5);
        assert_eq!(failed(&m, &ashrae), ["cv_rmse"]);
        m.cv_rmse = None;
        assert_eq!(failed(&m, &ashrae), ["cv_rmse"]);
        assert_eq!(AcceptanceRules::ashrae_cv_rmse_max(11), 20.0);
        assert_eq!(AcceptanceRules::ashrae_cv_rmse_max(12), 25.0);
        assert_eq!(AcceptanceRules::ashrae_cv_rmse_max(60), 25.0);
        assert_eq!(AcceptanceRules::ashrae_cv_rmse_max(61), 30.0);

        // No variable at all: the one-variable rule cannot be met.
        let mut m = good.clone();
        m.coefficients.truncate(1);
        assert_eq!(failed(&m, &rules), ["one_variable_p"]);
    }

    #[test]
    fn accepts_a_fitted_baseline() {
        let kwh = ints(&[1210, 1190, 980, 820, 640, 520, 500, 510, 610, 830, 1010, 1180]);
        let hdd = column("hdd", &[420, 400, 300, 220, 120, 60, 40, 45, 100, 210, 320, 410]);
        let model = fit(&kwh, &[hdd], true).unwrap();
        let verdict = model.acceptance(&AcceptanceRules::default());
        assert!(verdict.accepted, "{verdict:?}");
        let json = serde_json::to_string(&model).unwrap();
        let back: Regression = serde_json::from_str(&json).unwrap();
        assert_eq!((back.r_squared, back.sse, back.nmbe), (model.r_squared, model.sse, model.nmbe));
        assert_eq!(back.coefficients[1].estimate, model.coefficients[1].estimate);
        assert!((back.coefficients[1].p - model.coefficients[1].p).abs() <= 1e-15 * model.coefficients[1].p);
    }

    #[test]
    fn checks_period_means_against_the_model_range() {
        // hdd: mean 25, s² = ((−15)² + (−5)² + 5² + 15²)/3 = 500/3, s ≈ 12.91; mean ± 3s ≈ [−13.73, 63.73].
        let model_x = vec![column("hdd", &[10, 20, 30, 40]), column("tonnes", &[5, 5, 5, 5])];
        let checks = range_check(
            &model_x,
            &[
                ("hdd".to_owned(), d("35")),
                ("tonnes".to_owned(), d("5.1")),
                ("missing".to_owned(), d("1")),
                ("hdd".to_owned(), d("70")),
                ("hdd".to_owned(), d("50")),
            ],
        );
        assert_eq!(checks.len(), 4);
        let hdd = &checks[0];
        assert_eq!((hdd.min, hdd.max, hdd.model_mean), (d("10"), d("40"), d("25")));
        assert!((hdd.model_sd - (500.0f64 / 3.0).sqrt()).abs() < 1e-12);
        assert!((hdd.lower_3sd - (25.0 - 3.0 * (500.0f64 / 3.0).sqrt())).abs() < 1e-12);
        assert!(hdd.within_min_max && hdd.within_3sd && hdd.passed);
        // A constant variable: s = 0, so only its one value passes.
        let tonnes = &checks[1];
        assert_eq!(tonnes.model_sd, 0.0);
        assert!(!tonnes.within_min_max && !tonnes.within_3sd && !tonnes.passed);
        assert!(!checks[2].within_min_max && !checks[2].within_3sd && !checks[2].passed);
        assert!(!checks[3].within_min_max && checks[3].within_3sd && checks[3].passed);
    }

    fn small_decimal() -> impl Strategy<Value = Decimal> {
        (-5000i64..5000, 0u32..3).prop_map(|(m, s)| Decimal::new(m, s))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn residuals_are_exactly_orthogonal_to_the_columns(
            k in 1usize..4,
            extra in 1usize..6,
            intercept in any::<bool>(),
            seed in prop::collection::vec(small_decimal(), 40),
        ) {
            let n = k + usize::from(intercept) + extra;
            let mut values = seed.iter().cycle().skip(3);
            let y: Vec<Decimal> = (0..n).map(|i| seed[i % seed.len()]).collect();
            let variables: Vec<(String, Vec<Decimal>)> = (0..k)
                .map(|j| (format!("x{j}"), (0..n).map(|_| *values.next().unwrap() + Decimal::from(j)).collect()))
                .collect();
            let exact_y: Vec<BigRational> = y.iter().map(|v| to_rational(*v)).collect();
            let exact_x: Vec<(String, Vec<BigRational>)> = variables
                .iter()
                .map(|(name, v)| (name.clone(), v.iter().map(|x| to_rational(*x)).collect()))
                .collect();
            match fit_exact(&exact_y, &exact_x, intercept) {
                Ok(exact) => {
                    let start = usize::from(intercept);
                    let residuals: Vec<BigRational> = (0..n)
                        .map(|i| {
                            let mut fitted = if intercept { exact.coefficients[0].clone() } else { BigRational::zero() };
                            for (j, (_, column)) in exact_x.iter().enumerate() {
                                fitted += &exact.coefficients[start + j] * &column[i];
                            }
                            &exact_y[i] - fitted
                        })
                        .collect();
                    let sse: BigRational = residuals.iter().map(|r| r * r).sum();
                    prop_assert_eq!(&sse, &exact.sse);
                    let sum: BigRational = residuals.iter().sum();
                    prop_assert_eq!(&sum, &exact.residual_sum);
                    if intercept {
                        prop_assert!(sum.is_zero());
                    }
                    for (_, column) in &exact_x {
                        let dot: BigRational = residuals.iter().zip(column).map(|(r, x)| r * x).sum();
                        prop_assert!(dot.is_zero());
                    }
                    let model = exact.regression().unwrap();
                    if intercept && model.nmbe.is_some() {
                        prop_assert_eq!(model.nmbe, Some(Decimal::ZERO));
                    }
                    prop_assert_eq!(fit(&y, &variables, intercept).unwrap(), model);
                }
                Err(RegressionError::Collinear { .. }) => {}
                Err(other) => prop_assert!(false, "unexpected error {other}"),
            }
        }
    }
}
