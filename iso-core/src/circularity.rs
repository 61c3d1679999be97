//! The Material Circularity Indicator (MCI) of the Ellen MacArthur Foundation, for products and for a company.
//!
//! Source: Ellen MacArthur Foundation and Granta Design, *Circularity Indicators — An Approach to Measuring
//! Circularity: Methodology* (May 2015), product-level indicator of the technical cycle. For a product of mass `M`:
//!
//! | symbol | quantity | formula |
//! |---|---|---|
//! | `V` | virgin feedstock | `M (1 − F_R − F_U)` |
//! | `W0` | waste of the product itself (not collected for recycling or reuse) | `M (1 − C_R − C_U)` |
//! | `W_C` | waste of recycling the collected product | `M (1 − E_C) C_R` |
//! | `W_F` | waste of producing the recycled feedstock | `M (1 − E_F) F_R / E_F` |
//! | `W` | unrecoverable waste | `W0 + (W_F + W_C) / 2` |
//! | `LFI` | linear flow index | `(V + W) / (2M + (W_F − W_C) / 2)` |
//! | `X` | utility | `(L / L_av) (U / U_av)` |
//! | `F(X)` | utility factor | `0.9 / X` |
//! | `MCI` | material circularity indicator | `max(0, 1 − LFI · F(X))` |
//!
//! where `F_R` and `F_U` are the fractions of the feedstock from recycled and reused sources, `C_R` and `C_U` the
//! fractions of the product collected for recycling and for reuse after use, `E_C` the efficiency of recycling the
//! collected product, `E_F` the efficiency of producing the recycled feedstock, `L` and `U` the product's lifetime and
//! intensity of use, and `L_av` and `U_av` those of an industry-average product of the same type.
//!
//! **Edition.** The engine implements the 2015 edition, as `DOMAIN.md` §5 gives it. The 2019 update adds the
//! biological cycle (feedstock from sustained production `F_S`, composting and energy recovery of biological
//! materials); it is not modelled: every input is treated as technical-cycle material, so a product with biological
//! content is scored as the 2015 methodology scores it.
//!
//! **Exactness.** Every quantity is a [`Decimal`]. Sums and products are exact while they fit in 28 significant digits
//! (inputs with a few decimals always do); a quotient that does not terminate (`LFI`, `X`, `F(X)`, `W_F` for some
//! inputs) carries 28 significant digits. Nothing is rounded further here: rounding happens only when a value is
//! presented ([`Decimal::round_dp`]). Results are normalised (no trailing zeros), so their JSON form is canonical. A
//! quantity that leaves the range of decimals (a huge mass, a tiny efficiency or utility) is an error, never a panic.
//!
//! **Validation.** Fractions (`F_R`, `F_U`, `C_R`, `C_U`, `E_C`, `E_F`) lie in [0, 1]; `F_R + F_U ≤ 1`;
//! `C_R + C_U ≤ 1`; `M`, `L`, `L_av`, `U` and `U_av` are greater than 0; a revenue, when given, is not negative.
//! `E_F = 0` with `F_R > 0` is refused (no recycled feedstock can come out of a process of efficiency 0); with
//! `F_R = 0`, `W_F` is 0 whatever `E_F` is. The product MCI reports both the clamped value (`max(0, …)`, the
//! indicator) and the unclamped one (negative when a product is used much less than the industry average).
//!
//! **Company.** [`company_mci`] is the mean of the product MCIs weighted by mass or by revenue
//! ([`Weighting`]), as the methodology's company-level indicator; it averages the clamped product values (the
//! methodology's product indicator is the clamped one, and the company value stays in [0, 1]), and also reports the
//! same mean over the unclamped values for information.
//!
//! **Sheets.** [`products_from_csv`] reads a `products.csv` sheet ([`PRODUCT_COLUMNS`]).
//!
//! ```
//! use iso_core::circularity::Product;
//! use rust_decimal::Decimal;
//!
//! // Made of virgin material and landfilled after an average life: LFI = 1, MCI = 1 − 0.9 = 0.1.
//! let linear = Product::linear("crate", Decimal::from(12)).mci()?;
//! assert_eq!(linear.linear_flow_index, Decimal::ONE);
//! assert_eq!(linear.mci, Decimal::new(1, 1));
//!
//! // Half recycled input (feedstock efficiency 0.8), half collected for recycling (efficiency 0.9).
//! let better = Product {
//!     recycled_input: Decimal::new(5, 1),
//!     feedstock_efficiency: Decimal::new(8, 1),
//!     recycled_collection: Decimal::new(5, 1),
//!     recycling_efficiency: Decimal::new(9, 1),
//!     ..Product::linear("crate", Decimal::from(12))
//! }
//! .mci()?;
//! assert_eq!(better.unrecoverable_waste, Decimal::new(705, 2)); // 6 + (1.5 + 0.6) / 2
//! assert_eq!(better.mci.round_dp(4), Decimal::new(5196, 4)); // 847/1630, rounded for presentation
//! # Ok::<(), iso_core::error::CircularityError>(())
//! ```

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{CircularityError, Location, RecordIssue};
use crate::number::parse_decimal;

