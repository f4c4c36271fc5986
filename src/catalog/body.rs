//! The Markdown body of a page, parsed (pulldown-cmark) into the seed page's sections.
//!
//! The structure is checked as it is read: every section of [`SectionKind::ALL`] once, in
//! order, none empty; `###` subsections only where the seed has them; the page closed by `---`
//! and the educational disclaimer.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::page::{Section, SectionKind, Subsection};
use crate::diagnostic::{Diagnostic, Diagnostics, LineIndex};
use crate::source::SourceFile;

/// The closing words every page carries, as the seed page prints them.
pub const DISCLAIMER: &str = "This page is educational and not a substitute for clinical \
evaluation. A physician determines whether ketamine therapy is appropriate for your specific \
situation.";

/// The parsed body.
#[derive(Debug, Default)]
pub(crate) struct Body {
    pub(crate) sections: Vec<Section>,
    pub(crate) disclaimer: String,
}

struct Located {
    section_lines: Vec<usize>,
    subsection_lines: Vec<Vec<usize>>,
}

/// Parses the body that starts at byte `body_offset` of `file`.
pub(crate) fn parse(file: &SourceFile, body_offset: usize, diagnostics: &mut Diagnostics) -> Body {
    let lines = LineIndex::new(&file.text);
    let body_text = &file.text[body_offset..];
    let line_at = |offset: usize| lines.locate(body_offset + offset).0;
    let error = |line: usize, message: String| Diagnostic::error(&file.path, Some(line), message);

    let mut body = Body::default();
    let mut located = Located {
        section_lines: Vec::new(),
        subsection_lines: Vec::new(),
    };
    let mut footer: Vec<String> = Vec::new();
    let mut in_footer = false;
    let mut buffer = String::new();
    let mut heading: Option<(HeadingLevel, usize)> = None;
    // Set while reading a section whose heading was not recognised, so its text is skipped
    // rather than reported again as stray text.
    let mut skipping = false;

    let flush = |buffer: &mut String,
                 body: &mut Body,
                 footer: &mut Vec<String>,
                 in_footer: bool,
                 skipping: bool,
                 line: usize,
                 diagnostics: &mut Diagnostics| {
        let text = buffer.split_whitespace().collect::<Vec<_>>().join(" ");
        buffer.clear();
        if text.is_empty() || skipping {
            return;
        }
        if in_footer {
            footer.push(text);
        } else if let Some(section) = body.sections.last_mut() {
            match section.subsections.last_mut() {
                Some(sub) => sub.paragraphs.push(text),
                None => section.paragraphs.push(text),
            }
        } else {
            diagnostics.push(error(
                line,
                "text before the first section: every paragraph belongs under a '##' heading"
                    .to_string(),
            ));
        }
    };

    for (event, range) in Parser::new(body_text).into_offset_iter() {
        let line = line_at(range.start);
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                flush(
                    &mut buffer,
                    &mut body,
                    &mut footer,
                    in_footer,
                    skipping,
                    line,
                    diagnostics,
                );
                heading = Some((level, line));
            }
            Event::End(TagEnd::Heading(_)) => {
                let (level, line) = heading.take().expect("heading end follows heading start");
                let text = buffer.split_whitespace().collect::<Vec<_>>().join(" ");
                buffer.clear();
                match level {
                    HeadingLevel::H2 => match SectionKind::from_heading(&text) {
                        Some(kind) => {
                            skipping = false;
                            in_footer = false;
                            body.sections.push(Section {
                                kind,
                                heading: text,
                                paragraphs: Vec::new(),
                                subsections: Vec::new(),
                            });
                            located.section_lines.push(line);
                            located.subsection_lines.push(Vec::new());
                        }
                        None => {
                            skipping = true;
                            let expected: Vec<&str> =
                                SectionKind::ALL.iter().map(|k| k.heading()).collect();
                            diagnostics.push(error(
                                line,
                                format!(
                                    "unknown section '## {text}'; expected one of: {}",
                                    expected.join(", ")
                                ),
                            ));
                        }
                    },
                    HeadingLevel::H3 if !skipping => match body.sections.last_mut() {
                        Some(section) if section.kind.has_subsections() => {
                            if section.kind == SectionKind::HowItDiffers
                                && !text.starts_with("vs. ")
                            {
                                diagnostics.push(error(
                                    line,
                                    format!(
                                        "comparison '### {text}' must start with 'vs. ', \
                                         as in '### vs. Chronic pain'"
                                    ),
                                ));
                            }
                            section.subsections.push(Subsection {
                                heading: text,
                                paragraphs: Vec::new(),
                            });
                            if let Some(lines) = located.subsection_lines.last_mut() {
                                lines.push(line);
                            }
                        }
                        Some(section) => diagnostics.push(error(
                            line,
                            format!(
                                "'### {text}' is not allowed in '## {}': only '## {}', '## {}' \
                                 and '## {}' have subsections",
                                section.heading,
                                SectionKind::HowItDiffers.heading(),
                                SectionKind::FirstLineTreatments.heading(),
                                SectionKind::FrequentlyAsked.heading(),
                            ),
                        )),
                        None => diagnostics.push(error(
                            line,
                            format!("'### {text}' comes before the first '##' section"),
                        )),
                    },
                    HeadingLevel::H3 => {}
                    HeadingLevel::H1 => diagnostics.push(error(
                        line,
                        format!(
                            "'# {text}': the page title belongs in the front matter's `title`, \
                             not in a '#' heading"
                        ),
                    )),
                    _ => diagnostics.push(error(
                        line,
                        format!("heading '{text}' is deeper than '###'; pages use '##' and '###'"),
                    )),
                }
            }
            Event::Start(Tag::Paragraph | Tag::Item)
            | Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                flush(
                    &mut buffer,
                    &mut body,
                    &mut footer,
                    in_footer,
                    skipping,
                    line,
                    diagnostics,
                );
            }
            Event::Text(text) | Event::Code(text) => buffer.push_str(&text),
            Event::SoftBreak | Event::HardBreak => buffer.push(' '),
            Event::Rule => {
                flush(
                    &mut buffer,
                    &mut body,
                    &mut footer,
                    in_footer,
                    skipping,
                    line,
                    diagnostics,
                );
                in_footer = true;
            }
            _ => {}
        }
    }
    let end_line = line_at(body_text.len());
    flush(
        &mut buffer,
        &mut body,
        &mut footer,
        in_footer,
        skipping,
        end_line,
        diagnostics,
    );
    check_structure(file, &body, &located, end_line, diagnostics);
    body.disclaimer = footer.join("\n\n");
    if body.disclaimer != DISCLAIMER {
        diagnostics.push(error(
            end_line,
            format!(
                "the page must end with a '---' line and then the disclaimer: \"{DISCLAIMER}\""
            ),
        ));
    }
    body
}

