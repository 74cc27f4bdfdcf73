//! Fuzz target `bet`: see `northstar::fuzzing::bet` for the input's shape and the property.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| northstar::fuzzing::bet(data));
