//! The report's fixed strings in English, French and Portuguese, and number and date formats per language.
//!
//! Numbers: `1,234.5` (en), `1 234,5` (fr, narrow no-break space), `1 234,5` (pt, no-break space). Percentages keep one
//! decimal and are rounded half away from zero; `87,1 %` in French and Portuguese. Dates: `31 December 2025`,
//! `31 décembre 2025`, `31 de dezembro de 2025`. An undefined value is an em dash, never 0.

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::text::Lang;

macro_rules! messages {
    ($($key:ident => $en:expr, $fr:expr, $pt:expr;)*) => {
        /// A fixed string of the report.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(missing_docs)]
        pub enum Msg { $($key),* }

        impl Msg {
            /// The string in `lang`.
            pub fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$key, Lang::En) => $en, (Msg::$key, Lang::Fr) => $fr, (Msg::$key, Lang::Pt) => $pt,)*
                }
            }
        }
    };
}

messages! {
    ReportTitle => "Management system report", "Rapport du système de management", "Relatório do sistema de gestão";
    Cover => "Organisation and scope", "Organisme et domaine d'application", "Organização e âmbito";
    Summary => "Executive summary", "Synthèse", "Sumário executivo";
    Conformity => "Conformity by clause", "Conformité par article", "Conformidade por secção";
    Evidence => "Evidence and documented information", "Preuves et informations documentées", "Evidências e informação documentada";
    Findings => "Findings and corrective actions", "Constats et actions correctives", "Constatações e ações corretivas";
    Review => "Management review inputs", "Éléments d'entrée de la revue de direction", "Entradas para a revisão pela gestão";
    Indicators => "Performance indicators", "Indicateurs de performance", "Indicadores de desempenho";
    Maturity => "Social responsibility (ISO 26000) maturity", "Maturité en responsabilité sociétale (ISO 26000)", "Maturidade em responsabilidade social (ISO 26000)";
    Methodology => "Methodology", "Méthodologie", "Metodologia";
    Organisation => "Organisation", "Organisme", "Organização";
    TaxId => "Tax number", "Numéro fiscal", "NIF";
    Period => "Period", "Période", "Período";
    AsOf => "Situation on", "Situation au", "Situação em";
    Engine => "Engine", "Moteur", "Motor";
    Fingerprint => "Input fingerprint (SHA-256)", "Empreinte des données (SHA-256)", "Impressão digital dos dados (SHA-256)";
    Sites => "Sites", "Sites", "Instalações";
    Site => "Site", "Site", "Instalação";
    Headcount => "People", "Effectif", "Trabalhadores";
    Address => "Address", "Adresse", "Morada";
    Systems => "Management systems and certificates", "Systèmes de management et certificats", "Sistemas de gestão e certificados";
    Norm => "Standard", "Norme", "Norma";
    Status => "Status", "Statut", "Estado";
    Certificate => "Certificate", "Certificat", "Certificado";
    Body => "Certification body", "Organisme certificateur", "Organismo certificador";
    Issued => "Issued", "Délivré le", "Emitido em";
    Expires => "Expires", "Expire le", "Expira em";
    Scope => "Scope", "Domaine d'application", "Âmbito";
    Certified => "certified", "certifié", "certificado";
    Implementing => "implementing", "en mise en œuvre", "em implementação";
    Guidance => "guidance", "lignes directrices", "linhas de orientação";
    Scores => "Scores and readiness", "Scores et état de préparation", "Pontuações e prontidão";
    Score => "Score", "Score", "Pontuação";
    Previous => "Previous period", "Période précédente", "Período anterior";
    Change => "Change", "Évolution", "Variação";
    Readiness => "Readiness", "Préparation", "Prontidão";
    Ready => "ready", "prêt", "pronto";
    NotReady => "not ready", "pas prêt", "não pronto";
    AuditDate => "Audit date", "Date d'audit", "Data da auditoria";
    NextAudit => "Next audit", "Prochain audit", "Próxima auditoria";
    Reasons => "Reasons", "Motifs", "Motivos";
    TopGaps => "Priority gaps", "Écarts prioritaires", "Lacunas prioritárias";
    Priority => "Priority", "Priorité", "Prioridade";
    Gap => "Gap", "Écart", "Lacuna";
    Requirement => "Requirement", "Exigence", "Requisito";
    Clause => "Clause", "Article", "Secção";
    Title => "Title", "Titre", "Título";
    Organisation_ => "Organisation", "Organisme", "Organização";
    Overall => "Overall", "Global", "Global";
    HeatMap => "Integrated system: score by standard and clause", "Système intégré : score par norme et par article", "Sistema integrado: pontuação por norma e secção";
    ClauseScores => "Score by clause", "Score par article", "Pontuação por secção";
    Results => "Results", "Résultats", "Resultados";
    ConformingShort => "C", "C", "C";
    EvidenceIndex => "Evidence index", "Index des preuves", "Índice de evidências";
    Id => "Id", "Réf.", "Ref.";
    Kind => "Kind", "Type", "Tipo";
    Valid => "Valid", "Valide", "Válida";
    Effective => "Effective", "En vigueur le", "Em vigor desde";
    Owner => "Owner", "Responsable", "Responsável";
    Yes => "yes", "oui", "sim";
    No => "no", "non", "não";
    MissingDocumented => "Missing mandatory documented information", "Informations documentées obligatoires manquantes", "Informação documentada obrigatória em falta";
    Documented => "Documented information", "Information documentée", "Informação documentada";
    Maintain => "to maintain", "à tenir à jour", "a manter";
    Retain => "to retain", "à conserver", "a reter";
    Statement => "Statement", "Énoncé", "Enunciado";
    ExpiringSoon => "Evidence expiring within {n} days", "Preuves expirant dans les {n} jours", "Evidências a expirar nos próximos {n} dias";
    DaysLeft => "Days left", "Jours restants", "Dias restantes";
    FindingsByGrade => "Findings by grade", "Constats par niveau", "Constatações por grau";
    Grade => "Grade", "Niveau", "Grau";
    Open => "Open", "Ouverts", "Abertas";
    Closed => "Closed", "Clos", "Fechadas";
    RaisedInPeriod => "Raised in the period", "Émis sur la période", "Emitidas no período";
    OpenFindings => "Open findings and their age", "Constats ouverts et leur ancienneté", "Constatações abertas e respetiva antiguidade";
    Raised => "Raised", "Émis le", "Emitida em";
    AgeDays => "Age (days)", "Ancienneté (jours)", "Antiguidade (dias)";
    Source => "Source", "Source", "Origem";
    OverdueActions => "Overdue corrective actions", "Actions correctives en retard", "Ações corretivas em atraso";
    Action => "Action", "Action", "Ação";
    Finding => "Finding", "Constat", "Constatação";
    Due => "Due", "Échéance", "Prazo";
    DaysOverdue => "Days overdue", "Jours de retard", "Dias de atraso";
    Effectiveness => "Effectiveness of corrective actions", "Efficacité des actions correctives", "Eficácia das ações corretivas";
    VerifiedEffective => "verified effective", "efficacité vérifiée", "eficácia verificada";
    VerifiedNotEffective => "verified not effective", "vérifiée non efficace", "verificada não eficaz";
    DoneNotVerified => "done, not yet verified", "réalisée, non vérifiée", "concluída, por verificar";
    NotDone => "not done", "non réalisée", "não concluída";
    Count => "Count", "Nombre", "Número";
    ReviewInput => "Input", "Élément d'entrée", "Entrada";
    ReviewData => "What the data shows", "Ce que montrent les données", "O que os dados mostram";
    NoIndicators => "No indicator data was supplied for this period: this section lists indicators once measurements are loaded.", "Aucune donnée d'indicateur n'a été fournie pour cette période : cette section liste les indicateurs une fois les mesures chargées.", "Não foram fornecidos dados de indicadores para este período: esta secção apresenta os indicadores quando as medições forem carregadas.";
    MaturityNote => "A self-assessment on the standard's guidance, on a scale from {min} to {max}; ISO 26000 is not certifiable and gives no conformity verdict.", "Auto-évaluation au regard des lignes directrices de la norme, sur une échelle de {min} à {max} ; l'ISO 26000 n'est pas certifiable et ne donne lieu à aucun verdict de conformité.", "Autoavaliação face às linhas de orientação da norma, numa escala de {min} a {max}; a ISO 26000 não é certificável e não dá lugar a qualquer veredicto de conformidade.";
    CoreSubject => "Core subject", "Question centrale", "Tema central";
    Mean => "Mean level", "Niveau moyen", "Nível médio";
    Rated => "Rated", "Évalués", "Avaliados";
    Relevant => "Relevant", "Pertinents", "Relevantes";
    Item => "Item", "Domaine", "Questão";
    Level => "Level", "Niveau", "Nível";
    Note => "Note", "Note", "Nota";
    Rules => "Scoring rules", "Règles de notation", "Regras de pontuação";
    Options => "Declared options", "Options déclarées", "Opções declaradas";
    Option => "Option", "Option", "Opção";
    Value => "Value", "Valeur", "Valor";
    Catalogues => "Catalogue versions", "Versions des catalogues", "Versões dos catálogos";
    DataVersion => "Data version", "Version des données", "Versão dos dados";
    Amendments => "Amendments included", "Amendements inclus", "Emendas incluídas";
    Nothing => "None.", "Aucun.", "Nenhum.";
    AllSites => "all sites", "tous les sites", "todas as instalações";
    Indicator => "Indicator", "Indicateur", "Indicador";
    Target => "Target", "Cible", "Meta";
    Improvement => "vs baseline", "vs référence", "vs referência";
    OnTarget => "on target", "atteinte", "cumprida";
    AtRisk => "at risk", "à risque", "em risco";
    OffTarget => "off target", "non atteinte", "não cumprida";
    NoData => "no data", "pas de données", "sem dados";
    GroupEnergy => "Energy", "Énergie", "Energia";
    GroupSafety => "Health and safety", "Santé et sécurité", "Segurança e saúde";
    GroupGhg => "Greenhouse gases", "Gaz à effet de serre", "Gases com efeito de estufa";
    GroupQuality => "Quality", "Qualité", "Qualidade";
    GroupWaste => "Waste and circularity", "Déchets et circularité", "Resíduos e circularidade";
    GroupOther => "Other indicators", "Autres indicateurs", "Outros indicadores";
    EnergyBaselines => "Energy baselines and energy performance (SEnPI)", "Situations énergétiques de référence et performance (SEnPI)", "Consumos de referência e desempenho energético (SEnPI)";
    Model => "Model", "Modèle", "Modelo";
    Accepted => "accepted", "accepté", "aceite";
    NotAccepted => "not accepted", "non accepté", "não aceite";
    Savings => "Normalised savings (kWh)", "Économies normalisées (kWh)", "Poupança normalizada (kWh)";
    Coefficient => "Coefficient", "Coefficient", "Coeficiente";
    RegressionCoefficients => "Baseline regression coefficients", "Coefficients des régressions de référence", "Coeficientes das regressões de referência";
    StdError => "Standard error", "Erreur type", "Erro padrão";
    Estimate => "Estimate", "Estimation", "Estimativa";
    KpiDefinitions => "Indicator definitions", "Définitions des indicateurs", "Definições dos indicadores";
    Source_ => "Source", "Source", "Fonte";
    Method => "Method", "Méthode", "Método";
    GwpNote => "Greenhouse gases in CO2 equivalent with the {set} 100-year global warming potentials; biogenic CO2 reported apart.", "Gaz à effet de serre en équivalent CO2 avec les PRG à 100 ans {set} ; CO2 biogénique déclaré à part.", "Gases com efeito de estufa em CO2 equivalente com os PAG a 100 anos {set}; CO2 biogénico reportado à parte.";
    Date => "Date", "Date", "Data";
    Undefined => "—", "—", "—";
    NoWaste => "No waste data was supplied for this period.", "Aucune donnée sur les déchets n'a été fournie pour cette période.", "Não foram fornecidos dados de resíduos para este período.";
    WasteIntro => "Waste the organisation (NIF {nif}) shipped as producer with {guides} e-GAR guides, at their effective quantities (the destination's corrections where accepted), in the month of transport. Tonnes are exact; tables round to two decimals.", "Déchets expédiés par l'organisme (NIF {nif}) en tant que producteur avec {guides} bordereaux e-GAR, aux quantités effectives (corrections acceptées du destinataire), au mois du transport. Les tonnages sont exacts ; les tableaux arrondissent à deux décimales.", "Resíduos expedidos pela organização (NIF {nif}) como produtor com {guides} guias e-GAR, nas quantidades efetivas (correções aceites do destinatário), no mês do transporte. As toneladas são exatas; os quadros arredondam a duas casas decimais.";
    WastePolicy => "Operations classed by their KPI class; R10 (land treatment) counts as {r10}. Reporting view of the monthly chart: {view}.", "Opérations classées selon leur classe d'indicateur ; R10 (épandage) compte comme {r10}. Vue du graphique mensuel : {view}.", "Operações classificadas pela sua classe de indicador; R10 (tratamento do solo) conta como {r10}. Vista do gráfico mensal: {view}.";
    WasteInterimNote => "{tonnes} t went to interim operations (R12, R13, D13–D15): their final fate is not on the guides, so they are reported apart and left out of every rate.", "{tonnes} t sont parties en opération intermédiaire (R12, R13, D13–D15) : leur traitement final ne figure pas sur les bordereaux ; elles sont présentées à part et exclues de tous les taux.", "{tonnes} t foram para operações intermédias (R12, R13, D13–D15): o seu destino final não consta das guias, pelo que são apresentadas à parte e excluídas de todas as taxas.";
    WasteUnassigned => "{tonnes} t come from establishments that are no site of the organisation ({codes}): they count organisation-wide.", "{tonnes} t proviennent d'établissements qui ne sont pas des sites de l'organisme ({codes}) : elles comptent pour l'organisme dans son ensemble.", "{tonnes} t provêm de estabelecimentos que não são instalações da organização ({codes}): contam para a organização no seu conjunto.";
    WasteStraddling => "{guides} guides of months that straddle the period's boundary are left out.", "{guides} bordereaux de mois à cheval sur les bornes de la période sont exclus.", "{guides} guias de meses que atravessam os limites do período foram excluídas.";
    WasteGenerated => "Waste generated", "Déchets produits", "Resíduos produzidos";
    Hazardous => "Hazardous", "Dangereux", "Perigosos";
    NonHazardous => "Non-hazardous", "Non dangereux", "Não perigosos";
    Total => "Total", "Total", "Total";
    FinalFate => "With a final fate", "Au traitement final connu", "Com destino final";
    InterimNotFinal => "Interim operations (fate not final)", "Opérations intermédiaires (traitement final inconnu)", "Operações intermédias (destino final desconhecido)";
    Guides => "Guides", "Bordereaux", "Guias";
    ShareOfTotal => "Share of total", "Part du total", "Quota do total";
    RecoveryRate => "Recovery rate", "Taux de valorisation", "Taxa de valorização";
    RecyclingRate => "Recycling rate (preparation for re-use included)", "Taux de recyclage (préparation en vue du réemploi comprise)", "Taxa de reciclagem (preparação para reutilização incluída)";
    DiversionRate => "Landfill diversion rate", "Taux de détournement de l'enfouissement", "Taxa de desvio de aterro";
    DiversionRateExclEnergy => "Landfill diversion rate without energy recovery", "Taux de détournement hors valorisation énergétique", "Taxa de desvio de aterro sem valorização energética";
    NonRecycledShare => "Non-recycled share", "Part non recyclée", "Quota não reciclada";
    HazardousShare => "Hazardous share", "Part dangereuse", "Quota perigosa";
    ByClass => "Waste by operation class", "Déchets par classe d'opération", "Resíduos por classe de operação";
    OperationClass => "Operation class", "Classe d'opération", "Classe de operação";
    ByChapter => "Waste by chapter of the European List of Waste", "Déchets par chapitre de la liste européenne des déchets", "Resíduos por capítulo da Lista Europeia de Resíduos";
    Chapter => "Chapter", "Chapitre", "Capítulo";
    ByCode => "Waste by LER code", "Déchets par code déchet", "Resíduos por código LER";
    LerCode => "LER code", "Code déchet", "Código LER";
    Description => "Description", "Description", "Descrição";
    WasteMonthly => "Waste by month and fate (t)", "Déchets par mois et par devenir (t)", "Resíduos por mês e destino (t)";
    Destinations => "Destinations", "Destinataires", "Destinatários";
    Nif => "NIF", "NIF", "NIF";
    Name => "Name", "Nom", "Nome";
    Establishment => "Establishment (APA)", "Établissement (APA)", "Estabelecimento (APA)";
    Operations => "Operations", "Opérations", "Operações";
    WasteBySite => "Waste by site", "Déchets par site", "Resíduos por instalação";
    NotASite => "not a site of the organisation", "pas un site de l'organisme", "não é instalação da organização";
    EsrsE55 => "ESRS E5-5 resource outflows: waste", "ESRS E5-5 flux sortants de ressources : déchets", "ESRS E5-5 fluxos de saída de recursos: resíduos";
    EsrsNote => "Waste Framework Directive view: energy recovery (R1) and backfilling are other recovery operations, diverted from disposal; permanent storage (D12) is other disposal. Interim operations are neither diverted nor directed yet and are shown apart, so the total is diverted + directed + interim. The List of Waste holds no radioactive waste (§39).", "Vue de la directive-cadre : la valorisation énergétique (R1) et le remblayage sont d'autres opérations de valorisation, détournées de l'élimination ; le stockage permanent (D12) est une autre élimination. Les opérations intermédiaires ne sont ni détournées ni dirigées et figurent à part : le total vaut détourné + dirigé + intermédiaire. La liste des déchets ne comprend pas de déchets radioactifs (§39).", "Vista da Diretiva-Quadro: a valorização energética (R1) e o enchimento são outras operações de valorização, desviadas da eliminação; o armazenamento permanente (D12) é outra eliminação. As operações intermédias não são desviadas nem encaminhadas e figuram à parte: o total é desviado + encaminhado + intermédio. A Lista de Resíduos não inclui resíduos radioativos (§39).";
    Datapoint => "Datapoint", "Point de données", "Ponto de dados";
    DivertedFromDisposal => "Diverted from disposal", "Détournés de l'élimination", "Desviados da eliminação";
    OtherRecoveryOperations => "Other recovery operations", "Autres opérations de valorisation", "Outras operações de valorização";
    DirectedToDisposal => "Directed to disposal", "Dirigés vers l'élimination", "Encaminhados para eliminação";
    OtherDisposalOperations => "Other disposal operations", "Autres opérations d'élimination", "Outras operações de eliminação";
    NonRecycledWaste => "Non-recycled waste", "Déchets non recyclés", "Resíduos não reciclados";
    TotalHazardous => "Total hazardous waste", "Total des déchets dangereux", "Total de resíduos perigosos";
    Gri306 => "GRI 306: waste generated, diverted from and directed to disposal", "GRI 306 : déchets produits, détournés de et dirigés vers l'élimination", "GRI 306: resíduos gerados, desviados da e encaminhados para eliminação";
    GriNote => "GRI view: incineration with energy recovery (R1) is directed to disposal; backfilling is other recovery. Every guide accompanies a shipment, so all of this waste is managed off-site (306-4-d, 306-5-d). Composition (306-3): the table by chapter of the List of Waste.", "Vue GRI : l'incinération avec valorisation énergétique (R1) est dirigée vers l'élimination ; le remblayage est une autre valorisation. Chaque bordereau accompagne un transport : tous ces déchets sont gérés hors site (306-4-d, 306-5-d). Composition (306-3) : le tableau par chapitre de la liste des déchets.", "Vista GRI: a incineração com recuperação de energia (R1) é encaminhada para eliminação; o enchimento é outra valorização. Cada guia acompanha um transporte: todos estes resíduos são geridos fora das instalações (306-4-d, 306-5-d). Composição (306-3): o quadro por capítulo da Lista de Resíduos.";
    Disclosure => "Disclosure", "Élément d'information", "Divulgação";
    IncinerationWithEnergy => "Incineration with energy recovery", "Incinération avec valorisation énergétique", "Incineração com recuperação de energia";
    IncinerationWithoutEnergy => "Incineration without energy recovery", "Incinération sans valorisation énergétique", "Incineração sem recuperação de energia";
    Landfilling => "Landfilling", "Mise en décharge", "Deposição em aterro";
    EgarImports => "e-GAR imports", "Imports e-GAR", "Importações e-GAR";
    Input => "Input", "Source", "Origem";
    Read => "Read", "Lus", "Lidas";
    Counted => "Counted", "Comptés", "Contadas";
    NotCounted => "Not counted (by state)", "Non comptés (par état)", "Não contadas (por estado)";
    Rejected => "Rejected", "Rejetés", "Rejeitadas";
    Corrected => "Corrected", "Corrigés", "Corrigidas";
    Tonnes => "Tonnes", "Tonnes", "Toneladas";
    Mirr => "MIRR reconciliation", "Rapprochement MIRR", "Reconciliação com o MIRR";
    MirrNone => "No MIRR declaration was supplied: the annual waste register is not reconciled with the guides here.", "Aucune déclaration MIRR n'a été fournie : le registre annuel des déchets n'est pas rapproché des bordereaux ici.", "Não foi fornecida declaração MIRR: o registo anual de resíduos não é aqui reconciliado com as guias.";
    MirrSummary => "The MIRR declared for {year} set against the forms compiled from the guides (B produced, C1 received, C2 processed — a draft from receipts —, D1 transported), line by line on establishment, LER code, operation and counterpart: {lines} lines, {discrepancies} discrepancies (tolerance {tolerance} t).", "Le MIRR déclaré pour {year} rapproché des formulaires compilés à partir des bordereaux (B produits, C1 reçus, C2 traités — brouillon tiré des réceptions —, D1 transportés), ligne à ligne par établissement, code déchet, opération et contrepartie : {lines} lignes, {discrepancies} écarts (tolérance {tolerance} t).", "O MIRR declarado para {year} confrontado com os formulários compilados a partir das guias (B produzidos, C1 recebidos, C2 tratados — rascunho a partir das receções —, D1 transportados), linha a linha por estabelecimento, código LER, operação e contraparte: {lines} linhas, {discrepancies} discrepâncias (tolerância {tolerance} t).";
    Mci => "Material Circularity Indicator", "Indicateur de circularité des matières (MCI)", "Indicador de Circularidade de Materiais (MCI)";
    CompanyMci => "Company MCI", "MCI de l'entreprise", "MCI da empresa";
    MciUnclamped => "MCI before clamping at 0", "MCI avant plancher à 0", "MCI antes do limite em 0";
    ByMass => "weighted by mass", "pondéré par la masse", "ponderado pela massa";
    ByRevenue => "weighted by revenue", "pondéré par le chiffre d'affaires", "ponderado pela receita";
    Product => "Product", "Produit", "Produto";
    ShareOfCompany => "Weight in the company value", "Poids dans la valeur de l'entreprise", "Peso no valor da empresa";
    MciNote => "Ellen MacArthur Foundation (2015), technical cycle: V virgin feedstock, W unrecoverable waste, LFI = (V + W) / (2M + (W_F − W_C) / 2), X utility (lifetime and intensity of use against the industry average), F(X) = 0.9 / X, MCI = max(0, 1 − LFI · F(X)). Values exact, shown rounded.", "Ellen MacArthur Foundation (2015), cycle technique : V matière vierge, W déchets non valorisables, LFI = (V + W) / (2M + (W_F − W_C) / 2), X utilité (durée de vie et intensité d'usage rapportées à la moyenne du secteur), F(X) = 0,9 / X, MCI = max(0, 1 − LFI · F(X)). Valeurs exactes, affichées arrondies.", "Ellen MacArthur Foundation (2015), ciclo técnico: V matéria-prima virgem, W resíduos não recuperáveis, LFI = (V + W) / (2M + (W_F − W_C) / 2), X utilidade (vida útil e intensidade de uso face à média do setor), F(X) = 0,9 / X, MCI = max(0, 1 − LFI · F(X)). Valores exatos, apresentados arredondados.";
    MirrTotals => "MIRR totals by form", "Totaux du MIRR par formulaire", "Totais do MIRR por formulário";
    MirrForm => "Form", "Formulaire", "Formulário";
    MirrCounterpart => "Counterpart (NIF / APA)", "Contrepartie (NIF / APA)", "Contraparte (NIF / APA)";
    MirrStatus => "Status", "Statut", "Estado";
    MirrDiscrepancies => "MIRR discrepancies", "Écarts du MIRR", "Discrepâncias do MIRR";
    MirrReconciled => "Every declared line matches the guides.", "Chaque ligne déclarée concorde avec les bordereaux.", "Todas as linhas declaradas coincidem com as guias.";
    MirrMatch => "Matching lines", "Lignes concordantes", "Linhas coincidentes";
    MirrDiffers => "quantities differ", "quantités différentes", "quantidades diferentes";
    MirrMissingInDeclared => "not declared", "non déclarée", "não declarada";
    MirrMissingInGuides => "not in the guides", "absente des bordereaux", "ausente das guias";
    Declared => "Declared (MIRR)", "Déclaré (MIRR)", "Declarado (MIRR)";
    FromGuides => "From the guides", "Selon les bordereaux", "Segundo as guias";
    Difference => "Difference", "Écart", "Diferença";
}

