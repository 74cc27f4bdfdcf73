//! `northstar init [DIR]`: a commented starter plan (or, with `--empty`, only its `[plan]`
//! table), an empty check-in log and the plan file's JSON Schema; never overwrites a file.

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;

use crate::app::exit;
use crate::app::options::Options;
use crate::refusal::Refusal;
use crate::write::edit::{DirLocks, replace_atomically};

/// The `[plan]` table every starter plan opens with, for `name`; `\n` line endings.
fn plan_table(name: &str) -> String {
    let name = crate::write::add::text_value(name);
    format!(
        r#"[plan]
name = {name}
include = ["checkins.toml"]
checkin_log = "checkins.toml"
stale_after_days = 14          # a key result without a check-in for longer is stale
"#
    )
}

/// The starter plan of `northstar init --empty`, for `name`: the `[plan]` table and no
/// entity, to build with `northstar add` (and `northstar set plan KEY VALUE`).
#[must_use]
pub(crate) fn empty_plan(name: &str) -> String {
    format!(
        "#:schema ./northstar.schema.json\n\
         # The engineering plan. Build it with `northstar add pillar|team|metric|objective|kr|…`,\n\
         # check it with `northstar check`, see the dashboard with `northstar status`.\n\
         \n{}",
        plan_table(name)
    )
}

/// The starter plan of `northstar init`, for `name`, dated around `today`.
#[must_use]
pub(crate) fn starter_plan(name: &str, today: NaiveDate) -> String {
    let quarter = crate::time::period::Quarter::containing(today);
    let plan = plan_table(name);
    // Both stay within the last year a date may have (a starter plan written late in 9999).
    let decide_by = (today + chrono::Duration::weeks(6)).min(crate::time::dates::LAST_DAY);
    let due = quarter.next().next().next().next().last_day();
    format!(
        r#"#:schema ./northstar.schema.json
# The engineering plan: one North Star, 2–4 pillars, quarterly OKRs, initiatives and bets.
# Check it with `northstar check`; see the dashboard with `northstar status`.
# Record progress with `northstar checkin ID VALUE` (it appends to checkins.toml).

{plan}
# The one outcome that signals long-term success.
[north_star]
id = "weekly-active-customers"
name = "Customers using the product every week"
unit = "customers"
baseline = 1000
target = 1500
due = {due}

# Two to four strategic pillars that drive the North Star.
[[pillar]]
id = "velocity"
name = "Developer velocity"

[[pillar]]
id = "reliability"
name = "Reliability"

[[pillar]]
id = "security"
name = "Secure by default"

# Objectives of the quarter, each with measurable key results.
[[objective]]
id = "faster-delivery"
title = "Ship changes to customers faster"
pillar = "velocity"
period = "{quarter}"
owner = "you"

[[objective.key_result]]
id = "lead-time"
title = "Median lead time for changes"
unit = "h"
baseline = 48
target = 24                    # below the baseline: lower is better

[[objective.key_result]]
id = "ci-under-10"
title = "CI runs in under 10 minutes"
milestone = true               # done / not done

# Initiatives: the projects, technical debt and security work included.
[[initiative]]
id = "parallel-ci"
title = "Run CI stages in parallel"
pillar = "velocity"
period = "{quarter}"
owner = "you"
status = "planned"             # planned | active | done | dropped
work = "debt"                  # feature | debt | security | maintenance
effort_weeks = 3
drives = ["lead-time", "ci-under-10"]

# Bets: hypotheses with success and kill criteria, an appetite and a decide-by date.
[[bet]]
id = "trunk-based"
title = "Trunk-based development"
pillar = "velocity"
hypothesis = "If every team merges to main daily, lead time halves, because batches shrink"
risk = "adjacent"              # core | adjacent | transformational
appetite_weeks = 4
decide_by = {decide_by}
success = "Median lead time under 24 h for two weeks"
kill = "Change failure rate above 15% for two weeks"
status = "proposed"            # `northstar bet start trunk-based --decide-by ...` funds it
"#
    )
}

/// The empty check-in log of `northstar init`.
pub(crate) const STARTER_LOG: &str = "#:schema ./northstar.schema.json\n# Check-ins, appended by `northstar checkin`. Newest at the bottom.\n";

/// `northstar init [DIR] [--name NAME] [--empty]`: writes a starter plan (with sample
/// entities, or none when `empty`), an empty check-in log and the schema; refuses to
/// overwrite any of them.
pub fn run(
    o: &Options,
    dir: &Path,
    name: &str,
    empty: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    std::fs::create_dir_all(dir)
        .map_err(|e| anyhow::anyhow!("cannot create `{}`: {e}", dir.display()))?;
    let plan = dir.join(crate::plan::load::PLAN_FILE_NAME);
    let log = dir.join("checkins.toml");
    let schema = dir.join("northstar.schema.json");
    for path in [&plan, &log, &schema] {
        if path.exists() {
            let refusal = Refusal::new(format!(
                "`{}` already exists; northstar init never overwrites a file",
                crate::text::path(path)
            ));
            return super::refuse(err, &refusal);
        }
    }
    let locks = DirLocks::acquire([dir])?;
    let text = if empty {
        empty_plan(name)
    } else {
        starter_plan(name, o.today)
    };
    replace_atomically(&locks, &plan, text.as_bytes(), None)?;
    replace_atomically(&locks, &log, STARTER_LOG.as_bytes(), None)?;
    let schema_json = serde_json::to_string_pretty(&crate::plan::raw::json_schema())? + "\n";
    replace_atomically(&locks, &schema, schema_json.as_bytes(), None)?;
    writeln!(
        out,
        "wrote {}, {} and {}",
        crate::text::path(&plan),
        crate::text::path(&log),
        crate::text::path(&schema)
    )?;
    writeln!(
        out,
        "next: edit the plan, then `northstar -f {} check`",
        crate::text::path(&plan)
    )?;
    Ok(exit::OK)
}
