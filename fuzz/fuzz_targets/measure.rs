//! Fuzz target `measure`: see `northstar::fuzzing::measure` for the input's shape and the property.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| northstar::fuzzing::measure(data));
