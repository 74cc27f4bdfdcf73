//! Fuzz target `checkin`: see `northstar::fuzzing::checkin` for the input's shape and the property.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| northstar::fuzzing::checkin(data));