fn check_structure(
    file: &SourceFile,
    body: &Body,
    located: &Located,
    end_line: usize,
    diagnostics: &mut Diagnostics,
) {
    let error = |line: usize, message: String| Diagnostic::error(&file.path, Some(line), message);
    let mut expected = SectionKind::ALL.iter().peekable();
    for (i, section) in body.sections.iter().enumerate() {
        let line = located.section_lines[i];
        if body.sections[..i].iter().any(|s| s.kind == section.kind) {
            diagnostics.push(error(
                line,
                format!("section '## {}' appears twice", section.heading),
            ));
            continue;
        }
        while expected.peek().is_some_and(|k| **k != section.kind) {
            let missing = expected.next().expect("peeked");
            if body.sections[i..].iter().any(|s| s.kind == *missing) {
                diagnostics.push(error(
                    line,
                    format!(
                        "section '## {}' must come after '## {}'",
                        section.heading,
                        missing.heading()
                    ),
                ));
                break;
            }
            diagnostics.push(error(
                line,
                format!(
                    "missing section '## {}' before '## {}'",
                    missing.heading(),
                    section.heading
                ),
            ));
        }
        if expected.peek() == Some(&&section.kind) {
            expected.next();
        }
        if section.paragraphs.is_empty() && section.subsections.is_empty() {
            diagnostics.push(error(
                line,
                format!("section '## {}' is empty", section.heading),
            ));
            continue;
        }
        if section.kind.has_subsections() && section.subsections.is_empty() {
            diagnostics.push(error(
                line,
                format!(
                    "section '## {}' needs at least one '###' subsection",
                    section.heading
                ),
            ));
        }
        for (j, sub) in section.subsections.iter().enumerate() {
            if sub.paragraphs.is_empty() {
                diagnostics.push(error(
                    located.subsection_lines[i][j],
                    format!("subsection '### {}' is empty", sub.heading),
                ));
            }
        }
    }
    for missing in expected {
        if !body.sections.iter().any(|s| s.kind == *missing) {
            diagnostics.push(error(
                end_line,
                format!("missing section '## {}'", missing.heading()),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_body(sections: &str) -> (Body, Diagnostics) {
        let file = SourceFile {
            path: "index/x.md".into(),
            text: sections.to_string(),
        };
        let mut diagnostics = Diagnostics::default();
        let body = parse(&file, 0, &mut diagnostics);
        (body, diagnostics)
    }

    fn full() -> String {
        let mut text = String::new();
        for kind in SectionKind::ALL {
            text.push_str(&format!("## {}\n\n", kind.heading()));
            if kind.has_subsections() {
                let prefix = if kind == SectionKind::HowItDiffers {
                    "vs. "
                } else {
                    ""
                };
                text.push_str(&format!("### {prefix}Thing\n\nWords *here*.\n\n"));
            } else {
                text.push_str("- one\n- two\n\n");
            }
        }
        text.push_str(&format!("---\n\n{DISCLAIMER}\n"));
        text
    }

    #[test]
    fn a_complete_body_parses_clean() {
        let (body, diagnostics) = page_body(&full());
        assert!(diagnostics.is_empty(), "{diagnostics}");
        assert_eq!(body.sections.len(), 9);
        assert_eq!(body.sections[0].paragraphs, ["one", "two"]);
        assert_eq!(body.sections[2].subsections[0].paragraphs, ["Words here."]);
        assert_eq!(body.disclaimer, DISCLAIMER);
    }

    #[test]
    fn empty_section_is_reported_with_its_line() {
        let text = full().replace(
            "## Clinical definition\n\n- one\n- two\n\n",
            "## Clinical definition\n\n",
        );
        let (_, diagnostics) = page_body(&text);
        let msgs: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            msgs,
            ["index/x.md:6: error: section '## Clinical definition' is empty"]
        );
    }

    #[test]
    fn missing_and_unknown_sections() {
        let text = full().replace("## Where ketamine fits", "## Where it fits");
        let (_, diagnostics) = page_body(&text);
        let msgs: Vec<String> = diagnostics.iter().map(|d| d.message.clone()).collect();
        assert!(
            msgs[0].starts_with("unknown section '## Where it fits'"),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("missing section '## Where ketamine fits'"))
        );
    }

    #[test]
    fn comparisons_start_with_vs() {
        let text = full().replace("### vs. Thing", "### Thing");
        let (_, diagnostics) = page_body(&text);
        assert!(
            diagnostics.to_string().contains("must start with 'vs. '"),
            "{diagnostics}"
        );
    }

    #[test]
    fn disclaimer_is_required() {
        let text = full().replace(DISCLAIMER, "Be well.");
        let (_, diagnostics) = page_body(&text);
        assert!(
            diagnostics.to_string().contains("the disclaimer"),
            "{diagnostics}"
        );
    }
}
