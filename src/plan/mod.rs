//! The plan: loading files ([`load`]), their raw serde mirror ([`raw`]), validation
//! ([`validate()`]) into the checked model ([`model`]).

pub mod load;
pub mod model;
pub mod origin;
pub mod raw;
pub mod validate;

pub use load::{Loaded, find_plan, load};
pub use model::Plan;
pub use validate::validate;
