//! A broken objective (a type or syntax error) never makes a command panic, even with
//! check-ins on its key results: each command reports the objective's error and exits 1.
//! Found by issue 9's hostile review (defect 2); the inputs live in `tests/hostile/`.

use crate::common;

use common::{codes, northstar};

/// Defect 2: an objective with a type or syntax error, and a check-in naming one of its key
/// results, panicked every command (index out of bounds). Now each command reports the
/// objective's error, exit 1, and says nothing about the check-in, whose key result is
/// simply not in the plan.
#[test]
fn a_broken_objective_with_a_checked_in_key_result_is_an_error_not_a_panic() {
    for (file, code) in [
        ("objective-type-error-with-checkin.toml", "wrong-type"),
        ("objective-unquoted-pillar-with-checkin.toml", "toml-syntax"),
    ] {
        let path = format!("tests/hostile/{file}");
        let r = northstar(&["-f", &path, "check", "--format", "json"]);
        assert_eq!(r.code, 1, "{file}: {}", r.stderr);
        assert_eq!(codes(&r.stdout), [code], "{file}");
        for command in [
            &["status"][..],
            &["okrs"],
            &["log"],
            &["show", "kr1"],
            &["review"],
            &["checkin", "kr1", "4"],
        ] {
            let mut args = vec!["-f", path.as_str()];
            args.extend_from_slice(command);
            let r = northstar(&args);
            assert_eq!(r.code, 1, "{file} {command:?}: {}", r.stderr);
            assert!(
                r.stderr.contains(&format!("error[{code}]")),
                "{file} {command:?}: {}",
                r.stderr
            );
        }
    }
}
