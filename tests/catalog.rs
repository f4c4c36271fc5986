//! Content validation, black box: each broken fixture gives exactly the `file:line` message a
//! writer needs, and good content loads with only the expected warnings.

mod common;

use common::Content;

#[test]
fn fixture_content_loads_with_review_warnings() {
    let (engine, diagnostics) = Content::fixture().load().expect("fixtures are valid");
    assert_eq!(engine.catalog().len(), 3);
    let warnings: Vec<String> = diagnostics.iter().map(|d| d.message.clone()).collect();
    assert_eq!(
        warnings,
        [
            "awaiting clinical review: no [last_reviewed] date and reviewer yet",
            "awaiting clinical review: no [last_reviewed] date and reviewer yet"
        ]
    );
}

#[test]
fn toml_that_does_not_parse() {
    let c = Content::fixture();
    c.edit(
        "catalog/beta-mood.md",
        "used by the tests.\"\n",
        "used by the tests.\n",
    );
    assert_eq!(
        c.errors(),
        ["catalog/beta-mood.md:6:55: error: invalid basic string, expected `\"`"]
    );
}

#[test]
fn missing_front_matter_field() {
    let c = Content::fixture();
    c.edit("catalog/gamma-headache.md", "related = []\n", "");
    assert_eq!(
        c.errors(),
        ["catalog/gamma-headache.md:1: error: front matter: missing field `related`"]
    );
}

#[test]
fn unknown_front_matter_field() {
    let c = Content::fixture();
    c.edit(
        "catalog/gamma-headache.md",
        "related = []\n",
        "related = []\nauthor = \"me\"\n",
    );
    let errors = c.errors();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("catalog/gamma-headache.md:12:1: error: unknown field `author`"),
        "{}",
        errors[0]
    );
}

#[test]
fn slug_differs_from_file_name() {
    let c = Content::fixture();
    c.edit(
        "catalog/gamma-headache.md",
        "slug = \"gamma-headache\"",
        "slug = \"gamma\"",
    );
    assert_eq!(
        c.errors(),
        [
            "catalog/gamma-headache.md:3: error: slug 'gamma' differs from the file name 'gamma-headache': the file must be named 'gamma.md'"
        ]
    );
}

#[test]
fn duplicate_slugs() {
    let c = Content::fixture();
    let gamma = std::fs::read_to_string(c.catalog().join("gamma-headache.md")).unwrap();
    c.write(
        "catalog/gamma-copy.md",
        &gamma.replace("gamma headache behind one eye", "a copy"),
    );
    assert_eq!(
        c.errors(),
        [
            "catalog/gamma-copy.md:3: error: slug 'gamma-headache' differs from the file name 'gamma-copy': the file must be named 'gamma-headache.md'",
            "catalog/gamma-headache.md:3: error: duplicate slug 'gamma-headache': also used by catalog/gamma-copy.md:3",
        ]
    );
}

#[test]
fn related_slug_without_a_page() {
    let c = Content::fixture();
    c.edit(
        "catalog/alpha-pain.md",
        "related = [\"beta-mood\"]",
        "related = [\"beta-mood\", \"delta\"]",
    );
    assert_eq!(
        c.errors(),
        ["catalog/alpha-pain.md:12: error: related slug 'delta' has no page in the catalog"]
    );
}

#[test]
fn malformed_icd_codes() {
    let c = Content::fixture();
    c.edit(
        "catalog/alpha-pain.md",
        "icd10 = [\"G90.5\"]",
        "icd10 = [\"GG0.5\"]",
    );
    c.edit(
        "catalog/alpha-pain.md",
        "icd11 = [\"MG30.04\"]",
        "icd11 = [\"mg30.04\"]",
    );
    assert_eq!(
        c.errors(),
        [
            "catalog/alpha-pain.md:4: error: ICD-10 code 'GG0.5' is not well formed; expected a code such as 'G90.5' or 'F32'",
            "catalog/alpha-pain.md:5: error: ICD-11 code 'mg30.04' is not well formed; expected a code such as '6A70' or 'MG30.04'",
        ]
    );
}

#[test]
fn empty_section() {
    let c = Content::fixture();
    c.edit(
        "catalog/beta-mood.md",
        "- Beta Mood Disorder text for the section clinical definition.\n",
        "",
    );
    assert_eq!(
        c.errors(),
        ["catalog/beta-mood.md:18: error: section '## Clinical definition' is empty"]
    );
}

#[test]
fn phrase_listed_on_two_pages() {
    let c = Content::fixture();
    c.edit(
        "catalog/gamma-headache.md",
        "\"gamma headache behind one eye\"",
        "\"Burning alpha aches\"",
    );
    assert_eq!(
        c.errors(),
        [
            "catalog/gamma-headache.md:8: error: search phrase 'Burning alpha aches' is also listed on catalog/alpha-pain.md:9; a phrase must lead to one page"
        ]
    );
}

#[test]
fn synonym_line_that_does_not_parse() {
    let c = Content::fixture();
    c.write(
        "synonyms/broken.txt",
        "# broken on purpose\nfine, also fine\nmissing => \n, leading comma\n",
    );
    assert_eq!(
        c.errors(),
        [
            "synonyms/broken.txt:3:9: error: nothing after '=>': write 'a, b => c'",
            "synonyms/broken.txt:4:1: error: empty entry: two commas in a row, or a comma at the start or end",
        ]
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let c = Content::fixture();
    c.edit(
        "catalog/alpha-pain.md",
        "icd10 = [\"G90.5\"]",
        "icd10 = [\"nope\"]",
    );
    c.edit(
        "catalog/gamma-headache.md",
        "related = []",
        "related = [\"nowhere\"]",
    );
    c.write("synonyms/broken.txt", "lonely\n");
    assert_eq!(c.errors().len(), 3);
}