/// One product's material flows and utility: the inputs of its MCI.
///
/// The JSON form uses these field names (decimals as strings, as everywhere in the engine) and refuses unknown keys;
/// the names are also the columns of a products sheet ([`PRODUCT_COLUMNS`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// Identifier, unique within a company's products; errors name the product by it.
    pub id: String,
    /// Display name (may be empty).
    #[serde(default)]
    pub name: String,
    /// `M`: mass in kilograms, greater than 0. The product's MCI does not depend on the scale of `M` (one unit or a
    /// year's production give the same value); for a company mean weighted by mass, give the mass of the product
    /// line over the period.
    pub mass_kg: Decimal,
    /// `F_R`: fraction of the feedstock from recycled sources, in [0, 1].
    pub recycled_input: Decimal,
    /// `F_U`: fraction of the feedstock from reused sources (reused components), in [0, 1]; `F_R + F_U ≤ 1`.
    pub reused_input: Decimal,
    /// `C_R`: fraction of the product collected for recycling after use, in [0, 1].
    pub recycled_collection: Decimal,
    /// `C_U`: fraction of the product collected for reuse after use, in [0, 1]; `C_R + C_U ≤ 1`.
    pub reused_collection: Decimal,
    /// `E_C`: efficiency of the process recycling the collected product, in [0, 1].
    pub recycling_efficiency: Decimal,
    /// `E_F`: efficiency of the process producing the recycled feedstock, in [0, 1]; greater than 0 when `F_R > 0`.
    pub feedstock_efficiency: Decimal,
    /// `L`: the product's lifetime, greater than 0 (any unit, the same as `average_lifetime`).
    pub lifetime: Decimal,
    /// `L_av`: the lifetime of an industry-average product of the same type, greater than 0.
    pub average_lifetime: Decimal,
    /// `U`: the product's intensity of use (functional units over its life), greater than 0.
    pub intensity: Decimal,
    /// `U_av`: the intensity of use of an industry-average product of the same type, greater than 0.
    pub average_intensity: Decimal,
    /// Revenue over the period (any currency, the same for every product), not negative; needed, and greater than
    /// 0, for a company mean weighted by revenue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revenue: Option<Decimal>,
}

/// A product's MCI with every intermediate quantity of the formula (see the [module documentation](self)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductMci {
    /// The product's id.
    pub product: String,
    /// `V = M (1 − F_R − F_U)`, kg.
    pub virgin_feedstock: Decimal,
    /// `W0 = M (1 − C_R − C_U)`, kg.
    pub waste_disposed: Decimal,
    /// `W_C = M (1 − E_C) C_R`, kg.
    pub waste_recycling: Decimal,
    /// `W_F = M (1 − E_F) F_R / E_F` (0 when `F_R = 0`), kg.
    pub waste_feedstock: Decimal,
    /// `W = W0 + (W_F + W_C) / 2`, kg.
    pub unrecoverable_waste: Decimal,
    /// `LFI = (V + W) / (2M + (W_F − W_C) / 2)`, in [0, 1].
    pub linear_flow_index: Decimal,
    /// `X = (L / L_av) (U / U_av)`.
    pub utility: Decimal,
    /// `F(X) = 0.9 / X`.
    pub utility_factor: Decimal,
    /// `1 − LFI · F(X)`, which is negative for a linear product used much less than the industry average.
    pub mci_unclamped: Decimal,
    /// `MCI = max(0, 1 − LFI · F(X))`, in [0, 1]: the indicator.
    pub mci: Decimal,
}

