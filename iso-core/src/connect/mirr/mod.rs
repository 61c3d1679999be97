//! The MIRR (*Mapa Integrado de Registo de Resíduos*): the annual waste register every Portuguese producer and
//! operator files on SILiAmb by 31 March for the previous year — compiled from e-GAR guides, read from a declared
//! sheet, and reconciled.
//!
//! **Forms compiled from guides** ([`compile`], from the groups of an [`Aggregator`]). Months are summed away;
//! quantities are exact `Decimal` sums of the guides' effective quantities (in tonnes), never rounded; each line
//! counts its guides.
//!
//! | form | from the role | party | establishment | counterpart |
//! |---|---|---|---|---|
//! | B — waste produced | producer | producer NIF | producer establishment | destination NIF and establishment |
//! | C1 — waste received | destination | destination NIF | destination establishment | producer (origin) NIF and establishment |
//! | C2 — waste processed | destination | destination NIF | destination establishment | none (empty) |
//! | D1 — waste transported | transporter | transporter NIF | none (empty) | destination NIF and establishment |
//!
//! and every line is further keyed by the effective LER code and operation.
//!
//! - *C2 is a draft.* From guides it is the quantity each establishment *received for* each operation; the
//!   quantities actually treated in the year and the changes of stock come from the operator's own records, which
//!   the guides do not carry. Reconciling C2 therefore checks the receipts behind the form, not the treatment.
//! - *D1* is keyed by transporter, LER code, operation and destination, because that is what the aggregator keeps
//!   for transporters (the e-GAR names no establishment for a transporter, and the producer is not part of a
//!   transporter's group); a guide with two transporters counts in full for each.
//!
//! [`CompileOptions`] give the calendar year — groups of months outside it are left out and summed in the
//! [`CompileReport`], never an error, since an export routinely overlaps the turn of the year — and optionally the
//! parties (the organisation's own NIFs) and the forms.
//!
//! **Declared register** ([`Mirr::from_csv`]): a CSV sheet with Portuguese or English column names (see
//! `docs/mirr.md`); every bad row is reported with file, line and column, and nothing is returned unless every
//! row is good. Duplicate lines are refused. [`Mirr::to_csv`] writes the columns the loader reads.
//!
//! **Reconciliation** ([`reconcile`]): every line of either register with both quantities, the difference
//! (declared − compiled) and a [`Status`] — match, differs, missing in the declared register, missing in the guides
//! — plus totals and counts per form. The tolerance is in tonnes; 0 (exact) is the one to use when the declared
//! register was pre-filled from the same guides.
//!
//! ```
//! use iso_core::connect::egar::{ImportOptions, import_xml};
//! use iso_core::connect::mirr::{CompileOptions, Mirr, MirrForm, Status, compile, reconcile};
//! use rust_decimal::Decimal;
//!
//! let xml = r#"<guias>
//!   <guia>
//!     <numeroGuia>PT20250000000001</numeroGuia><codigoEstado>CC</codigoEstado>
//!     <remetente><nif>500000000</nif><estabelecimento><codigoAPA>APA1</codigoAPA></estabelecimento></remetente>
//!     <destinatario><nif>500000001</nif><estabelecimento><codigoAPA>APA9</codigoAPA></estabelecimento></destinatario>
//!     <transportadores><nif>500000002</nif>
//!       <dataHoraInicioTransporte>2025-03-14T08:30:00</dataHoraInicioTransporte></transportadores>
//!     <residuoTransportado><codigoResiduoLer>150101</codigoResiduoLer><codigoOperacao>R3</codigoOperacao>
//!       <quantidade>1.2</quantidade></residuoTransportado>
//!   </guia>
//! </guias>"#;
//! let import = import_xml(xml.as_bytes(), "guias.xml", &ImportOptions::default())?;
//! let compiled = compile(&import.aggregator.groups(), &CompileOptions::year(2025))?.mirr;
//! assert_eq!(compiled.lines.len(), 4); // B, C1, C2, D1
//!
//! // The producer declared its form B with 1.5 t instead of 1.2 t.
//! let declared = Mirr::from_csv(
//!     "mirr-2025.csv",
//!     "formulario;nif;estabelecimento;ler;operacao;nif_contraparte;estabelecimento_contraparte;quantidade_t\n\
//!      B;500000000;APA1;15 01 01;R3;500000001;APA9;1,5\n",
//!     2025,
//! )?;
//! let producer_only = Mirr { year: 2025, lines: compiled.form(MirrForm::B).cloned().collect() };
//! let result = reconcile(&producer_only, &declared, Decimal::ZERO)?;
//! let line = &result.lines[0];
//! assert_eq!((line.status, line.difference.to_string()), (Status::Differs, "0.3".to_owned()));
//! assert_eq!(result.totals[0].compiled.to_string(), "1.2");
//! # Ok::<(), iso_core::WasteError>(())
//! ```
//!
//! [`Aggregator`]: crate::connect::egar::Aggregator

mod compile;
mod model;
mod reconcile;
mod sheet;

pub use compile::{CompileOptions, CompileReport, Compiled, compile};
pub use model::{Mirr, MirrForm, MirrLine};
pub use reconcile::{
    FormTotals, ReconciledLine, Reconciliation, Status, StatusCounts, reconcile, reconcile_with_guides,
};

#[cfg(test)]
mod tests;
