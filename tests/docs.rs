//! The documentation says what the program does.

use gloss::app::help::{Row, rows};
use gloss::app::keymap::Keymap;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

#[test]
fn readme_lists_every_default_key() {
    let readme = readme();
    let mut missing = Vec::new();
    for row in rows(&Keymap::default()) {
        if let Row::Key { keys, what } = row {
            let row = format!("| {keys} | {what} |");
            if !readme.contains(&row) {
                missing.push(row);
            }
        }
    }
    assert!(missing.is_empty(), "README.md lacks these rows of the help:\n{}", missing.join("\n"));
}

#[test]
fn readme_has_exactly_two_setup_commands_and_ci_runs_the_test_one() {
    let readme = readme();
    let setup = readme.split("## Set up").nth(1).unwrap();
    let block = setup.split("```sh\n").nth(1).unwrap().split("```").next().unwrap();
    let commands: Vec<&str> = block.lines().map(|l| l.split('#').next().unwrap().trim()).collect();
    assert_eq!(commands, ["cargo run --release", "cargo test"]);
    let ci = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/run")).unwrap();
    assert!(ci.lines().any(|l| l.trim() == "cargo test"), ".ci/run must run `cargo test`");
}

#[test]
fn the_configuration_guide_names_every_style_and_context() {
    let guide = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/configuration.md")).unwrap();
    for style in gloss::ui::theme::Theme::STYLES {
        assert!(guide.contains(&format!("`{style}`")), "docs/configuration.md lacks the style {style}");
    }
    for mode in gloss::app::keymap::Mode::ALL {
        let name = match mode.name() {
            "select" => "selection",
            other => other,
        };
        assert!(guide.contains(&format!("`{name}`")), "docs/configuration.md lacks the context {name}");
    }
}