/// What weighs each product in a company's MCI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Weighting {
    /// The product's mass ([`Product::mass_kg`]).
    Mass,
    /// The product's revenue ([`Product::revenue`]); every product must have one greater than 0.
    Revenue,
}

/// A company's MCI: the weighted mean of its products' MCIs, with the weights used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompanyMci {
    /// What weighed the products.
    pub weighting: Weighting,
    /// `Σ wᵢ · MCIᵢ / Σ wᵢ` over the clamped product values: the company indicator, in [0, 1].
    pub mci: Decimal,
    /// The same mean over the unclamped product values, for information (not the methodology's figure).
    pub mci_unclamped: Decimal,
    /// `Σ wᵢ`.
    pub total_weight: Decimal,
    /// Every product, in input order, with its weight and result.
    pub products: Vec<WeightedMci>,
}

/// One product's part in a company's MCI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightedMci {
    /// `wᵢ`: the product's mass (kg) or revenue.
    pub weight: Decimal,
    /// `wᵢ / Σ w`: its share of the company value.
    pub share: Decimal,
    /// The product's MCI.
    pub result: ProductMci,
}

/// A company's products with their MCIs: what a report, the CLI and the bindings show.
///
/// ```
/// use iso_core::circularity::{Portfolio, Weighting};
/// let sheet = "id,name,mass_kg,recycled_input,reused_input,recycled_collection,reused_collection,\
///              recycling_efficiency,feedstock_efficiency,lifetime,average_lifetime,intensity,average_intensity\n\
///              B1,Bin,20,0,0,0,0,1,1,1,1,1,1\n";
/// let portfolio = Portfolio::from_csv("products.csv", sheet, Weighting::Mass)?;
/// assert_eq!(portfolio.company.mci.to_string(), "0.1");
/// # Ok::<(), iso_core::error::CircularityError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Portfolio {
    /// The products, as given.
    pub products: Vec<Product>,
    /// Their MCIs and the company mean.
    pub company: CompanyMci,
}

impl Portfolio {
    /// The MCIs of `products` and their mean weighted by `weighting`.
    pub fn compute(products: Vec<Product>, weighting: Weighting) -> Result<Portfolio, CircularityError> {
        let company = company_mci(&products, weighting)?;
        Ok(Portfolio { products, company })
    }

    /// Reads a products sheet ([`products_from_csv`]) and computes it.
    pub fn from_csv(file: &str, text: &str, weighting: Weighting) -> Result<Portfolio, CircularityError> {
        Portfolio::compute(products_from_csv(file, text)?, weighting)
    }
}

/// The columns of a products sheet (`products.csv`), in layout order; every column but `name` and `revenue` is
/// required. They are the field names of [`Product`].
pub const PRODUCT_COLUMNS: [&str; 14] = [
    "id",
    "name",
    "mass_kg",
    "recycled_input",
    "reused_input",
    "recycled_collection",
    "reused_collection",
    "recycling_efficiency",
    "feedstock_efficiency",
    "lifetime",
    "average_lifetime",
    "intensity",
    "average_intensity",
    "revenue",
];

const OPTIONAL_COLUMNS: [&str; 2] = ["name", "revenue"];

/// Whether a column holds a fraction in [0, 1]: `recycled_input` to `feedstock_efficiency`.
fn is_fraction(column: &str) -> bool {
    PRODUCT_COLUMNS[3..9].contains(&column)
}

impl Product {
    /// A fully linear product of average utility: no recycled or reused input, nothing collected after use,
    /// lifetime and intensity equal to the industry average (`X = 1`), no revenue. Both efficiencies are 1: they
    /// play no part while nothing is recycled, and must be set with the recycled input or collection.
    ///
    /// ```
    /// use iso_core::circularity::Product;
    /// use rust_decimal::Decimal;
    ///
    /// let product = Product::linear("pallet", Decimal::from(25));
    /// assert_eq!(product.mci().unwrap().mci, Decimal::new(1, 1));
    /// ```
    pub fn linear(id: impl Into<String>, mass_kg: Decimal) -> Product {
        Product {
            id: id.into(),
            name: String::new(),
            mass_kg,
            recycled_input: Decimal::ZERO,
            reused_input: Decimal::ZERO,
            recycled_collection: Decimal::ZERO,
            reused_collection: Decimal::ZERO,
            recycling_efficiency: Decimal::ONE,
            feedstock_efficiency: Decimal::ONE,
            lifetime: Decimal::ONE,
            average_lifetime: Decimal::ONE,
            intensity: Decimal::ONE,
            average_intensity: Decimal::ONE,
            revenue: None,
        }
    }

