//! Numbers from outside the plan: a measure's value read from its `source` (`measure`: a
//! file, HTTP, Prometheus, a trusted command), DORA's four keys from git and CSVs
//! ([`dora`]), and the one size limit and regular-files rule on every such read
//! (`bounded`).

pub(crate) mod bounded;
pub mod dora;
pub(crate) mod measure;
