//! The JSON Schema of the plan file: generated from the loader's types, committed next to
//! each example (and kept equal to `northstar schema`), valid for every example file, and
//! failing a plan with an unknown key.

use crate::common;

use common::northstar;

/// TOML → JSON the way editors (taplo) see it: dates become strings.
fn to_json(value: toml::Value) -> serde_json::Value {
    match value {
        toml::Value::String(s) => s.into(),
        toml::Value::Integer(i) => i.into(),
        toml::Value::Float(f) => f.into(),
        toml::Value::Boolean(b) => b.into(),
        toml::Value::Datetime(d) => d.to_string().into(),
        toml::Value::Array(a) => a.into_iter().map(to_json).collect(),
        toml::Value::Table(t) => t
            .into_iter()
            .map(|(k, v)| (k, to_json(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

fn schema() -> serde_json::Value {
    let r = northstar(&["schema"]);
    assert_eq!(r.code, 0);
    serde_json::from_str(&r.stdout).unwrap()
}

fn example_files() -> Vec<std::path::PathBuf> {
    let mut files: Vec<std::path::PathBuf> = [
        "examples/platform",
        "examples/platform/teams",
        "examples/startup",
        "examples/fiscal",
        "examples/org",
        "examples/org/teams",
    ]
    .iter()
    .flat_map(|d| std::fs::read_dir(d).unwrap().map(|e| e.unwrap().path()))
    .filter(|p| p.extension().is_some_and(|e| e == "toml"))
    .collect();
    files.sort();
    files
}

#[test]
fn the_schema_is_draft_07_and_committed_beside_each_example() {
    let schema = schema();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(schema["additionalProperties"], false);
    for dir in [
        "examples/platform",
        "examples/startup",
        "examples/fiscal",
        "examples/org",
    ] {
        let committed: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(format!("{dir}/northstar.schema.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(
            committed, schema,
            "{dir}/northstar.schema.json is out of date: regenerate it with `northstar schema`"
        );
    }
    for file in example_files() {
        let first = std::fs::read_to_string(&file)
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_string();
        assert!(
            first.starts_with("#:schema ") && first.ends_with("northstar.schema.json"),
            "{}",
            file.display()
        );
    }
}

#[test]
fn every_example_file_validates_against_the_schema() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let files = example_files();
    assert_eq!(files.len(), 16);
    for file in files {
        let value: toml::Value = toml::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let json = to_json(value);
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", file.display());
    }
}

#[test]
fn an_unknown_key_fails_the_schema() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let text = std::fs::read_to_string("examples/startup/northstar.toml")
        .unwrap()
        .replace(
            "title = \"The routing API is boring\"",
            "titel = \"The routing API is boring\"",
        );
    let json = to_json(toml::from_str(&text).unwrap());
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("titel"), "{errors:?}");
    let wrong_type = to_json(toml::from_str("[plan]\nname = 3\n").unwrap());
    assert!(!validator.is_valid(&wrong_type));
}

#[test]
fn a_key_result_target_is_a_number_or_tbd_in_the_schema() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let plan = |target: &str| {
        to_json(
            toml::from_str(&format!(
                "[[objective]]\nid = \"o\"\n[[objective.key_result]]\nid = \"k\"\ntarget = {target}\n"
            ))
            .unwrap(),
        )
    };
    assert!(validator.is_valid(&plan("40")));
    assert!(validator.is_valid(&plan("12.5")));
    assert!(validator.is_valid(&plan("\"tbd\"")));
    assert!(!validator.is_valid(&plan("\"soon\"")));
    assert!(!validator.is_valid(&plan("\"40\"")));
    assert!(!validator.is_valid(&plan("true")));
}

#[test]
fn a_team_is_an_id_or_a_list_of_ids_in_the_schema() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let plan = |team: &str| {
        to_json(
            toml::from_str(&format!(
                "[[objective]]\nid = \"o\"\nteam = {team}\n\n[[initiative]]\nid = \"i\"\nteam = {team}\n\n[[bet]]\nid = \"b\"\nteam = {team}\n"
            ))
            .unwrap(),
        )
    };
    assert!(validator.is_valid(&plan("\"web\"")));
    assert!(validator.is_valid(&plan("[\"web\", \"mobile\"]")));
    assert!(!validator.is_valid(&plan("3")));
    assert!(!validator.is_valid(&plan("[3]")));
}