    /// Checks the rules of the [module documentation](self), returning the first broken one.
    ///
    /// ```
    /// use iso_core::circularity::Product;
    /// use rust_decimal::Decimal;
    ///
    /// let product = Product { recycled_input: Decimal::new(12, 1), ..Product::linear("pallet", Decimal::ONE) };
    /// let err = product.validate().unwrap_err();
    /// assert_eq!(err.to_string(), "product \"pallet\": recycled_input: 1.2 is not a fraction between 0 and 1");
    /// ```
    pub fn validate(&self) -> Result<(), CircularityError> {
        match self.problems().into_iter().next() {
            None => Ok(()),
            Some((field, message)) => {
                Err(CircularityError::Invalid { product: self.id.clone(), field: field.to_owned(), message })
            }
        }
    }

    /// The numeric inputs with their column names, in layout order (revenue apart).
    fn numbers(&self) -> [(&'static str, Decimal); 11] {
        [
            ("mass_kg", self.mass_kg),
            ("recycled_input", self.recycled_input),
            ("reused_input", self.reused_input),
            ("recycled_collection", self.recycled_collection),
            ("reused_collection", self.reused_collection),
            ("recycling_efficiency", self.recycling_efficiency),
            ("feedstock_efficiency", self.feedstock_efficiency),
            ("lifetime", self.lifetime),
            ("average_lifetime", self.average_lifetime),
            ("intensity", self.intensity),
            ("average_intensity", self.average_intensity),
        ]
    }

    /// Every rule the product breaks, as (field, message), in column order.
    fn problems(&self) -> Vec<(&'static str, String)> {
        let mut problems = Vec::new();
        let fraction = |v: Decimal| (Decimal::ZERO..=Decimal::ONE).contains(&v);
        if self.id.trim().is_empty() {
            problems.push(("id", "the product id is empty".to_owned()));
        }
        for (field, value) in self.numbers() {
            if is_fraction(field) {
                if !fraction(value) {
                    problems.push((field, format!("{value} is not a fraction between 0 and 1")));
                }
            } else if value <= Decimal::ZERO {
                problems.push((field, format!("{value} is not greater than 0")));
            }
        }
        let pairs = [
            ("reused_input", "recycled_input + reused_input", self.recycled_input, self.reused_input),
            (
                "reused_collection",
                "recycled_collection + reused_collection",
                self.recycled_collection,
                self.reused_collection,
            ),
        ];
        for (field, what, a, b) in pairs {
            // A value out of [0, 1] is reported above; the sum of two fractions cannot overflow.
            if fraction(a) && fraction(b) && a + b > Decimal::ONE {
                problems.push((field, format!("{what} = {} exceeds 1", a + b)));
            }
        }
        if self.feedstock_efficiency.is_zero() && self.recycled_input > Decimal::ZERO {
            problems.push((
                "feedstock_efficiency",
                format!(
                    "0 with recycled_input {}: no recycled feedstock comes out of a process of efficiency 0",
                    self.recycled_input
                ),
            ));
        }
        if let Some(revenue) = self.revenue.filter(|r| *r < Decimal::ZERO) {
            problems.push(("revenue", format!("{revenue} is negative")));
        }
        problems
    }

    /// The product's MCI with every intermediate quantity; an invalid product or a quantity out of the range of
    /// decimals is an error naming the product.
    ///
    /// ```
    /// use iso_core::circularity::Product;
    /// use rust_decimal::Decimal;
    ///
    /// // Made only of reused components and collected whole for reuse: MCI = 1.
    /// let ideal = Product {
    ///     reused_input: Decimal::ONE,
    ///     reused_collection: Decimal::ONE,
    ///     ..Product::linear("module", Decimal::from(3))
    /// };
    /// assert_eq!(ideal.mci()?.mci, Decimal::ONE);
    /// # Ok::<(), iso_core::error::CircularityError>(())
    /// ```
    pub fn mci(&self) -> Result<ProductMci, CircularityError> {
        self.validate()?;
        let exact = |quantity: &str, value: Option<Decimal>| {
            value
                .map(|v| v.normalize())
                .ok_or_else(|| CircularityError::OutOfRange { product: self.id.clone(), quantity: quantity.to_owned() })
        };
        let (one, two, m) = (Decimal::ONE, Decimal::TWO, self.mass_kg);
        // Validated fractions: these differences lie in [0, 1] and the products below are at most M.
        let virgin = exact("V", m.checked_mul(one - self.recycled_input - self.reused_input))?;
        let disposed = exact("W0", m.checked_mul(one - self.recycled_collection - self.reused_collection))?;
        let recycling = exact(
            "W_C",
            m.checked_mul(one - self.recycling_efficiency).and_then(|w| w.checked_mul(self.recycled_collection)),
        )?;
        let feedstock = if self.recycled_input.is_zero() {
            Decimal::ZERO
        } else {
            exact(
                "W_F",
                m.checked_mul(one - self.feedstock_efficiency)
                    .and_then(|w| w.checked_mul(self.recycled_input))
                    .and_then(|w| w.checked_div(self.feedstock_efficiency)),
            )?
        };
        let waste = exact(
            "W",
            feedstock.checked_add(recycling).and_then(|s| s.checked_div(two)).and_then(|h| disposed.checked_add(h)),
        )?;
        let lfi = exact(
            "LFI",
            m.checked_mul(two)
                .and_then(|d| d.checked_add((feedstock - recycling) / two))
                .and_then(|d| virgin.checked_add(waste).and_then(|n| n.checked_div(d))),
        )?;
        let utility = exact(
            "X",
            self.lifetime
                .checked_div(self.average_lifetime)
                .and_then(|l| self.intensity.checked_div(self.average_intensity).and_then(|u| l.checked_mul(u))),
        )?;
        let factor = exact("F(X)", Decimal::new(9, 1).checked_div(utility))?;
        let unclamped = exact("MCI", lfi.checked_mul(factor).and_then(|p| one.checked_sub(p)))?;
        Ok(ProductMci {
            product: self.id.clone(),
            virgin_feedstock: virgin,
            waste_disposed: disposed,
            waste_recycling: recycling,
            waste_feedstock: feedstock,
            unrecoverable_waste: waste,
            linear_flow_index: lfi,
            utility,
            utility_factor: factor,
            mci_unclamped: unclamped,
            mci: unclamped.max(Decimal::ZERO),
        })
    }
}

/// A company's MCI: the mean of its products' MCIs weighted by mass or revenue, with the weights used.
///
/// The mean is taken over the clamped product values (see the [module documentation](self)); the products keep their
/// input order. Errors: no products, a product id listed twice, an invalid product (the first, in input order), a
/// product without a revenue greater than 0 under [`Weighting::Revenue`], or sums out of the range of decimals.
///
/// ```
/// use iso_core::circularity::{Product, Weighting, company_mci};
/// use rust_decimal::Decimal;
///
/// let linear = Product::linear("crate", Decimal::from(3)); // MCI 0.1
/// let reused = Product { reused_input: Decimal::ONE, reused_collection: Decimal::ONE, ..Product::linear("box", Decimal::ONE) };
/// let company = company_mci(&[linear, reused], Weighting::Mass)?;
/// assert_eq!(company.mci, Decimal::new(325, 3)); // (3 × 0.1 + 1 × 1) / 4
/// assert_eq!(company.products[0].share, Decimal::new(75, 2));
/// # Ok::<(), iso_core::error::CircularityError>(())
/// ```
pub fn company_mci(products: &[Product], weighting: Weighting) -> Result<CompanyMci, CircularityError> {
    if products.is_empty() {
        return Err(CircularityError::NoProducts);
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut weighted = Vec::with_capacity(products.len());
    let (mut total, mut sum, mut sum_unclamped) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    for product in products {
        if !seen.insert(product.id.as_str()) {
            return Err(CircularityError::DuplicateProduct(product.id.clone()));
        }
        let result = product.mci()?;
        let weight = match weighting {
            Weighting::Mass => product.mass_kg,
            Weighting::Revenue => match product.revenue {
                Some(revenue) if revenue > Decimal::ZERO => revenue,
                revenue => return Err(CircularityError::MissingRevenue { product: product.id.clone(), revenue }),
            },
        };
        let out_of_range = |quantity: &str| CircularityError::OutOfRange {
            product: product.id.clone(),
            quantity: quantity.to_owned(),
        };
        total = total.checked_add(weight).ok_or_else(|| out_of_range("the total weight"))?;
        sum = weight.checked_mul(result.mci).and_then(|p| sum.checked_add(p)).ok_or_else(|| out_of_range("Σ w·MCI"))?;
        sum_unclamped = weight
            .checked_mul(result.mci_unclamped)
            .and_then(|p| sum_unclamped.checked_add(p))
            .ok_or_else(|| out_of_range("Σ w·MCI (unclamped)"))?;
        weighted.push(WeightedMci { weight: weight.normalize(), share: Decimal::ZERO, result });
    }
    // The total is greater than 0 and at least each weight, so shares are at most 1; the means are means of values of
    // magnitude at most 9e27 (X is at least 1e-28, so F(X) ≤ 0.9e28): these quotients cannot fail.
    for part in &mut weighted {
        part.share = (part.weight / total).normalize();
    }
    Ok(CompanyMci {
        weighting,
        mci: (sum / total).normalize(),
        mci_unclamped: (sum_unclamped / total).normalize(),
        total_weight: total.normalize(),
        products: weighted,
    })
}

/// Reads a products sheet ([`PRODUCT_COLUMNS`]); `file` labels errors. Nothing is returned unless every row is good.
///
/// - The delimiter is `,` or `;` (detected on the header line); a UTF-8 byte-order mark is skipped; header names are
///   matched case- and accent-insensitively, with spaces or hyphens for underscores. An unknown or repeated column is
///   an error (a misspelt optional column would otherwise be dropped silently); blank lines are skipped.
/// - Numbers are read by [`parse_decimal`] (`0.25`, `0,25`; no thousands separators). The six fraction columns take
///   a fraction (`0.25`) or a percentage with its sign (`25%`); a bare number above 1 (`25`) is refused rather than
///   guessed to be a percentage. Other columns refuse `%`.
/// - Every value of every row is checked (as [`Product::validate`] does), and product ids must be unique. Each
///   problem is a [`RecordIssue`] with the file, the line (the header is line 1), the product id and the column.
///
/// ```
/// use iso_core::circularity::products_from_csv;
///
/// let sheet = "id;name;mass_kg;recycled_input;reused_input;recycled_collection;reused_collection;\
///              recycling_efficiency;feedstock_efficiency;lifetime;average_lifetime;intensity;average_intensity\n\
///              P1;Crate;12;25%;0;0,5;0;0.9;0.8;10;8;1;1\n";
/// let products = products_from_csv("products.csv", sheet)?;
/// assert_eq!(products[0].recycled_input.to_string(), "0.25");
///
/// let err = products_from_csv("products.csv", &sheet.replace("25%", "25")).unwrap_err();
/// assert!(err.to_string().starts_with("products.csv:2: P1: recycled_input: \"25\" is not a fraction"), "{err}");
/// # Ok::<(), iso_core::error::CircularityError>(())
/// ```
pub fn products_from_csv(file: &str, text: &str) -> Result<Vec<Product>, CircularityError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header = text.lines().next().unwrap_or("");
    let delimiter = if header.matches(';').count() > header.matches(',').count() { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let mut sheet = Sheet { file, issues: Vec::new() };
    let columns = sheet.columns(&mut reader);
    if !sheet.issues.is_empty() {
        return Err(CircularityError::Sheet { issues: sheet.issues });
    }
    let mut products = Vec::new();
    let mut first_lines: BTreeMap<String, u64> = BTreeMap::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                sheet.push(line, "", None, format!("cannot read the line: {e}"));
                break;
            }
        }
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let line = record.position().map_or(0, csv::Position::line);
        let cell = |column: &str| columns.get(column).and_then(|&i| record.get(i)).map_or("", str::trim);
        let id = cell("id");
        if !id.is_empty() {
            if let Some(first) = first_lines.get(id) {
                sheet.push(line, id, Some("id"), format!("duplicate product id (first on line {first})"));
            } else {
                first_lines.insert(id.to_owned(), line);
            }
        }
        if let Some(product) = sheet.product(line, cell) {
            products.push(product);
        }
    }
    if sheet.issues.is_empty() { Ok(products) } else { Err(CircularityError::Sheet { issues: sheet.issues }) }
}

