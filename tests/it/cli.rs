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
