//! Many writers, and writers killed mid-write: the sidecar always parses and never
//! loses an annotation whose command reported success.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use gloss::annotate::sidecar::{self, Loaded};

const ARTICLE: &str = "Officials from both countries met in Islamabad on Tuesday to review border security. \
The talks covered fencing, patrols and the sharing of intelligence about militant movements. \
Both sides agreed to meet again before the end of the year.";

const QUOTE: &str = "The talks covered fencing, patrols and the sharing of intelligence";

struct Corpus {
    dir: tempfile::TempDir,
    home: tempfile::TempDir,
}

impl Corpus {
    fn new() -> Corpus {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("talks.txt"), ARTICLE).unwrap();
        Corpus { dir, home: tempfile::tempdir().unwrap() }
    }

    fn article(&self) -> PathBuf {
        self.dir.path().join("talks.txt")
    }

    fn sidecar(&self) -> PathBuf {
        self.dir.path().join("talks.txt.gloss.ron")
    }

    fn tag(&self, tag: &str) -> Child {
        Command::new(env!("CARGO_BIN_EXE_gloss"))
            .arg("tag")
            .arg(self.article())
            .args(["--quote", QUOTE, "--tag", tag])
            .env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path().join("config"))
            .env("XDG_STATE_HOME", self.home.path().join("state"))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }
}

fn tags_in(path: &Path) -> Vec<String> {
    match sidecar::load(path) {
        Loaded::Ok(s) => s.annotations.iter().flat_map(|a| a.tags.clone()).collect(),
        Loaded::Missing => Vec::new(),
        other => panic!("the sidecar does not parse: {other:?}"),
    }
}

#[test]
fn twenty_concurrent_writers_lose_nothing() {
    let corpus = Corpus::new();
    let children: Vec<(String, Child)> =
        (0..20).map(|i| format!("t{i:02}")).map(|t| (t.clone(), corpus.tag(&t))).collect();
    for (tag, child) in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{tag}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let mut tags = tags_in(&corpus.sidecar());
    tags.sort();
    let expected: Vec<String> = (0..20).map(|i| format!("t{i:02}")).collect();
    assert_eq!(tags, expected);
}

/// A small deterministic generator, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

#[cfg(unix)]
#[test]
fn writers_killed_at_random_moments_never_corrupt_or_lose_a_success() {
    let corpus = Corpus::new();
    let mut rng = Lcg(0x5eed);
    let mut succeeded = Vec::new();
    let mut killed = 0;
    for i in 0..60 {
        let tag = format!("k{i:02}");
        let mut child = corpus.tag(&tag);
        // A run takes some tens of milliseconds; kill anywhere from its start to well
        // after its end.
        std::thread::sleep(Duration::from_micros(rng.next(90_000)));
        // SIGKILL: no chance to clean up.
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            succeeded.push(tag);
        } else {
            killed += 1;
        }
        // After every kill the file is whole and holds every success so far.
        let tags = tags_in(&corpus.sidecar());
        for tag in &succeeded {
            assert!(tags.contains(tag), "{tag} exited 0 but is missing after run {i}");
        }
    }
    assert!(killed > 0, "no run was killed: the delays are too long to test anything");
    assert!(!succeeded.is_empty(), "no run finished: the delays are too short to test anything");
    // Whatever a killed writer left behind is hidden from the corpus.
    let visible: Vec<String> = std::fs::read_dir(corpus.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    let mut visible = visible;
    visible.sort();
    assert_eq!(visible, ["talks.txt", "talks.txt.gloss.ron"]);
}