/// Formats a count or quantity with `places` decimals (rounded half away from zero) in the language's style.
///
/// ```
/// use iso_core::Lang;
/// use iso_core::report::i18n::decimal;
/// let d: rust_decimal::Decimal = "1234.56".parse().unwrap();
/// assert_eq!(decimal(d, 1, Lang::En), "1,234.6");
/// assert_eq!(decimal(d, 1, Lang::Fr), "1\u{202f}234,6");
/// assert_eq!(decimal(d, 1, Lang::Pt), "1\u{a0}234,6");
/// ```
pub fn decimal(value: Decimal, places: u32, lang: Lang) -> String {
    let rounded = value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    let text = format!("{:.*}", places as usize, rounded.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let (group, point) = match lang {
        Lang::En => (",", "."),
        Lang::Fr => ("\u{202f}", ","),
        Lang::Pt => ("\u{a0}", ","),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push_str(group);
        }
        grouped.push(c);
    }
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() { "-" } else { "" };
    if frac.is_empty() { format!("{sign}{grouped}") } else { format!("{sign}{grouped}{point}{frac}") }
}

/// A score in [0, 1] as a percentage with one decimal: `87.1%` (en), `87,1 %` (fr, pt); `—` when undefined.
pub fn percent(value: Option<Decimal>, lang: Lang) -> String {
    match value {
        None => Msg::Undefined.get(lang).to_owned(),
        Some(v) => {
            let number = decimal(v * Decimal::ONE_HUNDRED, 1, lang);
            match lang {
                Lang::En => format!("{number}%"),
                Lang::Fr => format!("{number}\u{202f}%"),
                Lang::Pt => format!("{number}\u{a0}%"),
            }
        }
    }
}

