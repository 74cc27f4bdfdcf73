//! The sizes of the plan's most numerous structs, pinned: a large plan holds 60,000
//! check-ins and 10,000 key results, so a field added to either shows here first and in
//! every command's peak memory (issue 23's target: at most 4x the plan's size on disk).

use super::{CheckIn, KeyResult};

#[test]
fn a_checkin_stays_small() {
    // 160 bytes with the note, `by` and the provenance as three `Option<String>`s inline.
    assert_eq!(std::mem::size_of::<CheckIn>(), 112);
}

#[test]
fn a_key_result_stays_small() {
    // 336 bytes with its `source` inline.
    assert_eq!(std::mem::size_of::<KeyResult>(), 200);
}
