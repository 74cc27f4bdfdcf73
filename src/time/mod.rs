//! Every calendar and date rule: dates as typed on the command line and the crate's date
//! bounds ([`dates`]), and periods on the organisation's own calendar: calendar quarters,
//! halves and years, fiscal years and custom cycles ([`period`]).

pub mod dates;
pub mod period;
