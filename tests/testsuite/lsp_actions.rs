//! `northstar lsp`'s code actions (issue 25): the quick fixes the diagnostics' help
//! suggests, applied to an unsaved buffer as an editor applies them; after the change the
//! diagnostics they fix are gone. Uses the JSON-RPC client of lsp.rs.

use serde_json::{Value, json};

use crate::common::platform_copy;
use crate::lsp::{Client, apply, open, uri};

#[test]
fn quick_fixes_of_the_help_clear_their_diagnostics_in_an_unsaved_buffer() {
    let (dir, _) = platform_copy();
    let (mut client, _) = Client::start(dir.path(), &json!({}));
    client.published();
    let sre = dir.path().join("teams/sre.toml");
    let text = std::fs::read_to_string(&sre).unwrap();
    // Three mistakes in the unsaved buffer: an unknown pillar, a misspelt key, a quoted
    // number.
    let edited = text
        .replacen("pillar = \"reliability\"", "pillar = \"reliabilty\"", 1)
        .replacen("owner = \"dmitri\"", "ownr = \"dmitri\"", 1)
        .replacen("target = 40\n", "target = \"40\"\n", 1);
    open(&mut client, &sre, &edited);
    let mut published = client.published();
    let mut buffer = edited;
    let fixes = [
        (
            "unknown-reference",
            "Change to `reliability`",
            "\"reliability\"",
        ),
        ("unknown-key", "Change to `owner`", "owner"),
        ("wrong-type", "Remove the quotes: `40`", "40"),
    ];
    for (version, (code, title, new_text)) in (2..).zip(fixes) {
        let diagnostics = published[&uri(&sre)].clone();
        let codes: Vec<&Value> = diagnostics.iter().map(|d| &d["code"]).collect();
        let remaining: Vec<&str> = fixes
            .iter()
            .map(|f| f.0)
            .skip_while(|c| *c != code)
            .collect();
        assert_eq!(codes, remaining);
        // The actions at the first diagnostic's range: its fix alone, one edit.
        let d = &diagnostics[0];
        let actions = client.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri(&sre) }, "range": d["range"], "context": { "diagnostics": [d] } }),
        );
        assert_eq!(actions.as_array().unwrap().len(), 1, "{actions}");
        let action = &actions[0];
        assert_eq!(
            (&action["title"], &action["kind"], &action["diagnostics"][0]),
            (&json!(title), &json!("quickfix"), d)
        );
        let changes = action["edit"]["changes"].as_object().unwrap();
        assert_eq!(changes.len(), 1);
        let edits = changes[&uri(&sre)].as_array().unwrap();
        assert_eq!(
            edits,
            &vec![json!({ "range": d["range"], "newText": new_text })]
        );
        // Applied to the unsaved buffer as the editor sends it.
        buffer = apply(&buffer, edits);
        client.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri(&sre), "version": version }, "contentChanges": [{ "range": d["range"], "text": new_text }] }),
        );
        published = client.published();
    }
    // Every mistake fixed: the text on disk again, with `check`'s two warnings.
    assert_eq!(buffer, text);
    let codes: Vec<&Value> = published[&uri(&sre)].iter().map(|d| &d["code"]).collect();
    assert_eq!(codes, vec!["stale-key-result", "overdue-bet"]);
    // No diagnostic on the first line: no action.
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri(&sre) }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 3 } }, "context": { "diagnostics": [] } }),
    );
    assert_eq!(actions, json!([]));
    assert_eq!(client.stop(), Some(0));
}