/// The issues found in one products sheet.
struct Sheet<'a> {
    file: &'a str,
    issues: Vec<RecordIssue>,
}

impl Sheet<'_> {
    fn push(&mut self, line: u64, id: &str, column: Option<&str>, message: String) {
        self.issues.push(RecordIssue {
            location: Location { file: self.file.to_owned(), line: u32::try_from(line).ok(), column: None },
            id: Some(id.to_owned()).filter(|id| !id.is_empty()),
            field: column.map(str::to_owned),
            message,
        });
    }

    /// The position of each layout column in the header; unknown, repeated and missing columns are issues.
    fn columns(&mut self, reader: &mut csv::Reader<&[u8]>) -> BTreeMap<&'static str, usize> {
        let mut columns = BTreeMap::new();
        let headers = match reader.headers() {
            Ok(headers) => headers.clone(),
            Err(e) => {
                self.push(1, "", None, format!("cannot read the header: {e}"));
                return columns;
            }
        };
        for (i, header) in headers.iter().enumerate() {
            let name = crate::text::fold(header.trim()).replace([' ', '-'], "_");
            match PRODUCT_COLUMNS.iter().find(|c| **c == name) {
                Some(column) if columns.contains_key(column) => {
                    self.push(1, "", Some(column), "the column appears twice".to_owned());
                }
                Some(column) => {
                    columns.insert(*column, i);
                }
                None => self.push(
                    1,
                    "",
                    Some(header.trim()),
                    format!("unknown column {:?} (the columns are {})", header.trim(), PRODUCT_COLUMNS.join(", ")),
                ),
            }
        }
        for column in PRODUCT_COLUMNS.iter().filter(|c| !OPTIONAL_COLUMNS.contains(c) && !columns.contains_key(*c)) {
            self.push(1, "", Some(column), "missing required column".to_owned());
        }
        columns
    }

    /// Reads one row into a product, reporting every bad value; `None` when there was any.
    fn product<'r>(&mut self, line: u64, cell: impl Fn(&str) -> &'r str) -> Option<Product> {
        let id = cell("id");
        let before = self.issues.len();
        let mut unreadable = Vec::new();
        let mut number = |column: &'static str| match parse_cell(cell(column), is_fraction(column)) {
            Ok(value) => value,
            Err(message) => {
                self.push(line, id, Some(column), message);
                unreadable.push(column);
                // A placeholder that breaks no rule, so that the row's other values are still checked alone.
                if is_fraction(column) { Decimal::ZERO } else { Decimal::ONE }
            }
        };
        let product = Product {
            id: id.to_owned(),
            name: cell("name").to_owned(),
            mass_kg: number("mass_kg"),
            recycled_input: number("recycled_input"),
            reused_input: number("reused_input"),
            recycled_collection: number("recycled_collection"),
            reused_collection: number("reused_collection"),
            recycling_efficiency: number("recycling_efficiency"),
            feedstock_efficiency: number("feedstock_efficiency"),
            lifetime: number("lifetime"),
            average_lifetime: number("average_lifetime"),
            intensity: number("intensity"),
            average_intensity: number("average_intensity"),
            revenue: (!cell("revenue").is_empty()).then(|| number("revenue")),
        };
        for (field, message) in product.problems() {
            if !unreadable.contains(&field) {
                self.push(line, id, Some(field), message);
            }
        }
        (self.issues.len() == before).then_some(product)
    }
}

/// Reads one numeric cell; `fraction` columns also take a percentage (`25%`) and refuse a bare number above 1.
fn parse_cell(text: &str, fraction: bool) -> Result<Decimal, String> {
    if text.is_empty() {
        return Err("missing value".to_owned());
    }
    match text.strip_suffix('%') {
        Some(_) if !fraction => Err(format!("{text:?}: only the fraction columns take a percentage")),
        Some(number) => parse_decimal(number)?
            .checked_div(Decimal::ONE_HUNDRED)
            .ok_or_else(|| format!("{text:?} is out of the range of decimals")),
        None => match parse_decimal(text)? {
            value if fraction && value > Decimal::ONE => {
                Err(format!("{text:?} is not a fraction between 0 and 1: write 0.25, or 25% for a percentage"))
            }
            value => Ok(value),
        },
    }
}

#[cfg(test)]
mod tests;
