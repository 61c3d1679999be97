//! The e-GAR guide as the engine holds it.

use std::fmt;
use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::waste::{LerCode, OperationCode};

/// The state of a guide on SILiAmb (`codigoEstado`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub enum GuideState {
    /// `EM` — emitted (the transport may be under way; the destination has not received it).
    #[serde(rename = "EM")]
    Emitted,
    /// `AA` — awaiting action (pending authorisation by the producer).
    #[serde(rename = "AA")]
    AwaitingAction,
    /// `AC` — accepted by the destination, not yet concluded.
    #[serde(rename = "AC")]
    Accepted,
    /// `CO` — corrected by the destination (quantity, code or operation), awaiting the producer.
    #[serde(rename = "CO")]
    Corrected,
    /// `RJ` — rejected by the destination: the waste was not received.
    #[serde(rename = "RJ")]
    Rejected,
    /// `CN` — the producer refused the destination's correction.
    #[serde(rename = "CN")]
    CorrectionRefused,
    /// `CC` — concluded.
    #[serde(rename = "CC")]
    Concluded,
    /// `AN` — cancelled.
    #[serde(rename = "AN")]
    Cancelled,
}

impl GuideState {
    /// Every state.
    pub const ALL: [GuideState; 8] = [
        GuideState::Emitted,
        GuideState::AwaitingAction,
        GuideState::Accepted,
        GuideState::Corrected,
        GuideState::Rejected,
        GuideState::CorrectionRefused,
        GuideState::Concluded,
        GuideState::Cancelled,
    ];

    /// The SILiAmb code: `EM`, `AA`, `AC`, `CO`, `RJ`, `CN`, `CC`, `AN`.
    pub fn code(self) -> &'static str {
        match self {
            GuideState::Emitted => "EM",
            GuideState::AwaitingAction => "AA",
            GuideState::Accepted => "AC",
            GuideState::Corrected => "CO",
            GuideState::Rejected => "RJ",
            GuideState::CorrectionRefused => "CN",
            GuideState::Concluded => "CC",
            GuideState::Cancelled => "AN",
        }
    }

    /// The Portuguese name the portal shows: `Concluída`, `Anulada`, …
    pub fn name_pt(self) -> &'static str {
        match self {
            GuideState::Emitted => "Emitida",
            GuideState::AwaitingAction => "Aguarda ação",
            GuideState::Accepted => "Aceite",
            GuideState::Corrected => "Corrigida",
            GuideState::Rejected => "Rejeitada",
            GuideState::CorrectionRefused => "Correção recusada",
            GuideState::Concluded => "Concluída",
            GuideState::Cancelled => "Anulada",
        }
    }

    /// Parses a code (`CC`) or a Portuguese name (`Concluída`, `concluida`), case- and accent-insensitively.
    /// Never allocates for a two-letter code.
    ///
    /// ```
    /// use iso_core::connect::egar::GuideState;
    /// assert_eq!(GuideState::parse("cc"), Some(GuideState::Concluded));
    /// assert_eq!(GuideState::parse("Anulada"), Some(GuideState::Cancelled));
    /// assert_eq!(GuideState::parse("Correção recusada"), Some(GuideState::CorrectionRefused));
    /// assert_eq!(GuideState::parse("XX"), None);
    /// ```
    pub fn parse(text: &str) -> Option<GuideState> {
        let s = text.trim();
        if s.len() == 2 {
            return GuideState::ALL.into_iter().find(|st| st.code().eq_ignore_ascii_case(s));
        }
        let folded = crate::text::fold(s);
        let name = folded.trim_end_matches('.');
        let found = match name {
            "emitida" | "emitido" => GuideState::Emitted,
            "aguarda acao" | "aguarda acao (aa)" | "pendente" => GuideState::AwaitingAction,
            "aceite" | "aceita" | "aceito" => GuideState::Accepted,
            "corrigida" | "corrigido" => GuideState::Corrected,
            "rejeitada" | "rejeitado" => GuideState::Rejected,
            "correcao recusada" | "correcao rejeitada" | "correcao nao aceite" => GuideState::CorrectionRefused,
            "concluida" | "concluido" => GuideState::Concluded,
            "anulada" | "anulado" | "cancelada" | "cancelado" => GuideState::Cancelled,
            _ => return None,
        };
        Some(found)
    }
}

impl fmt::Display for GuideState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.code())
    }
}

impl FromStr for GuideState {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        GuideState::parse(s).ok_or_else(|| {
            format!("unknown guide state {s:?}: expected EM, AA, AC, CO, RJ, CN, CC or AN (or their Portuguese names)")
        })
    }
}

/// A producer/holder (`remetente`) or destination operator (`destinatario`).
///
/// Text fields are empty when absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Party {
    /// Tax number (NIF).
    pub nif: String,
    /// Name.
    pub name: String,
    /// The establishment's APA code (`estabelecimento/codigoAPA`).
    pub establishment: String,
    /// The establishment's name (`estabelecimento/nomeEstabelecimento`).
    pub establishment_name: String,
    /// The kind of sender (`tipoRemetente`, producer only): `PRODUTOR`, `VEICULOS_FIM_VIDA`, …
    pub kind: String,
}

/// A transporter of the guide (there may be several, in sequence).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Transporter {
    /// Tax number (NIF).
    pub nif: String,
    /// Name (empty when absent).
    pub name: String,
    /// Vehicle registration plate (`matricula`; empty when absent).
    pub plate: String,
    /// Start of the transport (`dataHoraInicioTransporte`), local time as written.
    pub start: Option<NaiveDateTime>,
}

