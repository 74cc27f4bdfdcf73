//! Plan-wide settings: the main file's `[plan]` table (name, staleness, overshoot, the
//! portfolio mix and capacity allocation targets), checked in pass one.

use super::{PlanSettings, Validator};
use crate::diagnostic::{Code, Diagnostic, FileId, Loc};
use crate::plan::model::{CapacityTarget, PortfolioTarget};
use crate::plan::raw::RawFile;

impl Validator<'_> {
    pub(super) fn plan_settings(&mut self, raw: &RawFile, file: FileId) -> Option<PlanSettings> {
        let Some(plan) = &raw.plan else {
            self.push(
                Diagnostic::new(
                    Code::MissingPlan,
                    "the main plan file has no `[plan]` table",
                    Loc::new(file, 0..0),
                )
                .help("start the file with `[plan]` and `name = \"...\"`"),
            );
            return None;
        };
        let loc = self.head(file, plan.span());
        let p = plan.get_ref();
        let mut missing = self.missing(&loc);
        let name = missing.need(p.name.as_ref(), "name");
        let mut ok = self.report_missing(&missing, "[plan]", None, &loc);
        let stale_after_days = match &p.stale_after_days {
            None => 14,
            Some(d) if *d.get_ref() >= 1 => *d.get_ref(),
            Some(d) => {
                self.push(
                    Diagnostic::new(
                        Code::OutOfRange,
                        format!("`stale_after_days` `{}` must be at least 1", d.get_ref()),
                        Loc::new(file, d.span()),
                    )
                    .label("a number of days ≥ 1"),
                );
                ok = false;
                14
            }
        };
        let mut portfolio = PortfolioTarget::default();
        if let Some(pf) = &p.portfolio {
            let pf = pf.get_ref();
            let fields = [
                (&pf.core, &mut portfolio.core, "`core` share"),
                (&pf.adjacent, &mut portfolio.adjacent, "`adjacent` share"),
                (
                    &pf.transformational,
                    &mut portfolio.transformational,
                    "`transformational` share",
                ),
                (
                    &pf.tolerance,
                    &mut portfolio.tolerance,
                    "portfolio `tolerance`",
                ),
            ];
            for (value, slot, what) in fields {
                match self.share(value.as_ref(), file, what) {
                    Ok(Some(v)) => *slot = v,
                    Ok(None) => {}
                    Err(()) => ok = false,
                }
            }
        }
        let capacity = match &p.capacity {
            None => None,
            Some(c) => {
                let c = c.get_ref();
                let mut shares = [None; 4];
                let fields = [
                    (&c.feature, "`feature` share"),
                    (&c.debt, "`debt` share"),
                    (&c.security, "`security` share"),
                    (&c.maintenance, "`maintenance` share"),
                ];
                for (slot, (value, what)) in shares.iter_mut().zip(fields) {
                    match self.share(value.as_ref(), file, what) {
                        Ok(v) => *slot = v,
                        Err(()) => ok = false,
                    }
                }
                let tolerance =
                    if let Ok(t) = self.share(c.tolerance.as_ref(), file, "capacity `tolerance`") {
                        t.unwrap_or(0.05)
                    } else {
                        ok = false;
                        0.05
                    };
                Some(CapacityTarget {
                    feature: shares[0],
                    debt: shares[1],
                    security: shares[2],
                    maintenance: shares[3],
                    tolerance,
                })
            }
        };
        let name = name?;
        ok.then(|| PlanSettings {
            name: name.get_ref().clone(),
            stale_after_days,
            overshoot: p.overshoot.unwrap_or(false),
            portfolio,
            capacity,
            children_in_rollup: p.children_in_rollup.unwrap_or(true),
            loc,
        })
    }
}