/// A change of score, in percentage points with a sign: `+2.5 pp`, `−1,0 pp`.
pub fn points_change(value: Option<Decimal>, lang: Lang) -> String {
    match value {
        None => Msg::Undefined.get(lang).to_owned(),
        Some(v) => {
            let number = decimal((v * Decimal::ONE_HUNDRED).abs(), 1, lang);
            let sign = if v > Decimal::ZERO {
                "+"
            } else if v < Decimal::ZERO {
                "\u{2212}"
            } else {
                ""
            };
            let unit = match lang {
                Lang::En => "pp",
                Lang::Fr => "pts",
                Lang::Pt => "p.p.",
            };
            format!("{sign}{number}\u{a0}{unit}")
        }
    }
}

const MONTHS: [[&str; 12]; 3] = [
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ],
];

/// A date written out: `31 December 2025`, `31 décembre 2025`, `31 de dezembro de 2025`.
pub fn date(day: NaiveDate, lang: Lang) -> String {
    let month = MONTHS[lang as usize][day.month0() as usize];
    match lang {
        Lang::En | Lang::Fr => format!("{} {month} {}", day.day(), day.year()),
        Lang::Pt => format!("{} de {month} de {}", day.day(), day.year()),
    }
}

/// A month and year: `March 2025`, `mars 2025`, `março de 2025`.
pub fn month(year: i32, month: u32, lang: Lang) -> String {
    let name = MONTHS[lang as usize][(month.clamp(1, 12) - 1) as usize];
    match lang {
        Lang::Pt => format!("{name} de {year}"),
        _ => format!("{name} {year}"),
    }
}

