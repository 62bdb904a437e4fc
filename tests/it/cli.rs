//! Command-line behaviour: exit codes, messages, config errors.

use crate::util::SiteTest;

#[test]
fn unknown_config_key_is_a_usage_error_naming_file_and_line() {
    let site = SiteTest::new("config-typo");
    let run = site.run(&["build"]);
    run.assert_code(2);
    assert!(
        run.stderr
            .contains("feedcard.toml:6:1: unknown field `limmit`"),
        "{}",
        run.stderr
    );
    assert!(
        !site.path("public").exists(),
        "nothing is written on a config error"
    );
}

#[test]
fn init_writes_a_config_that_builds() {
    let site = SiteTest::new("empty");
    site.run(&["init"]).assert_code(0);
    assert!(site.path("feedcard.toml").is_file());
    site.run(&["check"]).assert_code(0);
}

#[test]
fn a_bad_post_is_left_out_the_rest_is_built_and_the_exit_status_is_one() {
    let site = SiteTest::new("one-bad-post");
    let run = site.run(&["build"]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("posts/bad-date.md:3:1: error: published-on: \"2024-02-30\" is not a date"),
        "{}",
        run.stderr
    );
    let rss = site.read_string("public/blog/rss.xml");
    assert!(rss.contains("A good post"));
    assert!(!rss.contains("A bad date"));
    assert!(site.path("public/blog/cards/good.png").is_file());
}

#[test]
fn strict_stops_at_the_first_bad_post_before_writing_anything() {
    let site = SiteTest::new("one-bad-post");
    let run = site.run(&["build", "--strict"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("posts/bad-date.md:3:1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--strict: nothing was written"),
        "{}",
        run.stderr
    );
    assert!(!site.path("public").exists());
}

#[test]
fn check_reports_the_same_problems_and_writes_nothing() {
    let site = SiteTest::new("one-bad-post");
    let run = site.run(&["check"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("posts/bad-date.md:3:1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("nowhere.png"),
        "hero problems are checked too"
    );
    assert!(!site.path("public").exists());
}

#[test]
fn quiet_prints_errors_only() {
    let site = SiteTest::new("one-bad-post");
    let run = site.run(&["build", "--quiet"]);
    run.assert_code(1);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("error:"), "{}", run.stderr);
}

#[test]
fn usage_errors_exit_with_two() {
    let site = SiteTest::new("one-bad-post");
    site.run(&["build", "--now", "yesterday"]).assert_code(2);
    site.run(&["build", "--no-such-flag"]).assert_code(2);
    let run = site.run(&["build", "--config", "missing.toml"]);
    run.assert_code(2);
    assert!(run.stderr.contains("missing.toml"), "{}", run.stderr);
}
