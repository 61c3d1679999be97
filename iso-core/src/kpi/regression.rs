//! Exact least-squares regression (written by the regression work item).
