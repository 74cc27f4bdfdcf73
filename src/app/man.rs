//! Text generated from the command line's own definition: the shell completion scripts
//! and the manual page, `northstar(1)`.

/// Text generated from the command-line definition itself (completions, the manual page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generated(GeneratedKind);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GeneratedKind {
    Completions(clap_complete::Shell),
    Man,
}

impl Generated {
    /// The completion script of `shell`.
    #[must_use]
    pub fn completions(shell: clap_complete::Shell) -> Self {
        Self(GeneratedKind::Completions(shell))
    }

    /// The manual page.
    #[must_use]
    pub fn man() -> Self {
        Self(GeneratedKind::Man)
    }

    /// Writes the completion script or the roff manual page.
    pub fn write(self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let command = super::command();
        match self.0 {
            GeneratedKind::Completions(shell) => {
                clap_complete::generate(shell, &mut command.clone(), "northstar", out);
                Ok(())
            }
            GeneratedKind::Man => man_page(command, out),
        }
    }
}

/// The preamble every section `clap_mangen` (and `roff`) renders starts with (it defines `\*(Aq`, the
/// apostrophe); the page needs it once.
const ROFF_PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";

/// The manual page, `northstar(1)`: one page for the whole tool. `clap_mangen` writes the
/// title, name, synopsis, description, options and version; this adds COMMANDS (every
/// command, nested ones included, with its usage and summary: the page refers to no
/// `northstar-COMMAND(1)` pages, which are not generated), EXIT STATUS, FILES and
/// EXAMPLES (the top-level example, then every command's) instead of `clap_mangen`'s
/// SUBCOMMANDS and "EXTRA".
fn man_page(mut command: clap::Command, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    type Section = fn(&clap_mangen::Man, &mut dyn std::io::Write) -> std::io::Result<()>;
    command.build();
    let man = clap_mangen::Man::new(command.clone());
    let generated: [Section; 5] = [
        clap_mangen::Man::render_title,
        clap_mangen::Man::render_name_section,
        clap_mangen::Man::render_synopsis_section,
        clap_mangen::Man::render_description_section,
        clap_mangen::Man::render_options_section,
    ];
    out.write_all(ROFF_PREAMBLE.as_bytes())?;
    let section = |render: Section, out: &mut dyn std::io::Write| {
        let mut buf = Vec::new();
        render(&man, &mut buf)?;
        out.write_all(buf.strip_prefix(ROFF_PREAMBLE.as_bytes()).unwrap_or(&buf))
    };
    for render in generated {
        section(render, out)?;
    }
    let mut leaves = Vec::new();
    commands(&command, &mut leaves);
    // The sections written here, escaped by the `roff` crate (as `clap_mangen`'s are).
    let mut page = roff::Roff::new();
    page.control("SH", ["COMMANDS"]);
    for &sub in &leaves {
        let usage = sub.clone().render_usage().to_string();
        let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
        let name = sub.get_bin_name().unwrap_or_else(|| sub.get_name());
        let args = usage.strip_prefix(name).unwrap_or(usage);
        page.control("TP", [])
            .text([roff::bold(name), roff::roman(args)]);
        if let Some(about) = sub.get_about() {
            page.text([roff::roman(about.to_string())]);
        }
    }
    page.control("PP", [])
        .text([roff::roman(
            "Each command's options: northstar COMMAND --help.",
        )])
        .control("SH", ["EXIT STATUS"])
        .text([roff::roman(crate::cli::EXIT_CODES)])
        .control("SH", ["FILES"])
        .text([roff::roman(crate::cli::FINDING_THE_PLAN)])
        .control("SH", ["EXAMPLES"])
        .control("nf", [])
        .text([roff::roman(crate::cli::EXAMPLE)]);
    examples(&command, &mut page);
    page.control("fi", []);
    let page = page.render();
    out.write_all(page.strip_prefix(ROFF_PREAMBLE).unwrap_or(&page).as_bytes())?;
    section(clap_mangen::Man::render_version_section, out)
}

/// The example lines of every command under `command` (each `--help` ends with
/// `Example:` and indented lines), in order, as text lines of `page`.
fn examples(command: &clap::Command, page: &mut roff::Roff) {
    for sub in command.get_subcommands() {
        let help = sub
            .get_after_help()
            .map(ToString::to_string)
            .unwrap_or_default();
        for line in help.strip_prefix("Example:\n").unwrap_or("").lines() {
            page.text([roff::roman(line.trim())]);
        }
        examples(sub, page);
    }
}

/// The commands under `command` that run something (`bet start`, not `bet`), in order,
/// without `help`.
fn commands<'c>(command: &'c clap::Command, out: &mut Vec<&'c clap::Command>) {
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        if sub.has_subcommands() {
            commands(sub, out);
        } else {
            out.push(sub);
        }
    }
}
