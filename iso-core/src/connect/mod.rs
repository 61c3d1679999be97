//! Importers (work in progress).
