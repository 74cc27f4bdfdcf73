//! Replays every input the fuzzers ever crashed on (`tests/fuzz-regressions/<target>/*`)
//! through the same harness the fuzz target runs (`northstar::fuzzing`), on stable Rust.
//! A file here is a crash that was fixed; its test fails again if the crash comes back.
//! See `scripts/fuzz` and CONTRIBUTING.md's "Fuzzing".

use std::path::Path;

#[test]
fn every_saved_crash_stays_fixed() {
    let root = Path::new("tests/fuzz-regressions");
    let mut replayed = Vec::new();
    for target in std::fs::read_dir(root).unwrap() {
        let target = target.unwrap().path();
        for input in std::fs::read_dir(&target).unwrap() {
            let input = input.unwrap().path();
            let name = northstar::fuzzing::target_of(&input)
                .unwrap_or_else(|| panic!("{}: not under a fuzz target's folder", input.display()));
            let data = std::fs::read(&input).unwrap();
            let outcome = std::panic::catch_unwind(|| northstar::fuzzing::replay(name, &data));
            assert!(outcome.is_ok(), "{} fails again", input.display());
            replayed.push(input);
        }
    }
    // Not vacuous: the inputs of the defects found so far are here.
    assert!(
        !replayed.is_empty(),
        "no saved inputs under {}",
        root.display()
    );
}
