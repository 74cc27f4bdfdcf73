//! Fuzz target `edit`: see `northstar::fuzzing::edit` for the input's shape and the property.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| northstar::fuzzing::edit(data));
