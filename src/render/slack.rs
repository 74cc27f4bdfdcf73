//! `digest --format slack`: a Slack Block Kit message, `{"blocks": [...]}`, for an
//! incoming webhook. Built from the digest's sections ([`super::digest::sections`]) as
//! typed blocks serialized by serde: a header, a context line, then per section a divider
//! and a section of `mrkdwn` lines. Text is escaped as Slack documents for `mrkdwn` (`&`,
//! `<`, `>` as `&amp;`, `&lt;`, `&gt;`), and Block Kit's documented limits are kept
//! (<https://api.slack.com/reference/block-kit/blocks>): at most [`MAX_BLOCKS`] blocks, a
//! header's text at most [`MAX_HEADER`] characters, a section's at most [`MAX_SECTION`];
//! lines that do not fit end in `…and N more`.

use std::io::{self, Write};

use serde::Serialize;

use super::digest::{EMPTY, sections, title};
use crate::analysis::digest::Digest;
use crate::text::sanitize;

/// Block Kit's limit of blocks in one message.
pub const MAX_BLOCKS: usize = 50;
/// Block Kit's limit of a header block's text, in characters.
pub const MAX_HEADER: usize = 150;
/// Block Kit's limit of a section block's text, in characters.
pub const MAX_SECTION: usize = 3000;

/// The message a webhook takes.
#[derive(Debug, Serialize)]
struct Message {
    blocks: Vec<Block>,
}

/// One block of the kinds the digest uses.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Block {
    Header { text: Text },
    Section { text: Text },
    Context { elements: Vec<Text> },
    Divider,
}

/// A composition text object.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Text {
    PlainText { text: String },
    Mrkdwn { text: String },
}

/// Plan text as `mrkdwn` takes it: hidden characters dropped, `&`, `<`, `>` escaped.
fn mrkdwn(text: &str) -> String {
    html_escape::encode_text(&sanitize(text)).into_owned()
}

/// `text` cut to `max` characters, the last one `…` when cut.
fn clipped(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// A section's text: `head`, then `lines` one per line while they fit in
/// [`MAX_SECTION`] characters with room for the `…and N more` that ends a cut list.
fn section_text(head: &str, lines: &[String]) -> String {
    let mut text = clipped(head, MAX_SECTION);
    let mut used = text.chars().count();
    for (i, line) in lines.iter().enumerate() {
        let left = lines.len() - i;
        let more = format!("\n…and {left} more");
        let line_chars = 1 + line.chars().count();
        let room = if left > 1 { more.chars().count() } else { 0 };
        if used + line_chars + room > MAX_SECTION {
            if used + more.chars().count() <= MAX_SECTION {
                text.push_str(&more);
            }
            return text;
        }
        text.push('\n');
        text.push_str(line);
        used += line_chars;
    }
    text
}

/// The digest's blocks, at most [`MAX_BLOCKS`].
fn blocks(d: &Digest) -> Vec<Block> {
    let mut blocks = vec![
        Block::Header {
            text: Text::PlainText {
                text: clipped(&sanitize(&title(d)), MAX_HEADER),
            },
        },
        Block::Context {
            elements: vec![Text::Mrkdwn {
                text: mrkdwn(&format!("As of {}; period {}.", d.as_of, d.period)),
            }],
        },
    ];
    if d.is_empty() {
        blocks.push(Block::Section {
            text: Text::Mrkdwn {
                text: mrkdwn(EMPTY),
            },
        });
        return blocks;
    }
    for s in sections(d) {
        let head = format!("*{}*", mrkdwn(&s.title));
        let lines: Vec<String> = if s.rows.is_empty() {
            vec![mrkdwn(&s.empty)]
        } else {
            s.rows
                .iter()
                .map(|row| {
                    let cells: Vec<String> = row
                        .iter()
                        .filter(|c| !c.is_empty())
                        .map(|c| mrkdwn(c))
                        .collect();
                    format!("• {}", cells.join(" · "))
                })
                .collect()
        };
        blocks.push(Block::Divider);
        blocks.push(Block::Section {
            text: Text::Mrkdwn {
                text: section_text(&head, &lines),
            },
        });
    }
    if blocks.len() > MAX_BLOCKS {
        let left = blocks.len() - (MAX_BLOCKS - 1);
        blocks.truncate(MAX_BLOCKS - 1);
        blocks.push(Block::Context {
            elements: vec![Text::Mrkdwn {
                text: format!("…and {left} more"),
            }],
        });
    }
    blocks
}

/// Writes the digest as a Block Kit message (pretty JSON, one document).
///
/// Errors: writing to `out`.
pub fn write(d: &Digest, out: &mut dyn Write) -> io::Result<()> {
    super::json::write(out, &Message { blocks: blocks(d) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_keeps_to_its_limit_and_says_how_many_more() {
        let lines: Vec<String> = (0..200)
            .map(|i| format!("• line {i:03} {}", "x".repeat(20)))
            .collect();
        let text = section_text("*Head*", &lines);
        assert!(text.chars().count() <= MAX_SECTION);
        let shown = text.lines().count() - 2;
        assert!(text.ends_with(&format!("…and {} more", 200 - shown)));
        let short = section_text("*Head*", &lines[..2]);
        assert_eq!(short.lines().count(), 3);
    }

    #[test]
    fn mrkdwn_escapes_what_slack_documents() {
        assert_eq!(mrkdwn("a & <b> \"c\""), "a &amp; &lt;b&gt; \"c\"");
        assert_eq!(clipped("abcdef", 4), "abc…");
        assert_eq!(clipped("abc", 4), "abc");
    }
}