/// A reporting period in words.
pub fn period(period: &crate::period::Period, lang: Lang) -> String {
    use crate::period::Period as P;
    match *period {
        P::Year(y) => y.to_string(),
        P::Quarter(y, q) => match lang {
            Lang::En => format!("Q{q} {y}"),
            Lang::Fr => format!("T{q} {y}"),
            Lang::Pt => format!("{q}.º trimestre de {y}"),
        },
        P::Month(y, m) => month(y, u32::from(m), lang),
        _ => format!("{} – {}", date(period.start(), lang), date(period.end(), lang)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_language() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(decimal(d("1234567.891"), 2, Lang::En), "1,234,567.89");
        assert_eq!(decimal(d("-0.04"), 1, Lang::En), "0.0");
        assert_eq!(decimal(d("-12.35"), 1, Lang::Pt), "-12,4");
        assert_eq!(percent(Some(d("0.8711")), Lang::Fr), "87,1\u{202f}%");
        assert_eq!(percent(None, Lang::Pt), "—");
        assert_eq!(points_change(Some(d("-0.0251")), Lang::En), "\u{2212}2.5\u{a0}pp");
    }

    #[test]
    fn dates_are_written_out() {
        let day = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
        assert_eq!(date(day, Lang::En), "31 December 2025");
        assert_eq!(date(day, Lang::Fr), "31 décembre 2025");
        assert_eq!(date(day, Lang::Pt), "31 de dezembro de 2025");
    }
}

/// Names of the engine's values in each language.
pub mod names {
    use crate::assess::{Conformity, CycleStatus, GapKind, Rule};
    use crate::catalogue::DocumentedInfo;
    use crate::register::{AuditKind, EvidenceKind, EvidenceStatus, FindingSource, Grade};
    use crate::text::Lang;

    fn pick(lang: Lang, en: &'static str, fr: &'static str, pt: &'static str) -> &'static str {
        match lang {
            Lang::En => en,
            Lang::Fr => fr,
            Lang::Pt => pt,
        }
    }

    /// A bucket of a waste reporting view (`waste-operations.toml`); the id itself when unknown.
    pub fn waste_bucket(id: &str, lang: Lang) -> String {
        match id {
            "recovery" => pick(lang, "Recovery", "Valorisation", "Valorização"),
            "disposal" => pick(lang, "Disposal", "Élimination", "Eliminação"),
            "not_final" => pick(lang, "Interim (not final)", "Intermédiaire (non final)", "Intermédia (não final)"),
            "diverted_from_disposal" => {
                pick(lang, "Diverted from disposal", "Détourné de l'élimination", "Desviado da eliminação")
            }
            "incineration_with_energy_recovery" => pick(
                lang,
                "Incineration with energy recovery",
                "Incinération avec valorisation énergétique",
                "Incineração com recuperação de energia",
            ),
            "incineration_without_energy_recovery" => pick(
                lang,
                "Incineration without energy recovery",
                "Incinération sans valorisation énergétique",
                "Incineração sem recuperação de energia",
            ),
            "landfilling" => pick(lang, "Landfilling", "Mise en décharge", "Deposição em aterro"),
            "other_disposal" => pick(lang, "Other disposal", "Autre élimination", "Outra eliminação"),
            other => return other.to_owned(),
        }
        .to_owned()
    }

    /// A requirement result.
    pub fn conformity(c: Conformity, lang: Lang) -> &'static str {
        match c {
            Conformity::Conforming => pick(lang, "conforming", "conforme", "conforme"),
            Conformity::PartiallyConforming => {
                pick(lang, "partially conforming", "partiellement conforme", "parcialmente conforme")
            }
            Conformity::Nonconforming => pick(lang, "nonconforming", "non conforme", "não conforme"),
            Conformity::NotAssessed => pick(lang, "not assessed", "non évalué", "não avaliado"),
            Conformity::NotApplicable => pick(lang, "not applicable", "non applicable", "não aplicável"),
        }
    }

    /// The rule that decided a result.
    pub fn rule(r: Rule, lang: Lang) -> &'static str {
        match r {
            Rule::Excluded => {
                pick(lang, "declared not applicable", "déclarée non applicable", "declarado não aplicável")
            }
            Rule::MajorNonconformity => pick(
                lang,
                "open major nonconformity",
                "non-conformité majeure ouverte",
                "não conformidade maior aberta",
            ),
            Rule::MissingDocumentedInformation => pick(
                lang,
                "mandatory documented information missing",
                "information documentée obligatoire manquante",
                "informação documentada obrigatória em falta",
            ),
            Rule::MinorNonconformity => pick(
                lang,
                "open minor nonconformity",
                "non-conformité mineure ouverte",
                "não conformidade menor aberta",
            ),
            Rule::FullEvidence => pick(lang, "valid evidence", "preuve valide", "evidência válida"),
            Rule::PartialEvidence => pick(lang, "partial evidence", "preuve partielle", "evidência parcial"),
            Rule::NoEvidence => pick(lang, "no evidence", "aucune preuve", "sem evidência"),
        }
    }

    /// A finding's grade.
    pub fn grade(g: Grade, lang: Lang) -> &'static str {
        match g {
            Grade::MajorNonconformity => {
                pick(lang, "major nonconformity", "non-conformité majeure", "não conformidade maior")
            }
            Grade::MinorNonconformity => {
                pick(lang, "minor nonconformity", "non-conformité mineure", "não conformidade menor")
            }
            Grade::Observation => pick(lang, "observation", "observation", "observação"),
            Grade::OpportunityForImprovement => {
                pick(lang, "opportunity for improvement", "piste de progrès", "oportunidade de melhoria")
            }
            Grade::GoodPractice => pick(lang, "good practice", "bonne pratique", "boa prática"),
        }
    }

    /// Who raised a finding.
    pub fn source(s: FindingSource, lang: Lang) -> &'static str {
        match s {
            FindingSource::Internal => pick(lang, "internal audit", "audit interne", "auditoria interna"),
            FindingSource::CertificationBody => {
                pick(lang, "certification body", "organisme certificateur", "organismo certificador")
            }
            FindingSource::SecondParty => pick(lang, "second party", "seconde partie", "segunda parte"),
        }
    }

    /// An evidence kind.
    pub fn evidence_kind(k: EvidenceKind, lang: Lang) -> &'static str {
        match k {
            EvidenceKind::Policy => pick(lang, "policy", "politique", "política"),
            EvidenceKind::Procedure => pick(lang, "procedure", "procédure", "procedimento"),
            EvidenceKind::Record => pick(lang, "record", "enregistrement", "registo"),
            EvidenceKind::Certificate => pick(lang, "certificate", "certificat", "certificado"),
            EvidenceKind::TrainingRecord => pick(lang, "training record", "formation", "registo de formação"),
            EvidenceKind::Calibration => pick(lang, "calibration", "étalonnage", "calibração"),
            EvidenceKind::Measurement => pick(lang, "measurement", "mesure", "medição"),
            EvidenceKind::Other => pick(lang, "other", "autre", "outro"),
        }
    }

    /// An evidence status.
    pub fn evidence_status(s: EvidenceStatus, lang: Lang) -> &'static str {
        match s {
            EvidenceStatus::Draft => pick(lang, "draft", "brouillon", "rascunho"),
            EvidenceStatus::InReview => pick(lang, "in review", "en revue", "em revisão"),
            EvidenceStatus::Approved => pick(lang, "approved", "approuvé", "aprovado"),
            EvidenceStatus::Rejected => pick(lang, "rejected", "rejeté", "rejeitado"),
            EvidenceStatus::Superseded => pick(lang, "superseded", "remplacé", "substituído"),
        }
    }

    /// Documented information.
    pub fn documented(d: DocumentedInfo, lang: Lang) -> &'static str {
        match d {
            DocumentedInfo::None => "",
            DocumentedInfo::Maintain => {
                pick(lang, "document to maintain", "document à tenir à jour", "documento a manter")
            }
            DocumentedInfo::Retain => pick(lang, "record to retain", "enregistrement à conserver", "registo a reter"),
        }
    }

    /// A gap kind.
    pub fn gap(k: GapKind, lang: Lang) -> &'static str {
        match k {
            GapKind::MajorNonconformity => grade(Grade::MajorNonconformity, lang),
            GapKind::MinorNonconformity => grade(Grade::MinorNonconformity, lang),
            GapKind::MissingDocumentedInformation => rule(Rule::MissingDocumentedInformation, lang),
            GapKind::ExpiringEvidence => {
                pick(lang, "evidence expiring", "preuve arrivant à échéance", "evidência a expirar")
            }
            GapKind::PartialEvidence => rule(Rule::PartialEvidence, lang),
            GapKind::NotAssessed => rule(Rule::NoEvidence, lang),
        }
    }

    /// An audit of the certification cycle.
    pub fn audit(k: AuditKind, lang: Lang) -> &'static str {
        match k {
            AuditKind::Stage1 => pick(lang, "stage 1 audit", "audit d'étape 1", "auditoria de fase 1"),
            AuditKind::Stage2 => pick(lang, "stage 2 audit", "audit d'étape 2", "auditoria de fase 2"),
            AuditKind::Surveillance1 => {
                pick(lang, "surveillance audit 1", "audit de surveillance 1", "auditoria de acompanhamento 1")
            }
            AuditKind::Surveillance2 => {
                pick(lang, "surveillance audit 2", "audit de surveillance 2", "auditoria de acompanhamento 2")
            }
            AuditKind::Recertification => {
                pick(lang, "recertification audit", "audit de renouvellement", "auditoria de renovação")
            }
            AuditKind::Special => pick(lang, "special audit", "audit spécial", "auditoria extraordinária"),
        }
    }

    /// Where an audit of the cycle stands.
    pub fn cycle(s: CycleStatus, lang: Lang) -> &'static str {
        match s {
            CycleStatus::Held => pick(lang, "held", "réalisé", "realizada"),
            CycleStatus::Planned => pick(lang, "planned", "planifié", "planeada"),
            CycleStatus::PlannedLate => {
                pick(lang, "planned after its deadline", "planifié après l'échéance", "planeada após o prazo")
            }
            CycleStatus::Due => pick(lang, "to plan", "à planifier", "a planear"),
            CycleStatus::Overdue => pick(lang, "overdue", "en retard", "em atraso"),
        }
    }
}
