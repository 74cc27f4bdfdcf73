//! Fuzz target `dates`: see `northstar::fuzzing::dates` for the input's shape and the property.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| northstar::fuzzing::dates(data));