/// ADR (dangerous goods by road) fields of a guide; empty when absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Adr {
    /// UN number (`numeroOnu`).
    pub un_number: String,
    /// ADR class (`classe`).
    pub class: String,
    /// Packing group (`grupoEmbalagem`).
    pub packing_group: String,
    /// Label code (`codigoEtiqueta`).
    pub label: String,
    /// Tunnel restriction code (`codigoRestricaoTuneis`).
    pub tunnel_restriction: String,
    /// Transport category (`categoria`).
    pub category: String,
    /// Number and kind of packages (`volumes`).
    pub packages: String,
}

impl Adr {
    /// Whether any ADR field is present.
    pub fn is_present(&self) -> bool {
        [&self.un_number, &self.class, &self.packing_group, &self.label, &self.tunnel_restriction, &self.category]
            .iter()
            .chain([&&self.packages])
            .any(|s| !s.is_empty())
    }
}

/// The waste as declared by the producer (`residuoTransportado`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Waste {
    /// LER code (`codigoResiduoLer`).
    pub ler: LerCode,
    /// Description (`descricaoResiduo` or `designacao`; empty when absent).
    pub description: String,
    /// Treatment operation at the destination (`codigoOperacao`).
    pub operation: OperationCode,
    /// Quantity in tonnes (converted from kilograms when the input was in kilograms).
    pub tonnes: Decimal,
    /// Hospital waste group (`codigoGrupo`: I–IV; empty when absent).
    pub group: String,
    /// Sludge module: the sludge management plan number (`numPgl`; empty when absent).
    pub pgl: String,
}

/// The destination's corrections (`residuoTransportadoCorrigido`): each value is `None` when not corrected.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Correction {
    /// Corrected LER code (`codigoResiduoLerCorrigido`).
    pub ler: Option<LerCode>,
    /// Corrected operation (`codigoOperacaoCorrigido`).
    pub operation: Option<OperationCode>,
    /// Corrected quantity in tonnes (`quantidadeCorrigido`).
    pub tonnes: Option<Decimal>,
    /// Corrected hospital group (`codigoGrupoCorrigido`).
    pub group: Option<String>,
    /// Corrected sludge plan number (`numPglCorrigido`).
    pub pgl: Option<String>,
}

impl Correction {
    /// Whether any value was corrected.
    pub fn is_present(&self) -> bool {
        self.ler.is_some() || self.operation.is_some() || self.tonnes.is_some() || self.group.is_some()
    }
}

/// One e-GAR guide: one producer, one destination, one or more transporters, one waste.
///
/// Text fields are empty when absent. The *effective* values ([`ler`](Self::ler), [`operation`](Self::operation),
/// [`tonnes`](Self::tonnes)) are the destination's corrected values where present, else the declared ones — except
/// in state `CN` (the producer refused the correction), where the declared values stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Guide {
    /// The guide number (`numeroGuia`), e.g. `PT20250000123456`.
    pub number: String,
    /// The verification code (`codigoGuia`).
    pub verification_code: String,
    /// The state.
    pub state: GuideState,
    /// The date of the current state (`dataEstado`).
    pub state_date: Option<NaiveDate>,
    /// The date of issue (`dataEmissao`).
    pub issued: Option<NaiveDate>,
    /// The end of the transport, i.e. reception (`dataFimTransporte`).
    pub transport_end: Option<NaiveDate>,
    /// The producer or holder (`remetente`).
    pub producer: Party,
    /// The destination operator (`destinatario`).
    pub destination: Party,
    /// The transporters, in order.
    pub transporters: Vec<Transporter>,
    /// The waste as declared.
    pub waste: Waste,
    /// The destination's corrections.
    pub correction: Correction,
    /// ADR fields.
    pub adr: Adr,
}

impl Guide {
    /// The effective LER code.
    pub fn ler(&self) -> LerCode {
        self.effective(self.correction.ler).unwrap_or(self.waste.ler)
    }

    /// The effective operation.
    pub fn operation(&self) -> OperationCode {
        self.effective(self.correction.operation).unwrap_or(self.waste.operation)
    }

    /// The effective quantity in tonnes.
    pub fn tonnes(&self) -> Decimal {
        self.effective(self.correction.tonnes).unwrap_or(self.waste.tonnes)
    }

    /// Whether a corrected value is effective.
    pub fn is_corrected(&self) -> bool {
        self.state != GuideState::CorrectionRefused
            && (self.correction.ler.is_some()
                || self.correction.operation.is_some()
                || self.correction.tonnes.is_some())
    }

    fn effective<T>(&self, corrected: Option<T>) -> Option<T> {
        corrected.filter(|_| self.state != GuideState::CorrectionRefused)
    }

    /// The day a guide is counted on: the start of the first transport, else the date of issue, else the date of
    /// the state. Every imported guide has one.
    pub fn date(&self) -> Option<NaiveDate> {
        self.transporters.first().and_then(|t| t.start).map(|s| s.date()).or(self.issued).or(self.state_date)
    }

    /// An empty guide, to be filled by a reader.
    pub(crate) fn placeholder(ler: LerCode, operation: OperationCode) -> Guide {
        Guide {
            number: String::new(),
            verification_code: String::new(),
            state: GuideState::Emitted,
            state_date: None,
            issued: None,
            transport_end: None,
            producer: Party::default(),
            destination: Party::default(),
            transporters: Vec::new(),
            waste: Waste {
                ler,
                description: String::new(),
                operation,
                tonnes: Decimal::ZERO,
                group: String::new(),
                pgl: String::new(),
            },
            correction: Correction::default(),
            adr: Adr::default(),
        }
    }
}
