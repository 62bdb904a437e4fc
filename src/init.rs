//! `feedcard init`: a site that builds as it is — `feedcard.toml` with the
//! card templates switched on, the templates themselves, and a `posts/`
//! folder holding one sample post with its hero image.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::Error;
use crate::output;

const STARTER_CONFIG: &str = include_str!("starter.toml");

/// The sample post's file name, under `posts/`.
const SAMPLE_POST: &str = "hello-feedcard.md";
/// Its hero image, beside it (a relative hero resolves against the post's folder).
const SAMPLE_HERO: &str = "hello-feedcard.png";

/// Writes a starter site into `dir`: `feedcard.toml`, `templates/*.toml`,
/// `posts/hello-feedcard.md` dated `today` and its hero PNG. Existing files
/// are never overwritten: that is an error naming the first one, and nothing
/// is written.
pub fn init(dir: &Path, today: NaiveDate) -> Result<Vec<PathBuf>, Error> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![(
        dir.join("feedcard.toml"),
        STARTER_CONFIG.as_bytes().to_vec(),
    )];
    for (name, text) in crate::card::TEMPLATES {
        files.push((dir.join("templates").join(name), text.as_bytes().to_vec()));
    }
    let posts = dir.join("posts");
    files.push((posts.join(SAMPLE_POST), sample_post(today).into_bytes()));
    files.push((posts.join(SAMPLE_HERO), sample_hero()));
    if let Some((existing, _)) = files.iter().find(|(path, _)| path.exists()) {
        // The io::Error carries the whole cause; its Display is the message,
        // so it is not repeated by the path prefix.
        return Err(Error::io(
            existing,
            std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "already exists; feedcard init never overwrites a file",
            ),
        ));
    }
    for (path, bytes) in &files {
        output::write_atomic(path, bytes, output::Durability::Atomic)?;
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

/// The sample post: it shows the front matter keys a first post needs and
/// says what each output is for.
fn sample_post(today: NaiveDate) -> String {
    format!(
        r#"---
title: "Hello, feedcard"
date: {today}
summary: "A first post written by feedcard init. Edit it, or delete it once you have your own."
categories: [notes]
image: {SAMPLE_HERO}
image_alt: "A calm evening sea under a low sun"
author: "Your Name"
---

This post lives in `posts/{SAMPLE_POST}`. Every Markdown file in `posts/` becomes an
item in the feeds and gets its own social card.

- `feedcard build` writes the feeds, the cards, a meta snippet per post and a
  gallery of every card into `public/`.
- `feedcard watch` rebuilds on every save and shows the gallery in your browser.
- The card layout lives in `templates/`: change a colour there and watch the
  card change.
"#
    )
}

/// A 1200×630 hero drawn here rather than shipped: a dusk sky fading into a
/// sea, a low sun and a few swell lines. Deterministic, so `init` writes the
/// same bytes every time.
fn sample_hero() -> Vec<u8> {
    const W: u32 = 1200;
    const H: u32 = 630;
    const HORIZON: f32 = 390.0;
    let sun = (820.0_f32, 360.0_f32, 70.0_f32);
    let image = image::RgbImage::from_fn(W, H, |x, y| {
        let (xf, yf) = (x as f32, y as f32);
        let mix = |a: [f32; 3], b: [f32; 3], t: f32| {
            let t = t.clamp(0.0, 1.0);
            [
                a[0] + (b[0] - a[0]) * t,
                a[1] + (b[1] - a[1]) * t,
                a[2] + (b[2] - a[2]) * t,
            ]
        };
        let mut rgb = if yf < HORIZON {
            mix([38.0, 42.0, 92.0], [246.0, 164.0, 112.0], yf / HORIZON)
        } else {
            let depth = (yf - HORIZON) / (H as f32 - HORIZON);
            let swell = ((xf / 37.0 + yf * yf / 900.0).sin() * 0.5 + 0.5) * (1.0 - depth);
            let sea = mix([52.0, 86.0, 120.0], [14.0, 30.0, 52.0], depth);
            mix(sea, [236.0, 170.0, 128.0], swell * 0.18)
        };
        let distance = ((xf - sun.0).powi(2) + (yf - sun.1).powi(2)).sqrt();
        if yf < HORIZON {
            let glow = (1.0 - (distance - sun.2) / 160.0).clamp(0.0, 1.0) * 0.5;
            rgb = mix(rgb, [255.0, 214.0, 160.0], glow);
            if distance < sun.2 {
                rgb = [255.0, 236.0, 200.0];
            }
        } else if (xf - sun.0).abs() < 90.0 - (yf - HORIZON) * 0.2 {
            // The sun's reflection, broken up by the swell.
            let ripple = ((yf / 5.0).sin() * 0.5 + 0.5) * 0.35;
            rgb = mix(rgb, [255.0, 220.0, 170.0], ripple);
        }
        image::Rgb(rgb.map(|c| c.round() as u8))
    });
    let mut png = Vec::new();
    image
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("encoding a PNG in memory cannot fail");
    png
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
    }

    #[test]
    fn the_starter_config_is_valid_and_uses_its_templates() {
        let config = crate::Config::parse(STARTER_CONFIG, Path::new("/site")).unwrap();
        assert_eq!(
            config.cards.templates.as_deref(),
            Some(Path::new("/site/templates"))
        );
        assert!(config.feeds.builtin_stylesheet);
    }

    #[test]
    fn init_writes_a_post_with_a_real_hero() {
        let dir = tempfile::tempdir().unwrap();
        let files = init(dir.path(), today()).unwrap();
        assert!(files.contains(&dir.path().join("posts").join(SAMPLE_POST)));
        let hero = image::open(dir.path().join("posts").join(SAMPLE_HERO)).unwrap();
        assert_eq!((hero.width(), hero.height()), (1200, 630));
        let post = std::fs::read_to_string(dir.path().join("posts").join(SAMPLE_POST)).unwrap();
        assert!(post.contains("date: 2026-03-01"), "{post}");
    }

    #[test]
    fn init_refuses_to_overwrite_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("posts")).unwrap();
        std::fs::write(dir.path().join("posts").join(SAMPLE_POST), "mine").unwrap();
        let err = init(dir.path(), today()).unwrap_err();
        assert!(err.to_string().contains("never overwrites"), "{err}");
        assert!(!dir.path().join("feedcard.toml").exists());
    }
}
