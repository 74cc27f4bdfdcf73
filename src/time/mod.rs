//! Every calendar and date rule: dates as typed on the command line ([`dates`]), calendar
//! quarters and the crate's date bounds ([`quarter`]), and periods on the organisation's
//! own calendar, fiscal years and custom cycles included ([`period`]).

pub mod dates;
pub mod period;
pub mod quarter;
